import type { Hatchet } from '../hatchet/commands.js';
import { withRetries } from '../hatchet/retry.js';
import type { RunDetails, Task, TaskEvent } from '../hatchet/schemas.js';
import { retryCountsOf } from './snapshot.js';

/** A run's events: which call gets them, and which belong to the new attempt. */

/** An event of this task (events name a task by either of its ids). */
export const ofTask = (event: TaskEvent, task: Task) =>
  event.taskId === task.metadata.id ||
  (!!task.taskExternalId && event.taskId === task.taskExternalId);

/** `runs events` of a run (a standalone task run's only source of events). */
export function runEvents(
  final: RunDetails,
  deps: { hatchet: Hatchet; signal?: AbortSignal },
  retry: Parameters<typeof withRetries>[1],
): Promise<TaskEvent[]> {
  const runId = final.run.metadata.id;
  return withRetries(() => deps.hatchet.events(runId, { signal: deps.signal }), retry);
}

/**
 * After an in-place replay, the run's events mix attempts: keep the new attempt's, from the
 * RETRIED_BY_USER that started it (it carries the retryCount from before the replay) through
 * every try the engine made since (a failed try and its RETRYING included). Without the run as it
 * was before the replay, each task's latest try only.
 */
export function eventsOfNewAttempt(
  events: TaskEvent[],
  final: RunDetails,
  before?: RunDetails,
): TaskEvent[] {
  const retryByTask = retryCountsOf(final);
  const retryBefore = retryCountsOf(before);
  return events.filter((event) => {
    const current = event.taskId ? retryByTask.get(event.taskId) : undefined;
    if (current === undefined || event.retryCount === undefined) return true;
    const old = event.taskId ? retryBefore.get(event.taskId) : undefined;
    // The new attempt's first try: one above the row before the replay (a task new since: 0).
    const first = before ? (old === undefined ? 0 : old + 1) : current;
    if (event.eventType === 'RETRIED_BY_USER') return event.retryCount >= first - 1;
    return event.retryCount >= first;
  });
}

/** Event types of a try that no worker took: created, queued, requeued, cancelled. */
const UNSTARTED_EVENTS = new Set([
  'CREATED',
  'QUEUED',
  'REQUEUED_NO_WORKER',
  'REQUEUED_RATE_LIMIT',
  'RATE_LIMIT_ERROR',
  'SCHEDULING_TIMED_OUT',
  'CANCELLED',
]);

/**
 * A task cancelled before any worker took it in this attempt (on a FAILED DAG, the tasks below
 * the failed one: test/fixtures/traces/dag-still-failing). It ran no code, so it has no log to
 * fetch. Told by the run's events (a DAG's come with `runs get`): its CANCELLED, and since the
 * attempt began nothing but these types (no ASSIGNED, SENT_TO_WORKER or STARTED). A missing start
 * time alone does not tell (the engine writes it after the status), and without events (a
 * standalone task run's come from another call) nothing is assumed.
 */
export function neverStarted(task: Task, run: RunDetails, before?: RunDetails): boolean {
  if (task.status !== 'CANCELLED' || task.startedAt) return false;
  const old = before?.tasks.find((t) => t.metadata.id === task.metadata.id)?.retryCount;
  const first = old === undefined ? 0 : old + 1;
  const events = run.taskEvents.filter(
    (event) => ofTask(event, task) && (event.retryCount ?? first) >= first,
  );
  return (
    events.some((e) => e.eventType === 'CANCELLED' && e.retryCount === task.retryCount) &&
    events.every((e) => UNSTARTED_EVENTS.has(e.eventType))
  );
}
