import { withoutMillisSuffix } from '../../hatchet/names.js';
import { type RunDetails, type Task, type TaskEvent } from '../../hatchet/schemas.js';
import type { Change, Outcome } from '../../run/change.js';
import type { RunResult } from '../../run/result.js';
import { instantOf } from './format.js';
import { orderTasks } from './timeline.js';

/**
 * A run's verdict in one word: its `change`, or, where there is nothing to compare (trigger
 * mode, an unknown outcome), its status; `flaky` when repeated attempts disagree.
 */
export type Label =
  | Change
  | 'flaky'
  | 'mixed'
  | 'completed'
  | 'failed'
  | 'cancelled'
  | 'timed-out'
  | 'aborted'
  | 'unknown';

/** What the summary needs of one result, worked out once (signatures of huge errors are costly). */
export interface RunView {
  /** Position in the input (0-based). */
  readonly index: number;
  readonly result: RunResult;
  readonly label: Label;
  /** The original run's outcome, when there is one. */
  readonly before?: Outcome;
  /** The new attempt's outcome, when it ended. */
  readonly after?: Outcome;
  /** The new attempt's start: every time on the page is an offset from it. */
  readonly startMs?: number;
  /** The new attempt's failed tasks (or cancelled ones that say why), the deciding one first. */
  readonly failedTasks: readonly Task[];
  readonly workers: { readonly before?: string; readonly after?: string };
  /**
   * The deciding failed task's error as Hatchet wrote it, in the original run and in the new
   * attempt: what the page shows (signatures are for comparing, never for reading).
   */
  readonly errors: { readonly before?: string; readonly after?: string };
}

/** Repetitions of one run (or one case): a row of the gate table. */
export interface RunGroup {
  readonly views: readonly RunView[];
  readonly label: Label;
  /** The repetition whose details are shown: the first that did not pass, else the last. */
  readonly shown: RunView;
  readonly passedCount: number;
}

const STATUS_LABEL: Record<string, Label> = {
  COMPLETED: 'completed',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
  TIMED_OUT: 'timed-out',
  ABORTED: 'aborted',
};

export function viewOf(result: RunResult, index: number): RunView {
  const final = result.final;
  const after = result.outcome;
  const before = result.originalOutcome;
  const candidates = final
    ? orderTasks(final).filter(
        (t) => t.status === 'FAILED' || (t.status === 'CANCELLED' && t.errorMessage.trim() !== ''),
      )
    : [];
  const failing = candidates.some((t) => t.status === 'FAILED')
    ? candidates.filter((t) => t.status === 'FAILED')
    : candidates;
  // The task the outcome names, first; the others in DAG order.
  const deciding = taskOf(final, after);
  const failedTasks = deciding ? [deciding, ...failing.filter((t) => t !== deciding)] : failing;
  return {
    index,
    result,
    label: result.change ?? STATUS_LABEL[result.status] ?? 'unknown',
    before,
    after,
    startMs:
      instantOf(final?.run.startedAt) ??
      instantOf(final?.tasks.map((t) => t.startedAt).find(Boolean)) ??
      result.actedAt,
    failedTasks,
    errors: {
      before: errorOf(taskOf(result.original, before)),
      after: errorOf(deciding),
    },
    workers: {
      before:
        result.original &&
        workerOf(result.original.taskEvents, result.original, before?.failedTask),
      after: workerOf(
        result.events.length > 0 ? result.events : (final?.taskEvents ?? []),
        final,
        after?.failedTask,
      ),
    },
  };
}

/** The task an outcome names (run/change.ts chose it once, when the result was made). */
function taskOf(details: RunDetails | undefined, outcome: Outcome | undefined): Task | undefined {
  const id = outcome?.failedTaskId;
  return id === undefined ? undefined : details?.tasks.find((task) => task.metadata.id === id);
}

/** A task's error as Hatchet wrote it, when it says anything. */
function errorOf(task: Task | undefined): string | undefined {
  return task?.errorMessage.trim() ? task.errorMessage : undefined;
}

/**
 * The worker that ran the failed task (its last event that names one), else the run's worker
 * when all its tasks ran on one, else how many there were.
 */
export function workerOf(
  events: readonly TaskEvent[],
  details: RunDetails | undefined,
  task: string | undefined,
): string | undefined {
  const named = events.filter((e) => e.workerId);
  const ids = new Set(
    (details?.tasks ?? [])
      .filter((t) => withoutMillisSuffix(t.displayName) === task)
      .flatMap((t) => [t.metadata.id, t.taskExternalId ?? t.metadata.id]),
  );
  const ofTask = task
    ? named.filter(
        (e) =>
          (e.taskId !== undefined && ids.has(e.taskId)) ||
          (e.taskDisplayName !== undefined && withoutMillisSuffix(e.taskDisplayName) === task),
      )
    : [];
  if (ofTask.length > 0) {
    const latest = [...ofTask].sort(
      (a, b) => (instantOf(a.timestamp) ?? 0) - (instantOf(b.timestamp) ?? 0),
    );
    return latest.at(-1)?.workerId;
  }
  const workers = [...new Set(named.map((e) => e.workerId as string))];
  if (workers.length <= 1) return workers[0];
  return `${workers.length} workers`;
}

/** Which results are repetitions of one run (or one case): those with the same key. */
export function groupKey(r: RunResult, index: number): string {
  // Without `repeat` every result is its own run, even when one id is given twice.
  return r.repetition === undefined
    ? `#${index}`
    : `${r.originalRunId ?? ''}\n${r.caseName ?? ''}\n${r.originalRunId || r.caseName ? '' : index}`;
}

/** Results grouped by run (or case), in input order: repetitions of one run share a group. */
export function groupViews(views: readonly RunView[]): RunGroup[] {
  const byKey = new Map<string, RunView[]>();
  for (const view of views) {
    const key = groupKey(view.result, view.index);
    byKey.set(key, [...(byKey.get(key) ?? []), view]);
  }
  return [...byKey.values()].map((members) => {
    const passedCount = members.filter((v) => v.result.passed).length;
    const labels = new Set(members.map((v) => v.label));
    const label: Label =
      passedCount > 0 && passedCount < members.length
        ? 'flaky'
        : labels.size === 1
          ? (members[0] as RunView).label
          : 'mixed';
    const shown = members.find((v) => !v.result.passed) ?? (members.at(-1) as RunView);
    return { views: members, label, shown, passedCount };
  });
}
