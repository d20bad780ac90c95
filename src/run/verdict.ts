import { isTerminal, type RunDetails, type Task, type TerminalStatus } from '../hatchet/schemas.js';
import {
  everyShapeTaskPresent,
  fingerprintOf,
  impliedStatus,
  names,
  replayAccepted,
  retryCountsOf,
  seconds,
  visibleStatusOf,
} from './snapshot.js';

/**
 * Whether a polled run is finished, judged on one snapshot plus a little memory of the ones
 * before (hatchet-cli.md §4). `runs get` is eventually consistent after a replay: a status is
 * only believed when the task rows, their retry counts and the run row all agree.
 */
export interface VerdictOptions {
  /** A FAILED snapshot is believed only if one this much later still shows it (§4.6). */
  confirmFailedMs: number;
  /** How long a snapshot whose only unfinished business is an old task row must stay unchanged. */
  settleMs: number;
  /** A replay with no sign of acceptance after this long was dropped by the engine. */
  dropAfterMs: number;
}

export const DEFAULT_VERDICT_OPTIONS: VerdictOptions = {
  confirmFailedMs: 2_000,
  settleMs: 10_000,
  dropAfterMs: 60_000,
};

export interface VerdictMemory {
  /** Run status, each task's status and retryCount, and the event count of the last snapshot. */
  fingerprint: string;
  /** When the snapshot first showed `fingerprint`. */
  unchangedSince: number;
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
    }
  | { kind: 'final'; status: TerminalStatus; reason: string; note?: string }
  | { kind: 'dropped'; reason: string }
  /** Every row is final, but some are still from before the replay: the outcome is unknown. */
  | { kind: 'undetermined'; reason: string };

export interface JudgeInput {
  /** The run before the replay; undefined for a new (triggered) run. */
  before?: RunDetails;
  current: RunDetails;
  /** Milliseconds on the same clock as `startedAt`. */
  now: number;
  /** When the replay or trigger was sent. */
  startedAt: number;
  memory?: VerdictMemory;
}

export const REPLAY_PENDING = 'REPLAY_PENDING';

export function judge(
  input: JudgeInput,
  options?: Partial<VerdictOptions>,
): { verdict: Verdict; memory: VerdictMemory } {
  const settings = { ...DEFAULT_VERDICT_OPTIONS, ...options };
  const { before, current, now, startedAt } = input;
  const fingerprint = fingerprintOf(current);
  const previous = input.memory;
  const unchangedSince =
    previous && previous.fingerprint === fingerprint ? previous.unchangedSince : now;
  const accepted = previous?.acceptedAt !== undefined || !before || replayAccepted(before, current);
  const memory: VerdictMemory = {
    fingerprint,
    unchangedSince,
    acceptedAt: accepted ? (previous?.acceptedAt ?? now) : undefined,
  };

  if (!accepted) {
    const waited = now - startedAt;
    if (waited >= settings.dropAfterMs) {
      const reason =
        `Hatchet did not accept the replay of run ${current.run.metadata.id}: for ` +
        `${seconds(waited)} \`runs get\` showed no RETRIED_BY_USER event and no task with a ` +
        'higher retryCount. The engine drops a replay silently when a task still had a retry ' +
        'pending or the run is past its retention period, and sometimes without saying why: ' +
        'check the run in the dashboard, then replay it again.';
      return { verdict: { kind: 'dropped', reason }, memory };
    }
    // §4.1: until the engine shows the replay, everything visible is the previous attempt.
    const reason =
      'waiting for Hatchet to show the replay (no RETRIED_BY_USER event or retryCount rise yet)';
    return {
      verdict: settling(false, REPLAY_PENDING, reason, settings.dropAfterMs - waited),
      memory,
    };
  }

  const retryBefore = retryCountsOf(before);
  // A row is the new attempt's once its retryCount passed its own pre-replay value (§4.2);
  // a task that did not exist before can only be new.
  const baseline = (task: Task) => retryBefore.get(task.metadata.id) ?? -1;
  const isNew = (task: Task) => task.retryCount > baseline(task);
  const fresh = current.tasks.filter(isNew);
  const stale = (before?.tasks ?? []).filter(
    (old) => !current.tasks.some((task) => task.metadata.id === old.metadata.id && isNew(task)),
  );
  // A task that finished, or was retried, in this attempt shows the run was picked up.
  const started = fresh.some((t) => isTerminal(t.status) || t.retryCount > baseline(t) + 1);
  const newRunStatus = before ? undefined : current.run.status;
  const visibleStatus = visibleStatusOf(fresh, started, stale.length > 0, newRunStatus);
  const unfinished = current.tasks.filter((task) => !isTerminal(task.status));

  if (fresh.length === 0) {
    const reason = before
      ? 'the replay was accepted; no task shows its new attempt yet'
      : 'the run has no task rows yet';
    return { verdict: settling(true, visibleStatus, reason), memory };
  }
  if (unfinished.length > 0) {
    return { verdict: settling(true, visibleStatus, `${names(unfinished)} not finished`), memory };
  }

  const runStatus = current.run.status;
  if (stale.length > 0) {
    // §4.2–4.3: a downstream task keeps its old row until its parent finished again, and the
    // run row counts that old row: neither says anything about the new attempt. Only new rows
    // are evidence. A task that failed (or was cancelled) again decides the run once confirmed;
    // if every task that ran again passed, the others' new results are unknown, and a pass is
    // never taken from them: after the settle period the outcome is undetermined.
    const one = stale.length === 1;
    const kept = `${names(stale)} kept ${one ? 'its' : 'their'} row from before the replay`;
    const unchangedFor = now - unchangedSince;
    const failedAgain = fresh.filter(
      (task) => task.status === 'FAILED' || task.status === 'CANCELLED',
    );
    const needed = failedAgain.length > 0 ? settings.confirmFailedMs : settings.settleMs;
    if (unchangedFor < needed) {
      const reason = `${names(stale)} still from before the replay (run: ${runStatus})`;
      return { verdict: settling(true, visibleStatus, reason, needed - unchangedFor), memory };
    }
    if (failedAgain.length > 0) {
      const status = impliedStatus(fresh.map((task) => task.status));
      const note = `${kept}; ${names(failedAgain)} ended ${status} in the new attempt, which decides it.`;
      return { verdict: { kind: 'final', status, reason: `${status}, settled`, note }, memory };
    }
    const reason = `${kept} for ${seconds(unchangedFor)} while every task that ran again completed, so the new attempt's outcome is not known (run status: ${runStatus}). Check the run in the dashboard; the engine may not have re-run ${one ? 'that task' : 'those tasks'}.`;
    return { verdict: { kind: 'undetermined', reason }, memory };
  }

  const implied = impliedStatus(current.tasks.map((task) => task.status));
  if (runStatus !== implied) {
    // §4.3: the run row lags its task rows by up to one more status job. One that never
    // catches up would hold the verdict until the timeout: once every task of the DAG's shape
    // has a final new row and nothing changed for the settle period, the tasks decide (the
    // run row can still make it worse, never better).
    const reason = `the tasks say ${implied} but the run row still reads ${runStatus}`;
    const unchangedFor = now - unchangedSince;
    if (!everyShapeTaskPresent(current) || unchangedFor < settings.settleMs) {
      const recheck = settings.settleMs - unchangedFor;
      return { verdict: settling(true, visibleStatus, reason, Math.max(0, recheck)), memory };
    }
    const status = impliedStatus([implied, ...(isTerminal(runStatus) ? [runStatus] : [])]);
    const note = `The run's own row still read ${runStatus} after ${seconds(unchangedFor)} without change while every task had finished: ${status} was decided from the tasks.`;
    return { verdict: { kind: 'final', status, reason: `${status}, settled`, note }, memory };
  }
  if (implied !== 'FAILED') {
    return { verdict: { kind: 'final', status: implied, reason: `${implied}, settled` }, memory };
  }

  // §4.6: a task that will be retried reads FAILED for a moment; its retryCount would move.
  const retryCounts = current.tasks
    .map((task) => `${task.metadata.id}:${task.retryCount}`)
    .join(',');
  const candidate =
    previous?.failedCandidate?.retryCounts === retryCounts
      ? previous.failedCandidate
      : { retryCounts, firstSeenAt: now };
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

function settling(accepted: boolean, status: string, reason: string, recheck?: number): Verdict {
  return { kind: 'settling', accepted, visibleStatus: status, reason, recheckInMs: recheck };
}
