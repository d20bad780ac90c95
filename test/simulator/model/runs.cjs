// @ts-check
'use strict';
/*
 * The scenario's runs as the engine defines them: the tenant's workflows, the run specs (groups
 * expanded), and a run's definition (tasks, parents, ids, times) from its spec.
 */
const { HOUR, uuid } = require('./format.cjs');

/**
 * @typedef {import('./types.cjs').Scenario} Scenario
 * @typedef {import('./types.cjs').RunSpec} RunSpec
 * @typedef {import('./types.cjs').RunDef} RunDef
 * @typedef {import('./types.cjs').Workflow} Workflow
 */

/**
 * Every workflow of the tenant: the scenario's list, then one per workflow name its runs use
 * without naming an id (an explicit workflowId missing from the list is a deleted workflow).
 * @param {Scenario} scenario
 * @returns {Workflow[]}
 */
function allWorkflows(scenario) {
  const list = [...(scenario.workflows ?? [])];
  const names = new Set(list.map((w) => w.name));
  const specs = [...(scenario.runs ?? []), ...(scenario.runGroups ?? [])];
  for (const spec of specs) {
    if (spec.workflowId || !spec.workflow || names.has(spec.workflow)) continue;
    names.add(spec.workflow);
    list.push({ id: uuid(`wf:${spec.workflow}`), name: spec.workflow });
  }
  return list;
}

/**
 * Run specs of the scenario, groups expanded (a group declares many runs in one entry).
 * @param {Scenario} scenario
 * @returns {RunSpec[]}
 */
function runSpecs(scenario) {
  const specs = [...(scenario.runs ?? [])];
  (scenario.runGroups ?? []).forEach((group, g) => {
    const statuses = group.statuses?.length ? group.statuses : ['COMPLETED'];
    for (let k = 0; k < Math.max(0, Math.floor(group.count)); k++) {
      specs.push({
        id: uuid(`group:${group.idSeed ?? g}:${k}`),
        workflow: group.workflow,
        workflowId: group.workflowId,
        kind: group.kind,
        tasks: group.tasks,
        taskName: group.taskName,
        input: group.input,
        additionalMetadata: group.additionalMetadata,
        engine: group.engine,
        createdAgoMs: (group.newestAgoMs ?? 60_000) + k * (group.everyMs ?? 60_000),
        original: {
          durationMs: 1000,
          ...group.original,
          status: statuses[k % statuses.length],
        },
        replays: group.replays,
      });
    }
  });
  return specs;
}

/**
 * @param {Scenario} scenario
 * @param {RunSpec} spec
 * @param {{ createdAt: number, firstStart: number | null, visibleFrom: number, originalDurationMs: number }} times
 * @param {Workflow[]} workflows every workflow of the tenant (allWorkflows)
 * @returns {RunDef}
 */
function defineRun(scenario, spec, times, workflows) {
  const kind = spec.kind === 'task' ? 'task' : 'dag';
  const taskNames =
    kind === 'task'
      ? [spec.taskName || spec.tasks?.[0] || 'task']
      : spec.tasks?.length
        ? spec.tasks
        : ['step'];
  // Tasks are listed parents first; without `parents` they form a chain.
  const parents = taskNames.map((name, i) => {
    if (!spec.parents) return i > 0 ? [i - 1] : [];
    return (spec.parents[name] ?? [])
      .map((p) => taskNames.indexOf(p))
      .filter((p) => p >= 0 && p < i);
  });
  const children = taskNames.map((_, i) =>
    taskNames.map((__, j) => j).filter((j) => (parents[j] ?? []).includes(i)),
  );
  const id = spec.id.toLowerCase();
  const known = workflows.find((w) =>
    spec.workflowId ? w.id === spec.workflowId : w.name === spec.workflow,
  );
  const workflowName = known?.name ?? spec.workflow ?? 'workflow';
  return {
    id,
    kind,
    workflowName,
    workflowId: spec.workflowId || known?.id || uuid(`wf:${workflowName}`),
    workflowNamed: Boolean(known) || !spec.workflowId,
    taskNames,
    parents,
    children,
    // A standalone task run's id is its task's id.
    taskIds: taskNames.map((_, i) => (kind === 'task' ? id : uuid(`${id}:task:${i}`))),
    stepIds: taskNames.map((_, i) => uuid(`${id}:step:${i}`)),
    input: spec.input ?? {},
    additionalMetadata: spec.additionalMetadata ?? {},
    payloadsRestricted: Boolean(spec.payloadsRestricted),
    createdAt: times.createdAt,
    visibleFrom: times.visibleFrom,
    firstStart: times.firstStart,
    original: spec.original ?? { status: 'COMPLETED' },
    originalDurationMs: times.originalDurationMs,
    replays: spec.replays ?? [],
    engine: spec.engine,
  };
}

/**
 * When a scenario run was created and started, relative to the first call (`epoch`).
 * @param {RunSpec} spec
 * @param {number} epoch
 */
function originalTimes(spec, epoch) {
  const original = spec.original ?? {};
  const status = original.status ?? 'COMPLETED';
  const queued = original.queuedMs ?? 100;
  const duration = original.durationMs ?? 3000;
  const given =
    spec.createdAt ?? (spec.createdAgoMs !== undefined ? epoch - spec.createdAgoMs : undefined);
  /** @type {number} */
  let createdAt;
  /** @type {number | null} */
  let firstStart;
  if (status === 'QUEUED') {
    createdAt = given ?? epoch - 10_000;
    firstStart = null;
  } else if (status === 'RUNNING') {
    createdAt = given ?? epoch - 10_000 - queued;
    firstStart = createdAt + queued;
  } else if (original.ageMs === undefined && given !== undefined) {
    createdAt = given;
    firstStart = createdAt + queued;
  } else {
    // ageMs: how long ago the original attempt ended.
    firstStart = epoch - (original.ageMs ?? HOUR) - duration;
    createdAt = given ?? firstStart - queued;
  }
  return { createdAt, firstStart, visibleFrom: createdAt, originalDurationMs: duration };
}

module.exports = { allWorkflows, runSpecs, defineRun, originalTimes };
