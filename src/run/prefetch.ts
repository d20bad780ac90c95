import type { CallContext } from '../hatchet/commands.js';
import {
  isTerminal,
  type RunDetails,
  type Task,
  type TaskEvent,
  type TerminalStatus,
} from '../hatchet/schemas.js';
import { MAX_TASKS_WITH_LOGS, logRetry, taskLog, type DiagnosticsDeps } from './diagnostics.js';
import { neverStarted, ofTask, runEvents } from './events.js';
import type { TaskLog } from './result.js';
import { newAttemptOf, retriesFailure, triesOf } from './snapshot.js';

export interface PrefetchOptions {
  /** For a replay, the run before it: only the new attempt's rows are fetched. */
  before?: RunDetails;
  replayed: boolean;
  logLines: number;
  /** In a gate a run that passes shows no logs: only the logs of tasks that did not complete. */
  inGate: boolean;
}

/**
 * Logs and events fetched during the wait, so that the verdict is followed by at most the logs
 * of the tasks that ended last: each task's log as soon as its new row is final, and a
 * standalone task run's events (which `runs get` does not carry) once every new row is final.
 * Near a standalone run's predicted end the wait asks its events instead of its row (`probe`):
 * the final event is written before or with the row, so that once they show the end, its log is
 * fetched at once and the events are at hand; the verdict then needs no call. What is fetched is
 * used only for the rows it was fetched for (their retryCounts); `close` stops whatever is
 * unused.
 */
export class Prefetch {
  private readonly logs = new Map<string, Promise<TaskLog>>();
  private readonly events = new Map<string, Promise<TaskEvent[]>>();
  /** The events the probes fetched, newest first; undefined where the call failed. */
  private readonly probes: Promise<TaskEvent[] | undefined>[] = [];
  private failedProbe = false;
  /** Tries (`triesOf`) whose events sent the wait to the run: not probed again. */
  private readonly handedOver = new Set<string>();
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
      if (!isTerminal(task.status) || neverStarted(task, details, this.options.before)) continue;
      if (inGate && task.status === 'COMPLETED') continue;
      const key = keyOf(task);
      if (this.logs.has(key) || this.logs.size >= MAX_TASKS_WITH_LOGS) continue;
      const retry = logRetry(this.deps.clock, this.deps.signal);
      this.logs.set(key, taskLog(task, { final: details, replayed, logLines }, this.deps, retry));
    }
  }

  /**
   * Instead of reading the run near its predicted end (wait.ts): a running standalone run's
   * events. True once every task's try shows its end (its log is then fetched), false before;
   * undefined where they cannot tell: other runs, after a failed call (which ends the probing),
   * and where the events send the wait to the run for these tries: a try the rows have not
   * shown yet, or a failed try the engine may retry (a FAILED needs a second read, verdict.ts;
   * a COMPLETED, the common end, needs none).
   */
  async probe(last: RunDetails, context: CallContext): Promise<boolean | undefined> {
    const attempt = newAttemptOf(last, this.options.before);
    const tries = triesOf(attempt);
    if (!standalone(attempt) || this.failedProbe || this.handedOver.has(tries)) return undefined;
    if (!attempt.tasks.every((task) => task.status === 'RUNNING')) return undefined;
    const { hatchet, signal } = this.deps;
    const fetched = hatchet
      .events(attempt.run.metadata.id, { deadlineMs: context.deadlineMs, signal })
      .catch(() => undefined);
    this.probes.unshift(fetched);
    const events = await fetched;
    this.failedProbe = events === undefined;
    if (!events) return undefined;
    const ended = attempt.tasks.map((task) => endOfTry(events, task));
    const toTheRun = attempt.tasks.some(
      (task, i) => newerTry(events, task) || (ended[i] === 'FAILED' && retriesFailure(last, task)),
    );
    if (toTheRun) {
      this.handedOver.add(tries);
      return undefined;
    }
    if (ended.some((status) => status === undefined)) return false;
    // Each try as its final row will show it: its log can be fetched now, right after the read
    // of the run that the wait sends on this answer (the verdict's call goes first).
    const tasks = attempt.tasks.map((task, i) => ({ ...task, status: ended[i]! }));
    void this.deps.clock.sleep(0, signal).then(() => this.seeLogs({ ...last, tasks }, tasks));
    return true;
  }

  /** A standalone task run (no events in `runs get`) whose new rows are all final. */
  private seeEvents(attempt: RunDetails): void {
    if (!standalone(attempt)) return;
    if (!attempt.tasks.every((task) => isTerminal(task.status))) return;
    const key = triesOf(attempt);
    if (this.events.has(key)) return;
    const fetch = () => runEvents(attempt, this.deps, logRetry(this.deps.clock, this.deps.signal));
    const fetched =
      this.probes.length === 0 ? fetch() : this.probed(attempt).then((events) => events ?? fetch());
    // Read or not, a failure here is reported by whoever takes it.
    fetched.catch(() => undefined);
    this.events.set(key, fetched);
  }

  /** The newest events a probe fetched that hold every final row's last event. */
  private async probed(attempt: RunDetails): Promise<TaskEvent[] | undefined> {
    for (const fetched of this.probes) {
      const events = await fetched;
      if (events && attempt.tasks.every((task) => endedIn(events, task))) return events;
    }
    return undefined;
  }

  /** The log fetched for this task's row, if one was started. */
  readonly take = (task: Task): Promise<TaskLog> | undefined => this.logs.get(keyOf(task));

  /** The events fetched for these rows (a standalone task run), if they were fetched. */
  readonly takeEvents = (final: RunDetails): Promise<TaskEvent[]> | undefined =>
    this.events.get(triesOf(final));

  /** Stops the fetches nobody will read (the run's report is assembled). */
  close(): void {
    this.stop.abort();
  }
}

const standalone = (attempt: RunDetails) =>
  attempt.taskEvents.length === 0 && attempt.tasks.length > 0;

/** The events show a later try than this row (a retry began): the row is behind. */
const newerTry = (events: readonly TaskEvent[], task: Task) =>
  events.some((event) => ofTask(event, task) && (event.retryCount ?? -1) > task.retryCount);

/** The status this row's try ended in, if its events hold its end. */
function endOfTry(events: readonly TaskEvent[], task: Task): TerminalStatus | undefined {
  const end = events.find(
    (event) =>
      ofTask(event, task) && event.retryCount === task.retryCount && STATUS_OF[event.eventType],
  );
  return end && STATUS_OF[end.eventType];
}

/** The status a try's last event leaves its row in. */
const STATUS_OF: Record<string, TerminalStatus | undefined> = {
  FINISHED: 'COMPLETED',
  FAILED: 'FAILED',
  TIMED_OUT: 'FAILED',
  CANCELLED: 'CANCELLED',
};

/** The events hold the one that ended this final row's try (written before or with the row). */
const endedIn = (events: readonly TaskEvent[], task: Task) =>
  events.some(
    (event) =>
      ofTask(event, task) &&
      event.retryCount === task.retryCount &&
      STATUS_OF[event.eventType] === task.status,
  );

const keyOf = (task: Task) => `${task.metadata.id}:${task.retryCount}`;
