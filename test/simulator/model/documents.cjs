// @ts-check
'use strict';
/*
 * The API's documents, from the read model at a time t: a run's details (what `runs get` prints),
 * a task's summary (V1TaskSummary, also a row of `runs list --only-tasks`) and a task event.
 */
const { NIL_UUID, ZERO_TIME, iso, uuid } = require('./format.cjs');
const { TERMINAL } = require('./engine.cjs');
const {
  durationOf,
  errorOf,
  eventTimes,
  newestOutput,
  rowsAt,
  runStatusAt,
  visibleEvents,
} = require('./read-model.cjs');

/**
 * @typedef {import('./types.cjs').Scenario} Scenario
 * @typedef {import('./types.cjs').Timeline} Timeline
 * @typedef {import('./types.cjs').TaskEvent} TaskEvent
 * @typedef {import('./types.cjs').RunDef} RunDef
 * @typedef {import('./types.cjs').Row} Row
 */

/**
 * One task's summary (V1TaskSummary of a task row).
 * @param {Timeline} timeline @param {number} i @param {Row} row @param {TaskEvent[]} events
 * @param {Scenario} scenario @param {boolean} withName
 */
function taskSummary(timeline, i, row, events, scenario, withName) {
  const { def } = timeline;
  const name = /** @type {string} */ (def.taskNames[i]);
  const mine = events.filter((e) => e.task === i);
  const top = Math.max(-1, ...mine.map((e) => e.retryCount));
  const latest = mine.filter((e) => e.retryCount === top);
  const started = latest.filter((e) => e.type === 'STARTED').map((e) => e.at);
  const done = latest.filter((e) => TERMINAL.includes(e.status)).map((e) => e.at);
  const startedAt = started.length ? Math.max(...started) : null;
  const finishedAt = done.length ? Math.max(...done) : null;
  const restricted = def.payloadsRestricted;
  const output = [...mine]
    .filter((e) => e.type === 'FINISHED')
    .sort((a, b) => b.at - a.at)[0]?.output;
  return {
    actionId: `${def.workflowName}:${name}`,
    additionalMetadata: def.additionalMetadata,
    attempt: row.retryCount + 1,
    createdAt: ZERO_TIME,
    displayName: `${name}-${def.createdAt}`,
    ...(startedAt !== null && finishedAt !== null ? { duration: finishedAt - startedAt } : {}),
    errorMessage: errorOf(latest),
    ...(finishedAt !== null ? { finishedAt: iso(finishedAt) } : {}),
    input: restricted || i !== 0 ? {} : def.input,
    isDurable: false,
    isEvicted: false,
    metadata: { id: def.taskIds[i], createdAt: iso(row.createdAt), updatedAt: iso(row.createdAt) },
    numSpawnedChildren: 0,
    output: restricted ? {} : (output ?? {}),
    ...(restricted ? { payloadsRestricted: true } : {}),
    retryCount: row.retryCount,
    ...(startedAt !== null ? { startedAt: iso(startedAt) } : {}),
    status: row.status,
    stepId: def.stepIds[i],
    taskExternalId: def.taskIds[i],
    taskId: taskNumber(def, i),
    taskInsertedAt: iso(row.createdAt),
    tenantId: scenario.tenantId ?? NIL_UUID,
    type: 'TASK',
    workflowId: def.workflowId,
    ...(withName ? { workflowName: def.workflowNamed ? def.workflowName : '' } : {}),
    workflowRunExternalId: def.id,
    workflowVersionId: uuid(`${def.workflowId}:v1`),
  };
}

/** @param {RunDef} def @param {number} i a stable internal task id */
function taskNumber(def, i) {
  return (parseInt(def.id.replace(/-/g, '').slice(0, 7), 16) % 1_000_000) * 100 + i + 1;
}

/**
 * One event as the API prints it.
 * @param {Timeline} timeline @param {TaskEvent} e
 */
function eventJson(timeline, e) {
  const { def } = timeline;
  return {
    attempt: e.retryCount + 1,
    errorMessage: e.error,
    eventType: e.type,
    id: e.id,
    message: e.message,
    ...(e.type === 'FINISHED' && !def.payloadsRestricted
      ? { output: JSON.stringify(e.output ?? {}) }
      : {}),
    retryCount: e.retryCount,
    taskDisplayName: `${def.taskNames[e.task]}-${def.createdAt}`,
    taskId: def.taskIds[e.task],
    timestamp: iso(e.at),
    ...(e.worker ? { workerId: uuid('worker') } : {}),
  };
}

/** @param {Timeline} timeline @param {TaskEvent[]} events newest first */
function eventsNewestFirst(timeline, events) {
  return [...events].sort((a, b) => b.at - a.at || b.id - a.id).map((e) => eventJson(timeline, e));
}

/**
 * What `runs get` prints for a run at time t.
 * @param {Scenario} scenario @param {Timeline} timeline @param {number} t
 */
function runDetails(scenario, timeline, t) {
  const { def } = timeline;
  const events = visibleEvents(timeline, t);
  const rows = rowsAt(timeline, t);
  const times = eventTimes(events, true);
  const restricted = def.payloadsRestricted;
  const common = {
    tenantId: scenario.tenantId ?? NIL_UUID,
    workflowId: def.workflowId,
    workflowVersionId: uuid(`${def.workflowId}:v1`),
  };
  // Task rows newest first, as PopulateTaskRunData orders them.
  const present = rows
    .map((row, i) => ({ row, i }))
    .filter((x) => x.row !== null)
    .sort(
      (a, b) =>
        /** @type {Row} */ (b.row).createdAt - /** @type {Row} */ (a.row).createdAt || b.i - a.i,
    );
  return {
    run: {
      additionalMetadata: def.additionalMetadata,
      createdAt: iso(times.createdAt),
      displayName: `${def.kind === 'task' ? def.taskNames[0] : def.workflowName}-${def.createdAt}`,
      duration: durationOf(times.finishedAt, times.startedAt),
      errorMessage: errorOf(events),
      finishedAt: iso(times.finishedAt),
      // A tenant that restricts payloads shows `{}` for input and output.
      input: restricted ? {} : def.input,
      metadata: { createdAt: iso(def.createdAt), id: def.id, updatedAt: iso(def.createdAt) },
      output: restricted ? {} : (newestOutput(events) ?? {}),
      ...(restricted ? { payloadsRestricted: true } : {}),
      startedAt: iso(times.startedAt),
      status: runStatusAt(timeline, t),
      ...common,
    },
    shape:
      def.kind === 'task'
        ? []
        : def.taskNames.map((name, i) => ({
            childrenStepIds: (def.children[i] ?? []).map((j) => def.stepIds[j]),
            stepId: def.stepIds[i],
            // A step without a task row yet maps to the zero UUID.
            taskExternalId: rows[i] ? def.taskIds[i] : NIL_UUID,
            taskName: name,
          })),
    // Only DAG runs carry events here; a standalone task's come from `runs events`.
    taskEvents: def.kind === 'task' ? [] : eventsNewestFirst(timeline, events),
    tasks: present.map(({ row, i }) =>
      taskSummary(timeline, i, /** @type {Row} */ (row), events, scenario, false),
    ),
    workflowConfig: workflowConfig(def),
  };
}

/**
 * The options the workflow was registered with, as the engine shows them (only what the action
 * reads, and names): a task's `Retries` is the most any attempt of the run retries it (an engine
 * retries a task only as often as its workflow allows).
 * @param {RunDef} def
 */
function workflowConfig(def) {
  const attempts = [def.original, ...def.replays];
  return {
    Name: def.workflowName,
    Tasks: def.taskNames.map((name, i) => ({
      Action: `${def.workflowName}:${name}`,
      Parents: (def.parents[i] ?? []).map((p) => def.taskNames[p]),
      ReadableId: name,
      Retries: Math.max(0, ...attempts.map((a) => a.retries?.[name] ?? 0)),
    })),
    description: '',
  };
}

module.exports = { taskSummary, taskNumber, eventsNewestFirst, runDetails };
