import type { RunPlan } from '../../../src/run/plan.js';

/** A replay plan as the run tests use it: expect COMPLETED within a minute, cancel on abort. */
export const PLAN: RunPlan = {
  mode: 'replay',
  expectedStatus: 'COMPLETED',
  timeoutMs: 60_000,
  pollIntervalMs: 5_000,
  compareOutput: false,
  compareIgnore: [],
  cancelOnAbort: true,
  logLines: 10,
  repeat: 1,
  inGate: false,
};
