import type { Hatchet } from '../hatchet/commands.js';
import { withoutMillisSuffix } from '../hatchet/names.js';
import { withRetries } from '../hatchet/retry.js';
import type { LogLine, RunDetails, Task, TaskEvent } from '../hatchet/schemas.js';
import type { Clock } from './clock.js';
import type { TaskLog } from './result.js';
import { eventsOfNewAttempt, neverStarted, runEvents } from './events.js';

export interface DiagnosticsDeps {
  hatchet: Hatchet;
  clock: Clock;
  signal?: AbortSignal;
}

export interface DiagnosticsRequest {
  final: RunDetails;
  /** In-place replay: the run's logs and events mix attempts; keep the new attempt's. */
  replayed: boolean;
  /** For a replay, the run as it was before it (where the new attempt's tries begin). */
  before?: RunDetails;
  /** `log-lines`: applied here, once; the summary shows what it is given. */
  logLines: number;
  /** Whose logs are fetched (see tasksToLog). */
  tasks: readonly Task[];
  /** How long logs and events may take in all (DIAGNOSTICS_BUDGET_MS). */
  budgetMs?: number;
  /** Tasks whose row is still from before the replay: their log would be the old attempt's. */
  stale?: readonly Task[];
  /** A task's log already fetched during the wait (see prefetch.ts), if any. */
  prefetched?: (task: Task) => Promise<TaskLog> | undefined;
  /** A standalone run's events already fetched during the wait for these rows, if any. */
  prefetchedEvents?: (final: RunDetails) => Promise<TaskEvent[]> | undefined;
}

export interface Diagnostics {
  events: TaskEvent[];
  logs: TaskLog[];
  notes: string[];
}

/** Fetching logs costs one CLI call per task: at most this many tasks per run. */
export const MAX_TASKS_WITH_LOGS = 25;
/** The server rejects a larger limit (and the CLI then prints `null`). */
export const MAX_TAIL = 10_000;
/** The server's page of log lines for a run id (a standalone task run takes that path). */
export const RUN_LOG_PAGE = 50;

/**
 * The tasks whose logs are worth a call: none for a run that passed in a gate (nobody reads
 * them, and the summary has no room), else the failed tasks first, up to MAX_TASKS_WITH_LOGS.
 */
export function tasksToLog(
  final: RunDetails | undefined,
  passed: boolean,
  inGate: boolean,
  before?: RunDetails,
): Task[] {
  const tasks = final?.tasks ?? [];
  if (inGate && passed) return [];
  if (tasks.length <= MAX_TASKS_WITH_LOGS) return tasks;
  // Failed tasks first; last, those no worker took (they cost no call: see knownLog). Each is
  // ranked once: reading the events is not done again for every comparison.
  const rank = (task: Task) =>
    task.status === 'FAILED' ? 0 : final && neverStarted(task, final, before) ? 2 : 1;
  return tasks
    .map((task) => ({ task, rank: rank(task) }))
    .sort((a, b) => a.rank - b.rank)
    .slice(0, MAX_TASKS_WITH_LOGS)
    .map(({ task }) => task);
}

/** Logs per task (the newest lines) and the events of the new attempt, fetched in parallel. */
export async function gatherDiagnostics(
  request: DiagnosticsRequest,
  deps: DiagnosticsDeps,
): Promise<Diagnostics> {
  const { final } = request;
  const notes: string[] = [];
  // The verdict is known: logs and events must not hold the step up for long, whatever hangs.
  const budget = AbortSignal.timeout(request.budgetMs ?? DIAGNOSTICS_BUDGET_MS);
  const signal = deps.signal ? AbortSignal.any([deps.signal, budget]) : budget;
  deps = { ...deps, signal };
  const retry = logRetry(deps.clock, signal);
  const eventsPromise = eventsOf(request, deps, retry).catch((error: unknown) => {
    notes.push(`Events could not be fetched: ${(error as Error).message}`);
    return [];
  });
  const logsPromise =
    request.logLines === 0
      ? Promise.resolve([])
      : Promise.all(
          request.tasks.map((task) => {
            const known = knownLog(task, request);
            if (known) return Promise.resolve(known);
            return request.prefetched?.(task) ?? taskLog(task, request, deps, retry);
          }),
        );
  const [events, logs] = await Promise.all([eventsPromise, logsPromise]);
  const total = final.tasks.length;
  if (request.logLines > 0 && request.tasks.length < total) {
    notes.push(
      request.tasks.length === 0
        ? 'Logs were not fetched: the run passed, in a gate of several runs.'
        : `Logs were fetched for ${request.tasks.length} of ${total} tasks (the failed ones first).`,
    );
  }
  return {
    events: request.replayed ? eventsOfNewAttempt(events, final, request.before) : events,
    logs,
    notes,
  };
}

/**
 * The run's events: a DAG run's come with `runs get`; a standalone task run's only from `runs
 * events` (fetched during the wait if its rows were final then), and only they name the worker.
 */
function eventsOf(
  request: DiagnosticsRequest,
  deps: DiagnosticsDeps,
  retry: Parameters<typeof withRetries>[1],
): Promise<TaskEvent[]> {
  const { final } = request;
  if (final.taskEvents.length > 0) return Promise.resolve(final.taskEvents);
  return request.prefetchedEvents?.(final) ?? runEvents(final, deps, retry);
}

const SHORT_RETRY = { budget: 2, baseMs: 500, maxMs: 2_000 };
/** How a log or events call is retried: briefly (the verdict is known or about to be). */
export const logRetry = (clock: Clock, signal?: AbortSignal) => ({
  sleep: clock.sleep,
  signal,
  policy: SHORT_RETRY,
});
/** Logs and events get this long in all, and each call at most LOG_CALL_MS. */
export const DIAGNOSTICS_BUDGET_MS = 60_000;
const LOG_CALL_MS = 20_000;

/** A task's log that is not read: no lines, and why. */
function notRead(task: Task, why: { note: string }): TaskLog {
  return {
    taskId: task.taskExternalId ?? task.metadata.id,
    taskName: withoutMillisSuffix(task.displayName),
    lines: [],
    unread: true,
    ...why,
  };
}

/** The log of a task whose row is still from before the replay, or that never started: none. */
function knownLog(
  task: Task,
  request: Pick<DiagnosticsRequest, 'final' | 'before' | 'stale'>,
): TaskLog | undefined {
  if (request.stale?.includes(task))
    return notRead(task, {
      note: 'Not shown: this task still shows its row from before the replay, so its log would be the old attempt’s.',
    });
  if (neverStarted(task, request.final, request.before))
    return notRead(task, {
      note: 'It was cancelled before a worker took it in this attempt: it has no log.',
    });
  return undefined;
}

/** One task's newest log lines of this attempt. Never throws: a failure becomes its note. */
export async function taskLog(
  task: Task,
  request: Pick<DiagnosticsRequest, 'final' | 'replayed' | 'logLines'>,
  deps: DiagnosticsDeps,
  retry: Parameters<typeof withRetries>[1],
): Promise<TaskLog> {
  const taskId = task.taskExternalId ?? task.metadata.id;
  const taskName = withoutMillisSuffix(task.displayName);
  const attemptStart = task.startedAt ?? request.final.run.startedAt;
  // A standalone task's id is its run's id: the CLI takes the run path, which returns the
  // server's oldest 50 lines across all attempts. `--since` narrows it to this attempt.
  const standalone = taskId === request.final.run.metadata.id;
  const since =
    request.replayed && standalone ? sinceFlag(attemptStart, deps.clock.now()) : undefined;
  const tail = Math.min(MAX_TAIL, standalone ? RUN_LOG_PAGE : request.logLines + 1);
  try {
    const fetched = await withRetries(
      () =>
        deps.hatchet.logs(taskId, { tail, since, signal: deps.signal, deadlineMs: LOG_CALL_MS }),
      retry,
    );
    const lines = request.replayed ? linesOfAttempt(fetched, attemptStart) : fetched;
    return {
      taskId,
      taskName,
      lines: lines.slice(-request.logLines),
      note: logNote(lines.length, fetched.length, request, standalone),
    };
  } catch (error) {
    return notRead(task, { note: `Logs could not be fetched: ${(error as Error).message}` });
  }
}

function logNote(
  kept: number,
  fetched: number,
  request: Pick<DiagnosticsRequest, 'replayed' | 'logLines'>,
  standalone: boolean,
) {
  if (standalone && fetched >= RUN_LOG_PAGE) {
    return `The CLI returns only the first ${RUN_LOG_PAGE} lines of a standalone task run: later lines of this attempt could not be read${kept > request.logLines ? ` (log-lines: ${request.logLines})` : ''}.`;
  }
  if (kept > request.logLines)
    return `Older lines of this task are not shown (log-lines: ${request.logLines}).`;
  if (request.replayed && kept < fetched) {
    return `${fetched - kept} line(s) of earlier attempts are not shown.`;
  }
  return undefined;
}

/** `--since` as a whole number of seconds back to just before the attempt started. */
function sinceFlag(attemptStart: string | undefined, now: number): string | undefined {
  const started = attemptStart ? Date.parse(attemptStart) : NaN;
  if (!Number.isFinite(started)) return undefined;
  return `${Math.max(1, Math.ceil((now - started) / 1000) + 1)}s`;
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
