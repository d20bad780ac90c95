import type { Hatchet } from '../hatchet/commands.js';
import { withoutMillisSuffix } from '../hatchet/names.js';
import { elapsedMs, isTerminal, type RunDetails } from '../hatchet/schemas.js';
import type { Clock } from './clock.js';
import { cancel, conclude, passes, type Ended } from './conclude.js';
import { DIAGNOSTICS_BUDGET_MS, gatherDiagnostics, tasksToLog } from './diagnostics.js';
import { RunError, describeFailure, say } from './failure.js';
import type { RunPlan, RunTarget } from './plan.js';
import { notStarted, resultOf, type Original, type Started } from './assemble.js';
import type { RunResult } from './result.js';
import { restingPoint } from './baseline.js';
import { settledBaseline } from './settle.js';
import { newAttemptOf } from './snapshot.js';
import {
  mayHaveTakenEffect,
  readRun,
  replayOnce,
  triggerRun,
  workflowNameOf,
  type StartDeps,
} from './start.js';
import { waitForRun } from './wait.js';

/** How long a freshly triggered run may answer 404 (its records are written asynchronously). */
export const NOT_FOUND_GRACE_MS = 30_000;

export interface RunDeps extends StartDeps {
  hatchet: Hatchet;
  clock: Clock;
  /** A dashboard link for a run, when the server URL is known. */
  linkTo: (tenantId: string | undefined, runId: string) => string | undefined;
  /** The action is done with the run (finished, cancelled, or given up on). */
  onSettled?: (runId: string) => void;
}

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
  let reference = target.reference;
  let confirmed: string | undefined;
  for (let repetition = 1; repetition <= plan.repeat; repetition++) {
    const next = {
      ...target,
      reference,
      confirmed,
      repetition: plan.repeat > 1 ? repetition : undefined,
    };
    const result = deps.signal?.aborted ? notStarted(plan, next) : await runOne(plan, next, deps);
    reference ??= result.original;
    // A verdict's snapshot is settled (a FAILED one confirmed): the next baseline need not be.
    const judged = result.final && isTerminal(result.status);
    confirmed = judged && result.final ? restingPoint(result.final) : undefined;
    results.push(result);
  }
  return results;
}

/** Replays or (re-)triggers one run, waits for its verdict and gathers its report. Never throws. */
export async function runOne(plan: RunPlan, target: RunTarget, deps: RunDeps): Promise<RunResult> {
  // `timeout` is one deadline for the whole run, from its first call.
  const run: RunDeps = { ...deps, deadline: deps.clock.now() + plan.timeoutMs };
  const phases: Phases = {};
  try {
    return await follow(plan, target, run, phases);
  } catch (error) {
    return await failed(plan, target, run, phases, error);
  }
}

/** What a run's handling learned so far, phase by phase. */
interface Phases {
  original?: Original;
  started?: Started;
  workflow?: Promise<string | undefined>;
  /** The replay or trigger call was made (it may have been cut off). */
  sending?: boolean;
}

async function follow(plan: RunPlan, target: RunTarget, deps: RunDeps, phases: Phases) {
  let current: RunDetails | undefined;
  if (target.originalRunId) {
    const id = target.originalRunId;
    // Known as soon as read, even if it never settles (the report shows its status).
    const seen = (read: RunDetails) => {
      const details = target.reference ?? read;
      phases.original = { details, url: deps.linkTo(details.run.tenantId, id) };
    };
    // A replay is told apart from the run's previous attempt: that one must be over.
    current =
      plan.mode === 'replay'
        ? await settledBaseline(id, deps, seen, target.confirmed)
        : await readRun(id, deps);
    seen(current);
  }
  const workflow = (phases.workflow = workflowOf(plan, current, deps));
  phases.sending = true;
  const started = (phases.started = await start(plan, target, current, workflow, deps));
  const outcome = await waitForRun({
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
    onStatus: (status, ms) => deps.log(`[+${(ms / 1000).toFixed(1)}s] ${status}`),
    onRetry: (error, n) =>
      deps.log(n ? `${error.message}; checking again (${n})` : `${error.message}; not visible yet`),
  });
  const ended = await conclude(plan, started, outcome, phases.original?.details, deps);
  const diagnostics = await diagnose(plan, started, ended, deps);
  const name = await workflow;
  return resultOf(plan, target, { ...phases, ended, diagnostics, workflow: name }, deps);
}

/** Logs and events of the new attempt, within what is left of the timeout. */
async function diagnose(plan: RunPlan, started: Started, ended: Ended, deps: RunDeps) {
  if (!ended.final) return undefined;
  const final = newAttemptOf(ended.final, started.before);
  const left = (deps.deadline ?? Infinity) - deps.clock.now();
  if (left <= 0) return { events: [], logs: [], notes: [say.noTimeForLogs(plan.timeoutMs)] };
  const request = {
    final,
    replayed: plan.mode === 'replay',
    logLines: plan.logLines,
    tasks: tasksToLog(final, passes(plan, ended), plan.inGate),
    budgetMs: Math.min(DIAGNOSTICS_BUDGET_MS, left),
  };
  return gatherDiagnostics(request, deps);
}

async function failed(
  plan: RunPlan,
  target: RunTarget,
  deps: RunDeps,
  phases: Phases,
  error: unknown,
): Promise<RunResult> {
  const { started } = phases;
  const aborted = deps.signal?.aborted === true;
  const timedOut = !aborted && deps.clock.now() >= (deps.deadline ?? Infinity);
  const what = subject(error, target, started, phases.original);
  const ended: Ended = {
    status: aborted ? 'ABORTED' : timedOut ? 'TIMED_OUT' : 'ERROR',
    message: timedOut
      ? say.timedOutAt(what, plan.timeoutMs, (error as Error).message)
      : describeFailure(error, what),
    notes: [],
  };
  const originalId = phases.original?.details.run.metadata.id;
  // A replay cut off in flight may have taken effect: the post step looks, then cancels it.
  const inDoubt = phases.sending && !started && mayHaveTakenEffect(error, deps);
  if (inDoubt && originalId && plan.mode === 'replay' && (aborted || timedOut))
    ended.notes.push(say.replayInDoubt(originalId));
  if (started && (aborted || timedOut)) await cancel(plan, started.runId, ended, deps);
  else if (started) {
    // The outcome is unknown, not bad: the run is left to finish rather than cancelled.
    ended.notes.push(say.leftRunning(started.runId));
    deps.onSettled?.(started.runId);
  }
  const name = started?.workflow ?? (await phases.workflow?.catch(() => undefined));
  return resultOf(plan, target, { ...phases, ended, workflow: name }, deps);
}

function subject(error: unknown, target: RunTarget, started?: Started, original?: Original) {
  const runId = started?.runId ?? target.originalRunId ?? target.caseName ?? '';
  if (error instanceof Error && 'command' in error && String(error.command).includes('workflows'))
    return `workflow ${original?.details.run.workflowId ?? ''} (of run ${runId})`;
  return `run ${runId}`;
}

/** The workflow's name: the input, else the original run's (looked up: displayName is not it). */
function workflowOf(
  plan: RunPlan,
  original: RunDetails | undefined,
  deps: RunDeps,
): Promise<string | undefined> {
  if (plan.workflow || !original) return Promise.resolve(plan.workflow);
  const lookup = workflowNameOf(original, deps);
  if (plan.mode !== 'replay') return lookup;
  // For a replay the name only matters for the report: the display name will do.
  return lookup.catch(() => withoutMillisSuffix(original.run.displayName) || undefined);
}

async function start(
  plan: RunPlan,
  target: RunTarget,
  original: RunDetails | undefined,
  workflowName: Promise<string | undefined>,
  deps: RunDeps,
): Promise<Started> {
  if (plan.mode === 'replay' && original) {
    if (!isTerminal(original.run.status)) {
      throw new RunError(say.notFinished(original.run.metadata.id, original.run.status));
    }
    const actedAt = deps.clock.now();
    // The workflow's name is looked up while the replay runs.
    await replayOnce(original, deps);
    return {
      runId: original.run.metadata.id,
      actedAt,
      before: original,
      workflow: await workflowName,
    };
  }
  const workflow = await workflowName;
  if (!workflow) throw new RunError(say.noWorkflow());
  const runId = await triggerRun(workflow, target.input ?? {}, deps);
  return { runId, actedAt: deps.clock.now(), workflow };
}

export { notStarted, type Started };
