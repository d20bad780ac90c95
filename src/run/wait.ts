import type { CallContext } from '../hatchet/commands.js';
import { HatchetCliError } from '../hatchet/errors.js';
import { RETRY_POLICY, withRetries, type RetryPolicy } from '../hatchet/retry.js';
import type { RunDetails, TerminalStatus } from '../hatchet/schemas.js';
import { realClock, type Clock } from './clock.js';
import { noteRead, pauseAfter, probe, type PaceOptions, type Progress } from './pace.js';
import { FIRST_INTERVAL_MS, nextInterval } from './schedule.js';
import { DROP_BOUND_MS, judge } from './verdict.js';

/**
 * How long to wait for a sign that the engine accepted a replay: 60 s, less for short waits.
 * Its own bound: `start-timeout` is about workers, and counts from the acceptance.
 */
export function dropBoundMs(timeoutMs: number): number {
  return Math.min(DROP_BOUND_MS, timeoutMs / 2);
}

export type WaitOutcome =
  | { kind: 'final'; status: TerminalStatus; details: RunDetails }
  | { kind: 'dropped'; reason: string; details?: RunDetails }
  /** The timeout came while every new row was final but the rows did not agree. */
  | { kind: 'undetermined'; reason: string; details: RunDetails }
  | { kind: 'timed-out'; details?: RunDetails }
  | { kind: 'start-timeout'; details?: RunDetails }
  | { kind: 'aborted'; details?: RunDetails };

export interface WaitOptions extends PaceOptions {
  getRun: (context: CallContext) => Promise<RunDetails>;
  /** For a replay: the settled run before it, to tell the new attempt from the old rows. */
  before?: RunDetails;
  timeoutMs: number;
  /** When `timeout` ends for this run (default: startedAt + timeoutMs); every call is capped. */
  deadline?: number;
  /** Counted from the replay's acceptance (a new run: from when it is first seen). */
  startTimeoutMs?: number;
  /**
   * A freshly triggered run answers 404 for a few seconds. Until it is first seen, not-found
   * is retried to the deadline (the trigger said it exists), quietly for this long.
   */
  notFoundGraceMs?: number;
  retry?: RetryPolicy;
  clock?: Clock;
  /**
   * Called when the visible status changes (`REPLAY_PENDING` until the replay shows), and with
   * a FAILED verdict's reason.
   */
  onStatus?: (status: string, elapsedMs: number) => void;
  /** Called when a check failed and will be retried. */
  onRetry?: (error: HatchetCliError, failures: number) => void;
  /** Called with every snapshot read, before it is judged (e.g. to fetch finished tasks' logs). */
  onSnapshot?: (details: RunDetails) => void;
}

/**
 * Polls the run until the verdict is final. The loop only fetches and sleeps: whether a
 * snapshot is settled is decided by `judge` (see verdict.ts and hatchet-cli.md §4).
 */
export async function waitForRun(options: WaitOptions): Promise<WaitOutcome> {
  const clock = options.clock ?? realClock;
  const deadline = options.deadline ?? options.startedAt + options.timeoutMs;
  const progress: Progress = { shown: '', denseUsed: 0, probes: 0 };
  // Right after a replay or trigger the answer is known (stale, or 404): do not ask yet.
  await clock.sleep(
    Math.min(FIRST_INTERVAL_MS, Math.max(0, deadline - clock.now())),
    options.signal,
  );
  for (;;) {
    if (options.signal?.aborted) return { kind: 'aborted', details: progress.last };
    const now = clock.now();
    if (now >= deadline) return atDeadline(progress);
    let pause = nextInterval(now - options.startedAt, options.pollIntervalMs);
    try {
      const told = await probe(options, progress, now, deadline);
      if (told !== false && !options.signal?.aborted && clock.now() < deadline) {
        const ended = await look(options, clock, deadline, progress);
        if (ended) return ended;
      }
      pause = pauseAfter(options, progress, clock.now());
    } catch (error) {
      if (options.signal?.aborted) return { kind: 'aborted', details: progress.last };
      if (clock.now() >= deadline && error instanceof HatchetCliError) return atDeadline(progress);
      notYetWritten(error, options, clock, progress);
    }
    const remaining = deadline - clock.now();
    if (remaining <= 0) return atDeadline(progress);
    await clock.sleep(Math.min(pause, remaining), options.signal);
  }
}

/** Reads the run and judges it; returns the outcome when the wait is over. */
async function look(options: WaitOptions, clock: Clock, deadline: number, progress: Progress) {
  const sentAt = clock.now();
  const details = await read(options, clock, deadline);
  const ended = check(details, options, clock, progress);
  if (ended) return ended;
  noteRead(options, progress, sentAt, clock.now());
  return undefined;
}

/** Judges one snapshot; returns the outcome when the wait is over. */
function check(details: RunDetails, options: WaitOptions, clock: Clock, progress: Progress) {
  progress.last = details;
  options.onSnapshot?.(details);
  const now = clock.now();
  const judged = judge(
    {
      before: options.before,
      current: details,
      now,
      startedAt: options.startedAt,
      memory: progress.memory,
    },
    { dropAfterMs: dropBoundMs(options.timeoutMs) },
  );
  const { verdict } = judged;
  progress.memory = judged.memory;
  progress.verdict = verdict;
  if (verdict.kind === 'dropped')
    return { kind: 'dropped' as const, reason: verdict.reason, details };
  const visible = verdict.kind === 'final' ? verdict.status : verdict.visibleStatus;
  // A FAILED verdict says how it was believed (a second look, or no retries left).
  const told = verdict.kind === 'final' && verdict.status === 'FAILED' ? verdict.reason : visible;
  if (visible !== progress.shown || told !== visible) {
    progress.shown = visible;
    options.onStatus?.(told, now - options.startedAt);
  }
  if (verdict.kind === 'final') return { kind: 'final' as const, status: verdict.status, details };
  const acceptedAt = judged.memory.acceptedAt ?? now;
  const queuedTooLong =
    options.startTimeoutMs !== undefined &&
    verdict.accepted &&
    verdict.visibleStatus === 'QUEUED' &&
    now - acceptedAt >= options.startTimeoutMs;
  return queuedTooLong ? { kind: 'start-timeout' as const, details } : undefined;
}

/**
 * One check, under the one retry policy (hatchet/retry.ts): a transient failure is tried again
 * with backoff (never longer than `poll-interval`), within the budget and the deadline.
 */
function read(options: WaitOptions, clock: Clock, deadline: number): Promise<RunDetails> {
  const policy = options.retry ?? RETRY_POLICY;
  return withRetries((left) => options.getRun({ signal: options.signal, ...left }), {
    sleep: clock.sleep,
    signal: options.signal,
    deadline,
    now: clock.now,
    policy: { ...policy, maxMs: Math.min(policy.maxMs, options.pollIntervalMs) },
    onRetry: options.onRetry,
  });
}

/**
 * A freshly triggered run answers 404 until its records are written (the trigger said it
 * exists): the wait goes on, quietly for `notFoundGraceMs`. Any other failure ends it.
 */
function notYetWritten(error: unknown, options: WaitOptions, clock: Clock, progress: Progress) {
  const fresh = progress.last === undefined && !options.before;
  if (!(error instanceof HatchetCliError) || error.kind !== 'not-found' || !fresh) throw error;
  if (clock.now() - options.startedAt >= (options.notFoundGraceMs ?? 0))
    options.onRetry?.(error, 0);
}

/** The timeout: undetermined when only a disagreement of final rows was left, else timed out. */
function atDeadline(progress: Progress): WaitOutcome {
  const { verdict, last } = progress;
  if (last && verdict?.kind === 'settling' && verdict.undecided) {
    const reason = `When the timeout came, ${verdict.undecided}: the new attempt's outcome is not known. Check the run in the dashboard.`;
    return { kind: 'undetermined', reason, details: last };
  }
  return { kind: 'timed-out', details: last };
}
