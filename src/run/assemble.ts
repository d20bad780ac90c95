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
  const staleNote = stale.length ? [say.leftOut(names(stale))] : [];
  return withOutcomes({
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
  });
}

/**
 * The outcomes of a result, from its snapshots: the original run's and, once it ended, the new
 * attempt's, and what changed between them. Computed here once; the report only reads them.
 */
export function withOutcomes(result: RunResult): RunResult {
  const { original, final, status } = result;
  const outcome = final && isTerminal(status) ? outcomeOf(final, status) : undefined;
  const originalOutcome = original && outcomeOf(original);
  const change = originalOutcome && outcome ? classifyChange(originalOutcome, outcome) : undefined;
  return { ...result, outcome, originalOutcome, change };
}
