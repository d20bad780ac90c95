import { withoutMillisSuffix } from '../hatchet/names.js';
import {
  elapsedMs,
  isTerminal,
  type RunDetails,
  type Task,
  type TerminalStatus,
} from '../hatchet/schemas.js';

/** What one `runs get` snapshot says, read field by field (hatchet-cli.md §4); pure. */

/** Every task of the DAG's shape has a row (tasks appear once their parents finished). */
export function everyShapeTaskPresent(details: RunDetails): boolean {
  const names = new Set(details.tasks.map((task) => withoutMillisSuffix(task.displayName)));
  return details.shape.every((node) => !node.taskName || names.has(node.taskName));
}

/**
 * What the new attempt is doing, for progress lines and the start timeout: never the old run
 * status, which §4.3 shows unchanged while the roots are QUEUED again.
 */
export function visibleStatusOf(
  fresh: Task[],
  started: boolean,
  stale: boolean,
  run?: string,
): string {
  const active = fresh.filter((task) => !isTerminal(task.status));
  if (active.some((task) => task.status === 'RUNNING')) return 'RUNNING';
  const other = active.find((task) => task.status !== 'QUEUED');
  if (other) return other.status;
  if (active.length > 0) return started ? 'RUNNING' : 'QUEUED';
  if (fresh.length === 0) {
    // A new run's own row is new too; a replayed run's row still reads the old status.
    return run && !isTerminal(run) ? run : 'QUEUED';
  }
  // Every new row is final: tasks that still hold old rows are next, or the run row lags.
  return stale ? 'RUNNING' : impliedStatus(fresh.map((task) => task.status));
}

/** The run status its tasks imply: any FAILED → FAILED, else any CANCELLED → CANCELLED. */
export function impliedStatus(statuses: string[]): TerminalStatus {
  if (statuses.includes('FAILED')) return 'FAILED';
  if (statuses.includes('CANCELLED')) return 'CANCELLED';
  return 'COMPLETED';
}

/** Which try each task's row shows: changes when any task is retried or replayed. */
export const triesOf = (details: RunDetails): string =>
  details.tasks.map((task) => `${task.metadata.id}:${task.retryCount}`).join(',');

/** Each task's retryCount by task id (and external id, which events may carry). */
export function retryCountsOf(details: RunDetails | undefined): Map<string, number> {
  const counts = new Map<string, number>();
  for (const task of details?.tasks ?? []) {
    counts.set(task.metadata.id, task.retryCount);
    if (task.taskExternalId) counts.set(task.taskExternalId, task.retryCount);
  }
  return counts;
}

export function names(tasks: Task[]): string {
  const shown = tasks.map(
    (task) => `'${withoutMillisSuffix(task.displayName) || task.metadata.id}'`,
  );
  return `task${tasks.length === 1 ? '' : 's'} ${shown.join(', ')}`;
}

/** Tasks whose row is still the one from before the replay (retryCount not above it). */
export function staleTasks(before: RunDetails | undefined, current: RunDetails): Task[] {
  if (!before) return [];
  const retryBefore = retryCountsOf(before);
  return current.tasks.filter((task) => {
    const old = retryBefore.get(task.metadata.id);
    return old !== undefined && task.retryCount <= old;
  });
}

/** The snapshot without the task rows still from before the replay. */
export function newAttemptOf(current: RunDetails, before: RunDetails | undefined): RunDetails {
  const stale = staleTasks(before, current);
  return stale.length
    ? { ...current, tasks: current.tasks.filter((t) => !stale.includes(t)) }
    : current;
}

/**
 * How long the new attempt ran: `run.startedAt`/`finishedAt` come from events at each task's
 * highest retry count (§4.4), so while a task keeps its old row they span the old attempt too;
 * then the new rows' own times are used.
 */
export function attemptDurationMs(current: RunDetails, stale: readonly Task[]): number | undefined {
  if (stale.length === 0) return elapsedMs(current.run);
  const fresh = current.tasks.filter((task) => !stale.includes(task));
  const starts = fresh.flatMap((t) => (t.startedAt ? [Date.parse(t.startedAt)] : []));
  const ends = fresh.flatMap((t) => (t.finishedAt ? [Date.parse(t.finishedAt)] : []));
  if (starts.length === 0 || ends.length === 0) return undefined;
  const ms = Math.max(...ends) - Math.min(...starts);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

/**
 * Whether the engine may still retry a FAILED task of this snapshot: yes unless the workflow's
 * config gives every failed task `Retries: 0` (the engine retries a task's failure only while
 * its step's `retries` exceed the retries it made: `FailTaskAppFailure` in the engine's
 * pkg/repository/sqlcv1/tasks.sql). A task missing from the config, or no config, may be.
 */
export function mayBeRetried(details: RunDetails): boolean {
  const failed = details.tasks.filter((task) => task.status === 'FAILED');
  return failed.length === 0 || failed.some((task) => retriesFailure(details, task));
}

/** Whether the engine would retry a failure of this task (no config for it: it may). */
export function retriesFailure(details: RunDetails, task: Task): boolean {
  const config = details.workflowConfig?.Tasks;
  const entry = task.actionId ? config?.find((c) => c.Action === task.actionId) : undefined;
  return entry?.Retries == null || entry.Retries > 0;
}
