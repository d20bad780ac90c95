import type { CallContext } from '../hatchet/commands.js';
import { HatchetCliError } from '../hatchet/errors.js';
import { RETRY_POLICY, withRetries, type RetryPolicy } from '../hatchet/retry.js';
import type { RunDetails, TerminalStatus } from '../hatchet/schemas.js';
import { realClock, type Clock } from './clock.js';
import {
  FIRST_INTERVAL_MS,
  NEAR_MS,
  PROBE_CAP,
  expectedEndOf,
  nextInterval,
  nextPause,
} from './schedule.js';
import { triesOf } from './snapshot.js';
import { DROP_BOUND_MS, judge, type Verdict, type VerdictMemory } from './verdict.js';

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

export interface WaitOptions {
  getRun: (context: CallContext) => Promise<RunDetails>;
  /** For a replay: the settled run before it, to tell the new attempt from the old rows. */
  before?: RunDetails;
  /** When the replay or trigger was sent. */
  startedAt: number;
  timeoutMs: number;
  /** When `timeout` ends for this run (default: startedAt + timeoutMs); every call is capped. */
  deadline?: number;
  pollIntervalMs: number;
  /** How long the original run took: the new attempt likely ends that long after it started. */
  expectedMs?: number;
  /** Counted from the replay's acceptance (a new run: from when it is first seen). */
  startTimeoutMs?: number;
  /**
   * A freshly triggered run answers 404 for a few seconds. Until it is first seen, not-found
   * is retried to the deadline (the trigger said it exists), quietly for this long.
   */
  notFoundGraceMs?: number;
  retry?: RetryPolicy;
  clock?: Clock;
  signal?: AbortSignal;
  /**
   * Called when the visible status changes (`REPLAY_PENDING` until the replay shows), and with
   * a FAILED verdict's reason.
   */
  onStatus?: (status: string, elapsedMs: number) => void;
  /** Called when a check failed and will be retried. */
  onRetry?: (error: HatchetCliError, failures: number) => void;
  /** Called with every snapshot read, before it is judged (e.g. to fetch finished tasks' logs). */
  onSnapshot?: (details: RunDetails) => void;
  /**
   * Another look that can show the end (prefetch.ts: a standalone run's events), asked instead
   * of `runs get` near the predicted end: true once it shows it (the run is read at once), false
   * while not, undefined where it cannot tell (the run is read). It never throws.
   */
  probe?: (last: RunDetails, context: CallContext) => Promise<boolean | undefined>;
}

/** What the loop carries from one check to the next. */
interface Progress {
  last?: RunDetails;
  memory?: VerdictMemory;
  verdict?: Verdict;
  shown: string;
  /** Checks made sooner than the base rule (schedule.ts), against its cap. */
  denseUsed: number;
  /** Probes answered (against PROBE_CAP), and the tries of the last one that showed the end. */
  probes: number;
  probedTries?: string;
  /** When the latest read was sent. */
  readAt?: number;
  /**
   * The earliest the new attempt can have been accepted: the send of the last read that did not
   * see it (else the replay's). Predictions count from here: they err early, where checks are
   * cheap, not late, where a verdict waits (a read model slow to show the replay can still).
   */
  acceptedFrom?: number;
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
      pause = pauseAfter(options, clock, progress);
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
  if (progress.acceptedFrom === undefined && progress.memory?.acceptedAt !== undefined)
    progress.acceptedFrom = progress.readAt ?? options.startedAt;
  progress.readAt = sentAt;
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

/** The pause after a check that did not end the wait (schedule.ts: dense where the end is likely). */
function pauseAfter(options: WaitOptions, clock: Clock, progress: Progress): number {
  const settling = progress.verdict?.kind === 'settling' ? progress.verdict : undefined;
  const next = nextPause({
    elapsedMs: clock.now() - options.startedAt,
    pollIntervalMs: options.pollIntervalMs,
    expectedEndMs: expectedEnd(options, progress),
    rowLags: settling?.runRowLags,
    denseUsed: progress.denseUsed,
  });
  if (next.dense) progress.denseUsed++;
  if (settling?.recheckInMs === undefined) return next.ms;
  return Math.min(next.ms, Math.max(FIRST_INTERVAL_MS, settling.recheckInMs));
}

/** When (since the send) the accepted attempt should end, if the original run's length says. */
function expectedEnd(options: WaitOptions, { verdict, acceptedFrom }: Progress) {
  if (verdict?.kind !== 'settling' || !verdict.accepted || acceptedFrom === undefined) return;
  return expectedEndOf(options.expectedMs, acceptedFrom - options.startedAt);
}

/**
 * From NEAR_MS before the predicted end on, the probe is asked instead of reading the run (at
 * most PROBE_CAP times) until it shows the end of the tries the last read saw: false while not.
 */
async function probe(options: WaitOptions, progress: Progress, now: number, deadline: number) {
  const end = expectedEnd(options, progress);
  const { last } = progress;
  if (!options.probe || !last || end === undefined || progress.probes >= PROBE_CAP) return;
  if (now - options.startedAt < end - NEAR_MS || progress.probedTries === triesOf(last)) return;
  const told = await options.probe(last, { signal: options.signal, deadlineMs: deadline - now });
  if (told !== undefined) progress.probes++;
  if (told) progress.probedTries = triesOf(last);
  return told;
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
