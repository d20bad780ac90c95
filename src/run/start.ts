import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Hatchet } from '../hatchet/commands.js';
import { HatchetCliError, isRetryable } from '../hatchet/errors.js';
import { RETRY_POLICY, backoffMs, withRetries } from '../hatchet/retry.js';
import type { RunDetails } from '../hatchet/schemas.js';
import type { Clock } from './clock.js';
import { RunError, say } from './failure.js';
import { judge } from './verdict.js';

export interface StartDeps {
  hatchet: Hatchet;
  clock: Clock;
  signal?: AbortSignal;
  /** Where the trigger's input file is written (RUNNER_TEMP). */
  tempDir: string;
  log: (line: string) => void;
}

/**
 * A replay whose answer was lost may still have been accepted: look this long before resending
 * (events show within a couple of status jobs; a resent replay of a run whose new attempt has
 * not ended is dropped by the engine, the second line of defence).
 */
export const ACCEPT_WINDOW_MS = 15_000;

/** Reads the original run, retrying transient failures. */
export function readRun(runId: string, deps: StartDeps): Promise<RunDetails> {
  return withRetries(() => deps.hatchet.getRun(runId, { signal: deps.signal }), {
    sleep: deps.clock.sleep,
    signal: deps.signal,
    onRetry: (error, n) => deps.log(`${error.message}; retrying (${n})`),
  });
}

/** The name `trigger manual -w` needs: only `workflows get` knows it (displayName is not it). */
export function workflowNameOf(original: RunDetails, deps: StartDeps): Promise<string> {
  const workflowId = original.run.workflowId;
  if (!workflowId) throw new RunError(say.noWorkflowId(original.run.metadata.id));
  return withRetries(() => deps.hatchet.workflowName(workflowId, { signal: deps.signal }), {
    sleep: deps.clock.sleep,
    signal: deps.signal,
  });
}

/**
 * Replays a finished run once. `runs replay` is a POST the CLI does not retry, and a failure
 * may come after the engine accepted it: before sending it again, look for the new attempt, so
 * that one intended replay never becomes two (every task would run twice).
 */
export async function replayOnce(before: RunDetails, deps: StartDeps): Promise<void> {
  const runId = before.run.metadata.id;
  for (let failures = 1; ; failures++) {
    const sentAt = deps.clock.now();
    try {
      const ids = await deps.hatchet.replay(runId, { signal: deps.signal });
      if (ids.length === 0) throw new RunError(say.replayedNothing(runId));
      deps.log(`Replayed run ${runId} (${ids.length} task${ids.length === 1 ? '' : 's'}).`);
      return;
    } catch (error) {
      if (!isRetryable(error) || deps.signal?.aborted) throw error;
      if (await acceptedWithin(before, sentAt, deps)) {
        deps.log(`${error.message}; the replay was accepted all the same.`);
        return;
      }
      if (failures > RETRY_POLICY.budget) throw error;
      deps.log(`${error.message}; the replay did not take effect, sending it again (${failures}).`);
      await deps.clock.sleep(backoffMs(failures), deps.signal);
    }
  }
}

async function acceptedWithin(before: RunDetails, sentAt: number, deps: StartDeps) {
  const until = deps.clock.now() + ACCEPT_WINDOW_MS;
  for (;;) {
    try {
      const current = await deps.hatchet.getRun(before.run.metadata.id, { signal: deps.signal });
      const { verdict } = judge({ before, current, now: deps.clock.now(), startedAt: sentAt });
      if (verdict.kind === 'final' || (verdict.kind === 'settling' && verdict.accepted))
        return true;
    } catch (error) {
      if (!isRetryable(error)) throw error;
    }
    if (deps.clock.now() >= until || deps.signal?.aborted) return false;
    await deps.clock.sleep(1_000, deps.signal);
  }
}

/**
 * Triggers a workflow with an input written to a fresh 0600 file (the CLI's `-j` takes a path),
 * removed on every path. A trigger is not idempotent: it is never retried.
 */
export async function triggerRun(
  workflow: string,
  input: Record<string, unknown>,
  deps: StartDeps,
): Promise<string> {
  const dir = mkdtempSync(join(deps.tempDir, 'hatchet-input-'));
  const file = join(dir, 'input.json');
  try {
    writeFileSync(file, JSON.stringify(input), { mode: 0o600, flag: 'wx' });
    const { runId } = await deps.hatchet.trigger(workflow, file, { signal: deps.signal });
    deps.log(`Triggered workflow '${workflow}' as run ${runId}.`);
    return runId;
  } catch (error) {
    if (!(error instanceof HatchetCliError) || error.kind === 'usage') throw error;
    // `trigger manual` only searches the tenant's first 50 workflows (an upstream bug).
    if (error.kind === 'not-found') throw new RunError(say.workflowNotFound(error.message));
    const maybeCreated = error.kind === 'transient' || error.kind === 'deadline';
    throw new RunError(say.triggerFailed(error.message, maybeCreated));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
