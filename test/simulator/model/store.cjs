// @ts-check
'use strict';
/*
 * The run store: every run the tenant has at a time t (the scenario's, and those `trigger manual`
 * made up to t), found by run id or task id, and realized into its timeline when the API can
 * read it (a triggered run answers 404 for a while).
 */
const { allWorkflows, defineRun, originalTimes, runSpecs } = require('./runs.cjs');
const { triggeredRun } = require('./triggers.cjs');
const { realize } = require('./timeline.cjs');

/**
 * @typedef {import('./types.cjs').Scenario} Scenario
 * @typedef {import('./types.cjs').History} History
 * @typedef {import('./types.cjs').RunDef} RunDef
 * @typedef {import('./types.cjs').Timeline} Timeline
 */

/**
 * The definition of a run by id: a scenario run or a run made by `trigger manual`.
 * @param {Scenario} scenario
 * @param {History} history
 * @param {string} id
 * @param {number} t
 * @returns {RunDef | undefined}
 */
function findRun(scenario, history, id, t) {
  const wanted = id.toLowerCase();
  const workflows = allWorkflows(scenario);
  const spec = runSpecs(scenario).find((s) => s.id.toLowerCase() === wanted);
  if (spec) return defineRun(scenario, spec, originalTimes(spec, history.epoch), workflows);
  const trigger = history.actions.find(
    (a) => a.type === 'trigger' && a.runId === wanted && a.t <= t,
  );
  return trigger && trigger.type === 'trigger'
    ? triggeredRun(scenario, trigger, workflows)
    : undefined;
}

/**
 * @param {Scenario} scenario
 * @param {History} history
 * @param {number} t
 * @returns {RunDef[]}
 */
function allRuns(scenario, history, t) {
  const workflows = allWorkflows(scenario);
  const defs = runSpecs(scenario).map((spec) =>
    defineRun(scenario, spec, originalTimes(spec, history.epoch), workflows),
  );
  for (const action of history.actions) {
    if (action.type === 'trigger' && action.t <= t)
      defs.push(triggeredRun(scenario, action, workflows));
  }
  return defs;
}

/**
 * A run the API can read at t (a triggered run answers 404 for a while).
 * @param {Scenario} scenario @param {History} history @param {string} id @param {number} t
 */
function readableRun(scenario, history, id, t) {
  const def = findRun(scenario, history, id, t);
  return def && t >= def.visibleFrom ? realize(scenario, history, def, t) : undefined;
}

/**
 * The timeline of the run that owns task `id` (a DAG's task, or a standalone run whose id is its
 * task's), with the task's index, when the API can read it.
 * @param {Scenario} scenario @param {History} history @param {string} id @param {number} t
 * @returns {{ timeline: Timeline, task: number } | undefined}
 */
function readableTask(scenario, history, id, t) {
  const owner = allRuns(scenario, history, t).find((def) => def.taskIds.includes(id));
  if (!owner || t < owner.visibleFrom) return undefined;
  return { timeline: realize(scenario, history, owner, t), task: owner.taskIds.indexOf(id) };
}

module.exports = { findRun, allRuns, readableRun, readableTask };
