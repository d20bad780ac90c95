import { compareOutputs } from './compare.js';
import { say } from './failure.js';
import type { RunDeps, Started } from './pipeline.js';
import type { RunPlan } from './plan.js';
import type { FinalStatus } from './result.js';
import type { RunDetails } from '../hatchet/schemas.js';
import type { WaitOutcome } from './wait.js';

/** Cancelling is best effort and must not hold up a timed-out or cancelled job. */
export const CANCEL_DEADLINE_MS = 4_000;

/** How a run's handling ended: its status, the snapshot it was judged on, and why. */
export interface Ended {
  status: FinalStatus;
  final?: RunDetails;
  message?: string;
  outputMismatch?: { original: unknown; replayed: unknown };
  cancelRequested?: boolean;
  notes: string[];
}

/** Turns the wait's outcome into a status and message; cancels a run the action gives up on. */
export async function conclude(
  plan: RunPlan,
  started: Started,
  outcome: WaitOutcome,
  original: RunDetails | undefined,
  deps: RunDeps,
): Promise<Ended> {
  const { runId } = started;
  const ended: Ended = { status: 'ERROR', final: outcome.details, notes: [] };
  switch (outcome.kind) {
    case 'final':
      ended.status = outcome.status;
      deps.onSettled?.(runId);
      break;
    case 'undetermined':
      // The timeout came while the rows still disagreed: what is not known may still be running.
      ended.message = outcome.reason;
      await cancel(plan, runId, ended, deps);
      break;
    case 'dropped':
      ended.final = undefined;
      ended.message = outcome.reason;
      deps.onSettled?.(runId);
      return ended;
    case 'timed-out':
      ended.status = 'TIMED_OUT';
      ended.message = say.timedOut(runId, plan.timeoutMs);
      await cancel(plan, runId, ended, deps);
      break;
    case 'start-timeout':
      ended.status = 'TIMED_OUT';
      ended.message = say.startTimedOut(runId, plan.startTimeoutMs ?? 0, started.workflow);
      await cancel(plan, runId, ended, deps);
      break;
    case 'aborted':
      ended.status = 'ABORTED';
      ended.message = say.aborted(runId);
      await cancel(plan, runId, ended, deps);
      return ended;
  }
  if (
    plan.compareOutput &&
    ended.status === 'COMPLETED' &&
    original?.run.status === 'COMPLETED' &&
    ended.final
  ) {
    const check = compareOutputs(original, ended.final, plan.compareIgnore);
    if (check.kind === 'restricted') ended.message = say.outputRestricted(runId);
    if (check.kind === 'different') {
      ended.outputMismatch = { original: check.original, replayed: check.replayed };
      ended.message = say.outputDiffers(runId);
    }
  }
  return ended;
}

export function passes(plan: RunPlan, ended: Ended): boolean {
  return ended.status === plan.expectedStatus && !ended.outputMismatch && !ended.message;
}

export async function cancel(plan: RunPlan, runId: string, ended: Ended, deps: RunDeps) {
  if (!plan.cancelOnAbort) {
    ended.notes.push(say.notCancelled(runId));
    deps.onSettled?.(runId);
    return;
  }
  try {
    // The job's own signal may already be aborted: the cancel gets a fresh, short deadline.
    await deps.hatchet.cancel(runId, { deadlineMs: CANCEL_DEADLINE_MS });
    ended.cancelRequested = true;
    ended.notes.push(`Cancelled run ${runId}.`);
    deps.log(`Cancelled run ${runId}.`);
    deps.onSettled?.(runId);
  } catch (error) {
    ended.notes.push(`Could not cancel run ${runId}: ${(error as Error).message}`);
  }
}
