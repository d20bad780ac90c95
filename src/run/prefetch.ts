import { isTerminal, type RunDetails, type Task, type TaskEvent } from '../hatchet/schemas.js';
import { MAX_TASKS_WITH_LOGS, logRetry, taskLog, type DiagnosticsDeps } from './diagnostics.js';
import { runEvents } from './events.js';
import type { TaskLog } from './result.js';
import { newAttemptOf } from './snapshot.js';

export interface PrefetchOptions {
  /** For a replay, the run before it: only the new attempt's rows are fetched. */
  before?: RunDetails;
  replayed: boolean;
  logLines: number;
  /** In a gate a run that passes shows no logs: only the logs of tasks that did not complete. */
  inGate: boolean;
}

/**
 * A standalone run's events fetched alongside a check near the predicted end: at most this many
 * per run, each sent this long after its check, so that it sees at least what the check saw.
 */
export const ALONGSIDE_CAP = 6;
export const ALONGSIDE_DELAY_MS = 25;

/**
 * Logs and events fetched during the wait, so that the verdict is followed by at most the logs
 * of the tasks that ended last: each task's log as soon as its new row is final, and a
 * standalone task run's events (which `runs get` does not carry) with the checks near its
 * predicted end, or else once every new row is final. What is fetched is used only for the rows
 * it was fetched for (their retryCounts); `close` stops whatever is unused.
 */
export class Prefetch {
  private readonly logs = new Map<string, Promise<TaskLog>>();
  private readonly events = new Map<string, Promise<TaskEvent[]>>();
  /** Fetched alongside checks near the end, newest first; undefined where the call failed. */
  private readonly alongsideChecks: Promise<TaskEvent[] | undefined>[] = [];
  private readonly stop = new AbortController();
  private readonly deps: DiagnosticsDeps;

  constructor(
    private readonly options: PrefetchOptions,
    deps: DiagnosticsDeps,
  ) {
    const signal = deps.signal
      ? AbortSignal.any([deps.signal, this.stop.signal])
      : this.stop.signal;
    this.deps = { ...deps, signal };
  }

  /** Starts fetching what the rows that just became final will need. */
  see(details: RunDetails): void {
    const attempt = newAttemptOf(details, this.options.before);
    this.seeLogs(details, attempt.tasks);
    this.seeEvents(attempt);
  }

  private seeLogs(details: RunDetails, tasks: readonly Task[]): void {
    const { replayed, logLines, inGate } = this.options;
    if (logLines === 0) return;
    for (const task of tasks) {
      if (!isTerminal(task.status) || (inGate && task.status === 'COMPLETED')) continue;
      const key = keyOf(task);
      if (this.logs.has(key) || this.logs.size >= MAX_TASKS_WITH_LOGS) continue;
      const retry = logRetry(this.deps.clock, this.deps.signal);
      this.logs.set(key, taskLog(task, { final: details, replayed, logLines }, this.deps, retry));
    }
  }

  /**
   * A check near the predicted end is being sent: a standalone run still running gets its events
   * fetched alongside, so that they are at hand if this check brings the verdict.
   */
  alongside(last: RunDetails): void {
    const attempt = newAttemptOf(last, this.options.before);
    if (!standalone(attempt) || attempt.tasks.every((task) => isTerminal(task.status))) return;
    if (this.alongsideChecks.length >= ALONGSIDE_CAP) return;
    const { hatchet, clock, signal } = this.deps;
    const fetched = clock
      .sleep(ALONGSIDE_DELAY_MS, signal)
      .then(() => hatchet.events(attempt.run.metadata.id, { signal }))
      // Only a help: a failure here is made good by the call after the verdict.
      .catch(() => undefined);
    this.alongsideChecks.unshift(fetched);
  }

  /** A standalone task run (no events in `runs get`) whose new rows are all final. */
  private seeEvents(attempt: RunDetails): void {
    if (!standalone(attempt)) return;
    if (!attempt.tasks.every((task) => isTerminal(task.status))) return;
    const key = rowsKey(attempt);
    if (this.events.has(key)) return;
    const fetch = () => runEvents(attempt, this.deps, logRetry(this.deps.clock, this.deps.signal));
    const fetched =
      this.alongsideChecks.length === 0
        ? fetch()
        : this.fetchedAlongside(attempt).then((events) => events ?? fetch());
    // Read or not, a failure here is reported by whoever takes it.
    fetched.catch(() => undefined);
    this.events.set(key, fetched);
  }

  /** The newest events fetched alongside a check that hold every final row's last event. */
  private async fetchedAlongside(attempt: RunDetails): Promise<TaskEvent[] | undefined> {
    for (const fetched of this.alongsideChecks) {
      const events = await fetched;
      if (events && attempt.tasks.every((task) => endedIn(events, task))) return events;
    }
    return undefined;
  }

  /** The log fetched for this task's row, if one was started. */
  readonly take = (task: Task): Promise<TaskLog> | undefined => this.logs.get(keyOf(task));

  /** The events fetched for these rows (a standalone task run), if they were fetched. */
  readonly takeEvents = (final: RunDetails): Promise<TaskEvent[]> | undefined =>
    this.events.get(rowsKey(final));

  /** Stops the fetches nobody will read (the run's report is assembled). */
  close(): void {
    this.stop.abort();
  }
}

const standalone = (attempt: RunDetails) =>
  attempt.taskEvents.length === 0 && attempt.tasks.length > 0;

/** The event a final row's try ends with. */
const LAST_EVENT: Record<string, string> = {
  COMPLETED: 'FINISHED',
  FAILED: 'FAILED',
  CANCELLED: 'CANCELLED',
};

/** The events hold the one that ended this final row's try (written before or with the row). */
const endedIn = (events: readonly TaskEvent[], task: Task) =>
  events.some(
    (event) =>
      event.taskId === task.metadata.id &&
      event.retryCount === task.retryCount &&
      event.eventType === LAST_EVENT[task.status],
  );

const keyOf = (task: Task) => `${task.metadata.id}:${task.retryCount}`;
const rowsKey = (details: RunDetails) => details.tasks.map(keyOf).join(',');
