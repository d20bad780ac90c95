// @ts-check
'use strict';
/*
 * A run's engine timeline: every task event of its attempts (the original or a trigger, then one
 * per replay the engine accepted), given the replays and cancels recorded up to a time. A replay
 * of a run that has not ended, or one sent while another replay of the tenant is applied, is
 * dropped; a cancel stops what is still going.
 */
const { engineOptions, stamp, ends } = require('./engine.cjs');
const { planAttempt } = require('./attempt.cjs');

/**
 * @typedef {import('./types.cjs').Scenario} Scenario
 * @typedef {import('./types.cjs').History} History
 * @typedef {import('./types.cjs').RunDef} RunDef
 * @typedef {import('./types.cjs').AttemptSpec} AttemptSpec
 * @typedef {import('./types.cjs').Attempt} Attempt
 * @typedef {import('./types.cjs').Timeline} Timeline
 * @typedef {import('./types.cjs').TaskEvent} TaskEvent
 * @typedef {import('./types.cjs').Action} Action
 */

/**
 * Every engine event of a run, given the replays and cancels recorded up to `t`.
 * @param {Scenario} scenario
 * @param {History} history
 * @param {RunDef} def
 * @param {number} t
 * @returns {Timeline}
 */
function realize(scenario, history, def, t) {
  /** @type {Timeline} */
  const timeline = { def, events: [], tries: [], attempts: [] };
  planAttempt(timeline, def.original, {
    index: 0,
    processedAt: def.createdAt,
    firstStart: def.firstStart,
    opts: engineOptions(scenario, def.engine, def.original),
    defaultDurationMs: def.originalDurationMs,
  });
  let consumed = 0;
  const actions = history.actions
    .filter((a) => a.runId === def.id && a.t <= t && a.type !== 'trigger')
    .sort((a, b) => a.t - b.t);
  for (const action of actions) {
    const current = /** @type {Attempt} */ (timeline.attempts[timeline.attempts.length - 1]);
    if (action.type === 'replay') {
      // The engine drops a replay of a run that has not finished (or whose replay is pending),
      // and one that arrives while another replay of the tenant is being applied.
      if (current.processedAt > action.t || current.end > action.t) continue;
      if (lockedOut(scenario, history, action)) continue;
      const spec = def.replays.length
        ? /** @type {AttemptSpec} */ (def.replays[Math.min(consumed, def.replays.length - 1)])
        : { status: 'COMPLETED', durationMs: 1000 };
      consumed++;
      if (spec.dropped) continue;
      const processedAt = action.t + (spec.staleMs ?? 1000);
      planAttempt(timeline, spec, {
        index: timeline.attempts.length,
        processedAt,
        firstStart: spec.status === 'QUEUED' ? null : processedAt + (spec.queuedMs ?? 100),
        opts: engineOptions(scenario, def.engine, spec),
        defaultDurationMs: 1000,
      });
    } else if (action.type === 'cancel') {
      cancel(timeline, action.t);
    }
  }
  timeline.events.sort((a, b) => a.at - b.at || a.seq - b.seq);
  timeline.events.forEach((event, i) => (event.id = i + 1));
  return timeline;
}

/**
 * `runs cancel` at time c: the engine cancels every task of the current attempt still going
 * `cancelDelayMs` later (a replay still pending takes effect at once, then is cancelled).
 * @param {Timeline} timeline @param {number} c
 */
function cancel(timeline, c) {
  const attempt = processPending(timeline, c);
  const at = c + attempt.opts.cancelDelayMs;
  if (attempt.end <= at) return;
  timeline.def.taskNames.forEach((_, i) => cancelTask(timeline, attempt, i, at));
  attempt.end = at;
}

/**
 * The current attempt at c; a replay the engine has not processed yet is planned again as if
 * processed at c.
 * @param {Timeline} timeline @param {number} c
 * @returns {Attempt}
 */
function processPending(timeline, c) {
  const attempt = /** @type {Attempt} */ (timeline.attempts[timeline.attempts.length - 1]);
  if (attempt.processedAt <= c) return attempt;
  timeline.events = timeline.events.filter((e) => e.attempt !== attempt.index);
  timeline.tries = timeline.tries.filter((t) => t.attempt !== attempt.index);
  timeline.attempts.pop();
  planAttempt(timeline, attempt.spec, {
    index: attempt.index,
    processedAt: c,
    firstStart: attempt.firstStart === null ? null : c + (attempt.spec.queuedMs ?? 100),
    opts: attempt.opts,
    defaultDurationMs: attempt.defaultDurationMs,
  });
  return /** @type {Attempt} */ (timeline.attempts[timeline.attempts.length - 1]);
}

/**
 * Cancels task i of the attempt at `at`, unless it had already ended: its later events and tries
 * go, its running try is cut, and a CANCELLED event at its current retry count is added.
 * @param {Timeline} timeline @param {Attempt} attempt @param {number} i @param {number} at
 */
function cancelTask(timeline, attempt, i, at) {
  const index = attempt.index;
  const mine = timeline.events.filter((e) => e.attempt === index && e.task === i);
  const last = mine[mine.length - 1];
  if (last && last.at <= at && ends(last.status)) return;
  timeline.events = timeline.events.filter(
    (e) => !(e.attempt === index && e.task === i && e.at > at),
  );
  const kept = timeline.events.filter(
    (e) => e.attempt === index && e.task === i && e.type !== 'RETRIED_BY_USER',
  );
  const retryCount = kept.length
    ? /** @type {TaskEvent} */ (kept[kept.length - 1]).retryCount
    : /** @type {number} */ (attempt.base[i]);
  const frozen = index > 0 && attempt.spec.neverResetTask === timeline.def.taskNames[i];
  timeline.events.push({
    seq: timeline.events.length,
    id: 0,
    attempt: index,
    task: i,
    retryCount,
    type: 'CANCELLED',
    status: 'CANCELLED',
    at,
    ...stamp(attempt.opts, at, frozen, true),
    message: 'Task was cancelled',
    error: '',
    output: undefined,
    worker: false,
  });
  for (const attemptTry of timeline.tries) {
    if (attemptTry.attempt === index && attemptTry.task === i)
      attemptTry.cut = Math.min(attemptTry.cut, at);
  }
  timeline.tries = timeline.tries.filter(
    (x) => !(x.attempt === index && x.task === i && x.start > at),
  );
}

/**
 * The engine applies a replay under a per-tenant advisory lock and drops (silently: the call
 * still answers with the ids) one that finds the lock taken: `could not acquire advisory lock for
 * replaying tasks` (pkg/repository/task.go). Here a replay holds it for `replayLockMs` (its call
 * answers only then); the runs of one bulk replay are applied under one lock.
 * @param {Scenario} scenario @param {History} history @param {Action} action
 */
function lockedOut(scenario, history, action) {
  const lockMs = replayLockMs(scenario);
  const at = history.actions.indexOf(action);
  const bulk = (/** @type {Action} */ a) => a.type === 'replay' && a.bulk === true;
  return history.actions.some(
    (other, i) =>
      i < at &&
      other.type === 'replay' &&
      other.t <= action.t &&
      action.t < other.t + lockMs &&
      !(other.t === action.t && bulk(other) && bulk(action)),
  );
}

/**
 * How long a replay holds the tenant's lock: 100 ms unless the scenario says otherwise.
 * @param {Scenario} scenario
 */
function replayLockMs(scenario) {
  return scenario.replayLockMs ?? 100;
}

module.exports = { realize, cancel, replayLockMs };
