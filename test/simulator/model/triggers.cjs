// @ts-check
'use strict';
/*
 * `trigger manual`: the checks the CLI makes in its order, the trigger it records, and the run a
 * recorded trigger makes (its attempt chosen by the scenario's trigger template).
 */
const { fatal, goJson, uuid } = require('./format.cjs');
const { allWorkflows, defineRun } = require('./runs.cjs');

/**
 * @typedef {import('./types.cjs').Scenario} Scenario
 * @typedef {import('./types.cjs').History} History
 * @typedef {import('./types.cjs').Request} Request
 * @typedef {import('./types.cjs').Action} Action
 * @typedef {import('./types.cjs').Json} Json
 * @typedef {import('./types.cjs').RunDef} RunDef
 * @typedef {import('./types.cjs').Workflow} Workflow
 */

/**
 * Whether every key of `pattern` has the same value in `input` (compared as JSON).
 * @param {Json} input
 * @param {Json} pattern
 */
function matches(input, pattern) {
  return Object.entries(pattern).every(
    ([key, value]) => JSON.stringify(input?.[key]) === JSON.stringify(value),
  );
}

/**
 * @param {Scenario} scenario
 * @param {{ runId: string, workflow: string, workflowId: string, input: Json, t: number }} action
 * @param {Workflow[]} workflows
 * @returns {RunDef}
 */
function triggeredRun(scenario, action, workflows) {
  const template = scenario.triggers?.[action.workflow] ?? {};
  // `byInput`: the first entry whose `match` is part of the run's input decides its attempt.
  const chosen = (template.byInput ?? []).find((entry) => matches(action.input, entry.match));
  const attempt = chosen?.attempt ?? template.attempt ?? { status: 'COMPLETED', durationMs: 1000 };
  const queued = attempt.queuedMs ?? 100;
  return defineRun(
    scenario,
    {
      id: action.runId,
      workflow: action.workflow,
      workflowId: action.workflowId,
      kind: template.kind,
      tasks: template.tasks,
      taskName: template.taskName,
      parents: template.parents,
      input: action.input,
      additionalMetadata: template.additionalMetadata,
      payloadsRestricted: template.payloadsRestricted,
      original: attempt,
      replays: template.replays,
      engine: template.engine,
    },
    {
      createdAt: action.t,
      firstStart: attempt.status === 'QUEUED' ? null : action.t + queued,
      // A real engine answers at once (traces); `notFoundAfterTriggerMs` makes it answer 404 a while.
      visibleFrom: action.t + (scenario.notFoundAfterTriggerMs ?? 0),
      originalDurationMs: attempt.durationMs ?? 1000,
    },
    workflows,
  );
}

/** @param {Scenario} scenario @param {History} history @param {Request} request */
function triggerManual(scenario, history, request) {
  const name = typeof request.flags.workflow === 'string' ? request.flags.workflow : '';
  const file = request.jsonFile;
  // The CLI's order: list workflows (a refused token reads as "no workflows"), find the name
  // among the first page (50 in v0.104.7: an upstream bug), then read and check the file.
  if (!request.auth.valid) return fatal('no workflows available. Deploy a workflow first.');
  const workflows = allWorkflows(scenario);
  if (workflows.length === 0) return fatal('no workflows available. Deploy a workflow first.');
  const workflow = workflows.slice(0, 50).find((w) => w.name === name);
  if (!workflow) return fatal(`workflow '${name}' not found`);
  if (!file || file.text === undefined) {
    const path = file?.path ?? '';
    return fatal(
      `could not read JSON file '${path}': open ${path}: ${file?.error ?? 'no such file or directory'}`,
    );
  }
  /** @type {unknown} */
  let input;
  try {
    input = JSON.parse(file.text);
  } catch (error) {
    return fatal(
      `invalid JSON in file '${file.path}': ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!input || typeof input !== 'object' || Array.isArray(input)) {
    const kind = Array.isArray(input) ? 'array' : input === null ? 'null' : typeof input;
    return fatal(
      `error triggering workflow: could not parse JSON input: json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`,
    );
  }
  const template = scenario.triggers?.[workflow.name];
  if (template?.fail) return fatal(template.fail);
  const count = history.actions.filter((a) => a.type === 'trigger').length;
  const runId = uuid(`trigger:${count}:${request.t}`);
  /** @type {Action[]} */
  const record = [
    {
      type: 'trigger',
      runId,
      workflow: workflow.name,
      workflowId: workflow.id,
      input: /** @type {Json} */ (input),
      t: request.t,
    },
  ];
  return { exit: 0, stdout: goJson({ runId, workflow: workflow.name }), record };
}

module.exports = { triggeredRun, triggerManual };
