import { describe, expect, it } from 'vitest';
import type { CallContext } from '../../../src/hatchet/commands.js';
import { HatchetCliError } from '../../../src/hatchet/errors.js';
import { runDetailsSchema, type RunDetails } from '../../../src/hatchet/schemas.js';
import type { Clock } from '../../../src/run/clock.js';
import { LATE_MS, NEAR_MS, MIN_PROBES, nextInterval } from '../../../src/run/schedule.js';
import { dropBoundMs, waitForRun } from '../../../src/run/wait.js';

const RUN = '0b5e1c6a-2f43-4f0e-9a59-6a1c3e7d9b21';

function details(status: string, retryCount = 0, events: string[] = []): RunDetails {
  return runDetailsSchema.parse({
    run: { metadata: { id: RUN }, status },
    tasks: [
      { metadata: { id: 'a' }, status, retryCount },
      { metadata: { id: 'b' }, status, retryCount },
    ],
    taskEvents: events.map((eventType) => ({ eventType, taskId: 'a' })),
  });
}

/** A clock that only moves when the code sleeps or a call takes time. */
function fakeClock(): Clock & { sleeps: number[]; t: number } {
  const clock = {
    t: 0,
    sleeps: [] as number[],
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms);
      clock.t += ms;
    },
  };
  return clock;
}

/** `runs get` answering from a script of (time → details) steps. */
function script(clock: { t: number }, steps: [number, RunDetails | HatchetCliError][]) {
  const calls: CallContext[] = [];
  const getRun = async (context: CallContext) => {
    calls.push(context);
    let current: RunDetails | HatchetCliError | undefined;
    for (const [at, value] of steps) if (clock.t >= at) current = value;
    if (current instanceof HatchetCliError) throw current;
    return current as RunDetails;
  };
  return { getRun, calls };
}

describe('dropBoundMs', () => {
  it.each([
    [30 * 60_000, 60_000],
    [40_000, 20_000],
  ])('timeout %d → %d (start-timeout plays no part)', (timeout, bound) =>
    expect(dropBoundMs(timeout)).toBe(bound),
  );
});

describe('nextInterval', () => {
  it.each([
    [0, 5_000, 200],
    [2_000, 5_000, 300],
    [10_000, 5_000, 1_500],
    [60_000, 5_000, 5_000],
    [600_000, 2_000, 2_000],
  ])('after %d ms (poll-interval %d) waits %d ms', (elapsed, poll, pause) =>
    expect(nextInterval(elapsed, poll)).toBe(pause),
  );
});

describe('waitForRun', () => {
  const base = { startedAt: 0, timeoutMs: 60_000, pollIntervalMs: 5_000 };

  it('waits out the stale window, then returns the new attempt', async () => {
    const clock = fakeClock();
    const { getRun, calls } = script(clock, [
      [0, details('FAILED', 0)],
      [3_000, details('RUNNING', 1)],
      [7_000, details('COMPLETED', 1)],
    ]);
    const statuses: string[] = [];
    const outcome = await waitForRun({
      ...base,
      getRun,
      clock,
      before: details('FAILED', 0),
      onStatus: (s) => statuses.push(s),
    });
    expect(outcome.kind).toBe('final');
    expect(outcome.details?.run.status).toBe('COMPLETED');
    expect(statuses).toEqual(['REPLAY_PENDING', 'RUNNING', 'COMPLETED']);
    // Short first interval, growing towards poll-interval: the finish is seen within ~1 s.
    expect(clock.sleeps[0]).toBe(200);
    expect(clock.t - 7_000).toBeLessThanOrEqual(1_100);
    expect(Math.max(...clock.sleeps)).toBeLessThanOrEqual(5_000);
    expect(calls.length).toBeLessThan(40);
  });

  it('times out, capping every call by the time left', async () => {
    const clock = fakeClock();
    const { getRun, calls } = script(clock, [[0, details('RUNNING', 0)]]);
    const outcome = await waitForRun({ ...base, timeoutMs: 20_000, getRun, clock });
    expect(outcome.kind).toBe('timed-out');
    expect(clock.t).toBe(20_000);
    expect(calls.every((c) => (c.deadlineMs ?? Infinity) <= 20_000)).toBe(true);
  });

  it('rides out 404 after a trigger to the deadline (the trigger said the run exists)', async () => {
    const clock = fakeClock();
    const notFound = new HatchetCliError('run not found', 'not-found', 'hatchet runs get');
    const late = script(clock, [
      [0, notFound],
      [45_000, details('COMPLETED', 0)],
    ]);
    const retried: number[] = [];
    const outcome = await waitForRun({
      ...base,
      getRun: late.getRun,
      clock,
      notFoundGraceMs: 30_000,
      onRetry: (_e, n) => retried.push(n),
    });
    expect(outcome.kind).toBe('final');
    // Quiet during the grace period, said afterwards; never counted as a failure.
    expect(retried.length).toBeGreaterThan(0);
    expect(retried.every((n) => n === 0)).toBe(true);

    const clock2 = fakeClock();
    const never = script(clock2, [[0, notFound]]);
    const outcome2 = await waitForRun({ ...base, getRun: never.getRun, clock: clock2 });
    expect(outcome2.kind).toBe('timed-out');
    expect(clock2.t).toBe(60_000);
  });

  it('fails at once on a 404 of a replayed run (it was read before)', async () => {
    const clock = fakeClock();
    const notFound = new HatchetCliError('run not found', 'not-found', 'hatchet runs get');
    const { getRun } = script(clock, [[0, notFound]]);
    await expect(waitForRun({ ...base, getRun, clock, before: details('FAILED', 0) })).rejects.toBe(
      notFound,
    );
  });

  it('ends undetermined at the deadline when only a disagreement of final rows was left', async () => {
    const clock = fakeClock();
    const before = details('FAILED', 0);
    const lagging = runDetailsSchema.parse({
      ...details('COMPLETED', 1),
      run: { ...details('FAILED', 1).run },
    });
    const { getRun } = script(clock, [[0, lagging]]);
    const outcome = await waitForRun({ ...base, getRun, clock, before, deadline: 30_000 });
    expect(outcome).toMatchObject({
      kind: 'undetermined',
      reason: expect.stringMatching(/the tasks say COMPLETED but the run row still reads FAILED/),
    });
    expect(clock.t).toBe(30_000);
  });

  it('counts the start timeout from the acceptance, not from the replay', async () => {
    const clock = fakeClock();
    const before = details('FAILED', 0);
    const { getRun } = script(clock, [
      [0, before],
      [8_000, details('QUEUED', 1)],
      [9_000, details('COMPLETED', 1)],
    ]);
    const outcome = await waitForRun({ ...base, getRun, clock, before, startTimeoutMs: 2_000 });
    expect(outcome.kind).toBe('final');
  });

  it('fails at once on a permanent error', async () => {
    const clock = fakeClock();
    const refused = new HatchetCliError('refused', 'unauthorized', 'hatchet runs get');
    const { getRun, calls } = script(clock, [[0, refused]]);
    await expect(waitForRun({ ...base, getRun, clock })).rejects.toBe(refused);
    expect(calls).toHaveLength(1);
  });

  it('retries transient errors with backoff within the budget', async () => {
    const clock = fakeClock();
    const flaky = new HatchetCliError('dial tcp', 'transient', 'hatchet runs get');
    const recovered = script(clock, [
      [0, flaky],
      [2_500, details('COMPLETED', 0)],
    ]);
    const retries: number[] = [];
    const outcome = await waitForRun({
      ...base,
      getRun: recovered.getRun,
      clock,
      onRetry: (_e, n) => retries.push(n),
    });
    expect(outcome.kind).toBe('final');
    expect(retries.length).toBeGreaterThan(0);

    const clock2 = fakeClock();
    const broken = script(clock2, [[0, flaky]]);
    await expect(
      waitForRun({
        ...base,
        getRun: broken.getRun,
        clock: clock2,
        retry: { budget: 3, baseMs: 1_000, maxMs: 16_000 },
      }),
    ).rejects.toBe(flaky);
    expect(broken.calls).toHaveLength(4);
    // Exponential backoff with jitter: each pause between half and all of 1 s, 2 s, 4 s.
    const pauses = clock2.sleeps.slice(1);
    expect(pauses).toHaveLength(3);
    pauses.forEach((pause, i) => {
      expect(pause).toBeGreaterThanOrEqual(500 * 2 ** i);
      expect(pause).toBeLessThanOrEqual(1_000 * 2 ** i);
    });
  });

  it('stops when a run stays QUEUED past the start timeout', async () => {
    const clock = fakeClock();
    const { getRun } = script(clock, [[0, details('QUEUED', 0)]]);
    const outcome = await waitForRun({ ...base, getRun, clock, startTimeoutMs: 10_000 });
    expect(outcome.kind).toBe('start-timeout');
    expect(clock.t).toBeGreaterThanOrEqual(10_000);
    expect(clock.t).toBeLessThan(12_000);
  });

  it('returns at once when aborted', async () => {
    const clock = fakeClock();
    const controller = new AbortController();
    const { getRun } = script(clock, [[0, details('RUNNING', 0)]]);
    clock.sleep = async (ms) => {
      clock.t += ms;
      if (clock.t > 1_000) controller.abort();
    };
    const outcome = await waitForRun({ ...base, getRun, clock, signal: controller.signal });
    expect(outcome.kind).toBe('aborted');
    expect(outcome.details?.run.status).toBe('RUNNING');
  });
});

describe('the benchmark’s copy of the polling rule', () => {
  it('matches src/run/wait.ts', async () => {
    const copy = (await import('../../harness/schedule.mjs')).nextInterval;
    for (const elapsed of [0, 500, 1_333, 7_000, 33_334, 120_000]) {
      for (const poll of [1_000, 5_000, 30_000])
        expect(copy(elapsed, poll)).toBe(nextInterval(elapsed, poll));
    }
  });
});

interface CallsAndLength {
  callMs?: (n: number) => number;
  expectedMs?: number;
}

describe('the schedule in the loop (schedule.ts)', () => {
  // A triggered run (no `before`): RUNNING until `end`, then COMPLETED; each call takes `callMs`.
  function timed(end: number, expectedMs?: number, callMs = 150) {
    const clock = fakeClock();
    const { getRun, calls } = script(clock, [
      [0, details('RUNNING')],
      [end, details('COMPLETED')],
    ]);
    const slowGet = async (context: CallContext) => {
      clock.t += callMs;
      return getRun(context);
    };
    return {
      clock,
      calls,
      run: {
        getRun: slowGet,
        startedAt: 0,
        timeoutMs: 900_000,
        pollIntervalMs: 5_000,
        expectedMs,
        clock,
      },
    };
  }

  it.each([
    ['a 60 s run the original predicts', 60_000, 60_000, 400],
    ['a 2 s run the original predicts', 2_000, 2_000, 400],
    ['a 60 s run the original said was 50 s', 60_000, 50_000, 5_000],
    ['a 60 s run with nothing to predict it', 60_000, undefined, 5_150],
  ])('%s: seen within %#', async (_what, end, expectedMs, within) => {
    const { clock, run } = timed(end, expectedMs);
    const outcome = await waitForRun(run);
    expect(outcome.kind).toBe('final');
    expect(clock.t - end).toBeLessThanOrEqual(within);
  });

  // As on the real engine: the replay's answer takes 240 ms and its task has started by then.
  it('counts the prediction from the send when the first check sees the attempt: seen within one call', async () => {
    const { clock, run } = timed(10_000, 10_000);
    clock.t = 240;
    const outcome = await waitForRun(run);
    expect(outcome.kind).toBe('final');
    expect(clock.t - 10_000).toBeLessThanOrEqual(150);
  });

  it('counts the prediction from the last check that did not see the attempt', async () => {
    const clock = fakeClock();
    const before = details('FAILED', 0);
    // Accepted 5 s after the send (queued behind other work), then working 10 s as before.
    const { getRun } = script(clock, [
      [0, before],
      [5_000, details('RUNNING', 1)],
      [15_000, details('COMPLETED', 1)],
    ]);
    const sent: number[] = [];
    const slowGet = async (context: CallContext) => {
      sent.push(clock.t);
      clock.t += 150;
      return getRun(context);
    };
    const outcome = await waitForRun({
      getRun: slowGet,
      startedAt: 0,
      timeoutMs: 60_000,
      pollIntervalMs: 5_000,
      clock,
      before,
      expectedMs: 10_000,
    });
    expect(outcome.kind).toBe('final');
    // The check that first saw it answered well after the acceptance: counting from it errs late.
    const firstSeen = sent.findIndex((t) => t + 150 >= 5_000);
    expect(sent[firstSeen]! + 150 - 5_000).toBeGreaterThan(300);
    expect(clock.t - 15_000).toBeLessThanOrEqual(150);
  });

  /**
   * A replay of a run that took `expectedMs` (10 s), its reads following `timeline` (the run
   * before at 0); the n-th call takes `callMs(n)` (150 ms). Resolves the clock once the wait is
   * over, the outcome final.
   */
  async function replayWith(
    timeline: [number, RunDetails][],
    { callMs = () => 150, expectedMs = 10_000 }: CallsAndLength = {},
  ) {
    const clock = fakeClock();
    const before = details('FAILED', 0);
    const { getRun } = script(clock, [[0, before], ...timeline]);
    let n = 0;
    const outcome = await waitForRun({
      getRun: async (context) => ((clock.t += callMs(n++)), getRun(context)),
      startedAt: 0,
      timeoutMs: 300_000,
      pollIntervalMs: 5_000,
      clock,
      before,
      expectedMs,
    });
    expect(outcome.kind).toBe('final');
    return clock;
  }

  it('counts the prediction from the last check that showed the attempt queued, not from its acceptance', async () => {
    // Accepted at once, then queued 4 s behind other work, then working 10 s as before.
    const clock = await replayWith([
      [300, details('QUEUED', 1)],
      [4_300, details('RUNNING', 1)],
      [14_300, details('COMPLETED', 1)],
    ]);
    // Counted from the acceptance, the prediction is 4 s early: checks a quarter of that apart.
    expect(clock.t - 14_300).toBeLessThanOrEqual(300);
  });

  it('catches the end near the latest the start allows when the first check already shows it running', async () => {
    // The first check takes 0.8 s (a busy engine) and finds the attempt running: it started
    // anywhere from the send (0) to that answer (1 s); it started at 0.95 s and works 10 s.
    const clock = await replayWith(
      [
        [950, details('RUNNING', 1)],
        [10_950, details('COMPLETED', 1)],
      ],
      { callMs: (n) => (n === 0 ? 800 : 150) },
    );
    // Back to back past LATE_MS after the earliest end (10.6 s), to NEAR_MS after the latest.
    expect(clock.t - 10_950).toBeLessThanOrEqual(150);
  });

  it('leaves a start bracketed by reads seconds apart (a long queue) to the overshoot rule: the dense budget lasts to the end', async () => {
    // Queued 30 s (reads 3–5 s apart by then), then working 60 s as the original did.
    const clock = await replayWith(
      [
        [300, details('QUEUED', 1)],
        [30_000, details('RUNNING', 1)],
        [90_000, details('COMPLETED', 1)],
      ],
      { callMs: () => 200, expectedMs: 60_000 },
    );
    // Back to back across the whole bracket, the budget ran out 0.1 s before the end: 5 s late.
    expect(clock.t - 90_000).toBeLessThanOrEqual(1_500);
  });

  it('still catches the end near it when the row shows the start late (the prediction then errs late, by less than NEAR_MS)', async () => {
    // The task starts at 4 s and works 10 s, but its row reads QUEUED until 4.25 s.
    const clock = await replayWith([
      [300, details('QUEUED', 1)],
      [4_250, details('RUNNING', 1)],
      [14_000, details('COMPLETED', 1)],
    ]);
    expect(clock.t - 14_000).toBeLessThanOrEqual(300);
  });

  describe('a probe (a standalone run’s events) near the predicted end', () => {
    // The run ends at 10.4 s (predicted: 10 s); its row shows it `rowLag` later. Calls take
    // `callMs` (150 ms: the CLI on a busy machine; 30 ms: on a quiet one).
    function probed(
      rowLag: number,
      answer: (t: number) => boolean | undefined = (t) => t >= 10_400,
      callMs = 150,
    ) {
      const { clock, run } = timed(10_400 + rowLag, 10_000, callMs);
      const calls: [string, number][] = [];
      const getRun = run.getRun;
      return {
        clock,
        calls,
        run: {
          ...run,
          getRun: (context: CallContext) => (calls.push(['get', clock.t]), getRun(context)),
          probe: async (last: RunDetails, context: CallContext) => {
            expect(last.run.status).toBe('RUNNING');
            expect(context.deadlineMs).toBeGreaterThan(0);
            const told = answer(clock.t + callMs);
            if (told === undefined) return undefined; // (no call made)
            calls.push(['probe', clock.t]);
            clock.t += callMs;
            return told;
          },
        },
      };
    }
    const kinds = (calls: [string, number][]) => calls.map(([kind]) => kind);

    it('is asked instead of reading the run from NEAR_MS before it; once it shows the end the run is read at once', async () => {
      const { clock, calls, run } = probed(0);
      const outcome = await waitForRun(run);
      expect(outcome.kind).toBe('final');
      const first = calls.findIndex(([kind]) => kind === 'probe');
      expect(calls[first]![1]).toBeGreaterThanOrEqual(10_000 - NEAR_MS);
      expect(calls[first - 1]![1]).toBeLessThan(10_000 - NEAR_MS);
      // Probes only, then the one read that brings the verdict, sent as the last probe answered.
      expect(kinds(calls.slice(first))).toEqual([
        ...kinds(calls.slice(first, -1)).fill('probe'),
        'get',
      ]);
      expect(calls.at(-1)![1]).toBe(calls.at(-2)![1] + 150);
      // Within one probe's pause and two calls of the end.
      expect(clock.t - 10_400).toBeLessThanOrEqual(450);
    });

    it('hands over to reading the run once it showed the end (a row that lags its events)', async () => {
      const { calls, run } = probed(1_000);
      const outcome = await waitForRun(run);
      expect(outcome.kind).toBe('final');
      const shown = kinds(calls).lastIndexOf('probe');
      expect(kinds(calls.slice(shown + 1)).every((kind) => kind === 'get')).toBe(true);
      expect(calls.length - shown - 1).toBeGreaterThan(1);
    });

    it('where it cannot tell, the run is read as without one', async () => {
      const { calls, run } = probed(0, () => undefined);
      await waitForRun(run);
      const without = timed(10_400, 10_000);
      await waitForRun(without.run);
      expect(kinds(calls).filter((kind) => kind === 'get')).toHaveLength(without.calls.length);
    });

    it('is asked through the back-to-back window, however fast the calls: a run ending 400 ms late is still shown by a probe', async () => {
      // 30 ms calls: the window (NEAR_MS before the prediction to LATE_MS after) holds ~20 probes.
      const { calls, run } = probed(0, undefined, 30);
      const outcome = await waitForRun(run);
      expect(outcome.kind).toBe('final');
      expect(kinds(calls).filter((kind) => kind === 'probe').length).toBeGreaterThan(10);
      expect(kinds(calls).slice(-2)).toEqual(['probe', 'get']);
    });

    it.each([
      ['a fast CLI (30 ms): as many as the window holds', 30, (n: number) => n > MIN_PROBES],
      [`a slow one (150 ms): ${MIN_PROBES}`, 150, (n: number) => n === MIN_PROBES],
    ])(
      'one that never shows the end is asked, with %s, then the run is read',
      async (_what, callMs, count) => {
        const { calls, run } = probed(0, () => false, callMs);
        const outcome = await waitForRun(run);
        expect(outcome.kind).toBe('final');
        const probes = calls.filter(([kind]) => kind === 'probe').map(([, t]) => t);
        expect(count(probes.length)).toBe(true);
        expect(Math.min(...probes)).toBeGreaterThanOrEqual(10_000 - NEAR_MS);
        if (callMs === 30) expect(Math.max(...probes)).toBeLessThan(10_000 + LATE_MS);
        expect(calls.at(-1)![0]).toBe('get');
      },
    );

    it('is asked again once a read shows another try (the one it showed ended was retried)', async () => {
      const clock = fakeClock();
      // Try 0 fails at 10 s (its end shows), is retried: try 1 runs until 10.8 s.
      const { getRun } = script(clock, [
        [0, details('RUNNING', 0)],
        [10_000, details('RUNNING', 1)],
        [10_800, details('COMPLETED', 1)],
      ]);
      const seen: [string, number][] = [];
      const outcome = await waitForRun({
        getRun: async (context) => (seen.push(['get', clock.t]), (clock.t += 150), getRun(context)),
        probe: async (last) => {
          seen.push([`probe ${last.tasks[0]!.retryCount}`, clock.t]);
          clock.t += 150;
          return clock.t >= (last.tasks[0]!.retryCount === 0 ? 10_000 : 10_800);
        },
        startedAt: 0,
        timeoutMs: 60_000,
        pollIntervalMs: 5_000,
        expectedMs: 10_000,
        clock,
      });
      expect(outcome.kind).toBe('final');
      const order = kinds(seen).filter((kind, i, all) => kind !== all[i - 1]);
      expect(order).toEqual(['get', 'probe 0', 'get', 'probe 1', 'get']);
    });

    it('predicts each try of a retried one-task run from its start: the last try is caught near its end', async () => {
      const clock = fakeClock();
      const one = (status: string, retryCount: number) =>
        runDetailsSchema.parse({
          run: { metadata: { id: RUN }, status },
          tasks: [{ metadata: { id: 'a' }, status, retryCount }],
          taskEvents: [],
        });
      // A replay (its run before it: try 0). Each try runs 10 s (the original run's length is its
      // last try's): try 1 fails at 10 s, try 2 starts at 10.3 s and ends at 20.5 s.
      const before = one('FAILED', 0);
      const { getRun } = script(clock, [
        [0, one('RUNNING', 1)],
        [10_000, one('FAILED', 1)],
        [10_300, one('RUNNING', 2)],
        [20_500, one('COMPLETED', 2)],
      ]);
      const probes: number[] = [];
      const outcome = await waitForRun({
        getRun: async (context) => ((clock.t += 150), getRun(context)),
        probe: async (last) => {
          probes.push(last.tasks[0]!.retryCount);
          clock.t += 150;
          return clock.t >= (last.tasks[0]!.retryCount === 1 ? 10_000 : 20_500);
        },
        before,
        startedAt: 0,
        timeoutMs: 60_000,
        pollIntervalMs: 5_000,
        expectedMs: 10_000,
        clock,
      });
      expect(outcome).toMatchObject({ kind: 'final', status: 'COMPLETED' });
      // The second try is probed near its own predicted end, and seen within two calls of it.
      expect(probes).toContain(2);
      expect(clock.t - 20_500).toBeLessThanOrEqual(450);
    });

    it('a cancel during a probe ends the wait without another call', async () => {
      const controller = new AbortController();
      const { calls, run } = probed(0, () => (controller.abort(), true));
      const outcome = await waitForRun({ ...run, signal: controller.signal });
      expect(outcome.kind).toBe('aborted');
      expect(calls.at(-1)![0]).toBe('probe');
    });

    it('is never asked without a prediction', async () => {
      const { run } = timed(10_000);
      let asked = 0;
      await waitForRun({ ...run, probe: async () => (asked++, true) });
      expect(asked).toBe(0);
    });
  });

  it('keeps a 10-minute run within 1.5× the calls of a 5 s loop', async () => {
    const { calls, run } = timed(600_000, 600_000);
    await waitForRun(run);
    expect(calls.length).toBeLessThanOrEqual(1.5 * Math.ceil(600_000 / 5_150));
  });

  it('asks again at once while only the run row lags its finished tasks', async () => {
    const clock = fakeClock();
    const lagging = runDetailsSchema.parse({
      run: { metadata: { id: RUN }, status: 'RUNNING' },
      tasks: [
        { metadata: { id: 'a' }, status: 'COMPLETED', retryCount: 0 },
        { metadata: { id: 'b' }, status: 'COMPLETED', retryCount: 0 },
      ],
      taskEvents: [],
    });
    const { getRun } = script(clock, [
      [0, lagging],
      [20_400, details('COMPLETED')],
    ]);
    clock.t = 20_000;
    // Each call takes 50 ms: asked back to back, the one sent as the run row caught up sees it.
    const slowGet = async (context: CallContext) => ((clock.t += 50), getRun(context));
    const outcome = await waitForRun({
      getRun: slowGet,
      startedAt: 0,
      timeoutMs: 900_000,
      pollIntervalMs: 5_000,
      clock,
    });
    expect(outcome.kind).toBe('final');
    expect(clock.sleeps.slice(1)).toEqual([0, 0, 0]);
    expect(clock.t).toBe(20_400);
  });
});
