import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Settings } from './inputs.js';
import { HatchetCliError, RETRYABLE_KINDS } from './hatchet/cli.js';
import type { CallContext, Hatchet } from './hatchet/commands.js';
import {
  elapsedMs,
  isTerminal,
  type LogLine,
  type RunDetails,
  type Task,
  type TaskEvent,
} from './hatchet/schemas.js';
import { deepEqual } from './compare.js';
import { withoutMillisSuffix } from './hatchet/names.js';
import type { RunResult, TaskLog } from './result.js';
import {
  baselineOf,
  realClock,
  waitForRun,
  type Baseline,
  type Clock,
  type WaitOutcome,
} from './wait.js';

/** How long a freshly triggered run may answer 404 (its records are written asynchronously). */
export const NOT_FOUND_GRACE_MS = 30_000;
/** Cancelling is best effort and must not hold up a timed-out or cancelled job. */
export const CANCEL_DEADLINE_MS = 4_000;

export interface RunContext {
  hatchet: Hatchet;
  settings: Settings;
  clock?: Clock;
  signal?: AbortSignal;
  /** Builds a dashboard link for a run, when the server URL is known. */
  linkTo?: (tenantId: string | undefined, runId: string) => string | undefined;
  /** A run was replayed or triggered and is not yet finished (for the post step). */
  onStarted?: (runId: string) => void;
  /** The action is done with the run (finished, cancelled, or given up on). */
  onSettled?: (runId: string) => void;
  log?: (line: string) => void;
  tempDir?: string;
}

/** A failure that ends one run's handling with status ERROR and this message. */
export class RunError extends Error {}

/** Replays or re-triggers one run, waits for it and gathers its report. Never throws. */
export async function handleRun(originalRunId: string, context: RunContext): Promise<RunResult> {
  const { settings } = context;
  const result: RunResult = {
    originalRunId,
    mode: settings.input ? 'retrigger' : 'replay',
    status: 'ERROR',
    expectedStatus: settings.expectedStatus,
    passed: false,
    input: settings.input,
    events: [],
    logs: [],
    notes: [],
  };
  try {
    await act(result, context);
  } catch (error) {
    result.status = context.signal?.aborted ? 'ABORTED' : 'ERROR';
    result.message = describeFailure(error, result);
    if (result.runId && !result.final && context.signal?.aborted) {
      await cancelRun(result, context);
    } else if (result.runId && result.started) {
      // The outcome is unknown, not bad: the run is left to finish rather than cancelled.
      result.notes.push(`Run ${result.runId} was left running: its outcome could not be followed.`);
      context.onSettled?.(result.runId);
    }
  }
  result.endedAt ??= (context.clock ?? realClock).now();
  result.passed =
    result.status === settings.expectedStatus && !result.outputMismatch && !result.message;
  return result;
}

function describeFailure(error: unknown, result: RunResult): string {
  if (error instanceof RunError) return error.message;
  if (error instanceof HatchetCliError) {
    const subject = error.command.includes('workflows')
      ? `workflow ${result.original?.run.workflowId ?? ''} (of run ${result.originalRunId})`
      : `run ${result.runId ?? result.originalRunId}`;
    switch (error.kind) {
      case 'not-found':
        return `Hatchet has no ${subject} (${error.command}: ${error.detail || error.message}). Check the id and that the token's tenant owns it.`;
      case 'unauthorized':
        return `Hatchet refused the token for ${subject} (${error.command}: ${error.detail || error.message}). Check that the token is valid, not expired, and belongs to the run's tenant.`;
      case 'profile':
        return `${error.message}. Pass \`token\` (or set HATCHET_CLIENT_TOKEN) so the action creates the profile, or create the profile on the runner beforehand.`;
      default:
        return `${error.message} (while handling ${subject})`;
    }
  }
  return error instanceof Error ? error.message : String(error);
}

async function withRetries<T>(what: () => Promise<T>, context: RunContext, budget = 4): Promise<T> {
  const clock = context.clock ?? realClock;
  for (let attempt = 1; ; attempt++) {
    try {
      return await what();
    } catch (error) {
      if (
        !(error instanceof HatchetCliError) ||
        !RETRYABLE_KINDS.has(error.kind) ||
        attempt > budget ||
        context.signal?.aborted
      ) {
        throw error;
      }
      context.log?.(`${error.message}; retrying (${attempt}/${budget})`);
      await clock.sleep(500 * 2 ** (attempt - 1), context.signal);
    }
  }
}

async function act(result: RunResult, context: RunContext) {
  const { hatchet, settings } = context;
  const clock = context.clock ?? realClock;
  const call = (): CallContext => ({ signal: context.signal });

  const original = await withRetries(() => hatchet.getRun(result.originalRunId, call()), context);
  result.original = original;
  result.originalStatus = original.run.status;
  result.originalUrl = context.linkTo?.(original.run.tenantId, result.originalRunId);

  let waited: WaitOutcome;
  if (result.mode === 'replay') {
    // The workflow's name only matters for the report: look it up while the replay runs.
    const workflowName = resolveWorkflowName(original, context).catch(() => undefined);
    if (!isTerminal(original.run.status)) {
      result.workflow = await workflowName;
      throw new RunError(
        `Run ${result.originalRunId} is ${original.run.status}: only a finished run (COMPLETED, FAILED or CANCELLED) can be replayed. Wait for it to finish, or cancel it first.`,
      );
    }
    const baseline = baselineOf(original);
    result.runId = result.originalRunId;
    result.actedAt = clock.now();
    const ids = await hatchet.replay(result.originalRunId, call());
    if (ids.length === 0) {
      result.workflow = await workflowName;
      throw new RunError(
        `Hatchet replayed nothing for run ${result.originalRunId} (it answered with no task ids): the run may be past retention or in another tenant.`,
      );
    }
    result.started = true;
    context.onStarted?.(result.originalRunId);
    context.log?.(
      `Replayed run ${result.originalRunId} (${ids.length} task${ids.length === 1 ? '' : 's'}).`,
    );
    waited = await wait(result, context, baseline);
    result.workflow =
      (await workflowName) ?? (withoutMillisSuffix(original.run.displayName) || undefined);
  } else {
    result.workflow =
      settings.workflow ??
      (await withRetries(() => resolveWorkflowName(original, context), context));
    const triggered = await triggerWithInputFile(result.workflow, settings.input ?? {}, context);
    result.runId = triggered.runId;
    result.actedAt = clock.now();
    result.started = true;
    context.onStarted?.(triggered.runId);
    context.log?.(`Triggered workflow '${result.workflow}' as run ${triggered.runId}.`);
    waited = await wait(result, context);
  }

  await settle(result, waited, context);
}

async function resolveWorkflowName(original: RunDetails, context: RunContext): Promise<string> {
  const workflowId = original.run.workflowId;
  // The displayName is `<name>-<unixMillis>` and, for a standalone task, the task's name: it is
  // not the workflow name, which only `workflows get` knows.
  if (!workflowId) {
    throw new RunError(
      `Run ${original.run.metadata.id} does not say which workflow it belongs to: set the \`workflow\` input.`,
    );
  }
  return context.hatchet.workflowName(workflowId, { signal: context.signal });
}

async function triggerWithInputFile(
  workflow: string,
  input: Record<string, unknown>,
  context: RunContext,
) {
  const base = context.tempDir ?? process.env.RUNNER_TEMP ?? tmpdir();
  const dir = mkdtempSync(join(base, 'hatchet-input-'));
  const file = join(dir, 'input.json');
  try {
    writeFileSync(file, JSON.stringify(input), { mode: 0o600, flag: 'wx' });
    // A trigger is not idempotent: it is never retried, or it could start a duplicate run.
    return await context.hatchet.trigger(workflow, file, { signal: context.signal });
  } catch (error) {
    if (error instanceof HatchetCliError && error.kind === 'not-found') {
      // `trigger manual` only searches the tenant's first 50 workflows (an upstream bug).
      throw new RunError(
        `${error.message}. Check the workflow's name (input \`workflow\`); the CLI only searches the first page of the tenant's workflows (the first 50 in v0.104.7).`,
      );
    }
    if (error instanceof HatchetCliError && error.kind !== 'usage') {
      throw new RunError(
        `${error.message}. The trigger was not retried: it is not idempotent${error.kind === 'transient' || error.kind === 'deadline' ? ", and a run may have been created anyway: check the workflow's runs before trying again" : ''}.`,
      );
    }
    throw error;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function wait(
  result: RunResult,
  context: RunContext,
  baseline?: Baseline,
): Promise<WaitOutcome> {
  const { settings } = context;
  const runId = result.runId as string;
  return waitForRun({
    getRun: (call) => context.hatchet.getRun(runId, call),
    baseline,
    startedAt: result.actedAt ?? (context.clock ?? realClock).now(),
    timeoutMs: settings.timeoutMs,
    pollIntervalMs: settings.pollIntervalMs,
    startTimeoutMs: settings.startTimeoutMs,
    notFoundGraceMs: baseline ? 0 : NOT_FOUND_GRACE_MS,
    clock: context.clock,
    signal: context.signal,
    onStatus: (status, elapsed) => context.log?.(`[+${(elapsed / 1000).toFixed(1)}s] ${status}`),
    onRetry: (error, attempt) => context.log?.(`${error.message}; checking again (${attempt})`),
  });
}

async function settle(result: RunResult, waited: WaitOutcome, context: RunContext) {
  const { settings } = context;
  const clock = context.clock ?? realClock;
  result.endedAt = clock.now();
  result.final = waited.details;
  const runId = result.runId as string;
  result.url = context.linkTo?.(
    waited.details?.run.tenantId ?? result.original?.run.tenantId,
    runId,
  );

  switch (waited.kind) {
    case 'done':
      result.status = waited.details.run.status as RunResult['status'];
      context.onSettled?.(runId);
      break;
    case 'timed-out':
      result.status = 'TIMED_OUT';
      result.message = `Run ${runId} did not finish within ${Math.round(settings.timeoutMs / 1000)}s (input \`timeout\`).`;
      await cancelRun(result, context);
      break;
    case 'start-timeout':
      result.status = 'TIMED_OUT';
      result.message = `Run ${runId} was still QUEUED after ${Math.round((settings.startTimeoutMs ?? 0) / 1000)}s (input \`start-timeout\`): no worker picked it up. Check that a worker for workflow '${result.workflow ?? 'unknown'}' is running and connected.`;
      await cancelRun(result, context);
      break;
    case 'aborted':
      result.status = 'ABORTED';
      result.message = `The job was cancelled while waiting for run ${runId}.`;
      await cancelRun(result, context);
      return;
  }

  if (result.final) {
    result.durationMs = elapsedMs(result.final.run);
    const comparable =
      settings.compareOutput &&
      result.status === 'COMPLETED' &&
      result.original?.run.status === 'COMPLETED';
    if (
      comparable &&
      (result.original?.run.payloadsRestricted || result.final.run.payloadsRestricted)
    ) {
      // Restricted payloads read as `{}`: comparing them would pass whatever the outputs are.
      result.message = `Run ${runId}'s output cannot be compared: Hatchet does not show its payloads (payloadsRestricted), so \`compare-output\` cannot check it.`;
    } else if (comparable && !deepEqual(result.original?.run.output, result.final.run.output)) {
      result.outputMismatch = {
        original: result.original?.run.output,
        replayed: result.final.run.output,
      };
      result.message = `Run ${runId} completed, but its output differs from the original run's (input \`compare-output\`).`;
    }
    await gatherDiagnostics(result, context);
  }
}

async function cancelRun(result: RunResult, context: RunContext) {
  const runId = result.runId;
  if (!runId) return;
  if (!context.settings.cancelOnAbort) {
    result.notes.push(`Run ${runId} was left running (input \`cancel-on-abort\` is false).`);
    context.onSettled?.(runId);
    return;
  }
  try {
    // The job's own signal may already be aborted: the cancel gets a fresh, short deadline.
    await context.hatchet.cancel(runId, { deadlineMs: CANCEL_DEADLINE_MS });
    result.cancelRequested = true;
    result.notes.push(`Cancelled run ${runId}.`);
    context.log?.(`Cancelled run ${runId}.`);
    context.onSettled?.(runId);
  } catch (error) {
    result.notes.push(`Could not cancel run ${runId}: ${(error as Error).message}`);
  }
}

/** Logs per task (the newest lines) and the events of the new attempt, fetched in parallel. */
async function gatherDiagnostics(result: RunResult, context: RunContext) {
  const final = result.final as RunDetails;
  const { hatchet, settings } = context;
  const call = { signal: context.signal };
  const tasks = final.tasks;
  const eventsPromise: Promise<TaskEvent[]> =
    final.taskEvents.length > 0
      ? Promise.resolve(final.taskEvents)
      : // Standalone task runs carry no events in `runs get`: only `runs events` has them.
        withRetries(() => hatchet.events(result.runId as string, call), context, 2).catch(
          (error) => {
            result.notes.push(`Events could not be fetched: ${(error as Error).message}`);
            return [];
          },
        );
  const logged = tasksToLog(result, settings.runIds.length > 1);
  if (logged.length < tasks.length && settings.logLines > 0) {
    result.notes.push(
      logged.length === 0
        ? 'Logs were not fetched: the run passed, in a gate of several runs.'
        : `Logs were fetched for ${logged.length} of ${tasks.length} tasks (the failed ones first).`,
    );
  }
  const logsPromise: Promise<TaskLog[]> =
    settings.logLines === 0
      ? Promise.resolve([])
      : Promise.all(
          logged.map(async (task): Promise<TaskLog> => {
            const taskId = task.taskExternalId ?? task.metadata.id;
            const taskName = withoutMillisSuffix(task.displayName);
            try {
              // One line more than shown tells whether older lines were left out.
              const fetched = await withRetries(
                () => hatchet.logs(taskId, settings.logLines + 1, call),
                context,
                2,
              );
              const lines = linesOfAttempt(fetched, task.startedAt ?? final.run.startedAt);
              const cut = lines.length > settings.logLines;
              return {
                taskId,
                taskName,
                lines: lines.slice(-settings.logLines),
                note: cut
                  ? `Older lines of this task are not shown (log-lines: ${settings.logLines}).`
                  : undefined,
              };
            } catch (error) {
              return {
                taskId,
                taskName,
                lines: [],
                note: `Logs could not be fetched: ${(error as Error).message}`,
              };
            }
          }),
        );
  const [events, logs] = await Promise.all([eventsPromise, logsPromise]);
  result.events = result.mode === 'replay' ? eventsOfNewAttempt(events, final) : events;
  result.logs = logs;
}

/** Fetching logs costs one CLI call per task: at most this many tasks per run. */
export const MAX_TASKS_WITH_LOGS = 25;

/**
 * The tasks whose logs are worth a call: none for a run that passed in a gate (nobody reads
 * them, and the summary has no room), else the failed tasks first, up to MAX_TASKS_WITH_LOGS.
 */
export function tasksToLog(result: RunResult, inGate: boolean): Task[] {
  const tasks = result.final?.tasks ?? [];
  const passing = result.status === result.expectedStatus && !result.outputMismatch;
  if (inGate && passing) return [];
  if (tasks.length <= MAX_TASKS_WITH_LOGS) return tasks;
  const failedFirst = [...tasks].sort(
    (a, b) => Number(b.status === 'FAILED') - Number(a.status === 'FAILED'),
  );
  return failedFirst.slice(0, MAX_TASKS_WITH_LOGS);
}

/** After an in-place replay, the run's events mix attempts: keep those of the latest one. */
export function eventsOfNewAttempt(events: TaskEvent[], final: RunDetails): TaskEvent[] {
  const retryByTask = new Map<string, number>();
  for (const task of final.tasks) {
    retryByTask.set(task.taskExternalId ?? task.metadata.id, task.retryCount);
    retryByTask.set(task.metadata.id, task.retryCount);
  }
  return events.filter((event) => {
    const current = event.taskId ? retryByTask.get(event.taskId) : undefined;
    if (current === undefined || event.retryCount === undefined) return true;
    if (event.eventType === 'RETRIED_BY_USER') return event.retryCount >= current - 1;
    return event.retryCount >= current;
  });
}

/**
 * A task's log mixes all its attempts (replay is in place): keep the lines written since this
 * attempt started. Lines without a readable time are kept.
 */
export function linesOfAttempt(lines: LogLine[], attemptStartedAt: string | undefined): LogLine[] {
  const since = attemptStartedAt ? Date.parse(attemptStartedAt) : NaN;
  if (!Number.isFinite(since)) return lines;
  return lines.filter((line) => {
    const at = line.timestamp ? Date.parse(line.timestamp) : NaN;
    return !Number.isFinite(at) || at >= since - 1_000;
  });
}
