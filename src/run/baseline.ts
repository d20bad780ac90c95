import { isTerminal, type RunDetails, type Task, type TaskEvent } from '../hatchet/schemas.js';
import { impliedStatus, mayBeRetried, names, retryCountsOf } from './snapshot.js';

/**
 * The run before a replay, and the replay's acceptance, read field by field (hatchet-cli.md §4);
 * pure. A replay is told apart from the previous attempt by each task's retryCount and by events
 * newer than the baseline, so the baseline must be settled: nothing of an earlier attempt (a
 * replay still resetting rows, a retry about to happen) may later look like this replay.
 */

/** A FAILED run that ended this recently may be a task between a failure and its retry (§4.6). */
export const RECENT_FAILURE_MS = 60_000;

/** Why this snapshot is not yet a settled baseline; undefined when it is. */
export function unsettledBecause(details: RunDetails): string | undefined {
  const runStatus = details.run.status;
  const open = details.tasks.filter((task) => !isTerminal(task.status));
  if (open.length > 0) {
    const statuses = [...new Set(open.map((task) => task.status))].join('/');
    return `${names(open)} ${open.length === 1 ? 'is' : 'are'} ${statuses}`;
  }
  if (!isTerminal(runStatus)) return `the run row reads ${runStatus} while every task has finished`;
  const implied = impliedStatus(details.tasks.map((task) => task.status));
  if (details.tasks.length > 0 && runStatus !== implied)
    return `the run row reads ${runStatus} but its tasks say ${implied}`;
  const moving = details.tasks.filter((task) => !atRest(task, details.taskEvents));
  if (moving.length > 0) {
    const one = moving.length === 1;
    return `${names(moving)} ${one ? 'has' : 'have'} events newer than ${one ? 'its' : 'their'} row (a replay or retry still being applied)`;
  }
  return undefined;
}

/**
 * A run that is running in its first attempt (no replay ever reset it): it will not settle soon,
 * and a replay of it would be dropped.
 */
export function runningOnItsOwn(details: RunDetails): boolean {
  return (
    !isTerminal(details.run.status) &&
    !details.taskEvents.some((event) => event.eventType === 'RETRIED_BY_USER')
  );
}

/** A settled FAILED baseline that ended recently is confirmed by a second snapshot (§4.6). */
export function needsConfirmation(details: RunDetails, now: number): boolean {
  if (details.run.status !== 'FAILED' || !mayBeRetried(details)) return false;
  const finished = details.run.finishedAt ? Date.parse(details.run.finishedAt) : NaN;
  return !Number.isFinite(finished) || now - finished < RECENT_FAILURE_MS;
}

/** Each task's status and retryCount: two snapshots with the same one show the same attempt. */
export function restingPoint(details: RunDetails): string {
  const tasks = details.tasks.map(
    (task) => `${task.metadata.id}:${task.status}@${task.retryCount}`,
  );
  return [details.run.status, ...tasks.sort()].join(',');
}

/**
 * Nothing of another attempt is pending for the task: no event of a later attempt (a retry's
 * RETRYING, a replay's new QUEUED) and no RETRIED_BY_USER of the attempt its row shows (the
 * engine writes it with the pre-replay retryCount, before it resets the row). Events are told
 * apart by retryCount, never by time: on a real engine a task's QUEUED or ASSIGNED can be
 * stamped after its FINISHED (the engine's clock, written late) and STARTED can carry the same
 * millisecond as FINISHED with a higher id (the worker's clock), so the newest event by
 * timestamp is not the last step of the attempt (test/conformance/real-runs).
 */
function atRest(task: Task, events: readonly TaskEvent[]): boolean {
  return !eventsOf(task, events).some((event) => {
    if (event.retryCount === undefined) return false;
    if (event.retryCount > task.retryCount) return true;
    return event.eventType === 'RETRIED_BY_USER' && event.retryCount >= task.retryCount;
  });
}

function eventsOf(task: Task, events: readonly TaskEvent[]): TaskEvent[] {
  const ids = new Set([task.metadata.id, task.taskExternalId].filter(Boolean));
  return events.filter((event) => event.taskId !== undefined && ids.has(event.taskId));
}

/** Newest by timestamp, then by id; the CLI lists events newest first, which breaks ties. */
function newestOf(events: readonly TaskEvent[]): TaskEvent | undefined {
  let best: TaskEvent | undefined;
  for (const event of events) {
    if (!best || compareEvents(event, best) > 0) best = event;
  }
  return best;
}

function compareEvents(a: TaskEvent, b: TaskEvent): number {
  const at = (event: TaskEvent) => (event.timestamp ? Date.parse(event.timestamp) : -Infinity);
  if (at(a) !== at(b)) return at(a) - at(b);
  return typeof a.id === 'number' && typeof b.id === 'number' ? a.id - b.id : 0;
}

/**
 * Whether the engine shows this replay (§4.1): a RETRIED_BY_USER event the baseline did not
 * have, or a retryCount rise that the engine's own retries cannot explain (they follow a
 * failure, with a RETRYING event; a completed or cancelled task is never retried by itself).
 */
export function replayAccepted(before: RunDetails, current: RunDetails): boolean {
  return newUserRetry(before, current) || replayRise(before, current);
}

/**
 * What `replayAccepted` reads of a baseline, and nothing else (no input, output or messages):
 * small enough to save for the post step, which asks the same question of a replay in flight.
 */
export function acceptanceBaseline(before: RunDetails): RunDetails {
  const newest = newestOf(before.taskEvents);
  const kept = before.taskEvents.filter((e) => e.eventType === 'RETRIED_BY_USER' || e === newest);
  return {
    run: { ...before.run, input: {}, output: {}, errorMessage: '' },
    tasks: before.tasks.map((task) => ({ ...task, output: undefined, errorMessage: '' })),
    taskEvents: kept.map((event) => ({ ...event, message: '', errorMessage: undefined })),
    shape: [],
  };
}

const userRetries = (details: RunDetails) =>
  details.taskEvents.filter((event) => event.eventType === 'RETRIED_BY_USER');

const eventKey = (event: TaskEvent) =>
  event.id !== undefined
    ? `id:${event.id}`
    : `${event.taskId}:${event.retryCount}:${event.timestamp}`;

function newUserRetry(before: RunDetails, current: RunDetails): boolean {
  const seen = new Set(userRetries(before).map(eventKey));
  const newest = newestOf(before.taskEvents);
  const retryBefore = retryCountsOf(before);
  return userRetries(current).some((event) => {
    if (seen.has(eventKey(event))) return false;
    // An earlier replay's event that only became visible now is older than the baseline.
    if (newest && compareEvents(event, newest) < 0) return false;
    const old = event.taskId === undefined ? undefined : retryBefore.get(event.taskId);
    return old === undefined || event.retryCount === undefined || event.retryCount >= old;
  });
}

function replayRise(before: RunDetails, current: RunDetails): boolean {
  const baseline = new Map(before.tasks.map((task) => [task.metadata.id, task]));
  return current.tasks.some((task) => {
    const old = baseline.get(task.metadata.id);
    if (!old || task.retryCount <= old.retryCount) return false;
    if (old.status !== 'FAILED') return true;
    const mine = eventsOf(task, current.taskEvents);
    // A standalone run shows no events: its rise cannot be told apart, and is taken.
    return !mine.some(
      (event) => event.eventType === 'RETRYING' && (event.retryCount ?? 0) > old.retryCount,
    );
  });
}
