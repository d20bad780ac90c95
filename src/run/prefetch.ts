import { isTerminal, type RunDetails, type Task } from '../hatchet/schemas.js';
import { MAX_TASKS_WITH_LOGS, logRetry, taskLog, type DiagnosticsDeps } from './diagnostics.js';
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
 * Logs fetched during the wait: each task's as soon as its new row is final, so that the
 * verdict is followed by at most the logs of the tasks that ended last. A log is used only for
 * the attempt it was fetched for (the task's retryCount); `close` stops whatever is unused.
 */
export class LogPrefetch {
  private readonly logs = new Map<string, Promise<TaskLog>>();
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

  /** Starts fetching the log of every task of the new attempt whose row just became final. */
  see(details: RunDetails): void {
    const { before, replayed, logLines, inGate } = this.options;
    if (logLines === 0) return;
    for (const task of newAttemptOf(details, before).tasks) {
      if (!isTerminal(task.status) || (inGate && task.status === 'COMPLETED')) continue;
      const key = keyOf(task);
      if (this.logs.has(key) || this.logs.size >= MAX_TASKS_WITH_LOGS) continue;
      const retry = logRetry(this.deps.clock, this.deps.signal);
      this.logs.set(key, taskLog(task, { final: details, replayed, logLines }, this.deps, retry));
    }
  }

  /** The log fetched for this task's row, if one was started. */
  readonly take = (task: Task): Promise<TaskLog> | undefined => this.logs.get(keyOf(task));

  /** Stops the fetches nobody will read (the run's report is assembled). */
  close(): void {
    this.stop.abort();
  }
}

const keyOf = (task: Task) => `${task.metadata.id}:${task.retryCount}`;
