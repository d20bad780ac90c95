import type { RunDetails } from '../hatchet/schemas.js';
import { needsConfirmation, restingPoint, runningOnItsOwn, unsettledBecause } from './baseline.js';
import { RunError, say } from './failure.js';
import type { StartDeps } from './phases.js';
import { readRun } from './start.js';
import { DEFAULT_VERDICT_OPTIONS } from './verdict.js';

/** How long a baseline may take to settle (an earlier replay resetting, a retry pending). */
export const BASELINE_SETTLE_MS = 30_000;
const FIRST_PAUSE_MS = 250;
const MAX_PAUSE_MS = 2_000;

/**
 * Reads the run to replay until it is a settled baseline (baseline.ts): every task final and
 * at rest, the run row agreeing, a recent FAILED seen twice. A run running in its first attempt
 * fails at once; one that does not settle within BASELINE_SETTLE_MS (or the timeout) fails
 * with what kept it moving.
 */
export async function settledBaseline(
  runId: string,
  deps: StartDeps,
  onRead?: (details: RunDetails) => void,
  /** A resting point already confirmed (by the previous repetition's verdict). */
  confirmed?: string,
): Promise<RunDetails> {
  const start = deps.clock.now();
  const until = Math.min(start + BASELINE_SETTLE_MS, deps.deadline ?? Infinity);
  const confirmMs = DEFAULT_VERDICT_OPTIONS.confirmFailedMs;
  let seen: { point: string; at: number } | undefined;
  let told = '';
  for (let pause = FIRST_PAUSE_MS; ; pause = Math.min(pause * 2, MAX_PAUSE_MS)) {
    const details = await readRun(runId, deps);
    onRead?.(details);
    const now = deps.clock.now();
    const problem = unsettledBecause(details);
    if (problem && runningOnItsOwn(details))
      throw new RunError(say.notFinished(runId, details.run.status));
    let wait = pause;
    if (!problem) {
      const point = restingPoint(details);
      if (!needsConfirmation(details, now) || point === confirmed) return details;
      if (seen?.point === point && now - seen.at >= confirmMs) return details;
      if (seen?.point !== point) seen = { point, at: now };
      wait = confirmMs - (now - seen.at);
    } else seen = undefined;
    if (now + wait > until) {
      const why = problem ?? 'its FAILED status could not be confirmed by a second look';
      throw new RunError(say.notSettled(runId, why, now - start));
    }
    if (problem && problem !== told) deps.log(`Run ${runId} is not settled yet: ${problem}.`);
    told = problem ?? told;
    await deps.clock.sleep(wait, deps.signal);
    if (deps.signal?.aborted) throw new RunError(say.abortedBeforeStart());
  }
}
