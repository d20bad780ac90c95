import { elapsedMs, isTerminal, type RunDetails } from '../hatchet/schemas.js';
import { cancel, conclude, passes, type Cancelled } from './conclude.js';
import { DIAGNOSTICS_BUDGET_MS, gatherDiagnostics, tasksToLog } from './diagnostics.js';
import { describeFailure, say } from './failure.js';
import type { RunPlan, RunTarget } from './plan.js';
import { notStarted, resultOf } from './assemble.js';
import {
  Stopped,
  phase,
  type Ended,
  type Original,
  type Reached,
  type RunDeps,
  type Started,
} from './phases.js';
import { subjectOf, type RunResult } from './result.js';
import { formatDuration } from '../text/duration.js';
import { restingPoint } from './baseline.js';
import { settledBaseline } from './settle.js';
import { Prefetch } from './prefetch.js';
import { newAttemptOf } from './snapshot.js';
import { mayHaveTakenEffect, readRun, startRun, workflowOf } from './start.js';
import { waitForRun } from './wait.js';

/** How long a freshly triggered run may answer 404 (its records are written asynchronously). */
export const NOT_FOUND_GRACE_MS = 30_000;

/**
 * Handles a target `repeat` times, one after the other (a run can only be replayed once it is
 * finished); every repetition is compared with the original run as it was before the first.
 */
export async function runSeries(
  plan: RunPlan,
  target: RunTarget,
  deps: RunDeps,
): Promise<RunResult[]> {
  const results: RunResult[] = [];
  for (let repetition = 1; repetition <= plan.repeat; repetition++) {
    const next = {
      ...target,
      // The original as the first repetition read it, before any replay.
      reference: target.reference ?? results.find((r) => r.original)?.original,
      confirmed: confirmedBy(results.at(-1)),
      repetition: plan.repeat > 1 ? repetition : undefined,
    };
    results.push(deps.signal?.aborted ? notStarted(plan, next) : await runOne(plan, next, deps));
  }
  return results;
}

/** A verdict's snapshot is settled (a FAILED one confirmed): the next baseline need not be. */
function confirmedBy(previous: RunResult | undefined): string | undefined {
  const final = previous?.final;
  return final && isTerminal(previous.status) ? restingPoint(final) : undefined;
}

/** Replays or (re-)triggers one run, waits for its verdict and gathers its report. Never throws. */
export async function runOne(plan: RunPlan, target: RunTarget, deps: RunDeps): Promise<RunResult> {
  // `timeout` is one deadline for the whole run, from its first call.
  const run: RunDeps = { ...deps, deadline: deps.clock.now() + plan.timeoutMs };
  try {
    return await follow(plan, target, run);
  } catch (error) {
    return await failed(
      plan,
      target,
      run,
      error instanceof Stopped ? error : new Stopped(error, {}),
    );
  }
}

/** The phases in order; an error leaves with the phases it had reached (see `failed`). */
async function follow(plan: RunPlan, target: RunTarget, deps: RunDeps): Promise<RunResult> {
  const { original, current } = await readOriginal(plan, target, deps);
  const workflow = workflowOf(plan, current, deps);
  const sending: Reached = { original, workflow, sending: true };
  const started = await phase(sending, () => startRun(plan, target, current, workflow, deps));
  const reached: Reached = { original, workflow, started };
  const replayed = plan.mode === 'replay';
  const prefetch = new Prefetch({ ...plan, before: started.before, replayed }, deps);
  try {
    const outcome = await phase(reached, () => waitFor(plan, started, deps, prefetch));
    const ended = await phase(reached, () =>
      conclude(plan, started, outcome, original?.details, deps),
    );
    const diagnostics = await phase(reached, () => diagnose(plan, started, ended, deps, prefetch));
    const name = await phase(reached, () => workflow);
    return resultOf(plan, target, { original, started, ended, diagnostics, workflow: name }, deps);
  } finally {
    prefetch.close();
  }
}

/** The original run; for a replay, once its previous attempt is over (a settled baseline). */
async function readOriginal(
  plan: RunPlan,
  target: RunTarget,
  deps: RunDeps,
): Promise<{ original?: Original; current?: RunDetails }> {
  const id = target.originalRunId;
  if (!id) return {};
  // Known as soon as read, even if it never settles (the report shows its status).
  let original: Original | undefined;
  const seen = (read: RunDetails) => {
    const details = target.reference ?? read;
    original = { details, url: deps.linkTo(details.run.tenantId, id) };
  };
  try {
    const current =
      plan.mode === 'replay'
        ? await settledBaseline(id, deps, seen, target.confirmed)
        : await readRun(id, deps);
    seen(current);
    return { original, current };
  } catch (error) {
    throw new Stopped(error, { original });
  }
}

function waitFor(plan: RunPlan, started: Started, deps: RunDeps, prefetch: Prefetch) {
  return waitForRun({
    onSnapshot: (details) => prefetch.see(details),
    probe: (last, call) => prefetch.probe(last, call),
    getRun: (call) => deps.hatchet.getRun(started.runId, call),
    before: started.before,
    startedAt: started.actedAt,
    timeoutMs: plan.timeoutMs,
    deadline: deps.deadline,
    pollIntervalMs: plan.pollIntervalMs,
    expectedMs: started.before && elapsedMs(started.before.run),
    startTimeoutMs: plan.startTimeoutMs,
    notFoundGraceMs: NOT_FOUND_GRACE_MS,
    clock: deps.clock,
    signal: deps.signal,
    onStatus: (status, ms) => deps.log(`[+${formatDuration(ms)}] ${status}`),
    onRetry: (error, n) =>
      deps.log(n ? `${error.message}; checking again (${n})` : `${error.message}; not visible yet`),
  });
}

/** Logs and events of the new attempt, within what is left of the timeout. */
async function diagnose(
  plan: RunPlan,
  started: Started,
  ended: Ended,
  deps: RunDeps,
  prefetch: Prefetch,
) {
  if (!ended.final) return undefined;
  const final = newAttemptOf(ended.final, started.before);
  const left = (deps.deadline ?? Infinity) - deps.clock.now();
  if (left <= 0) return { events: [], logs: [], notes: [say.noTimeForLogs(plan.timeoutMs)] };
  const request = {
    final,
    replayed: plan.mode === 'replay',
    before: started.before,
    logLines: plan.logLines,
    tasks: tasksToLog(final, passes(plan, ended), plan.inGate, started.before),
    budgetMs: Math.min(DIAGNOSTICS_BUDGET_MS, left),
    prefetched: prefetch.take,
    prefetchedEvents: prefetch.takeEvents,
  };
  return gatherDiagnostics(request, deps);
}

/** The result of a run whose handling stopped on an error, a timeout or the job's cancel. */
async function failed(
  plan: RunPlan,
  target: RunTarget,
  deps: RunDeps,
  { error, reached }: Stopped,
): Promise<RunResult> {
  const { started, original } = reached;
  const aborted = deps.signal?.aborted === true;
  const timedOut = !aborted && deps.clock.now() >= (deps.deadline ?? Infinity);
  const what = subject(error, target, started, original);
  const status = aborted ? 'ABORTED' : timedOut ? 'TIMED_OUT' : 'ERROR';
  const message = timedOut
    ? say.timedOutAt(what, plan.timeoutMs, (error as Error).message)
    : describeFailure(error, what);
  // A replay cut off in flight may have taken effect: the post step looks, then cancels it.
  const inDoubt = reached.sending && !started && mayHaveTakenEffect(error, deps);
  const originalId = original?.details.run.metadata.id;
  const doubt =
    inDoubt && originalId && plan.mode === 'replay'
      ? [aborted || timedOut ? say.replayInDoubt(originalId) : say.replayMayRun(originalId)]
      : [];
  const after: Cancelled = started
    ? await stopOrLeave(plan, started.runId, aborted || timedOut, deps)
    : { notes: [] };
  const ended: Ended = { status, message, ...after, notes: [...doubt, ...after.notes] };
  const name = started?.workflow ?? (await reached.workflow?.catch(() => undefined));
  return resultOf(plan, target, { original, started, ended, workflow: name }, deps);
}

/** A run the action stops following: cancelled when out of time or cancelled, else left. */
async function stopOrLeave(
  plan: RunPlan,
  runId: string,
  stop: boolean,
  deps: RunDeps,
): Promise<Cancelled> {
  if (stop) return cancel(plan, runId, deps);
  // The outcome is unknown, not bad: the run is left to finish rather than cancelled.
  deps.onSettled?.(runId);
  return { notes: [say.leftRunning(runId)] };
}

function subject(error: unknown, target: RunTarget, started?: Started, original?: Original) {
  const runId = subjectOf({ ...target, runId: started?.runId });
  if (error instanceof Error && 'command' in error && String(error.command).includes('workflows'))
    return `workflow ${original?.details.run.workflowId ?? ''} (of run ${runId})`;
  return `run ${runId}`;
}

export { notStarted, type RunDeps, type Started };
