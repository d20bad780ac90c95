import type { CallContext } from '../hatchet/commands.js';
import type { RunDetails } from '../hatchet/schemas.js';
import {
  FIRST_INTERVAL_MS,
  MIN_PROBES,
  denseWindow,
  expectedEndOf,
  nextPause,
} from './schedule.js';
import { newAttemptOf, triesOf } from './snapshot.js';
import type { Verdict, VerdictMemory } from './verdict.js';

/**
 * How the wait (wait.ts) paces its checks, from what the checks so far saw: the pause after a
 * check (schedule.ts's rule), the predicted end of the new attempt, and near it the probe asked
 * instead of reading the run.
 */
export interface PaceOptions {
  /** When the replay or trigger was sent. */
  startedAt: number;
  pollIntervalMs: number;
  /** How long the original run took: the new attempt likely ends that long after it started. */
  expectedMs?: number;
  /**
   * Another look that can show the end (prefetch.ts: a standalone run's events), asked instead
   * of `runs get` near the predicted end: true once it shows it (the run is read at once), false
   * while not, undefined where it cannot tell (the run is read). It never throws.
   */
  probe?: (last: RunDetails, context: CallContext) => Promise<boolean | undefined>;
  signal?: AbortSignal;
}

/** What the wait carries from one check to the next. */
export interface Progress {
  last?: RunDetails;
  memory?: VerdictMemory;
  verdict?: Verdict;
  shown: string;
  /** Checks made sooner than the base rule (schedule.ts), against its cap. */
  denseUsed: number;
  /**
   * Probes answered for the latest try (see MIN_PROBES), and the tries of the last one that showed
   * the end.
   */
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
  /** A one-task run's highest try read so far (its task's retryCount in the new attempt). */
  retry?: number;
  /**
   * A one-task run retried its task: the earliest the latest try can have begun, the send of the
   * last read that showed the try before. That try is predicted from here as the first is from
   * acceptedFrom (the original run's length is its last try's: §4.4).
   */
  tryFrom?: number;
  /**
   * The earliest the latest try can have started running: the send of the last read that showed
   * it queued, or not yet there. The original run's length counts from its first task's start,
   * so the time a replay waits in the queue (longer on a busy engine) is not in it.
   */
  startFrom?: number;
  /**
   * The latest it can have started: when the read that first showed it running was answered. A
   * first read that shows it running at once brackets the start widely (from the replay's send:
   * its answer, the engine's stale window, the read itself), and the end is as uncertain.
   */
  startBy?: number;
}

/** What a read sent at `sentAt` that did not end the wait tells the pace. */
export function noteRead(
  options: PaceOptions & { before?: RunDetails },
  progress: Progress,
  sentAt: number,
  answeredAt: number,
) {
  const attempt = progress.last && newAttemptOf(progress.last, options.before);
  const previous = progress.readAt ?? options.startedAt;
  if (progress.acceptedFrom === undefined && progress.memory?.acceptedAt !== undefined)
    progress.acceptedFrom = previous;
  const retry = attempt?.tasks.length === 1 ? attempt.tasks[0]!.retryCount : undefined;
  if (retry !== undefined && progress.retry !== undefined && retry > progress.retry) {
    // Another try (a read model that goes back a try is not one): predicted afresh, with a
    // window of its own (DENSE_CAP still bounds the run).
    progress.tryFrom = previous;
    progress.startFrom = undefined;
    progress.startBy = undefined;
    progress.probes = 0;
  }
  if (retry !== undefined) progress.retry = Math.max(retry, progress.retry ?? retry);
  const running = attempt?.tasks.some((task) => task.status !== 'QUEUED');
  if (progress.acceptedFrom !== undefined && progress.startFrom === undefined && running) {
    progress.startFrom = previous;
    progress.startBy = answeredAt;
  }
  progress.readAt = sentAt;
}

/** The pause after a check that did not end the wait (schedule.ts: dense where the end is likely). */
export function pauseAfter(options: PaceOptions, progress: Progress, now: number): number {
  const settling = progress.verdict?.kind === 'settling' ? progress.verdict : undefined;
  const next = nextPause({
    elapsedMs: now - options.startedAt,
    pollIntervalMs: options.pollIntervalMs,
    expectedEndMs: expectedEnd(options, progress),
    latestEndMs: latestEnd(options, progress),
    rowLags: settling?.runRowLags,
    denseUsed: progress.denseUsed,
  });
  if (next.dense) progress.denseUsed++;
  if (settling?.recheckInMs === undefined) return next.ms;
  return Math.min(next.ms, Math.max(FIRST_INTERVAL_MS, settling.recheckInMs));
}

/**
 * When (since the send) the accepted attempt should end, if the original run's length says: from
 * the earliest its latest try can have started running. Each bound errs early while the rows are
 * current; a row that lags (a failed try reads FAILED up to ~121 ms after its retry began,
 * verdict.ts) can make it late by that much, within the back-to-back checks that go on LATE_MS
 * after the predicted end (schedule.ts).
 */
export function expectedEnd(options: PaceOptions, progress: Progress) {
  const { verdict, acceptedFrom, tryFrom, startFrom } = progress;
  if (verdict?.kind !== 'settling' || !verdict.accepted || acceptedFrom === undefined) return;
  const from = Math.max(acceptedFrom, tryFrom ?? acceptedFrom, startFrom ?? acceptedFrom);
  return expectedEndOf(options.expectedMs, from - options.startedAt);
}

/** The latest the attempt should end, once a read showed its latest try running (`startBy`). */
export function latestEnd(options: PaceOptions, progress: Progress) {
  if (expectedEnd(options, progress) === undefined || progress.startBy === undefined) return;
  return expectedEndOf(options.expectedMs, progress.startBy - options.startedAt);
}

/**
 * From NEAR_MS before the predicted end, through the window where the checks go back to back
 * (schedule.ts's denseWindow) and at least MIN_PROBES times, the probe is asked instead of reading
 * the run until it shows the end of the tries the last read saw: false while not; undefined
 * where no probe was asked, or it could not tell (the run is read then). After that the run is
 * read again, so that a run that takes longer than predicted shows its progress.
 */
export async function probe(
  options: PaceOptions,
  progress: Progress,
  now: number,
  deadline: number,
): Promise<boolean | undefined> {
  const end = expectedEnd(options, progress);
  const { last } = progress;
  if (!options.probe || !last || end === undefined) return;
  const { from, until } = denseWindow(end, latestEnd(options, progress));
  const elapsed = now - options.startedAt;
  if (elapsed < from || progress.probedTries === triesOf(last)) return;
  if (elapsed >= until && progress.probes >= MIN_PROBES) return;
  const told = await options.probe(last, { signal: options.signal, deadlineMs: deadline - now });
  if (told !== undefined) progress.probes++;
  if (told) progress.probedTries = triesOf(last);
  return told;
}
