// @ts-check
'use strict';
/*
 * One attempt of a run (the original, a trigger or a replay) planned as the engine runs it: the
 * outcome of each task, when each is reset (roots at once, a child once its parents finished),
 * queued and started, its tries (retries.cjs), the tasks cancelled below a failed one, and when
 * the attempt is over.
 */
const { EVENT_STATUS, TERMINAL, ends, isUnknown, stamp } = require('./engine.cjs');
const { runTries, slotLength } = require('./retries.cjs');

/**
 * @typedef {import('./types.cjs').AttemptSpec} AttemptSpec
 * @typedef {import('./types.cjs').Attempt} Attempt
 * @typedef {import('./types.cjs').Engine} Engine
 * @typedef {import('./types.cjs').Emit} Emit
 * @typedef {import('./types.cjs').Plan} Plan
 * @typedef {import('./types.cjs').RunDef} RunDef
 * @typedef {import('./types.cjs').Timeline} Timeline
 */

const RESET = { message: 'Task was replayed, resetting task result.' };

/** @param {RunDef} def @param {number} i @returns {number[]} */
function descendants(def, i) {
  const out = new Set();
  const stack = [...(def.children[i] ?? [])];
  while (stack.length) {
    const j = /** @type {number} */ (stack.pop());
    if (out.has(j)) continue;
    out.add(j);
    stack.push(...(def.children[j] ?? []));
  }
  return [...out];
}

/**
 * The final outcome of each task: a status, 'RUNNING', 'CASCADE' (cancelled below the failed
 * one), 'QUEUED' or 'NONE' (never created); and the task the attempt's status is about.
 * @param {RunDef} def @param {AttemptSpec} spec
 */
function outcomes(def, spec) {
  const n = def.taskNames.length;
  const status = spec.status ?? 'COMPLETED';
  const target = Math.max(0, Math.min(n - 1, Math.floor(spec.failTaskIndex ?? n - 1)));
  const below = new Set(descendants(def, target));
  /** @type {string[]} */
  const outcome = def.taskNames.map((_, i) => {
    const root = (def.parents[i] ?? []).length === 0;
    if (status === 'QUEUED') return root ? 'QUEUED' : 'NONE';
    if (status === 'COMPLETED') return 'COMPLETED';
    if (i === target) return status;
    if (below.has(i)) return status === 'FAILED' || status === 'CANCELLED' ? 'CASCADE' : 'NONE';
    return 'COMPLETED';
  });
  return { outcome, target };
}

/**
 * Appends the attempt's events to the timeline, each stamped with when the read model sees it.
 * @param {Timeline} timeline @param {number} attempt @param {Engine} opts
 * @param {number} frozen the task whose row is never reset (-1: none)
 * @returns {Emit}
 */
function emitter(timeline, attempt, opts, frozen) {
  return (task, retryCount, type, at, extra = {}) => {
    const time = Math.round(at);
    const status = EVENT_STATUS[type] ?? type;
    timeline.events.push({
      seq: timeline.events.length,
      id: 0,
      attempt,
      task,
      retryCount,
      type,
      status,
      at: time,
      ...stamp(opts, time, task === frozen, ends(status)),
      message: extra.message ?? '',
      error: extra.error ?? '',
      output: extra.output,
      worker: Boolean(extra.worker),
    });
  };
}

/**
 * Plans one attempt and appends its events.
 * @param {Timeline} timeline
 * @param {AttemptSpec} spec
 * @param {{ index: number, processedAt: number, firstStart: number | null, opts: Engine, defaultDurationMs: number }} p
 */
function planAttempt(timeline, spec, p) {
  const { def } = timeline;
  // The retry count each task had before this attempt (engine truth, per task).
  const previous = def.taskNames.map((_, i) =>
    timeline.events.reduce((max, e) => (e.task === i ? Math.max(max, e.retryCount) : max), -1),
  );
  const base = previous.map((r) => r + 1);
  const { outcome, target } = outcomes(def, spec);
  const runs = (/** @type {number} */ i) =>
    !['CASCADE', 'QUEUED', 'NONE'].includes(outcome[i] ?? '');
  const retries = def.taskNames.map((name, i) =>
    runs(i) ? Math.max(0, Math.floor(spec.retries?.[name] ?? 0)) : 0,
  );
  const slot = slotLength(def, spec.durationMs ?? p.defaultDurationMs, runs, retries, p.opts);
  /** @type {Attempt} */
  const attempt = { ...p, spec, base, end: 0 };
  timeline.attempts.push(attempt);
  const frozen =
    p.index > 0 && spec.neverResetTask ? def.taskNames.indexOf(spec.neverResetTask) : -1;
  const emit = emitter(timeline, p.index, p.opts, frozen);
  /** @type {Plan} */
  const plan = {
    timeline,
    def,
    index: p.index,
    spec,
    opts: p.opts,
    processedAt: p.processedAt,
    firstStart: p.firstStart,
    base,
    outcome,
    retries,
    slot,
    emit,
    ends: def.taskNames.map(() => null),
    finals: [],
  };
  // A replay: every replayed task gets RETRIED_BY_USER at its pre-replay retry count.
  previous.forEach((r, i) => {
    if (p.index > 0 && r >= 0) emit(i, r, 'RETRIED_BY_USER', p.processedAt, RESET);
  });
  for (let i = 0; i < def.taskNames.length; i++) scheduleTask(plan, i);
  cascade(plan, target);
  attempt.end = attemptEnd(timeline, attempt, plan.finals);
}

/**
 * Task i in the attempt: reset (queued) once it is ready, then its tries.
 * @param {Plan} plan @param {number} i
 */
function scheduleTask(plan, i) {
  const parents = plan.def.parents[i] ?? [];
  const result = plan.outcome[i] ?? 'NONE';
  if (result === 'NONE' || result === 'CASCADE') return;
  // Roots are reset at once; a task whose parent is replayed keeps its old row until then.
  /** @type {number} */
  let ready;
  if (parents.length === 0) ready = plan.processedAt;
  else {
    const parentEnds = parents.map((j) => plan.ends[j] ?? Infinity);
    ready = Math.max(...parentEnds) + plan.opts.downstreamResetMs;
  }
  if (!Number.isFinite(ready)) return;
  plan.emit(i, /** @type {number} */ (plan.base[i]), 'QUEUED', ready, {
    message: 'Task was queued',
  });
  if (result === 'QUEUED' || (parents.length === 0 && plan.firstStart === null)) {
    plan.finals[i] = Infinity;
    return;
  }
  const first =
    parents.length === 0 ? Math.max(/** @type {number} */ (plan.firstStart), ready) : ready;
  const start = runTries(plan, i, first);
  // Kept unrounded: rounding each hop would drift the attempt's total duration.
  plan.ends[i] = result === 'RUNNING' ? Infinity : start + plan.slot;
  plan.finals[i] = /** @type {number} */ (plan.ends[i]);
}

/**
 * Tasks below a failed or cancelled one are cancelled (at N+1 on a replay).
 * @param {Plan} plan @param {number} target
 */
function cascade(plan, target) {
  const targetEnd = plan.ends[target];
  for (let i = 0; i < plan.def.taskNames.length; i++) {
    if (plan.outcome[i] !== 'CASCADE' || targetEnd === null || targetEnd === undefined) continue;
    const at = Math.round(targetEnd + plan.opts.downstreamResetMs);
    plan.emit(i, /** @type {number} */ (plan.base[i]), 'CANCELLED', at, {
      message: 'Task was cancelled because an upstream task failed',
    });
    plan.finals[i] = at;
  }
}

/**
 * When an attempt is over in the engine (Infinity while a task runs or waits forever).
 * @param {Timeline} timeline @param {Attempt} attempt @param {number[]} finals
 */
function attemptEnd(timeline, attempt, finals) {
  if (finals.some((f) => f === Infinity)) return Infinity;
  // A task that never ran (below a task that runs forever) keeps the attempt open too.
  const outcomeOpen = timeline.def.taskNames.some((_, i) => {
    const mine = timeline.events.filter((e) => e.attempt === attempt.index && e.task === i);
    return (
      mine.length > 0 &&
      !TERMINAL.includes(mine[mine.length - 1]?.status ?? '') &&
      !isUnknown(mine[mine.length - 1]?.status ?? '')
    );
  });
  if (outcomeOpen) return Infinity;
  const times = timeline.events.filter((e) => e.attempt === attempt.index).map((e) => e.at);
  return Math.max(attempt.processedAt, ...times);
}

module.exports = { planAttempt, descendants };
