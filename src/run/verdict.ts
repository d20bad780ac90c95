import type { RunDetails } from '../hatchet/schemas.js';
import { replayAccepted } from './baseline.js';
import { mayBeRetried } from './snapshot.js';
import { decide, settling, viewOf, type Verdict } from './rules.js';
import { formatDuration } from '../text/duration.js';

/**
 * Whether a polled run is finished, judged on one snapshot plus a little memory of the ones
 * before (hatchet-cli.md §4). `runs get` is eventually consistent after a replay: a status is
 * only believed when the task rows, their retry counts and the run row all agree. A
 * disagreement is never resolved by picking a side: the verdict waits for agreement, and the
 * wait loop's timeout ends it.
 */
export interface VerdictOptions {
  /**
   * A FAILED snapshot of a task the engine may retry is believed only if one this much later
   * still shows it (§4.6). The engine publishes a failed try's FAILED before it decides to retry
   * it, so the task and the run row read FAILED until the retry shows: measured on hatchet-lite
   * v0.104.7 with reads every ~5 ms (scripts/hatchet/blip.mjs, test/fixtures/traces/README.md),
   * in about 60% of retried tries, for at most 121 ms, quiet or busy. 250 ms is twice that. A
   * task whose workflow gives it no retries is never retried: its FAILED is final at once.
   */
  confirmFailedMs: number;
  /** A replay with no sign of acceptance after this long was dropped by the engine. */
  dropAfterMs: number;
}

/** A replay with no sign of acceptance after this long was dropped by the engine. */
export const DROP_BOUND_MS = 60_000;

export const DEFAULT_VERDICT_OPTIONS: VerdictOptions = {
  confirmFailedMs: 250,
  dropAfterMs: DROP_BOUND_MS,
};

export interface VerdictMemory {
  /** When the replay was first seen accepted; always set for a triggered run. */
  acceptedAt?: number;
  /** A settled FAILED snapshot waiting for confirmation: its retry counts and first sighting. */
  failedCandidate?: { retryCounts: string; firstSeenAt: number };
}

/** Defined beside the rules that give most verdicts (`rules.ts`). */
export type { Verdict };

export interface JudgeInput {
  /** The run before the replay (a settled baseline); undefined for a new (triggered) run. */
  before?: RunDetails;
  current: RunDetails;
  /** Milliseconds on the same clock as `startedAt`. */
  now: number;
  /** When the replay or trigger was sent. */
  startedAt: number;
  memory?: VerdictMemory;
}

export const REPLAY_PENDING = 'REPLAY_PENDING';

type Judged = { verdict: Verdict; memory: VerdictMemory };

export function judge(input: JudgeInput, options?: Partial<VerdictOptions>): Judged {
  const settings = { ...DEFAULT_VERDICT_OPTIONS, ...options };
  const { before, current, now } = input;
  const accepted =
    input.memory?.acceptedAt !== undefined || !before || replayAccepted(before, current);
  const memory: VerdictMemory = {
    acceptedAt: accepted ? (input.memory?.acceptedAt ?? now) : undefined,
  };
  if (!accepted) return { verdict: pending(input, settings), memory };
  const verdict = decide(viewOf(before, current));
  if (verdict.kind !== 'final' || verdict.status !== 'FAILED') return { verdict, memory };
  return confirmFailed(current, now, settings, input.memory?.failedCandidate, memory);
}

/** Before the engine shows the replay, everything visible is the previous attempt (§4.1). */
function pending(input: JudgeInput, settings: VerdictOptions): Verdict {
  const waited = input.now - input.startedAt;
  if (waited >= settings.dropAfterMs) {
    const reason =
      `Hatchet did not accept the replay of run ${input.current.run.metadata.id}: for ` +
      `${formatDuration(waited)} \`runs get\` showed no RETRIED_BY_USER event and no task with a ` +
      'higher retryCount. The engine drops a replay silently when a task still had a retry ' +
      'pending, when the run is past its retention period, or when another replay of the ' +
      'tenant (another job’s) was being applied at that moment: check the run in the ' +
      'dashboard, then replay it again.';
    return { kind: 'dropped', reason };
  }
  const reason =
    'waiting for Hatchet to show the replay (no RETRIED_BY_USER event or retryCount rise yet)';
  return settling(false, REPLAY_PENDING, reason, settings.dropAfterMs - waited);
}

/** §4.6: a task that will be retried reads FAILED for a moment; its retryCount would move. */
function confirmFailed(
  current: RunDetails,
  now: number,
  settings: VerdictOptions,
  previous: VerdictMemory['failedCandidate'],
  memory: VerdictMemory,
): Judged {
  if (!mayBeRetried(current)) {
    const reason = 'FAILED (no failed task has retries in its workflow: none will be retried)';
    return { verdict: { kind: 'final', status: 'FAILED', reason }, memory };
  }
  const retryCounts = current.tasks
    .map((task) => `${task.metadata.id}:${task.retryCount}`)
    .join(',');
  const candidate =
    previous?.retryCounts === retryCounts ? previous : { retryCounts, firstSeenAt: now };
  const sinceFirst = now - candidate.firstSeenAt;
  if (sinceFirst >= settings.confirmFailedMs) {
    const reason = `FAILED (confirmed by a second look ${formatDuration(sinceFirst)} later)`;
    return { verdict: { kind: 'final', status: 'FAILED', reason }, memory };
  }
  const reason = 'FAILED; checking again in case a task is about to be retried';
  return {
    verdict: settling(true, 'FAILED', reason, settings.confirmFailedMs - sinceFirst),
    memory: { ...memory, failedCandidate: candidate },
  };
}
