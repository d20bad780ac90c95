// @ts-check
'use strict';
/*
 * The read model: what the API reads of a timeline at a time t. Events are visible after their
 * lag; task rows fold the events as UpdateTaskStatuses does (a newer retry count always wins; at
 * the same one only a higher priority); a DAG's row is counted over its task rows (old ones
 * included) as UpdateDAGStatuses does, when its job runs; times and errors come from events.
 */
const { TERMINAL, isUnknown, priority } = require('./engine.cjs');

/**
 * @typedef {import('./types.cjs').Timeline} Timeline
 * @typedef {import('./types.cjs').TaskEvent} TaskEvent
 * @typedef {import('./types.cjs').Row} Row
 */

// Go's time.Duration saturates: a zero finishedAt minus a real startedAt, in milliseconds.
const SATURATED_MS = 9_223_372_036_854;

/**
 * Task rows as the OLAP tables hold them at time t (null: no row yet).
 * @param {Timeline} timeline @param {number} t
 * @returns {(Row | null)[]}
 */
function rowsAt(timeline, t) {
  /** @type {(Row | null)[]} */
  const rows = timeline.def.taskNames.map(() => null);
  const updates = timeline.events
    .filter((e) => e.rowAt !== null && e.rowAt <= t)
    .sort(
      (a, b) =>
        /** @type {number} */ (a.rowAt) - /** @type {number} */ (b.rowAt) ||
        a.at - b.at ||
        a.seq - b.seq,
    );
  for (const e of updates) {
    const row = rows[e.task];
    if (!row) {
      rows[e.task] = { status: e.status, retryCount: e.retryCount, createdAt: e.at };
      continue;
    }
    // A newer retry count always applies; at the same one only a higher priority does.
    const newer = e.retryCount > row.retryCount;
    const higher = e.retryCount === row.retryCount && priority(e.status) > priority(row.status);
    if (newer || higher) {
      row.status = e.status;
      row.retryCount = e.retryCount;
    }
  }
  return rows;
}

/**
 * The DAG row's status, as UpdateDAGStatuses counts it over the task rows (old rows included).
 * @param {(Row | null)[]} rows @param {string} previous
 */
function dagRule(rows, previous) {
  const present = /** @type {Row[]} */ (rows.filter(Boolean));
  const count = (/** @type {string} */ s) => present.filter((r) => r.status === s).length;
  const unknown = present.find((r) => isUnknown(r.status));
  if (unknown) return unknown.status;
  const queued = count('QUEUED');
  // Only queued rows: the status stays what it was (the old terminal one after a replay).
  if (queued === present.length) return previous;
  if (present.length !== rows.length && ['FAILED', 'CANCELLED'].includes(previous)) return previous;
  if (present.length !== rows.length) return 'RUNNING';
  if (count('RUNNING') > 0 || queued > 0) return 'RUNNING';
  if (count('FAILED') > 0) return 'FAILED';
  if (count('CANCELLED') > 0) return 'CANCELLED';
  if (count('COMPLETED') === present.length) return 'COMPLETED';
  return 'RUNNING';
}

/**
 * The run's own status at t: a DAG's row (updated when its task rows change, late on the older
 * path), or a standalone task's row.
 * @param {Timeline} timeline @param {number} t
 */
function runStatusAt(timeline, t) {
  if (timeline.def.kind === 'task') return rowsAt(timeline, t)[0]?.status ?? 'QUEUED';
  const points = [
    ...new Set(
      timeline.events
        .map((e) => e.dagAt)
        .filter((/** @type {number | null} */ u) => u !== null && u <= t),
    ),
  ].sort((a, b) => /** @type {number} */ (a) - /** @type {number} */ (b));
  let status = 'QUEUED';
  for (const u of points) status = dagRule(rowsAt(timeline, /** @type {number} */ (u)), status);
  return status;
}

/**
 * Events the read model shows at t.
 * @param {Timeline} timeline @param {number} t
 */
function visibleEvents(timeline, t) {
  return timeline.events.filter((e) => e.visibleAt <= t);
}

/**
 * created/started/finished times from events at the highest retry count, per task (runs get) or
 * per run (runs list), as ReadWorkflowRunByExternalId and PopulateDAGMetadata compute them.
 * @param {TaskEvent[]} events @param {boolean} perTask
 */
function eventTimes(events, perTask) {
  /** @type {Map<number, number>} */
  const max = new Map();
  for (const e of events) {
    const key = perTask ? e.task : 0;
    max.set(key, Math.max(max.get(key) ?? -1, e.retryCount));
  }
  const latest = events.filter((e) => e.retryCount === max.get(perTask ? e.task : 0));
  const running = latest.filter((e) => e.status === 'RUNNING').map((e) => e.visibleAt);
  const done = latest.filter((e) => TERMINAL.includes(e.status)).map((e) => e.visibleAt);
  return {
    createdAt: latest.length ? Math.min(...latest.map((e) => e.visibleAt)) : null,
    startedAt: running.length ? Math.min(...running) : null,
    finishedAt: done.length ? Math.max(...done) : null,
    retryCount: max.size ? Math.max(...max.values()) : 0,
  };
}

/** @param {number | null} finishedAt @param {number | null} startedAt */
function durationOf(finishedAt, startedAt) {
  if (finishedAt === null && startedAt === null) return 0;
  if (finishedAt === null) return -SATURATED_MS;
  if (startedAt === null) return SATURATED_MS;
  return finishedAt - startedAt;
}

/** @param {TaskEvent[]} events */
function errorOf(events) {
  const failed = events
    .filter((e) => e.status === 'FAILED')
    .sort((a, b) => b.retryCount - a.retryCount || b.at - a.at);
  return failed[0]?.error ?? '';
}

/** @param {TaskEvent[]} events */
function newestOutput(events) {
  const finished = events
    .filter((e) => e.type === 'FINISHED')
    .sort((a, b) => b.visibleAt - a.visibleAt || b.id - a.id);
  return finished[0]?.output;
}

module.exports = {
  rowsAt,
  dagRule,
  runStatusAt,
  visibleEvents,
  eventTimes,
  durationOf,
  errorOf,
  newestOutput,
};
