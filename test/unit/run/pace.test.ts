import { describe, expect, it } from 'vitest';
import type { CallContext } from '../../../src/hatchet/commands.js';
import { runDetailsSchema, type RunDetails } from '../../../src/hatchet/schemas.js';
import {
  expectedEnd,
  latestEnd,
  noteRead,
  pauseAfter,
  probe,
  type PaceOptions,
  type Progress,
} from '../../../src/run/pace.js';
import { settling } from '../../../src/run/rules.js';
import { DENSE_CAP, LATE_MS, NEAR_MS, MIN_PROBES } from '../../../src/run/schedule.js';

const running = (retryCount = 1, status = 'RUNNING'): RunDetails =>
  runDetailsSchema.parse({
    run: { metadata: { id: 'run-1' }, status: 'RUNNING' },
    tasks: [{ metadata: { id: 'task-1' }, status, retryCount }],
    taskEvents: [],
  });
const queued = (retryCount = 1) => running(retryCount, 'QUEUED');

/** A replay sent at 1 s, seen accepted by a read sent at 1.2 s; the original took 10 s. */
const options: PaceOptions = { startedAt: 1_000, pollIntervalMs: 5_000, expectedMs: 10_000 };
const accepted = (over: Partial<Progress> = {}): Progress => ({
  shown: 'RUNNING',
  denseUsed: 0,
  probes: 0,
  verdict: settling(true, 'RUNNING', 'running'),
  acceptedFrom: 1_200,
  last: running(),
  ...over,
});
/** Since the send: the predicted end is at 10.2 s. */
const END = 10_200;

describe('expectedEnd', () => {
  it('counts the original run’s length from the earliest the attempt can have been accepted', () => {
    expect(expectedEnd(options, accepted())).toBe(END);
  });

  it.each([
    ['before the replay shows', { verdict: settling(false, 'REPLAY_PENDING', 'pending') }],
    ['with no acceptance time', { acceptedFrom: undefined }],
    ['once the verdict is final', { verdict: { kind: 'final', status: 'COMPLETED' } as const }],
  ])('predicts nothing %s', (_when, over) => {
    expect(expectedEnd(options, accepted(over as Partial<Progress>))).toBeUndefined();
  });

  it('predicts nothing without the original run’s length', () => {
    expect(expectedEnd({ ...options, expectedMs: undefined }, accepted())).toBeUndefined();
  });
});

describe('noteRead', () => {
  const twoTasks = (retryCount: number): RunDetails =>
    runDetailsSchema.parse({
      run: { metadata: { id: 'run-1' }, status: 'RUNNING' },
      tasks: ['task-1', 'task-2'].map((id) => ({
        metadata: { id },
        status: 'RUNNING',
        retryCount,
      })),
      taskEvents: [],
    });
  /**
   * Reads sent at 1.2 s, 1.5 s, 1.8 s…, each answered 100 ms later, the first to see the attempt
   * showing `first`.
   */
  function reads(first: RunDetails, ...later: RunDetails[]) {
    const memory = { acceptedAt: 1_300 };
    const progress: Progress = { shown: '', denseUsed: 0, probes: 3, last: first, memory };
    noteRead(options, progress, 1_200, 1_300);
    for (const [i, last] of later.entries()) {
      progress.last = last;
      noteRead(options, progress, 1_500 + 300 * i, 1_600 + 300 * i);
    }
    return progress;
  }

  it('takes the acceptance from the read before the one that saw it (none: the send)', () => {
    expect(reads(running()).acceptedFrom).toBe(options.startedAt);
    const progress: Progress = { shown: '', denseUsed: 0, probes: 0, readAt: 1_100 };
    progress.memory = { acceptedAt: 1_300 };
    noteRead(options, progress, 1_200, 1_300);
    expect(progress).toMatchObject({ acceptedFrom: 1_100, readAt: 1_200 });
  });

  it('predicts a retried one-task run’s new try from the last read that showed the try before', () => {
    const progress = reads(running(1), running(1), running(2));
    expect(progress.tryFrom).toBe(1_500);
    expect(progress.probes).toBe(0);
    // From 1.5 s on: 10 s later, since the send at 1 s.
    expect(expectedEnd(options, { ...progress, verdict: accepted().verdict })).toBe(10_500);
  });

  it('predicts from the last read that showed the attempt queued (a busy engine’s queue is not in the original’s length)', () => {
    const progress = reads(queued(1), queued(1), running(1));
    expect(progress).toMatchObject({ acceptedFrom: options.startedAt, startFrom: 1_500 });
    expect(progress.tryFrom).toBeUndefined();
    expect(expectedEnd(options, { ...progress, verdict: accepted().verdict })).toBe(10_500);
    // It started between the send of the read before and the answer of the one that saw it.
    expect(progress.startBy).toBe(1_900);
    expect(latestEnd(options, { ...progress, verdict: accepted().verdict })).toBe(10_900);
  });

  it('brackets the start from the send when the first read shows the attempt running', () => {
    const progress = reads(running(1), running(1));
    expect(progress).toMatchObject({ startFrom: options.startedAt, startBy: 1_300 });
    expect(latestEnd(options, { ...progress, verdict: accepted().verdict })).toBe(10_300);
  });

  it('predicts a retried try queued first from the read that showed it queued', () => {
    const progress = reads(running(1), queued(2), queued(2), running(2));
    expect(progress).toMatchObject({ tryFrom: 1_200, startFrom: 1_800, startBy: 2_200 });
    expect(expectedEnd(options, { ...progress, verdict: accepted().verdict })).toBe(10_800);
  });

  it('takes a read model that goes back a try for no new try', () => {
    const progress = reads(running(1), running(2), running(1), running(2));
    expect(progress).toMatchObject({ tryFrom: 1_200, retry: 2 });
  });

  it.each([
    ['the same try read again', [running(1), running(1), running(1)]],
    ['the rows of a DAG changing', [twoTasks(1), twoTasks(1), twoTasks(2)]],
  ])('keeps the prediction from the acceptance for %s', (_what, [first, ...later]) => {
    const progress = reads(first!, ...later);
    expect(progress.tryFrom).toBeUndefined();
    expect(progress.probes).toBe(3);
  });

  it('does not take a replay’s new row, shown after its acceptance, for a retry', () => {
    // Accepted while the row still read the old try (1), which the replay then replaced (2).
    const before = running(1);
    const withBefore = { ...options, before };
    const progress: Progress = { shown: '', denseUsed: 0, probes: 0, last: running(1) };
    progress.memory = { acceptedAt: 1_300 };
    noteRead(withBefore, progress, 1_200, 1_300);
    progress.last = running(2);
    noteRead(withBefore, progress, 1_500, 1_600);
    progress.last = running(2);
    noteRead(withBefore, progress, 1_800, 1_900);
    expect(progress).toMatchObject({ acceptedFrom: options.startedAt, retry: 2 });
    expect(progress.tryFrom).toBeUndefined();
  });
});

describe('pauseAfter', () => {
  const at = (sinceSend: number) => options.startedAt + sinceSend;

  it('halves the distance to the predicted end, and counts the check as dense', () => {
    const progress = accepted();
    expect(pauseAfter(options, progress, at(END - 2_000))).toBe(1_000);
    expect(progress.denseUsed).toBe(1);
  });

  it('checks back to back within NEAR_MS of it', () => {
    expect(pauseAfter(options, accepted(), at(END - NEAR_MS + 1))).toBe(0);
  });

  it('follows the base rule far from it, and once the dense checks are used up', () => {
    const progress = accepted();
    expect(pauseAfter(options, progress, at(2_000))).toBe(300);
    expect(progress.denseUsed).toBe(0);
    expect(pauseAfter(options, accepted({ denseUsed: DENSE_CAP }), at(END))).toBe(1_530);
  });

  it('asks again at once while only the run row lags', () => {
    const lags = settling(true, 'RUNNING', 'row lags', undefined, undefined, true);
    expect(pauseAfter(options, accepted({ verdict: lags }), at(2_000))).toBe(0);
  });

  it('checks a snapshot awaiting confirmation as soon as it can be decided, never sooner than 200 ms', () => {
    const confirm = (ms: number) => accepted({ verdict: settling(true, 'FAILED', 'again', ms) });
    expect(pauseAfter(options, confirm(250), at(3_000))).toBe(250);
    expect(pauseAfter(options, confirm(20), at(3_000))).toBe(200);
  });
});

describe('probe', () => {
  /** A probe that answers `answers` in turn, recording each call's context. */
  function asked(...answers: (boolean | undefined)[]) {
    const calls: CallContext[] = [];
    const next = async (_last: RunDetails, context: CallContext) => {
      calls.push(context);
      return answers[calls.length - 1];
    };
    return { calls, options: { ...options, probe: next } };
  }
  const at = (sinceSend: number) => options.startedAt + sinceSend;
  const near = at(END - NEAR_MS);
  const past = at(END + LATE_MS);

  it('is asked from NEAR_MS before the predicted end, with the time left to the deadline', async () => {
    const { calls, options: withProbe } = asked(false);
    const progress = accepted();
    expect(await probe(withProbe, progress, near - 1, 60_000)).toBeUndefined();
    expect(calls).toHaveLength(0);
    expect(await probe(withProbe, progress, near, 60_000)).toBe(false);
    expect(calls).toEqual([{ signal: undefined, deadlineMs: 60_000 - near }]);
    expect(progress.probes).toBe(1);
  });

  it.each([
    ['no probe', options, {}],
    ['no read yet', undefined, { last: undefined }],
    ['no prediction', undefined, { acceptedFrom: undefined }],
  ])('is not asked with %s', async (_what, given, over) => {
    const { calls, options: withProbe } = asked(true);
    expect(await probe(given ?? withProbe, accepted(over), near, 60_000)).toBeUndefined();
    expect(calls).toHaveLength(0);
  });

  it('once it showed the end of these tries, is asked again only when a read shows another', async () => {
    const { calls, options: withProbe } = asked(true, false);
    const progress = accepted();
    expect(await probe(withProbe, progress, near, 60_000)).toBe(true);
    expect(await probe(withProbe, progress, near, 60_000)).toBeUndefined();
    expect(calls).toHaveLength(1);
    progress.last = running(2);
    expect(await probe(withProbe, progress, near, 60_000)).toBe(false);
    expect(calls).toHaveLength(2);
  });

  it('is asked as often as the back-to-back window holds (a fast CLI), then no more', async () => {
    const { calls, options: withProbe } = asked(...Array<boolean>(40).fill(false));
    const progress = accepted();
    for (let t = near; t < past; t += 30)
      expect(await probe(withProbe, progress, t, 60_000)).toBe(false);
    expect(calls).toHaveLength(Math.ceil((NEAR_MS + LATE_MS) / 30));
    expect(await probe(withProbe, progress, past, 60_000)).toBeUndefined();
  });

  it('keeps the window open to NEAR_MS after the latest end the start allows', async () => {
    // The read that first showed the task running was answered 500 ms after the prediction's
    // start: the latest end is END + 500.
    const progress = accepted({ startFrom: 1_200, startBy: 1_700, probes: MIN_PROBES });
    const { calls, options: withProbe } = asked(false, false);
    expect(await probe(withProbe, progress, at(END + 500 + NEAR_MS - 1), 60_000)).toBe(false);
    expect(await probe(withProbe, progress, at(END + 500 + NEAR_MS), 60_000)).toBeUndefined();
    expect(calls).toHaveLength(1);
  });

  it(`past the window (a slow CLI), is asked until it gave MIN_PROBES (${MIN_PROBES}) answers, not counting the ones it could not`, async () => {
    const answers = [undefined, ...Array<boolean>(MIN_PROBES).fill(false)];
    const { calls, options: withProbe } = asked(...answers);
    const progress = accepted();
    for (let i = 0; i < answers.length; i++) await probe(withProbe, progress, past + i, 60_000);
    expect(progress.probes).toBe(MIN_PROBES);
    expect(await probe(withProbe, progress, past + 100, 60_000)).toBeUndefined();
    expect(calls).toHaveLength(MIN_PROBES + 1);
  });
});
