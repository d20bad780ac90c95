import { isRetryable, type HatchetCliError } from './errors.js';

/**
 * The one retry policy: exponential backoff with jitter, used by every caller that retries a
 * Hatchet call (reads before the wait, checks during the wait, a replay whose answer was lost).
 */
export interface RetryPolicy {
  /** How many failures in a row are tolerated before giving up. */
  budget: number;
  /** The pause after the first failure; it doubles with each failure after that. */
  baseMs: number;
  maxMs: number;
}

export const RETRY_POLICY: RetryPolicy = { budget: 6, baseMs: 1_000, maxMs: 16_000 };

/**
 * The pause after the `failures`-th failure in a row: base × 2^(failures−1), capped, then
 * "equal jitter" (between half and all of it), so that a gate's runs do not retry in lockstep.
 */
export function backoffMs(
  failures: number,
  policy: RetryPolicy = RETRY_POLICY,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export interface RetryContext {
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
  policy?: RetryPolicy;
  /** Called before each new try, with the error that caused it. */
  onRetry?: (error: HatchetCliError, failures: number) => void;
  /** The run's `timeout` (on the clock of `now`): each try gets what is left, none starts after. */
  deadline?: number;
  now?: () => number;
}

/** What is left before the context's deadline, if it has one. */
export function timeLeft(context: Pick<RetryContext, 'deadline' | 'now'>): number | undefined {
  if (context.deadline === undefined) return undefined;
  return context.deadline - (context.now ?? Date.now)();
}

/**
 * Runs a read-only call again on a transient failure, within the policy's budget and the
 * deadline. `call` is given the time left, to cap its own deadline with.
 */
export async function withRetries<T>(
  call: (left: { deadlineMs?: number }) => Promise<T>,
  context: RetryContext,
): Promise<T> {
  const policy = context.policy ?? RETRY_POLICY;
  for (let failures = 1; ; failures++) {
    try {
      const left = timeLeft(context);
      return await call(left === undefined ? {} : { deadlineMs: Math.max(1, left) });
    } catch (error) {
      if (!isRetryable(error) || failures > policy.budget || context.signal?.aborted) throw error;
      const pause = backoffMs(failures, policy);
      const left = timeLeft(context);
      if (left !== undefined && left <= pause) {
        // No try would start before the deadline: wait it out, then give up.
        if (left > 0) await context.sleep(left, context.signal);
        throw error;
      }
      context.onRetry?.(error, failures);
      await context.sleep(pause, context.signal);
    }
  }
}
