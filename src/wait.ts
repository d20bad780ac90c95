import type { CallContext } from './hatchet/commands.js';
import { HatchetCliError, RETRYABLE_KINDS } from './hatchet/cli.js';
import { isTerminal, type RunDetails } from './hatchet/schemas.js';

/** What a run looked like before the replay, to tell the new attempt from the stale old one. */
export interface Baseline {
  maxRetryCount: number;
  userRetries: number;
}

export function baselineOf(details: RunDetails): Baseline {
  return {
    maxRetryCount: Math.max(-1, ...details.tasks.map((task) => task.retryCount)),
    userRetries: details.taskEvents.filter((e) => e.eventType === 'RETRIED_BY_USER').length,
  };
}

/**
 * Replay is in place and asynchronous: `runs get` keeps showing the old terminal status until a
 * task's retryCount rises (or a RETRIED_BY_USER event appears). A re-triggered run is new, so
 * whatever it shows is the new attempt.
 */
export function newAttemptVisible(details: RunDetails, baseline?: Baseline): boolean {
  if (!baseline) return true;
  const now = baselineOf(details);
  return now.maxRetryCount > baseline.maxRetryCount || now.userRetries > baseline.userRetries;
}

export function isFinished(details: RunDetails, baseline?: Baseline): boolean {
  return newAttemptVisible(details, baseline) && isTerminal(details.run.status);
}

export const FIRST_INTERVAL_MS = 200;

/**
 * The pause before the next check: 15% of the time waited so far, between 200 ms and
 * `poll-interval`. A short run is noticed within about a second; a long one costs at most one
 * call per `poll-interval`.
 */
export function nextInterval(elapsedMs: number, pollIntervalMs: number): number {
  return Math.round(Math.min(pollIntervalMs, Math.max(FIRST_INTERVAL_MS, elapsedMs * 0.15)));
}

export type WaitOutcome =
  | { kind: 'done'; details: RunDetails }
  | { kind: 'timed-out'; details?: RunDetails }
  | { kind: 'start-timeout'; details?: RunDetails }
  | { kind: 'aborted'; details?: RunDetails };

export interface Clock {
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    }),
};

export interface WaitOptions {
  getRun: (context: CallContext) => Promise<RunDetails>;
  /** Set for a replay: the new attempt is the one whose retryCount passed this. */
  baseline?: Baseline;
  /** When the wait started (the replay or trigger); the timeout counts from here. */
  startedAt: number;
  timeoutMs: number;
  pollIntervalMs: number;
  startTimeoutMs?: number;
  /** A freshly triggered run answers 404 for a few seconds: not-found is retried this long. */
  notFoundGraceMs?: number;
  /** How many failed checks in a row are tolerated before giving up. */
  errorBudget?: number;
  clock?: Clock;
  signal?: AbortSignal;
  /** Called when the visible status changes (`REPLAY_PENDING` until the replay shows). */
  onStatus?: (status: string, elapsedMs: number) => void;
  /** Called when a check failed and will be retried. */
  onRetry?: (error: HatchetCliError, attempt: number) => void;
}

export const PENDING_REPLAY = 'REPLAY_PENDING';

export async function waitForRun(options: WaitOptions): Promise<WaitOutcome> {
  const clock = options.clock ?? realClock;
  const budget = options.errorBudget ?? 6;
  const deadline = options.startedAt + options.timeoutMs;
  let last: RunDetails | undefined;
  let lastStatus = '';
  let failures = 0;

  // Right after a replay or trigger the answer is known (stale, or 404): do not ask yet.
  await clock.sleep(FIRST_INTERVAL_MS, options.signal);
  for (;;) {
    if (options.signal?.aborted) return { kind: 'aborted', details: last };
    const now = clock.now();
    const elapsed = now - options.startedAt;
    if (now >= deadline) return { kind: 'timed-out', details: last };

    let pause = nextInterval(elapsed, options.pollIntervalMs);
    try {
      const details = await options.getRun({ signal: options.signal, deadlineMs: deadline - now });
      failures = 0;
      last = details;
      const visible = newAttemptVisible(details, options.baseline);
      const status = visible ? details.run.status : PENDING_REPLAY;
      if (status !== lastStatus) {
        lastStatus = status;
        options.onStatus?.(status, clock.now() - options.startedAt);
      }
      if (visible && isTerminal(details.run.status)) return { kind: 'done', details };
      if (
        options.startTimeoutMs !== undefined &&
        clock.now() - options.startedAt >= options.startTimeoutMs &&
        (status === 'QUEUED' || status === PENDING_REPLAY)
      ) {
        return { kind: 'start-timeout', details };
      }
    } catch (error) {
      if (options.signal?.aborted) return { kind: 'aborted', details: last };
      if (!(error instanceof HatchetCliError)) throw error;
      if (error.kind === 'deadline' && clock.now() >= deadline) {
        return { kind: 'timed-out', details: last };
      }
      const inGrace =
        error.kind === 'not-found' &&
        last === undefined &&
        clock.now() - options.startedAt < (options.notFoundGraceMs ?? 0);
      if (!inGrace) {
        if (!RETRYABLE_KINDS.has(error.kind) || ++failures > budget) throw error;
        options.onRetry?.(error, failures);
        // Back off: 1 s, 2 s, 4 s … capped by poll-interval (and at least the normal pause).
        pause = Math.max(pause, Math.min(options.pollIntervalMs, 1000 * 2 ** (failures - 1)));
      }
    }
    const remaining = deadline - clock.now();
    if (remaining <= 0) return { kind: 'timed-out', details: last };
    await clock.sleep(Math.min(pause, remaining), options.signal);
  }
}
