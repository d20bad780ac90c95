// @ts-check
'use strict';
/*
 * `runs list` and the selection the bulk `runs replay|cancel` share with it: the filter flags
 * checked in the CLI's order, the runs (or task rows) they select newest first, one page of
 * them and the server's pagination.
 */
const { KNOWN_STATUSES } = require('./engine.cjs');
const { NIL_UUID, fatal, iso, parseSince, parseUuid, print, uuid } = require('./format.cjs');
const { allWorkflows } = require('./runs.cjs');
const { allRuns } = require('./store.cjs');
const { realize } = require('./timeline.cjs');
const { errorOf, eventTimes, rowsAt, runStatusAt, visibleEvents } = require('./read-model.cjs');
const { taskNumber, taskSummary } = require('./documents.cjs');

/**
 * @typedef {import('./types.cjs').Scenario} Scenario
 * @typedef {import('./types.cjs').History} History
 * @typedef {import('./types.cjs').Request} Request
 * @typedef {import('./types.cjs').Timeline} Timeline
 * @typedef {import('./types.cjs').Row} Row
 * @typedef {{ since: number, until?: number, workflowId?: string, statuses: string[] }} Filter
 */

/**
 * A run as `runs list` shows it (the DAG path renders every run, standalone tasks included,
 * with type DAG).
 * @param {Scenario} scenario @param {Timeline} timeline @param {number} t
 */
function runSummary(scenario, timeline, t) {
  const { def } = timeline;
  const events = visibleEvents(timeline, t);
  const rows = rowsAt(timeline, t);
  const restricted = def.payloadsRestricted;
  const isTask = def.kind === 'task';
  const task =
    isTask && rows[0] ? taskSummary(timeline, 0, rows[0], events, scenario, true) : undefined;
  const times = eventTimes(events, isTask);
  const startedAt = isTask ? (task?.startedAt ?? null) : iso(times.startedAt);
  const finishedAt = isTask ? (task?.finishedAt ?? null) : iso(times.finishedAt);
  const started = isTask ? (task?.startedAt ? Date.parse(task.startedAt) : null) : times.startedAt;
  const finished = isTask
    ? task?.finishedAt
      ? Date.parse(task.finishedAt)
      : null
    : times.finishedAt;
  const children = rows
    .map((row, i) => ({ row, i }))
    .filter((x) => x.row !== null)
    .map(({ row, i }) =>
      taskSummary(timeline, i, /** @type {Row} */ (row), events, scenario, true),
    );
  const retryCount = isTask ? (rows[0]?.retryCount ?? 0) : times.retryCount;
  return {
    actionId: '',
    additionalMetadata: def.additionalMetadata,
    attempt: retryCount + 1,
    ...(isTask ? {} : { children }),
    createdAt: iso(isTask ? def.createdAt : times.createdAt),
    displayName: `${isTask ? def.taskNames[0] : def.workflowName}-${def.createdAt}`,
    ...(started !== null && finished !== null ? { duration: finished - started } : {}),
    errorMessage: errorOf(events),
    ...(finished !== null ? { finishedAt } : {}),
    input: {},
    metadata: { createdAt: iso(def.createdAt), id: def.id, updatedAt: iso(def.createdAt) },
    numSpawnedChildren: 0,
    output: {},
    ...(restricted ? { payloadsRestricted: true } : {}),
    retryCount,
    ...(started !== null ? { startedAt } : {}),
    status: runStatusAt(timeline, t),
    stepId: isTask ? def.stepIds[0] : NIL_UUID,
    taskExternalId: def.id,
    taskId: isTask ? taskNumber(def, 0) : 0,
    taskInsertedAt: iso(def.createdAt),
    tenantId: scenario.tenantId ?? NIL_UUID,
    type: 'DAG',
    workflowId: def.workflowId,
    ...(def.workflowNamed ? { workflowName: def.workflowName } : {}),
    workflowRunExternalId: def.id,
    workflowVersionId: uuid(`${def.workflowId}:v1`),
  };
}

/**
 * The runs (or, with onlyTasks, task rows) `runs list` / bulk replay and cancel select.
 * @param {Scenario} scenario @param {History} history @param {number} t
 * @param {{ since: number, until?: number, workflowId?: string, statuses: string[], onlyTasks: boolean }} f
 */
function selectRuns(scenario, history, t, f) {
  const matches = [];
  for (const def of allRuns(scenario, history, t)) {
    if (t < def.visibleFrom) continue;
    if (f.workflowId && def.workflowId !== f.workflowId) continue;
    if (
      !f.onlyTasks &&
      (def.createdAt < f.since || (f.until !== undefined && def.createdAt > f.until))
    )
      continue;
    const timeline = realize(scenario, history, def, t);
    if (f.onlyTasks) {
      const rows = rowsAt(timeline, t);
      rows.forEach((row, i) => {
        if (!row) return;
        if (row.createdAt < f.since || (f.until !== undefined && row.createdAt > f.until)) return;
        if (f.statuses.length && !f.statuses.includes(row.status)) return;
        matches.push({ timeline, task: i, createdAt: row.createdAt, id: def.taskIds[i] ?? '' });
      });
      continue;
    }
    if (f.statuses.length && !f.statuses.includes(runStatusAt(timeline, t))) continue;
    matches.push({ timeline, task: -1, createdAt: def.createdAt, id: def.id });
  }
  return matches.sort(
    (a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
  );
}

/**
 * Flags shared by `runs list` and the bulk forms, checked in the CLI's order.
 * @param {Scenario} scenario @param {Request} request
 * @returns {{ since: number, until?: number, workflowId?: string, statuses: string[] } | { error: string }}
 */
function listFilter(scenario, request) {
  const t = request.t;
  const flags = request.flags;
  const since = parseSince(String(flags.since ?? '24h'), t);
  if ('error' in since) return { error: `invalid --since value: ${since.error}` };
  /** @type {number | undefined} */
  let until;
  if (typeof flags.until === 'string' && flags.until !== '') {
    const parsed = parseSince(flags.until, t);
    if ('error' in parsed) return { error: `invalid --until value: ${parsed.error}` };
    until = parsed.at;
  }
  /** @type {string | undefined} */
  let workflowId;
  if (typeof flags.workflow === 'string' && flags.workflow !== '') {
    const asId = parseUuid(flags.workflow);
    if ('id' in asId) workflowId = asId.id;
    else {
      // A name goes through the server's name search: a refused token finds nothing.
      const found = request.auth.valid
        ? allWorkflows(scenario).find((w) => w.name === flags.workflow)
        : undefined;
      if (!found)
        return {
          error: `could not resolve workflow: workflow ${JSON.stringify(flags.workflow)} not found`,
        };
      workflowId = found.id;
    }
  }
  /** @type {string[]} */
  const statuses = [];
  for (const s of Array.isArray(flags.status) ? flags.status : []) {
    const upper = s.toUpperCase();
    if (!KNOWN_STATUSES.includes(upper))
      return {
        error: `invalid status ${JSON.stringify(s)} (valid: QUEUED,RUNNING,COMPLETED,FAILED,CANCELLED)`,
      };
    if (!statuses.includes(upper)) statuses.push(upper);
  }
  return { since: since.at, until, workflowId, statuses };
}

/** @param {Scenario} scenario @param {History} history @param {Request} request */
function runsList(scenario, history, request) {
  const filter = listFilter(scenario, request);
  if ('error' in filter) return fatal(filter.error);
  if (!request.auth.valid) return fatal('unexpected response from API (status 403)');
  const limit = typeof request.flags.limit === 'number' ? request.flags.limit : 50;
  const offset = typeof request.flags.offset === 'number' ? request.flags.offset : 0;
  // limit 0 divides by zero in the server's paging, a negative one is an SQL error: both 500.
  if (limit <= 0 || offset < 0) return fatal('unexpected response from API (status 500)');
  const onlyTasks = request.flags['only-tasks'] === true;
  const matches = selectRuns(scenario, history, request.t, { ...filter, onlyTasks });
  const page = matches.slice(offset, offset + limit);
  const rows = page.map((m) => {
    if (m.task < 0) return runSummary(scenario, m.timeline, request.t);
    const row = /** @type {Row} */ (rowsAt(m.timeline, request.t)[m.task]);
    return taskSummary(
      m.timeline,
      m.task,
      row,
      visibleEvents(m.timeline, request.t),
      scenario,
      true,
    );
  });
  const current = Math.floor(offset / limit) + 1;
  return print({
    pagination: {
      current_page: current,
      next_page: current + 1,
      num_pages: Math.ceil(matches.length / limit),
    },
    rows,
  });
}

module.exports = { listFilter, selectRuns, runsList };
