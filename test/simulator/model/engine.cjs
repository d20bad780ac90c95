// @ts-check
'use strict';
/*
 * The engine's vocabulary and timing: statuses and their priorities, the status each event type
 * gives its task row, the engine options of an attempt (two paths, each with its defaults), and
 * when an event reaches the read model (visible, task row, DAG row).
 */

/**
 * @typedef {import('./types.cjs').Engine} Engine
 * @typedef {import('./types.cjs').EnginePath} EnginePath
 * @typedef {import('./types.cjs').AttemptSpec} AttemptSpec
 * @typedef {import('./types.cjs').Scenario} Scenario
 */

const TERMINAL = ['COMPLETED', 'FAILED', 'CANCELLED'];
const KNOWN_STATUSES = ['QUEUED', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED'];
/** v1_status_to_priority; an unknown (future) status outranks them all. */
const PRIORITY = /** @type {Record<string, number>} */ ({
  QUEUED: 1,
  RUNNING: 2,
  EVICTED: 3,
  CANCELLED: 4,
  FAILED: 5,
  COMPLETED: 6,
});
/** The readable status each event type gives its task row (olap controller). */
const EVENT_STATUS = /** @type {Record<string, string>} */ ({
  QUEUED: 'QUEUED',
  RETRIED_BY_USER: 'QUEUED',
  RETRYING: 'QUEUED',
  ASSIGNED: 'RUNNING',
  STARTED: 'RUNNING',
  FINISHED: 'COMPLETED',
  FAILED: 'FAILED',
  CANCELLED: 'CANCELLED',
});
const ENGINE_KEYS = /** @type {const} */ ([
  'path',
  'eventLagMs',
  'taskLagMs',
  'dagLagMs',
  'jobIntervalMs',
  'downstreamResetMs',
  'retryGapMs',
  'cancelDelayMs',
]);
/**
 * As traces of a real engine show it (test/fixtures/traces, test/conformance/simulator.test.ts):
 * the DAG row follows a task that ends ~120 ms later (one that starts, at once), a child is reset
 * ~270 ms after its parents finished, and a task that will be retried reads FAILED (task and run
 * row) for a moment before the retry shows: 5–121 ms in about 60% of retried tries when read
 * every ~5 ms (test/fixtures/traces/retry-blip.json); 30 ms here, a scenario sets the rest.
 * @type {Engine}
 */
const TRANSACTION_DEFAULTS = {
  path: 'transaction',
  eventLagMs: 0,
  taskLagMs: 0,
  dagLagMs: 120,
  jobIntervalMs: 0,
  downstreamResetMs: 270,
  retryGapMs: 30,
  cancelDelayMs: 200,
};
/** The older path: separate jobs every 2 s write task rows, then DAG rows (one job later). */
/** @type {Engine} */
const EVENTS_FIRST_DEFAULTS = {
  ...TRANSACTION_DEFAULTS,
  path: 'events-first',
  dagLagMs: 2000,
  jobIntervalMs: 2000,
};

/** @param {string} status */
function isUnknown(status) {
  return !KNOWN_STATUSES.includes(status) && status !== 'EVICTED';
}

/** @param {string} status */
function priority(status) {
  return PRIORITY[status] ?? 7;
}

/** @param {string} status whether a task row in this status has ended (an unknown one has) */
function ends(status) {
  return TERMINAL.includes(status) || isUnknown(status);
}

/**
 * The engine options of one attempt: defaults of its path, then scenario, run and attempt layers.
 * @param {Scenario} scenario
 * @param {Partial<Engine> | undefined} runEngine
 * @param {AttemptSpec} spec
 * @returns {Engine}
 */
function engineOptions(scenario, runEngine, spec) {
  /** @type {Partial<Engine>} */
  const flat = {};
  for (const key of ENGINE_KEYS) {
    if (spec[key] !== undefined) Object.assign(flat, { [key]: spec[key] });
  }
  const layers = [scenario.engine, runEngine, spec.engine, flat];
  let path = /** @type {EnginePath} */ ('transaction');
  for (const layer of layers) if (layer?.path) path = layer.path;
  const out = { ...(path === 'events-first' ? EVENTS_FIRST_DEFAULTS : TRANSACTION_DEFAULTS) };
  for (const layer of layers) {
    if (!layer) continue;
    for (const key of ENGINE_KEYS) {
      const value = layer[key];
      if (key !== 'path' && typeof value === 'number' && Number.isFinite(value))
        Object.assign(out, { [key]: Math.max(0, value) });
    }
  }
  out.path = path;
  return out;
}

/**
 * When an event that happens at `time` is visible, reaches its task row (null: a row that is never
 * reset) and the DAG row. On the transaction path the DAG row follows a task that starts at once
 * and one that ends (`ending`) dagLagMs later (traces: a new RUNNING row never read with an old
 * terminal run status; a run row RUNNING ~120 ms after its last task finished); on the older
 * path, separate jobs write task rows, then DAG rows.
 * @param {Engine} opts @param {number} time @param {boolean} frozen @param {boolean} ending
 * @returns {{ visibleAt: number, rowAt: number | null, dagAt: number | null }}
 */
function stamp(opts, time, frozen, ending) {
  const visibleAt = time + opts.eventLagMs;
  const tick = (/** @type {number} */ x) =>
    opts.jobIntervalMs > 0 ? Math.ceil(x / opts.jobIntervalMs) * opts.jobIntervalMs : x;
  const rowAt = frozen
    ? null
    : opts.path === 'transaction'
      ? visibleAt
      : tick(visibleAt + opts.taskLagMs);
  const dagAt =
    rowAt === null
      ? null
      : opts.path === 'transaction'
        ? rowAt + (ending ? opts.dagLagMs : 0)
        : tick(rowAt + opts.dagLagMs);
  return { visibleAt, rowAt, dagAt };
}

module.exports = {
  TERMINAL,
  KNOWN_STATUSES,
  EVENT_STATUS,
  isUnknown,
  priority,
  ends,
  engineOptions,
  stamp,
};
