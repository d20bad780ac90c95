// @ts-check
'use strict';
/*
 * The scenario's faults: which call fails (each matching call is counted; calls after+1 …
 * after+count fail) and what the CLI prints then, worded as the real CLI words it.
 */
const { goJson } = require('../model/format.cjs');

/**
 * @typedef {import('../model/types.cjs').Scenario} Scenario
 * @typedef {import('./state.cjs').State} State
 * @typedef {import('./auth.cjs').Claims} Claims
 * @typedef {{
 *   command: string, kind: string, after?: number, count?: number, runId?: string,
 *   tookEffect?: boolean, status?: number, stdout?: string, document?: unknown, delayMs?: number
 * }} Fault
 * @typedef {{ exit: number, stdout: string, stderr?: string } | { fatal: string }} Output
 * @typedef {{ output: Output, effect?: boolean } | { slow: number } | { hang: true, effect: true }} Outcome
 *   What the front does: print `output`, answer late (`slow`) or never (`hang`); `effect`: the
 *   engine may still have done it (with the fault's `tookEffect`).
 */

/**
 * Counts this call against every fault that matches it, then returns the first one due.
 * @param {Scenario} scenario @param {State} state @param {string} command
 * @param {string | undefined} id
 * @returns {Fault | undefined}
 */
function takeFault(scenario, state, command, id) {
  const faults = /** @type {Fault[]} */ (scenario.faults || []);
  /** @type {Fault | undefined} */
  let due;
  for (let i = 0; i < faults.length; i++) {
    const fault = /** @type {Fault} */ (faults[i]);
    if (fault.command !== command) continue;
    if (fault.runId && fault.runId !== id) continue;
    const hits = (state.faultHits[i] = (state.faultHits[i] || 0) + 1);
    const after = fault.after || 0;
    const count = fault.count === undefined ? 1 : fault.count;
    if (!due && hits > after && (count < 0 || hits <= after + count)) due = fault;
  }
  return due;
}

/**
 * What a call that meets `fault` does.
 * @param {Fault} fault @param {string} command @param {string | undefined} id
 * @param {Scenario} scenario @param {Claims | undefined} claims
 * @returns {Outcome}
 */
function faultOutcome(fault, command, id, scenario, claims) {
  const server = (claims && claims.server_url) || 'https://sim.hatchet.test';
  const tenant = scenario.tenantId || '00000000-0000-0000-0000-000000000000';
  switch (fault.kind) {
    case 'network':
      return { output: { fatal: networkFailure(command, id || '', server, tenant) }, effect: true };
    case 'rate-limit':
      return { output: statusFailure(command, 429), effect: true };
    case 'server-error':
      return { output: statusFailure(command, fault.status || 503), effect: true };
    case 'unauthorized':
      return { output: statusFailure(command, 403) };
    case 'garbage':
      return { output: { exit: 0, stdout: fault.stdout ?? '{"run": {"metadata": {"id": "oops"' } };
    case 'empty':
      return { output: { exit: 0, stdout: '' } };
    case 'shape':
      return {
        output: { exit: 0, stdout: goJson(fault.document ?? { run: { status: 'COMPLETED' } }) },
      };
    case 'crash': {
      const stderr = 'panic: runtime error: invalid memory address or nil pointer dereference\n';
      return { output: { exit: 2, stdout: '', stderr } };
    }
    case 'slow':
      return { slow: fault.delayMs ?? 1000 };
    case 'hang':
      return { hang: true, effect: true };
    default:
      return { output: { fatal: `simulator: unknown fault kind ${fault.kind}` } };
  }
}

/**
 * What the CLI prints when the API answers `status` after its retries (GETs retry 429/502/503/504
 * internally, then hand back the last response).
 * @param {string} command @param {number} status
 * @returns {Output}
 */
function statusFailure(command, status) {
  switch (command) {
    case 'runs get':
      return { fatal: `run not found (status ${status})` };
    case 'workflows get':
      return { fatal: `workflow not found (status ${status})` };
    case 'runs logs':
    case 'runs events':
      // Both fall back to a task endpoint, whose failure leaves nothing to print.
      return { exit: 0, stdout: 'null\n' };
    case 'trigger manual':
      return { fatal: 'no workflows available. Deploy a workflow first.' };
    default:
      return { fatal: `unexpected response from API (status ${status})` };
  }
}

/**
 * A network failure, worded as the CLI wraps the HTTP client's error.
 * @param {string} command @param {string} id @param {string} server @param {string} tenant
 */
function networkFailure(command, id, server, tenant) {
  const api = `${server}/api/v1/stable`;
  const dial = 'dial tcp 10.0.0.1:443: connect: connection refused';
  switch (command) {
    case 'runs get':
      return `failed to get run: Get "${api}/workflow-runs/${id}": ${dial}`;
    case 'runs replay':
      return `failed to replay run: Post "${api}/tenants/${tenant}/tasks/replay": ${dial}`;
    case 'runs cancel':
      return `failed to cancel run: Post "${api}/tenants/${tenant}/tasks/cancel": ${dial}`;
    case 'runs logs':
      return `failed to fetch logs: Get "${api}/tasks/${id}/logs": ${dial}`;
    case 'runs events':
      return `failed to fetch events: Get "${api}/tasks/${id}/task-events?limit=1000&offset=0": ${dial}`;
    case 'runs list':
      return `failed to list runs: Get "${api}/tenants/${tenant}/workflow-runs": ${dial}`;
    case 'workflows get':
      return `failed to get workflow: Get "${server}/api/v1/workflows/${id}": ${dial}`;
    default:
      return `could not fetch workflows: Get "${server}/api/v1/tenants/${tenant}/workflows": ${dial}`;
  }
}

module.exports = { takeFault, faultOutcome, statusFailure, networkFailure };
