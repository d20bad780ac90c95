import { isTerminal } from '../hatchet/schemas.js';
import { classifyChange, outcomeOf } from './change.js';
import { passes } from './conclude.js';
import { say } from './failure.js';
import type { Phases, RunDeps } from './phases.js';
import type { RunPlan, RunTarget } from './plan.js';
import type { RunResult } from './result.js';
import { attemptDurationMs, names, newAttemptOf, staleTasks } from './snapshot.js';

/** A run's result, assembled from the phases its handling reached. */

/** The result of a run the job was cancelled before starting. */
export function notStarted(plan: RunPlan, target: RunTarget): RunResult {
  return {
    originalRunId: target.originalRunId,
    mode: plan.mode,
    caseName: target.caseName,
    repetition: target.repetition,
    status: 'ABORTED',
    expectedStatus: plan.expectedStatus,
    passed: false,
    message: say.abortedBeforeStart(),
    events: [],
    logs: [],
    notes: [],
  };
}

export function resultOf(
  plan: RunPlan,
  target: RunTarget,
  phases: Phases,
  deps: RunDeps,
): RunResult {
  const { original, started, ended, diagnostics } = phases;
  const full = ended.final;
  // Rows still from before the replay say nothing of this attempt: no conclusion uses them.
  const stale = full ? staleTasks(started?.before, full) : [];
  const final = full && newAttemptOf(full, started?.before);
  const runId = started?.runId;
  const newOutcome = final && isTerminal(ended.status) ? outcomeOf(final, ended.status) : undefined;
  const staleNote = stale.length ? [say.leftOut(names(stale))] : [];
  return {
    originalRunId: target.originalRunId,
    runId,
    mode: plan.mode,
    caseName: target.caseName,
    repetition: target.repetition,
    workflow: phases.workflow,
    originalStatus: original?.details.run.status,
    status: ended.status,
    expectedStatus: plan.expectedStatus,
    passed: passes(plan, ended),
    change:
      original && newOutcome ? classifyChange(outcomeOf(original.details), newOutcome) : undefined,
    durationMs: full ? attemptDurationMs(full, stale) : undefined,
    url: runId
      ? deps.linkTo(final?.run.tenantId ?? original?.details.run.tenantId, runId)
      : undefined,
    originalUrl: original?.url,
    message: ended.message,
    original: original?.details,
    final,
    input: plan.mode === 'replay' ? undefined : target.input,
    actedAt: started?.actedAt,
    endedAt: deps.clock.now(),
    events: diagnostics?.events ?? [],
    logs: diagnostics?.logs ?? [],
    outputMismatch: ended.outputMismatch,
    cancelRequested: ended.cancelRequested,
    notes: [...ended.notes, ...staleNote, ...(diagnostics?.notes ?? [])],
  };
}
