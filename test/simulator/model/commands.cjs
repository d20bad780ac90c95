// @ts-check
'use strict';
/*
 * The model's entry: `respond(scenario, history, request)` returns exactly what one CLI call
 * prints, and the state changes (`record`) the front must append to the history. `runs get`,
 * `runs replay|cancel` and `workflows get` are here; the other commands have their own modules.
 */
const { DAY, NIL_UUID, fatal, goJson, iso, parseUuid, print } = require('./format.cjs');
const { allWorkflows } = require('./runs.cjs');
const { findRun, readableRun } = require('./store.cjs');
const { runDetails } = require('./documents.cjs');
const { listFilter, runsList, selectRuns } = require('./list.cjs');
const { runsEvents, runsLogs } = require('./logs.cjs');
const { triggerManual } = require('./triggers.cjs');

/**
 * @typedef {import('./types.cjs').Scenario} Scenario
 * @typedef {import('./types.cjs').History} History
 * @typedef {import('./types.cjs').Request} Request
 * @typedef {import('./types.cjs').Response} Response
 * @typedef {import('./types.cjs').Action} Action
 * @typedef {import('./types.cjs').RunDef} RunDef
 */

/**
 * What the CLI prints for one call. `record` lists the state changes the front must append to
 * the history (a replay, a cancel, a trigger).
 * @param {Scenario} scenario @param {History} history @param {Request} request
 * @returns {Response}
 */
function respond(scenario, history, request) {
  switch (request.command) {
    case 'runs get':
      return runsGet(scenario, history, request);
    case 'runs replay':
    case 'runs cancel':
      return replayOrCancel(scenario, history, request);
    case 'runs logs':
      return runsLogs(scenario, history, request);
    case 'runs events':
      return runsEvents(scenario, history, request);
    case 'runs list':
      return runsList(scenario, history, request);
    case 'workflows get':
      return workflowsGet(scenario, request);
    case 'trigger manual':
      return triggerManual(scenario, history, request);
    default:
      return fatal(`simulator: unknown command ${request.command}`);
  }
}

/** @param {Scenario} scenario @param {History} history @param {Request} request */
function runsGet(scenario, history, request) {
  const raw = request.args[0] ?? '';
  const parsed = parseUuid(raw);
  if ('error' in parsed) return fatal(`invalid run ID ${JSON.stringify(raw)}: ${parsed.error}`);
  if (!request.auth.valid) return fatal('run not found (status 403)');
  const timeline = readableRun(scenario, history, parsed.id, request.t);
  if (!timeline) return fatal('run not found (status 404)');
  return print(runDetails(scenario, timeline, request.t));
}

/**
 * The ids `runs replay` prints for one run (its task ids; a standalone run's own id).
 * @param {RunDef} def
 */
function replayIds(def) {
  return def.kind === 'task' ? [def.id] : [...def.taskIds].reverse();
}

/** @param {Scenario} scenario @param {History} history @param {Request} request */
function replayOrCancel(scenario, history, request) {
  const isReplay = request.command === 'runs replay';
  const verb = isReplay ? 'replay' : 'cancel';
  const t = request.t;
  if (request.args.length > 0) {
    const raw = request.args[0] ?? '';
    const parsed = parseUuid(raw);
    if ('error' in parsed) return fatal(`invalid run ID ${JSON.stringify(raw)}: ${parsed.error}`);
    if (!request.auth.valid) return fatal('unexpected response from API (status 403)');
    const def = findRun(scenario, history, parsed.id, t);
    if (!isReplay) {
      // Cancel answers with the ids it was given, whatever the run's state.
      /** @type {Action[]} */
      const record = def ? [{ type: 'cancel', runId: def.id, t }] : [];
      return { exit: 0, stdout: goJson({ ids: [parsed.id] }), record };
    }
    if (!def) return print({ ids: [] });
    /** @type {Action[]} */
    const record = [{ type: 'replay', runId: def.id, t }];
    return { exit: 0, stdout: goJson({ ids: replayIds(def) }), record };
  }
  // Bulk form: everything that matches a filter, in one call.
  const since = request.flags.since;
  if (typeof since !== 'string' || since === '')
    return fatal(`--since is required for bulk ${verb} (or provide a run ID as argument)`);
  const filter = listFilter(scenario, request);
  if ('error' in filter) return fatal(filter.error);
  if (!request.auth.valid) return fatal('unexpected response from API (status 403)');
  const matches = selectRuns(scenario, history, t, { ...filter, onlyTasks: false });
  /** @type {Action[]} */
  const record = matches.map((m) =>
    isReplay
      ? { type: /** @type {const} */ ('replay'), runId: m.timeline.def.id, t, bulk: true }
      : { type: /** @type {const} */ ('cancel'), runId: m.timeline.def.id, t },
  );
  const ids = isReplay
    ? matches.flatMap((m) => replayIds(m.timeline.def))
    : matches.map((m) => m.id);
  return { exit: 0, stdout: goJson({ ids }), record };
}

/** @param {Scenario} scenario @param {Request} request */
function workflowsGet(scenario, request) {
  const raw = request.args[0] ?? '';
  const parsed = parseUuid(raw);
  if ('error' in parsed)
    return fatal(`invalid workflow ID ${JSON.stringify(raw)}: ${parsed.error}`);
  if (!request.auth.valid) return fatal('workflow not found (status 403)');
  const workflow = allWorkflows(scenario).find((w) => w.id.toLowerCase() === parsed.id);
  if (!workflow) return fatal('workflow not found (status 404)');
  return print({
    description: workflow.description,
    isPaused: false,
    metadata: {
      createdAt: iso(request.t - 30 * DAY),
      id: workflow.id,
      updatedAt: iso(request.t - DAY),
    },
    name: workflow.name,
    tenantId: scenario.tenantId ?? NIL_UUID,
  });
}

module.exports = { respond };
