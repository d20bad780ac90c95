import { compareOutputs } from './compare.js';
import { say } from './failure.js';
import type { Ended, RunDeps, Started } from './phases.js';
import type { RunPlan } from './plan.js';
import type { RunDetails } from '../hatchet/schemas.js';
import type { WaitOutcome } from './wait.js';

/** Cancelling is best effort and must not hold up a timed-out or cancelled job. */
export const CANCEL_DEADLINE_MS = 4_000;

/** Turns the wait's outcome into how the run ended; cancels a run the action gives up on. */
export async function conclude(
  plan: RunPlan,
  started: Started,
  outcome: WaitOutcome,
  original: RunDetails | undefined,
  deps: RunDeps,
): Promise<Ended> {
  const { runId } = started;
  const final = outcome.details;
  const givenUp = async (status: Ended['status'], message: string): Promise<Ended> => ({
    status,
    final,
    message,
    ...(await cancel(plan, runId, deps)),
  });
  switch (outcome.kind) {
    case 'final':
      deps.onSettled?.(runId);
      return compared(plan, runId, { status: outcome.status, final, notes: [] }, original);
    case 'undetermined':
      // The timeout came while the rows still disagreed: what is not known may still be running.
      return givenUp('ERROR', outcome.reason);
    case 'dropped':
      deps.onSettled?.(runId);
      return { status: 'ERROR', message: outcome.reason, notes: [] };
    case 'timed-out':
      return givenUp('TIMED_OUT', say.timedOut(runId, plan.timeoutMs));
    case 'start-timeout':
      return givenUp(
        'TIMED_OUT',
        say.startTimedOut(runId, plan.startTimeoutMs ?? 0, started.workflow),
      );
    case 'aborted':
      return givenUp('ABORTED', say.aborted(runId));
  }
}

/** With `compare-output`, a COMPLETED replay of a COMPLETED run must give the same output. */
function compared(
  plan: RunPlan,
  runId: string,
  ended: Ended,
  original: RunDetails | undefined,
): Ended {
  const comparable =
    plan.compareOutput &&
    ended.status === 'COMPLETED' &&
    original?.run.status === 'COMPLETED' &&
    ended.final;
  if (!comparable || !ended.final || !original) return ended;
  const check = compareOutputs(original, ended.final, plan.compareIgnore);
  if (check.kind === 'restricted') return { ...ended, message: say.outputRestricted(runId) };
  if (check.kind === 'different') {
    const outputMismatch = { original: check.original, replayed: check.replayed };
    return { ...ended, outputMismatch, message: say.outputDiffers(runId) };
  }
  return ended;
}

export function passes(plan: RunPlan, ended: Ended): boolean {
  return ended.status === plan.expectedStatus && !ended.outputMismatch && !ended.message;
}

/** What cancelling a run gave: whether it was asked for, and a note either way. */
export interface Cancelled {
  readonly cancelRequested?: boolean;
  readonly notes: readonly string[];
}

export async function cancel(plan: RunPlan, runId: string, deps: RunDeps): Promise<Cancelled> {
  if (!plan.cancelOnAbort) {
    deps.onSettled?.(runId);
    return { notes: [say.notCancelled(runId)] };
  }
  try {
    // The job's own signal may already be aborted: the cancel gets a fresh, short deadline.
    await deps.hatchet.cancel(runId, { deadlineMs: CANCEL_DEADLINE_MS });
    deps.log(`Cancelled run ${runId}.`);
    deps.onSettled?.(runId);
    return { cancelRequested: true, notes: [`Cancelled run ${runId}.`] };
  } catch (error) {
    return { notes: [`Could not cancel run ${runId}: ${(error as Error).message}`] };
  }
}
