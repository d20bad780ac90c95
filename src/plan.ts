import type { Settings } from './inputs.js';
import type { RunPlan, RunTarget } from './run/plan.js';

/** The settings, turned into how each run is handled and which runs there are. */
export function planOf(settings: Settings): { plan: RunPlan; targets: RunTarget[] } {
  const targets: RunTarget[] = settings.runIds.map((originalRunId) => ({
    originalRunId,
    input: settings.input,
  }));
  const plan: RunPlan = {
    mode: settings.input ? 'retrigger' : 'replay',
    workflow: settings.workflow,
    expectedStatus: settings.expectedStatus,
    timeoutMs: settings.timeoutMs,
    pollIntervalMs: settings.pollIntervalMs,
    startTimeoutMs: settings.startTimeoutMs,
    compareOutput: settings.compareOutput,
    cancelOnAbort: settings.cancelOnAbort,
    logLines: settings.logLines,
    inGate: targets.length > 1,
  };
  return { plan, targets };
}
