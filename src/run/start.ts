import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CallContext } from '../hatchet/commands.js';
import { HatchetCliError, RETRYABLE_KINDS, isRetryable } from '../hatchet/errors.js';
import { timeLeft, withRetries } from '../hatchet/retry.js';
import { isTerminal, type RunDetails } from '../hatchet/schemas.js';
import { withoutMillisSuffix } from '../hatchet/names.js';
import { acceptanceBaseline, replayAccepted } from './baseline.js';
import { RunError, say } from './failure.js';
import type { InFlight, StartDeps, Started } from './phases.js';
import type { RunPlan, RunTarget } from './plan.js';

/**
 * A replay whose answer was lost may still have been accepted: look this long before resending
 * (events show within a couple of status jobs; a resent replay of a run whose new attempt has
 * not ended is dropped by the engine, the second line of defence).
 */
export const ACCEPT_WINDOW_MS = 15_000;

/** A call's context: the job's signal, and the time left before the run's deadline. */
export function callContext(deps: StartDeps): CallContext {
  const left = timeLeft({ deadline: deps.deadline, now: deps.clock.now });
  return { signal: deps.signal, ...(left === undefined ? {} : { deadlineMs: Math.max(1, left) }) };
}

function retrying(deps: StartDeps, onRetry?: (error: HatchetCliError, n: number) => void) {
  return {
    sleep: deps.clock.sleep,
    signal: deps.signal,
    deadline: deps.deadline,
    now: deps.clock.now,
    onRetry,
  };
}

/** Reads a run, retrying transient failures within the deadline. */
export function readRun(runId: string, deps: StartDeps): Promise<RunDetails> {
  return withRetries(
    (left) => deps.hatchet.getRun(runId, { signal: deps.signal, ...left }),
    retrying(deps, (error, n) => deps.log(`${error.message}; retrying (${n})`)),
  );
}

/** The name `trigger manual -w` needs: only `workflows get` knows it (displayName is not it). */
export function workflowNameOf(original: RunDetails, deps: StartDeps): Promise<string> {
  const workflowId = original.run.workflowId;
  if (!workflowId) throw new RunError(say.noWorkflowId(original.run.metadata.id));
  return withRetries(
    (left) => deps.hatchet.workflowName(workflowId, { signal: deps.signal, ...left }),
    retrying(deps),
  );
}

/** Whether a failed call may still have reached Hatchet (then only a later look can tell). */
export function mayHaveTakenEffect(error: unknown, deps: StartDeps): boolean {
  if (deps.signal?.aborted) return true;
  if (!(error instanceof HatchetCliError)) return false;
  return error.kind === 'aborted' || RETRYABLE_KINDS.has(error.kind);
}

/**
 * Replays a settled run once. `runs replay` is a POST the CLI does not retry, and a failure may
 * come after the engine accepted it: before sending it again, look for the new attempt, so that
 * one intended replay never becomes two (every task would run twice).
 */
export async function replayOnce(before: RunDetails, deps: StartDeps): Promise<void> {
  const runId = before.run.metadata.id;
  const call: InFlight = {
    kind: 'replay',
    key: `replay:${runId}`,
    runId,
    before: acceptanceBaseline(before),
  };
  deps.onSending?.(call);
  try {
    await sendReplay(before, deps);
    deps.onSent?.(call, runId);
  } catch (error) {
    // Only a job cancelled or out of time has its replay in doubt looked at (and cancelled) by
    // the post step; after a plain error the run is left to finish, as any run not followed.
    if (!mayHaveTakenEffect(error, deps) || !stopping(deps)) deps.onSent?.(call);
    throw error;
  }
}

/** The job was cancelled, or the run's `timeout` is up. */
function stopping(deps: StartDeps): boolean {
  return deps.signal?.aborted === true || (timeLeft(retrying(deps)) ?? Infinity) <= 0;
}

/**
 * `runs replay` under the one retry policy (hatchet/retry.ts), with one twist: before a failed
 * try is sent again, the run is looked at, and a replay that took effect all the same ends it.
 */
async function sendReplay(before: RunDetails, deps: StartDeps): Promise<void> {
  const runId = before.run.metadata.id;
  const onRetry = (error: HatchetCliError, n: number) =>
    deps.log(`${error.message}; the replay did not take effect, sending it again (${n}).`);
  await withRetries(
    async (left) => {
      try {
        const ids = await deps.hatchet.replay(runId, { signal: deps.signal, ...left });
        if (ids.length === 0) throw new RunError(say.replayedNothing(runId));
        deps.log(`Replayed run ${runId} (${ids.length} task${ids.length === 1 ? '' : 's'}).`);
      } catch (error) {
        if (!isRetryable(error) || deps.signal?.aborted) throw error;
        if (!(await acceptedWithin(before, deps))) throw error;
        deps.log(`${error.message}; the replay was accepted all the same.`);
      }
    },
    retrying(deps, onRetry),
  );
}

async function acceptedWithin(before: RunDetails, deps: StartDeps) {
  const until = Math.min(deps.clock.now() + ACCEPT_WINDOW_MS, deps.deadline ?? Infinity);
  for (;;) {
    try {
      const current = await deps.hatchet.getRun(before.run.metadata.id, callContext(deps));
      if (replayAccepted(before, current)) return true;
    } catch (error) {
      if (!isRetryable(error)) throw error;
    }
    const left = until - deps.clock.now();
    if (left <= 0 || deps.signal?.aborted) return false;
    await deps.clock.sleep(Math.min(1_000, left), deps.signal);
  }
}

/**
 * Triggers a workflow with an input written to a fresh 0600 file (the CLI's `-j` takes a path),
 * removed on every path (by the post step, should this step die). A trigger is not
 * idempotent: it is never retried.
 */
export async function triggerRun(
  workflow: string,
  input: Record<string, unknown>,
  deps: StartDeps,
): Promise<string> {
  const dir = mkdtempSync(join(deps.tempDir, 'hatchet-input-'));
  const call: InFlight = { kind: 'trigger', key: `trigger:${dir}`, workflow, inputDir: dir };
  deps.onSending?.(call);
  const file = join(dir, 'input.json');
  let runId: string | undefined;
  try {
    writeFileSync(file, JSON.stringify(input), { mode: 0o600, flag: 'wx' });
    ({ runId } = await deps.hatchet.trigger(workflow, file, callContext(deps)));
    deps.log(`Triggered workflow '${workflow}' as run ${runId}.`);
    return runId;
  } catch (error) {
    if (!(error instanceof HatchetCliError) || error.kind === 'usage') throw error;
    // `trigger manual` only searches the tenant's first 50 workflows (an upstream bug).
    if (error.kind === 'not-found') throw new RunError(say.workflowNotFound(error.message));
    // One rule with the replay's: a cancelled call or an unreadable answer may have created it.
    throw new RunError(say.triggerFailed(error.message, mayHaveTakenEffect(error, deps)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
    // The step's message says whether a run may exist; the post step only warns for a step
    // killed before it could (the record then outlives it).
    deps.onSent?.(call, runId);
  }
}

/** The workflow's name: the input, else the original run's (looked up: displayName is not it). */
export function workflowOf(
  plan: RunPlan,
  original: RunDetails | undefined,
  deps: StartDeps,
): Promise<string | undefined> {
  if (plan.workflow || !original) return Promise.resolve(plan.workflow);
  const lookup = workflowNameOf(original, deps);
  if (plan.mode !== 'replay') return lookup;
  // For a replay the name only matters for the report: the display name will do.
  return lookup.catch(() => withoutMillisSuffix(original.run.displayName) || undefined);
}

export async function startRun(
  plan: RunPlan,
  target: RunTarget,
  original: RunDetails | undefined,
  workflowName: Promise<string | undefined>,
  deps: StartDeps,
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
