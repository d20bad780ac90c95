import { isTerminal, type RunDetails, type Task, type TerminalStatus } from '../hatchet/schemas.js';
import { replayAccepted } from './baseline.js';
import {
  everyShapeTaskPresent,
  impliedStatus,
  names,
  retryCountsOf,
  seconds,
  visibleStatusOf,
} from './snapshot.js';

/**
 * Whether a polled run is finished, judged on one snapshot plus a little memory of the ones
 * before (hatchet-cli.md §4). `runs get` is eventually consistent after a replay: a status is
 * only believed when the task rows, their retry counts and the run row all agree. A
 * disagreement is never resolved by picking a side: the verdict waits for agreement, and the
 * wait loop's timeout ends it.
 */
export interface VerdictOptions {
  /** A FAILED snapshot is believed only if one this much later still shows it (§4.6). */
  confirmFailedMs: number;
  /** A replay with no sign of acceptance after this long was dropped by the engine. */
  dropAfterMs: number;
}

export const DEFAULT_VERDICT_OPTIONS: VerdictOptions = {
  confirmFailedMs: 2_000,
  dropAfterMs: 60_000,
};

export interface VerdictMemory {
  /** When the replay was first seen accepted; always set for a triggered run. */
  acceptedAt?: number;
  /** A settled FAILED snapshot waiting for confirmation: its retry counts and first sighting. */
  failedCandidate?: { retryCounts: string; firstSeenAt: number };
}

export type Verdict =
  | {
      kind: 'settling';
      accepted: boolean;
      visibleStatus: string;
      reason: string;
      recheckInMs?: number;
      /**
       * Every new row is final, but the rows do not agree (an old row, a lagging run row, a
       * missing row): what is unknown, should the timeout come first.
       */
      undecided?: string;
      /** Every row is new and final; only the run row has not caught up (§4.3): ask again now. */
      runRowLags?: true;
    }
  | { kind: 'final'; status: TerminalStatus; reason: string }
  | { kind: 'dropped'; reason: string };

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
  const verdict = judgeAttempt(split(before, current), current);
  if (verdict.kind !== 'final' || verdict.status !== 'FAILED') return { verdict, memory };
  return confirmFailed(current, now, settings, input.memory?.failedCandidate, memory);
}

/** Before the engine shows the replay, everything visible is the previous attempt (§4.1). */
function pending(input: JudgeInput, settings: VerdictOptions): Verdict {
  const waited = input.now - input.startedAt;
  if (waited >= settings.dropAfterMs) {
    const reason =
      `Hatchet did not accept the replay of run ${input.current.run.metadata.id}: for ` +
      `${seconds(waited)} \`runs get\` showed no RETRIED_BY_USER event and no task with a ` +
      'higher retryCount. The engine drops a replay silently when a task still had a retry ' +
      'pending or the run is past its retention period, and sometimes without saying why: ' +
      'check the run in the dashboard, then replay it again.';
    return { kind: 'dropped', reason };
  }
  const reason =
    'waiting for Hatchet to show the replay (no RETRIED_BY_USER event or retryCount rise yet)';
  return settling(false, REPLAY_PENDING, reason, settings.dropAfterMs - waited);
}

/** The task rows of this attempt (`fresh`) and those still from before the replay (`stale`). */
interface Split {
  before?: RunDetails;
  fresh: Task[];
  stale: Task[];
  /** A task that finished or was retried in this attempt shows the run was picked up. */
  started: boolean;
}

function split(before: RunDetails | undefined, current: RunDetails): Split {
  const retryBefore = retryCountsOf(before);
  // A row is the new attempt's once its retryCount passed its own pre-replay value (§4.2);
  // a task that did not exist before can only be new.
  const baseline = (task: Task) => retryBefore.get(task.metadata.id) ?? -1;
  const fresh = current.tasks.filter((task) => task.retryCount > baseline(task));
  const stale = current.tasks.filter((task) => task.retryCount <= baseline(task));
  const started = fresh.some((t) => isTerminal(t.status) || t.retryCount > baseline(t) + 1);
  return { before, fresh, stale, started };
}

/** The verdict on an accepted attempt, before a FAILED one is confirmed. */
function judgeAttempt(view: Split, current: RunDetails): Verdict {
  const { before, fresh, stale, started } = view;
  const runStatus = current.run.status;
  const visible = visibleStatusOf(fresh, started, stale.length > 0, before ? undefined : runStatus);
  const unfinished = current.tasks.filter((task) => !isTerminal(task.status));
  if (fresh.length === 0) {
    const reason = before
      ? 'the replay was accepted; no task shows its new attempt yet'
      : 'the run has no task rows yet';
    return settling(true, visible, reason);
  }
  if (unfinished.length > 0) return settling(true, visible, `${names(unfinished)} not finished`);
  if (stale.length > 0) {
    // §4.2–4.3: a downstream task keeps its old row until its parent finished again, and the
    // run row counts that old row: neither says anything about the new attempt.
    const one = stale.length === 1;
    const undecided = `${names(stale)} kept ${one ? 'its' : 'their'} row from before the replay while every task that ran again had finished (run status: ${runStatus})`;
    return settling(
      true,
      visible,
      `${names(stale)} still from before the replay`,
      undefined,
      undecided,
    );
  }
  const implied = impliedStatus(current.tasks.map((task) => task.status));
  if (implied === 'COMPLETED' && !everyShapeTaskPresent(current)) {
    const undecided = 'a task of the workflow has no row yet while every other task completed';
    return settling(true, visible, undecided, undefined, undecided);
  }
  if (runStatus !== implied) {
    // §4.3: the run row lags its task rows by up to one more status job.
    const undecided = `the tasks say ${implied} but the run row still reads ${runStatus}`;
    return settling(true, visible, undecided, undefined, undecided, true);
  }
  return { kind: 'final', status: implied, reason: `${implied}, settled` };
}

/** §4.6: a task that will be retried reads FAILED for a moment; its retryCount would move. */
function confirmFailed(
  current: RunDetails,
  now: number,
  settings: VerdictOptions,
  previous: VerdictMemory['failedCandidate'],
  memory: VerdictMemory,
): Judged {
  const retryCounts = current.tasks
    .map((task) => `${task.metadata.id}:${task.retryCount}`)
    .join(',');
  const candidate =
    previous?.retryCounts === retryCounts ? previous : { retryCounts, firstSeenAt: now };
  const sinceFirst = now - candidate.firstSeenAt;
  if (sinceFirst >= settings.confirmFailedMs) {
    const reason = `FAILED, confirmed by a second snapshot ${seconds(sinceFirst)} later`;
    return { verdict: { kind: 'final', status: 'FAILED', reason }, memory };
  }
  const reason = 'FAILED; checking again in case a task is about to be retried';
  return {
    verdict: settling(true, 'FAILED', reason, settings.confirmFailedMs - sinceFirst),
    memory: { ...memory, failedCandidate: candidate },
  };
}

function settling(
  accepted: boolean,
  status: string,
  reason: string,
  recheck?: number,
  undecided?: string,
  runRowLags?: true,
): Verdict {
  const verdict: Verdict = { kind: 'settling', accepted, visibleStatus: status, reason };
  if (recheck !== undefined) verdict.recheckInMs = recheck;
  if (undecided !== undefined) verdict.undecided = undecided;
  if (runRowLags) verdict.runRowLags = runRowLags;
  return verdict;
}
