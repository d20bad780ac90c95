import type { HatchetCli } from './cli.js';
import {
  eventsSchema,
  idsSchema,
  logLinesSchema,
  runDetailsSchema,
  runListSchema,
  triggerSchema,
  versionSchema,
  workflowSchema,
  type LogLine,
  type RunDetails,
  type RunSummary,
  type TaskEvent,
} from './schemas.js';

/** Per-call deadlines. A trigger waits up to 30 s on gRPC inside the CLI, so it gets more. */
export const DEADLINES = {
  read: 45_000,
  write: 45_000,
  trigger: 60_000,
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

export interface RunFilter {
  /** A workflow name or id. */
  workflow: string;
  statuses: readonly string[];
  /** Durations as the CLI takes them (`24h`, `7d`). */
  since: string;
  until?: string;
  limit: number;
  offset: number;
}

export interface LogOptions {
  tail: number;
  /** A duration such as `90s`: only lines newer than that. */
  since?: string;
}

/** The Hatchet commands the action uses, each with the JSON shape it prints. */
export class Hatchet {
  /**
   * `ready`: the CLI's version check, run beside the first calls. A call that changes something
   * waits for it; a read runs at once, but a failed check is the answer it gives.
   */
  constructor(
    readonly cli: HatchetCli,
    private readonly ready: Promise<unknown> = Promise.resolve(),
  ) {}

  /** The last replay sent (see `replay`): the next one waits for it to be answered. */
  private replays: Promise<unknown> = Promise.resolve();

  private async read<T>(call: Promise<T>): Promise<T> {
    const outcome = call.then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    // A failed check wins at once; a failed call is believed only once the check passed.
    const [settled] = await Promise.all([outcome, this.ready]);
    if ('error' in settled) throw settled.error;
    return settled.value;
  }

  getRun(runId: string, context?: CallContext): Promise<RunDetails> {
    return this.read(
      this.cli.json(['runs', 'get', runId], runDetailsSchema, {
        deadlineMs: deadline(DEADLINES.read, context),
        signal: context?.signal,
      }),
    );
  }

  /**
   * The engine applies a tenant's replays one at a time and drops, silently, one that arrives
   * while another is applied ("could not acquire advisory lock for replaying tasks"): this
   * step's replays are sent one after the other, never side by side.
   */
  async replay(runId: string, context?: CallContext): Promise<string[]> {
    await this.ready;
    const asked = Date.now();
    const send = () =>
      this.cli.json(['runs', 'replay', runId], idsSchema, {
        // The wait for its turn counts against the call's deadline.
        deadlineMs: Math.max(1, deadline(DEADLINES.write, context) - (Date.now() - asked)),
        signal: context?.signal,
      });
    const turn = this.replays.then(send);
    this.replays = turn.catch(() => undefined);
    return (await turn).ids;
  }

  async cancel(runId: string, context?: CallContext): Promise<string[]> {
    await this.ready;
    const result = await this.cli.json(['runs', 'cancel', runId], idsSchema, {
      deadlineMs: deadline(DEADLINES.write, context),
      signal: context?.signal,
    });
    return result.ids;
  }

  /** `-j` takes a path to a file holding a JSON object. */
  async trigger(workflow: string, inputFile: string, context?: CallContext) {
    await this.ready;
    return this.cli.json(['trigger', 'manual', '-w', workflow, '-j', inputFile], triggerSchema, {
      deadlineMs: deadline(DEADLINES.trigger, context),
      signal: context?.signal,
    });
  }

  /** Names by workflow id: a gate of many runs of one workflow asks `workflows get` once. */
  private readonly workflowNames = new Map<string, Promise<string>>();

  /** A workflow's name, looked up once per id (a failed lookup is forgotten, so a retry asks again). */
  workflowName(workflowId: string, context?: CallContext): Promise<string> {
    const known = this.workflowNames.get(workflowId);
    if (known) return known;
    const name = this.read(
      this.cli.json(['workflows', 'get', workflowId], workflowSchema, {
        deadlineMs: deadline(DEADLINES.read, context),
        signal: context?.signal,
      }),
    ).then((workflow) => workflow.name);
    this.workflowNames.set(workflowId, name);
    name.catch(() => {
      if (this.workflowNames.get(workflowId) === name) this.workflowNames.delete(workflowId);
    });
    return name;
  }

  /**
   * Log lines of a task. Given a DAG task's id, `--tail N` is the newest N lines of that task;
   * a standalone task's id takes the run path (the oldest lines of all attempts), which
   * `--since` narrows to recent ones.
   */
  logs(taskId: string, options: LogOptions & CallContext): Promise<LogLine[]> {
    const args = ['runs', 'logs', taskId, '--tail', String(options.tail)];
    if (options.since) args.push('--since', options.since);
    return this.read(
      this.cli.json(args, logLinesSchema, {
        deadlineMs: deadline(DEADLINES.read, options),
        signal: options.signal,
      }),
    );
  }

  /** One page of `runs list`: runs created in the window, newest first. */
  async listRuns(filter: RunFilter, context?: CallContext): Promise<RunSummary[]> {
    const args = ['runs', 'list', '-w', filter.workflow, '--status', filter.statuses.join(',')];
    args.push(
      '--since',
      filter.since,
      '--limit',
      String(filter.limit),
      '--offset',
      String(filter.offset),
    );
    if (filter.until) args.push('--until', filter.until);
    const page = await this.read(
      this.cli.json(args, runListSchema, {
        deadlineMs: deadline(DEADLINES.read, context),
        signal: context?.signal,
      }),
    );
    return page.rows;
  }

  events(runId: string, context?: CallContext): Promise<TaskEvent[]> {
    return this.read(
      this.cli.json(['runs', 'events', runId], eventsSchema, {
        deadlineMs: deadline(DEADLINES.read, context),
        signal: context?.signal,
      }),
    );
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
}
