// @ts-check
'use strict';
/*
 * `runs logs` and `runs events`. Log lines are generated per try on demand (a task may print
 * millions); a run id takes the run path (each task's oldest 50 lines, merged, then --tail), any
 * other id is taken as a task's id (the task path). Events: a DAG run's, else the task's.
 */
const { fatal, iso, parseSince, parseUuid, print } = require('./format.cjs');
const { visibleEvents } = require('./read-model.cjs');
const { eventsNewestFirst, runDetails } = require('./documents.cjs');
const { readableRun, readableTask } = require('./store.cjs');

/**
 * @typedef {import('./types.cjs').Scenario} Scenario
 * @typedef {import('./types.cjs').History} History
 * @typedef {import('./types.cjs').Request} Request
 * @typedef {import('./types.cjs').Timeline} Timeline
 * @typedef {import('./types.cjs').Try} Try
 * @typedef {{ task: string, timestamp: number, level: string, message: string }} LogEntry
 */

/**
 * Log lines of one try, generated on demand (a task may print millions).
 * @param {Timeline} timeline @param {Try} x
 */
function tryLines(timeline, x) {
  const name = /** @type {string} */ (timeline.def.taskNames[x.task]);
  const given = x.spec.logs?.[name];
  const count = given ? given.length : Math.max(0, Math.floor(x.spec.logLines ?? 4));
  const span = Math.max(1, x.logEnd - x.start);
  /** @param {number} i */
  const timestamp = (i) => x.start + Math.floor(((i + 1) / (count + 1)) * span);
  /** @param {number} i */
  const line = (i) => {
    const last = i === count - 1;
    const failing = last && x.failed;
    const message = given
      ? /** @type {string} */ (given[i])
      : failing
        ? `${name} failed: ${x.error.split('\n')[0]}`
        : `${name}: step ${i + 1} of ${count} (attempt ${x.retryCount + 1})`;
    return {
      timestamp: timestamp(i),
      level: failing ? 'ERROR' : 'INFO',
      message,
      retryCount: x.retryCount,
    };
  };
  return { count, timestamp, line };
}

/**
 * The log list endpoint for one task: lines newer than `since` and printed by t, oldest first
 * (the first `limit`) or newest first (`desc`).
 * @param {Timeline} timeline @param {number} task @param {number} t
 * @param {{ since?: number, limit: number, desc: boolean }} q
 */
function taskLogs(timeline, task, t, q) {
  const tries = timeline.tries.filter((x) => x.task === task).sort((a, b) => a.start - b.start);
  /** @type {{ timestamp: number, level: string, message: string, retryCount: number }[]} */
  const out = [];
  const ordered = q.desc ? [...tries].reverse() : tries;
  for (const x of ordered) {
    if (out.length >= q.limit) break;
    const { count, timestamp, line } = tryLines(timeline, x);
    const until = Math.min(t, x.cut);
    // Lines are in time order: find the visible range [from, to) by binary search.
    const from =
      q.since === undefined
        ? 0
        : firstIndex(count, (i) => timestamp(i) > /** @type {number} */ (q.since));
    const to = firstIndex(count, (i) => timestamp(i) > until);
    if (q.desc) for (let i = to - 1; i >= from && out.length < q.limit; i--) out.push(line(i));
    else for (let i = from; i < to && out.length < q.limit; i++) out.push(line(i));
  }
  return out;
}

/**
 * The first index in [0, n) for which `test` holds (test is monotonic), or n.
 * @param {number} n @param {(i: number) => boolean} test
 */
function firstIndex(n, test) {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (test(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** @param {Scenario} scenario @param {History} history @param {Request} request */
function runsLogs(scenario, history, request) {
  const raw = request.args[0] ?? '';
  const parsed = parseUuid(raw);
  if ('error' in parsed) return fatal(`invalid run ID ${JSON.stringify(raw)}: ${parsed.error}`);
  const t = request.t;
  const tail = typeof request.flags.tail === 'number' ? request.flags.tail : 0;
  /** @type {number | undefined} */
  let since;
  if (typeof request.flags.since === 'string' && request.flags.since !== '') {
    const s = parseSince(request.flags.since, t);
    if ('error' in s) return fatal(`invalid --since value: ${s.error}`);
    since = s.at;
  }
  // A refused token: every API call fails, and the CLI prints null.
  if (!request.auth.valid) return print(null);
  const run = readableRun(scenario, history, parsed.id, t);
  if (run) return printLogs(runPathLogs(scenario, run, t, since, tail));
  // The task path: the id is taken as a task's id (a DAG's task).
  const owned = readableTask(scenario, history, parsed.id, t);
  // The server rejects a limit above 10000: no rows, and the CLI prints null.
  if (!owned || tail > 10_000) return print(null);
  const { timeline, task } = owned;
  const lines =
    tail > 0
      ? taskLogs(timeline, task, t, { since, limit: tail, desc: true }).reverse()
      : taskLogs(timeline, task, t, { since, limit: 50, desc: false });
  return printLogs(
    lines.map((l) => ({ task: '', timestamp: l.timestamp, level: l.level, message: l.message })),
  );
}

/**
 * The run path: the server's first 50 lines of each task (all attempts), merged, then --tail.
 * @param {Scenario} scenario @param {Timeline} run @param {number} t
 * @param {number | undefined} since @param {number} tail
 * @returns {LogEntry[]}
 */
function runPathLogs(scenario, run, t, since, tail) {
  const details = runDetails(scenario, run, t);
  /** @type {LogEntry[]} */
  const all = [];
  for (const task of details.tasks) {
    const i = run.def.taskIds.indexOf(task.taskExternalId ?? '');
    for (const line of taskLogs(run, i, t, { since, limit: 50, desc: false }))
      all.push({
        task: task.displayName,
        timestamp: line.timestamp,
        level: line.level,
        message: line.message,
      });
  }
  all.sort((a, b) => a.timestamp - b.timestamp);
  return tail > 0 && all.length > tail ? all.slice(all.length - tail) : all;
}

/**
 * Log entries in the CLI's own struct order (task, timestamp, level, message); none → null.
 * @param {{ task: string, timestamp: number, level: string, message: string }[]} lines
 */
function printLogs(lines) {
  if (lines.length === 0) return print(null);
  return print(
    lines.map((l) => ({
      task: l.task,
      timestamp: iso(l.timestamp),
      ...(l.level ? { level: l.level } : {}),
      message: l.message,
    })),
    false,
  );
}

/** @param {Scenario} scenario @param {History} history @param {Request} request */
function runsEvents(scenario, history, request) {
  const raw = request.args[0] ?? '';
  const parsed = parseUuid(raw);
  if ('error' in parsed) return fatal(`invalid run ID ${JSON.stringify(raw)}: ${parsed.error}`);
  if (!request.auth.valid) return print(null);
  const t = request.t;
  const run = readableRun(scenario, history, parsed.id, t);
  if (run && run.def.kind === 'dag') {
    const events = visibleEvents(run, t);
    if (events.length > 0) return print(eventsNewestFirst(run, events));
  }
  // Falls back to the task events endpoint (a standalone run's id is its task's id).
  const owned = readableTask(scenario, history, parsed.id, t);
  if (!owned) return print(null);
  const events = visibleEvents(owned.timeline, t).filter((e) => e.task === owned.task);
  return print(eventsNewestFirst(owned.timeline, events).slice(0, 1000));
}

module.exports = { taskLogs, runsLogs, runsEvents };
