import type { CallContext } from '../hatchet/commands.js';
import { HatchetCliError, isRetryable } from '../hatchet/errors.js';
import { RETRY_POLICY, backoffMs, type RetryPolicy } from '../hatchet/retry.js';
import type { RunDetails, TerminalStatus } from '../hatchet/schemas.js';
import { realClock, type Clock } from './clock.js';
import { judge, type VerdictMemory } from './verdict.js';

export const FIRST_INTERVAL_MS = 200;
/** A replay with no sign of acceptance after this long was dropped by the engine. */
export const DROP_BOUND_MS = 60_000;

/**
 * The pause before the next check: 15% of the time waited so far, between 200 ms and
 * `poll-interval`. A short run is noticed within about a second; a long one costs at most one
 * call per `poll-interval`.
 */
export function nextInterval(elapsedMs: number, pollIntervalMs: number): number {
  return Math.round(Math.min(pollIntervalMs, Math.max(FIRST_INTERVAL_MS, elapsedMs * 0.15)));
}

/** How long to wait for a sign that the engine accepted a replay: 60 s, less for short waits. */
export function dropBoundMs(timeoutMs: number, startTimeoutMs?: number): number {
  return Math.min(DROP_BOUND_MS, timeoutMs / 2, startTimeoutMs ?? Infinity);
}

export type WaitOutcome =
  | { kind: 'final'; status: TerminalStatus; details: RunDetails; note?: string }
  | { kind: 'dropped'; reason: string; details?: RunDetails }
  | { kind: 'undetermined'; reason: string; details: RunDetails }
  | { kind: 'timed-out'; details?: RunDetails }
  | { kind: 'start-timeout'; details?: RunDetails }
  | { kind: 'aborted'; details?: RunDetails };

export interface WaitOptions {
  getRun: (context: CallContext) => Promise<RunDetails>;
  /** For a replay: the run before it, to tell the new attempt from the old rows. */
  before?: RunDetails;
  /** When the replay or trigger was sent; the timeout counts from here. */
  startedAt: number;
  timeoutMs: number;
  pollIntervalMs: number;
  startTimeoutMs?: number;
  /** A freshly triggered run answers 404 for a few seconds: not-found is retried this long. */
  notFoundGraceMs?: number;
  retry?: RetryPolicy;
  clock?: Clock;
  signal?: AbortSignal;
  /** Called when the visible status changes (`REPLAY_PENDING` until the replay shows). */
  onStatus?: (status: string, elapsedMs: number) => void;
  /** Called when a check failed and will be retried. */
  onRetry?: (error: HatchetCliError, failures: number) => void;
}

/**
 * Polls the run until the verdict is final. The loop only fetches and sleeps: whether a
 * snapshot is settled is decided by `judge` (see verdict.ts and hatchet-cli.md §4).
 */
export async function waitForRun(options: WaitOptions): Promise<WaitOutcome> {
  const clock = options.clock ?? realClock;
  const policy = options.retry ?? RETRY_POLICY;
  const deadline = options.startedAt + options.timeoutMs;
  const dropAfterMs = dropBoundMs(options.timeoutMs, options.startTimeoutMs);
  let last: RunDetails | undefined;
  let memory: VerdictMemory | undefined;
  let shownStatus = '';
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
      const judged = judge(
        {
          before: options.before,
          current: details,
          now: clock.now(),
          startedAt: options.startedAt,
          memory,
        },
        { dropAfterMs },
      );
      memory = judged.memory;
      const { verdict } = judged;
      if (verdict.kind === 'dropped') return { kind: 'dropped', reason: verdict.reason, details };
      if (verdict.kind === 'undetermined') {
        return { kind: 'undetermined', reason: verdict.reason, details };
      }
      const visible = verdict.kind === 'final' ? verdict.status : verdict.visibleStatus;
      if (visible !== shownStatus) {
        shownStatus = visible;
        options.onStatus?.(visible, clock.now() - options.startedAt);
      }
      if (verdict.kind === 'final') {
        return { kind: 'final', status: verdict.status, details, note: verdict.note };
      }
      const queuedTooLong =
        options.startTimeoutMs !== undefined &&
        clock.now() - options.startedAt >= options.startTimeoutMs &&
        verdict.accepted &&
        verdict.visibleStatus === 'QUEUED';
      if (queuedTooLong) return { kind: 'start-timeout', details };
      // A FAILED snapshot is confirmed by another one a moment later: do not wait longer.
      if (verdict.recheckInMs !== undefined)
        pause = Math.min(pause, Math.max(FIRST_INTERVAL_MS, verdict.recheckInMs));
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
        if (!isRetryable(error) || ++failures > policy.budget) throw error;
        options.onRetry?.(error, failures);
        pause = Math.max(pause, Math.min(options.pollIntervalMs, backoffMs(failures, policy)));
      }
    }
    const remaining = deadline - clock.now();
    if (remaining <= 0) return { kind: 'timed-out', details: last };
    await clock.sleep(Math.min(pause, remaining), options.signal);
  }
}
