import type { Hatchet } from '../hatchet/commands.js';
import { withoutMillisSuffix } from '../hatchet/names.js';
import { isTerminal, type RunDetails } from '../hatchet/schemas.js';
import { classifyChange, outcomeOf } from './change.js';
import type { Clock } from './clock.js';
import { cancel, conclude, passes, type Ended } from './conclude.js';
import { gatherDiagnostics, tasksToLog, type Diagnostics } from './diagnostics.js';
import { RunError, describeFailure, say } from './failure.js';
import type { RunPlan, RunTarget } from './plan.js';
import type { RunResult } from './result.js';
import { attemptDurationMs, staleTasks } from './snapshot.js';
import { readRun, replayOnce, triggerRun, workflowNameOf, type StartDeps } from './start.js';
import { waitForRun } from './wait.js';

/** How long a freshly triggered run may answer 404 (its records are written asynchronously). */
export const NOT_FOUND_GRACE_MS = 30_000;

export interface RunDeps extends StartDeps {
  hatchet: Hatchet;
  clock: Clock;
  /** A dashboard link for a run, when the server URL is known. */
  linkTo: (tenantId: string | undefined, runId: string) => string | undefined;
  /** A run was replayed or triggered and is not yet finished (for the post step). */
  onStarted?: (runId: string) => void;
  /** The action is done with the run (finished, cancelled, or given up on). */
  onSettled?: (runId: string) => void;
}

/** The phases a run went through; each one reached adds what it learned. */
interface Original {
  details: RunDetails;
  url?: string;
}
export interface Started {
  runId: string;
  actedAt: number;
  workflow?: string;
  /** For a replay, the run as it was before (the new attempt is told apart from it). */
  before?: RunDetails;
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
  for (let repetition = 1; repetition <= plan.repeat; repetition++) {
    const next = { ...target, reference, repetition: plan.repeat > 1 ? repetition : undefined };
    const result = deps.signal?.aborted ? notStarted(plan, next) : await runOne(plan, next, deps);
    reference ??= result.original;
    results.push(result);
  }
  return results;
}

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

/** Replays or (re-)triggers one run, waits for its verdict and gathers its report. Never throws. */
export async function runOne(plan: RunPlan, target: RunTarget, deps: RunDeps): Promise<RunResult> {
  let original: Original | undefined;
  let started: Started | undefined;
  let workflow: Promise<string | undefined> | undefined;
  try {
    let current: RunDetails | undefined;
    if (target.originalRunId) {
      current = await readRun(target.originalRunId, deps);
      const details = target.reference ?? current;
      original = { details, url: deps.linkTo(details.run.tenantId, target.originalRunId) };
    }
    workflow = workflowOf(plan, current, deps);
    const { runId } = (started = await start(plan, target, current, workflow, deps));
    deps.onStarted?.(runId);
    const outcome = await waitForRun({
      getRun: (call) => deps.hatchet.getRun(runId, call),
      before: started.before,
      startedAt: started.actedAt,
      timeoutMs: plan.timeoutMs,
      pollIntervalMs: plan.pollIntervalMs,
      startTimeoutMs: plan.startTimeoutMs,
      notFoundGraceMs: started.before ? 0 : NOT_FOUND_GRACE_MS,
      clock: deps.clock,
      signal: deps.signal,
      onStatus: (status, ms) => deps.log(`[+${(ms / 1000).toFixed(1)}s] ${status}`),
      onRetry: (error, n) => deps.log(`${error.message}; checking again (${n})`),
    });
    const ended = await conclude(plan, started, outcome, original?.details, deps);
    const passed = passes(plan, ended);
    const diagnostics = ended.final
      ? await gatherDiagnostics(
          {
            final: ended.final,
            replayed: plan.mode === 'replay',
            logLines: plan.logLines,
            tasks: tasksToLog(ended.final, passed, plan.inGate),
            stale: staleTasks(started.before, ended.final),
          },
          deps,
        )
      : undefined;
    const name = await workflow;
    return resultOf(plan, target, { original, started, ended, diagnostics, workflow: name }, deps);
  } catch (error) {
    const aborted = deps.signal?.aborted === true;
    const ended: Ended = {
      status: aborted ? 'ABORTED' : 'ERROR',
      message: describeFailure(error, subject(error, target, started, original)),
      notes: [],
    };
    if (started && aborted) await cancel(plan, started.runId, ended, deps);
    else if (started) {
      // The outcome is unknown, not bad: the run is left to finish rather than cancelled.
      ended.notes.push(say.leftRunning(started.runId));
      deps.onSettled?.(started.runId);
    }
    const name = started?.workflow ?? (await workflow?.catch(() => undefined));
    return resultOf(plan, target, { original, started, ended, workflow: name }, deps);
  }
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

function resultOf(
  plan: RunPlan,
  target: RunTarget,
  phases: {
    original?: Original;
    started?: Started;
    ended: Ended;
    diagnostics?: Diagnostics;
    workflow?: string;
  },
  deps: RunDeps,
): RunResult {
  const { original, started, ended, diagnostics } = phases;
  const final = ended.final;
  const runId = started?.runId;
  const newOutcome = final && isTerminal(ended.status) ? outcomeOf(final, ended.status) : undefined;
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
    durationMs: final ? attemptDurationMs(final, staleTasks(started?.before, final)) : undefined,
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
    notes: [...ended.notes, ...(diagnostics?.notes ?? [])],
  };
}
