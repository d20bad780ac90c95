// @ts-check
'use strict';
/*
 * A task's tries inside one attempt: a task with retries fails that many times first (each failed
 * try reads FAILED for `retryGapMs`, then a RETRYING event at retryCount + 1 and a new try), then
 * its last try ends in the task's outcome (or never ends, RUNNING). Every try lasts one slot,
 * sized so that the attempt's longest path takes its `durationMs`.
 */

/**
 * @typedef {import('./types.cjs').Engine} Engine
 * @typedef {import('./types.cjs').Plan} Plan
 * @typedef {import('./types.cjs').RunDef} RunDef
 */

// A retried try is picked up this long after its RETRYING event.
const RETRY_PICKUP_MS = 20;

/**
 * How long one try runs, so that the longest path of the attempt (tries, retry gaps and the
 * downstream reset delays) takes `durationMs`.
 * @param {RunDef} def @param {number} durationMs @param {(i: number) => boolean} runs
 * @param {number[]} retries @param {Engine} opts
 */
function slotLength(def, durationMs, runs, retries, opts) {
  let best = Infinity;
  /** @param {number} i @param {number} tries @param {number} gaps */
  const walk = (i, tries, gaps) => {
    const r = retries[i] ?? 0;
    const t = tries + r + 1;
    const g =
      gaps +
      r * (opts.retryGapMs + RETRY_PICKUP_MS) +
      ((def.parents[i] ?? []).length > 0 ? opts.downstreamResetMs : 0);
    const next = (def.children[i] ?? []).filter(runs);
    if (next.length === 0) best = Math.min(best, (durationMs - g) / t);
    for (const j of next) walk(j, t, g);
  };
  def.taskNames.forEach((_, i) => {
    if (runs(i) && (def.parents[i] ?? []).length === 0) walk(i, 0, 0);
  });
  return Number.isFinite(best) ? Math.max(1, best) : Math.max(1, durationMs);
}

/**
 * Task i's tries, the first starting at `first`: their events, and each try (for its logs).
 * @param {Plan} plan @param {number} i @param {number} first
 * @returns {number} when the last try started
 */
function runTries(plan, i, first) {
  const { spec, emit } = plan;
  const name = /** @type {string} */ (plan.def.taskNames[i]);
  const result = plan.outcome[i] ?? 'NONE';
  const tries = /** @type {number} */ (plan.retries[i]);
  let start = first;
  for (let j = 0; j <= tries; j++) {
    const retryCount = /** @type {number} */ (plan.base[i]) + j;
    const last = j === tries;
    const forever = last && result === 'RUNNING';
    const end = forever ? Infinity : start + plan.slot;
    emit(i, retryCount, 'ASSIGNED', start, { message: 'Assigned to worker', worker: true });
    emit(i, retryCount, 'STARTED', start, { message: 'Task started', worker: true });
    const failed = !last || result === 'FAILED';
    const error = !last
      ? (spec.retryError ?? `${name}: transient failure (try ${j + 1})`)
      : (spec.error ?? 'Error: task failed');
    plan.timeline.tries.push({
      attempt: plan.index,
      task: i,
      retryCount,
      start: Math.round(start),
      logEnd: Math.round(forever ? start + plan.slot : end),
      cut: Infinity,
      failed,
      error,
      spec,
    });
    if (forever) break;
    if (!last) {
      emit(i, retryCount, 'FAILED', end, { message: 'Task failed', error, worker: true });
      const retryAt = end + plan.opts.retryGapMs;
      emit(i, retryCount + 1, 'RETRYING', retryAt, { message: `This is retry number ${j + 1}.` });
      start = retryAt + RETRY_PICKUP_MS;
      continue;
    }
    lastTryEnds(plan, i, retryCount, end, error);
  }
  return start;
}

/**
 * The event that ends task i's last try in its outcome. A completed task's output is its own
 * (`taskOutputs`), or the attempt's `output` for a leaf task.
 * @param {Plan} plan @param {number} i @param {number} retryCount @param {number} end
 * @param {string} error
 */
function lastTryEnds(plan, i, retryCount, end, error) {
  const { def, spec, emit } = plan;
  const name = /** @type {string} */ (def.taskNames[i]);
  const result = plan.outcome[i] ?? 'NONE';
  if (result === 'COMPLETED') {
    const output =
      spec.taskOutputs?.[name] ??
      ((def.children[i] ?? []).length === 0 ? spec.output : undefined) ??
      {};
    emit(i, retryCount, 'FINISHED', end, { message: 'Task completed', output, worker: true });
  } else if (result === 'FAILED')
    emit(i, retryCount, 'FAILED', end, { message: 'Task failed', error, worker: true });
  else if (result === 'CANCELLED')
    emit(i, retryCount, 'CANCELLED', end, { message: 'Task was cancelled' });
  // An unknown (future) status: the task ends in it.
  else emit(i, retryCount, result, end, { message: `Task ended ${result}` });
}

module.exports = { RETRY_PICKUP_MS, slotLength, runTries };
