import { HatchetCliError, classifyError, errorLine, excerpt, type HatchetCli } from './cli.js';
import {
  eventsSchema,
  idsSchema,
  logLinesSchema,
  runDetailsSchema,
  triggerSchema,
  versionSchema,
  workflowSchema,
  type LogLine,
  type RunDetails,
  type TaskEvent,
} from './schemas.js';

/** Per-call deadlines. A trigger waits up to 30 s on gRPC inside the CLI, so it gets more. */
export const DEADLINES = {
  read: 45_000,
  write: 45_000,
  trigger: 60_000,
  profile: 60_000,
  version: 15_000,
};

export interface CallContext {
  signal?: AbortSignal;
  /** Caps the call's deadline, so that the overall timeout holds even when a call hangs. */
  deadlineMs?: number;
}

function deadline(base: number, context?: CallContext) {
  return Math.max(1, Math.min(base, context?.deadlineMs ?? base));
}

/** The Hatchet commands the action uses, each with the JSON shape it prints. */
export class Hatchet {
  constructor(readonly cli: HatchetCli) {}

  getRun(runId: string, context?: CallContext): Promise<RunDetails> {
    return this.cli.json(['runs', 'get', runId], runDetailsSchema, {
      deadlineMs: deadline(DEADLINES.read, context),
      signal: context?.signal,
    });
  }

  async replay(runId: string, context?: CallContext): Promise<string[]> {
    const result = await this.cli.json(['runs', 'replay', runId], idsSchema, {
      deadlineMs: deadline(DEADLINES.write, context),
      signal: context?.signal,
    });
    return result.ids;
  }

  async cancel(runId: string, context?: CallContext): Promise<string[]> {
    const result = await this.cli.json(['runs', 'cancel', runId], idsSchema, {
      deadlineMs: deadline(DEADLINES.write, context),
      signal: context?.signal,
    });
    return result.ids;
  }

  /** `-j` takes a path to a file holding a JSON object. */
  trigger(workflow: string, inputFile: string, context?: CallContext) {
    return this.cli.json(['trigger', 'manual', '-w', workflow, '-j', inputFile], triggerSchema, {
      deadlineMs: deadline(DEADLINES.trigger, context),
      signal: context?.signal,
    });
  }

  async workflowName(workflowId: string, context?: CallContext): Promise<string> {
    const workflow = await this.cli.json(['workflows', 'get', workflowId], workflowSchema, {
      deadlineMs: deadline(DEADLINES.read, context),
      signal: context?.signal,
    });
    return workflow.name;
  }

  /** The newest `tail` lines of one task (given a task id, `--tail` returns the end of its log). */
  logs(taskId: string, tail: number, context?: CallContext): Promise<LogLine[]> {
    return this.cli.json(['runs', 'logs', taskId, '--tail', String(tail)], logLinesSchema, {
      deadlineMs: deadline(DEADLINES.read, context),
      signal: context?.signal,
    });
  }

  events(runId: string, context?: CallContext): Promise<TaskEvent[]> {
    return this.cli.json(['runs', 'events', runId], eventsSchema, {
      deadlineMs: deadline(DEADLINES.read, context),
      signal: context?.signal,
    });
  }

  async version(context?: CallContext): Promise<string> {
    const result = await this.cli.exec(['--version'], {
      deadlineMs: deadline(DEADLINES.version, context),
      signal: context?.signal,
      profileArgs: false,
    });
    if (result.code !== 0) throw new Error(`hatchet --version exited with code ${result.code}`);
    return versionSchema.parse(result.stdout.trim().split(/\s+/).pop() ?? '');
  }

  async addProfile(name: string, token: string, context?: CallContext): Promise<void> {
    const result = await this.cli.exec(['profile', 'add', '--name', name, '--token', token], {
      deadlineMs: deadline(DEADLINES.profile, context),
      signal: context?.signal,
      profileArgs: false,
    });
    if (result.code !== 0) {
      const line = errorLine(result.stderr) || result.stdout;
      const kind = classifyError(line) === 'transient' ? 'transient' : 'unauthorized';
      throw new HatchetCliError(
        `Could not create the Hatchet profile '${name}' from the token: ${excerpt(line)}`,
        kind,
        'hatchet profile add',
      );
    }
  }
}
