// @ts-check
'use strict';
/*
 * The Hatchet simulator's model: pure functions from (scenario, history, request) to exactly what
 * the `hatchet` CLI prints. No I/O, no clock, no global state: the CLI front (hatchet.cjs) reads the
 * files, keeps the history of state-changing calls and prints what this module returns.
 *
 * The model follows the engine's source (hatchet-dev/hatchet v0.104.7): an engine timeline of task
 * events per run (replays, retries, cancellations), and from it the eventually consistent read
 * model the CLI reads: events visible after a lag, task rows folded from events with the OLAP
 * rules (a newer retry count always wins; at the same retry count only a higher status priority),
 * and a DAG row counted over its task rows (pkg/repository/sqlcv1/olap.sql, UpdateDAGStatuses).
 * The scenario format is documented in README.md next to this file.
 *
 * This file is the model's public face; its parts, by concern, are in model/ (README.md):
 * format (Go's JSON, times, UUIDs, durations), engine (statuses, options, lags), runs (the
 * scenario's runs), triggers, store (runs by id at a time), timeline, attempt and retries (the
 * engine's events), read-model (rows and statuses at a time), documents (the API's JSON), list,
 * logs, commands (`respond`).
 */
const format = require('./model/format.cjs');
const engine = require('./model/engine.cjs');
const runs = require('./model/runs.cjs');
const store = require('./model/store.cjs');
const timeline = require('./model/timeline.cjs');
const readModel = require('./model/read-model.cjs');
const documents = require('./model/documents.cjs');
const logs = require('./model/logs.cjs');
const list = require('./model/list.cjs');
const commands = require('./model/commands.cjs');

/**
 * @typedef {import('./model/types.cjs').EnginePath} EnginePath
 * @typedef {import('./model/types.cjs').Engine} Engine
 * @typedef {import('./model/types.cjs').Json} Json
 * @typedef {import('./model/types.cjs').AttemptSpec} AttemptSpec
 * @typedef {import('./model/types.cjs').RunSpec} RunSpec
 * @typedef {import('./model/types.cjs').RunGroup} RunGroup
 * @typedef {import('./model/types.cjs').TriggerTemplate} TriggerTemplate
 * @typedef {import('./model/types.cjs').Workflow} Workflow
 * @typedef {import('./model/types.cjs').Scenario} Scenario
 * @typedef {import('./model/types.cjs').Action} Action
 * @typedef {import('./model/types.cjs').History} History
 * @typedef {import('./model/types.cjs').RunDef} RunDef
 * @typedef {import('./model/types.cjs').TaskEvent} TaskEvent
 * @typedef {import('./model/types.cjs').Try} Try
 * @typedef {import('./model/types.cjs').Attempt} Attempt
 * @typedef {import('./model/types.cjs').Timeline} Timeline
 * @typedef {import('./model/types.cjs').Row} Row
 * @typedef {import('./model/types.cjs').FlagValue} FlagValue
 * @typedef {import('./model/types.cjs').Request} Request
 * @typedef {import('./model/types.cjs').Response} Response
 */

module.exports = {
  ZERO_TIME: format.ZERO_TIME,
  NIL_UUID: format.NIL_UUID,
  goJson: format.goJson,
  iso: format.iso,
  uuid: format.uuid,
  parseUuid: format.parseUuid,
  parseGoDuration: format.parseGoDuration,
  parseSince: format.parseSince,
  engineOptions: engine.engineOptions,
  allWorkflows: runs.allWorkflows,
  runSpecs: runs.runSpecs,
  findRun: store.findRun,
  realize: timeline.realize,
  replayLockMs: timeline.replayLockMs,
  rowsAt: readModel.rowsAt,
  runStatusAt: readModel.runStatusAt,
  dagRule: readModel.dagRule,
  runDetails: documents.runDetails,
  taskLogs: logs.taskLogs,
  selectRuns: list.selectRuns,
  respond: commands.respond,
};
