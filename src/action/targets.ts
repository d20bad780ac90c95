import type { Settings } from '../settings/load.js';
import type { RunPlan, RunTarget } from '../run/plan.js';
import type { Mode } from '../run/result.js';

export function modeOf(settings: Settings): Mode {
  if (settings.input === undefined && settings.cases === undefined) return 'replay';
  return settings.runIds.length > 0 ? 'retrigger' : 'trigger';
}

/** The settings, turned into how each run is handled and which runs there are. */
export function planOf(
  settings: Settings,
  selectedRunIds: readonly string[] = [],
): { plan: RunPlan; targets: RunTarget[] } {
  const mode = modeOf(settings);
  // Explicit ids first, in input order, then the selected runs newest first, each once.
  const runIds = [...new Set([...settings.runIds, ...selectedRunIds])];
  let targets: RunTarget[];
  if (settings.cases) {
    const originalRunId = runIds[0];
    targets = settings.cases.map((c) => ({ originalRunId, input: c.input, caseName: c.name }));
  } else if (mode === 'trigger') {
    targets = [{ input: settings.input }];
  } else {
    targets = runIds.map((originalRunId) => ({ originalRunId, input: settings.input }));
  }
  const plan: RunPlan = {
    mode,
    workflow: settings.workflow,
    expectedStatus: settings.expectedStatus,
    timeoutMs: settings.timeoutMs,
    pollIntervalMs: settings.pollIntervalMs,
    startTimeoutMs: settings.startTimeoutMs,
    compareOutput: settings.compareOutput,
    compareIgnore: settings.compareIgnore,
    cancelOnAbort: settings.cancelOnAbort,
    logLines: settings.logLines,
    repeat: settings.repeat,
    inGate: targets.length > 1 || settings.repeat > 1 || settings.selection !== undefined,
  };
  return { plan, targets };
}
