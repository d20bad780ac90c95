import { describe, expect, it } from 'vitest';
import type { Hatchet } from '../../../src/hatchet/commands.js';
import { HatchetCliError } from '../../../src/hatchet/errors.js';
import { runDetailsSchema, type RunDetails } from '../../../src/hatchet/schemas.js';
import type { Clock } from '../../../src/run/clock.js';
import { runOne, runSeries, type RunDeps } from '../../../src/run/pipeline.js';
import { PLAN as plan } from './fixtures.js';
import { DEFAULT_VERDICT_OPTIONS } from '../../../src/run/verdict.js';

const RUN = '0b5e1c6a-2f43-4f0e-9a59-6a1c3e7d9b21';
const NEW = '3e814f9d-5276-4c31-8d8c-9d4f6b0a2e54';

function snapshot(id: string, status: string, retryCount: number, error = ''): RunDetails {
  return runDetailsSchema.parse({
    run: {
      metadata: { id },
      status,
      displayName: 'orders-1795665077986',
      workflowId: 'wf',
      startedAt: '2026-11-26T10:00:00Z',
      finishedAt: ['COMPLETED', 'FAILED'].includes(status) ? '2026-11-26T10:00:02Z' : undefined,
    },
    tasks: [
      {
        metadata: { id: `${id}-task` },
        displayName: 'charge-1795665077986',
        status,
        retryCount,
        errorMessage: error,
      },
    ],
  });
}

/** A clock that moves only when the code sleeps. */
function fakeClock(): Clock & { t: number } {
  const clock = {
    t: 0,
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.t += ms;
    },
  };
  return clock;
}

/** A fake Hatchet: `runs get` answers from a timeline that starts when the run is acted on. */
function fakeHatchet(
  clock: { t: number },
  options: {
    original: RunDetails;
    after: [number, RunDetails | HatchetCliError][];
    replay?: (call: number) => HatchetCliError | undefined;
    acceptedAfterFailedReplay?: boolean;
  },
) {
  const calls: string[] = [];
  let actedAt: number | undefined;
  let replays = 0;
  const hatchet = {
    async getRun(id: string) {
      calls.push(`get ${id}`);
      if (actedAt === undefined) return options.original;
      let current: RunDetails | HatchetCliError = options.original;
      for (const [at, value] of options.after) if (clock.t - actedAt >= at) current = value;
      if (current instanceof HatchetCliError) throw current;
      return current;
    },
    async replay(id: string) {
      calls.push(`replay ${id}`);
      const failure = options.replay?.(++replays);
      if (failure) {
        if (options.acceptedAfterFailedReplay) actedAt ??= clock.t;
        throw failure;
      }
      actedAt ??= clock.t;
      return ['task'];
    },
    async trigger(workflow: string) {
      calls.push(`trigger ${workflow}`);
      actedAt = clock.t;
      return { runId: NEW };
    },
    async cancel(id: string) {
      calls.push(`cancel ${id}`);
      return [id];
    },
    async workflowName() {
      return 'orders';
    },
    async logs() {
      return [];
    },
    async events() {
      return [];
    },
  };
  return { hatchet: hatchet as unknown as Hatchet, calls };
}

function deps(clock: Clock, hatchet: Hatchet, signal?: AbortSignal): RunDeps {
  return { hatchet, clock, signal, tempDir: '/tmp', linkTo: () => undefined, log: () => {} };
}

const failed = snapshot(RUN, 'FAILED', 0, 'PaymentError: amount 129.9 is not an integer');

describe('runOne', () => {
  it('replays, waits for the new attempt and says the fix worked', async () => {
    const clock = fakeClock();
    const { hatchet, calls } = fakeHatchet(clock, {
      original: failed,
      after: [
        [1_000, snapshot(RUN, 'RUNNING', 1)],
        [3_000, snapshot(RUN, 'COMPLETED', 1)],
      ],
    });
    const result = await runOne(plan, { originalRunId: RUN }, deps(clock, hatchet));
    expect(result).toMatchObject({
      status: 'COMPLETED',
      passed: true,
      change: 'fixed',
      originalStatus: 'FAILED',
    });
    expect(calls.filter((c) => c.startsWith('replay'))).toHaveLength(1);
  });

  it('re-triggers with new input, riding out the new run’s first 404s', async () => {
    const clock = fakeClock();
    const notYet = new HatchetCliError(
      'run not found (status 404)',
      'not-found',
      'hatchet runs get',
    );
    const { hatchet, calls } = fakeHatchet(clock, {
      original: failed,
      after: [
        [0, notYet],
        [2_000, snapshot(NEW, 'FAILED', 0, 'PaymentError: amount 5.5 is not an integer')],
      ],
    });
    const result = await runOne(
      { ...plan, mode: 'retrigger' },
      { originalRunId: RUN, input: { amount: 5.5 } },
      deps(clock, hatchet),
    );
    expect(result).toMatchObject({
      runId: NEW,
      status: 'FAILED',
      passed: false,
      change: 'still-failing',
    });
    expect(calls).toContain('trigger orders');
  });

  it('times out, cancels the run and says which input to raise', async () => {
    const clock = fakeClock();
    const { hatchet, calls } = fakeHatchet(clock, {
      original: failed,
      after: [[500, snapshot(RUN, 'RUNNING', 1)]],
    });
    const result = await runOne(
      { ...plan, timeoutMs: 20_000 },
      { originalRunId: RUN },
      deps(clock, hatchet),
    );
    expect(result.status).toBe('TIMED_OUT');
    expect(result.message).toMatch(/did not finish within 20s \(input `timeout`\)/);
    expect(calls).toContain(`cancel ${RUN}`);
    expect(result.change).toBeUndefined();
  });

  it('stops on abort and cancels what it started', async () => {
    const clock = fakeClock();
    const controller = new AbortController();
    const { hatchet, calls } = fakeHatchet(clock, {
      original: failed,
      after: [[500, snapshot(RUN, 'RUNNING', 1)]],
    });
    const sleep = clock.sleep;
    clock.sleep = async (ms) => {
      await sleep(ms);
      if (clock.t > 3_000) controller.abort();
    };
    const result = await runOne(
      plan,
      { originalRunId: RUN },
      deps(clock, hatchet, controller.signal),
    );
    expect(result.status).toBe('ABORTED');
    expect(calls).toContain(`cancel ${RUN}`);
  });

  it('turns a refused token into ERROR with a message naming the run', async () => {
    const clock = fakeClock();
    const refused = new HatchetCliError(
      'x',
      'unauthorized',
      'hatchet runs replay',
      'unexpected response from API (status 403)',
    );
    const { hatchet } = fakeHatchet(clock, { original: failed, after: [], replay: () => refused });
    const result = await runOne(plan, { originalRunId: RUN }, deps(clock, hatchet));
    expect(result.status).toBe('ERROR');
    expect(result.message).toMatch(new RegExp(`refused the token for run ${RUN}`));
  });

  it.each([
    [true, 1],
    [false, 2],
  ])(
    'after a 503 on runs replay (took effect: %s) sends it %d time(s) in all',
    async (tookEffect, sent) => {
      const clock = fakeClock();
      const lost = new HatchetCliError('503', 'transient', 'hatchet runs replay');
      const { hatchet, calls } = fakeHatchet(clock, {
        original: failed,
        after: [[1_000, snapshot(RUN, 'COMPLETED', 1)]],
        replay: (n) => (n === 1 ? lost : undefined),
        acceptedAfterFailedReplay: tookEffect,
      });
      const result = await runOne(plan, { originalRunId: RUN }, deps(clock, hatchet));
      expect(result.status).toBe('COMPLETED');
      expect(calls.filter((c) => c.startsWith('replay'))).toHaveLength(sent);
    },
  );

  it('names a replay the engine never accepted, within the bound', async () => {
    const clock = fakeClock();
    const { hatchet } = fakeHatchet(clock, { original: failed, after: [] });
    const result = await runOne(plan, { originalRunId: RUN }, deps(clock, hatchet));
    expect(result.status).toBe('ERROR');
    expect(result.message).toMatch(/did not accept the replay/);
    expect(clock.t).toBeLessThanOrEqual(plan.timeoutMs / 2 + 5_000);
  });
});

/**
 * A fake Hatchet in which every replay starts a new attempt: each task's retryCount rises by
 * one, the run reads RUNNING for a second, then ends as `outcomes` says for that repetition.
 * It records what the run read when each replay was sent.
 */
function attemptsHatchet(clock: { t: number }, outcomes: string[]) {
  const replays: { at: number; runRead: string }[] = [];
  const current = (): RunDetails => {
    const n = replays.length;
    const last = replays[n - 1];
    if (!last) return failed;
    const status = clock.t - last.at >= 1_000 ? (outcomes[n - 1] as string) : 'RUNNING';
    return snapshot(
      RUN,
      status,
      n,
      status === 'FAILED' ? 'PaymentError: amount 129.9 is not an integer' : '',
    );
  };
  const hatchet = {
    getRun: async () => current(),
    async replay() {
      replays.push({ at: clock.t, runRead: current().run.status });
      return ['task'];
    },
    cancel: async (id: string) => [id],
    workflowName: async () => 'orders',
    logs: async () => [],
    events: async () => [],
  };
  return { hatchet: hatchet as unknown as Hatchet, replays };
}

describe('runSeries', () => {
  it('repeats one after the other, judging each repetition’s own attempt against the first run', async () => {
    const clock = fakeClock();
    const { hatchet, replays } = attemptsHatchet(clock, ['COMPLETED', 'FAILED', 'COMPLETED']);
    const results = await runSeries(
      { ...plan, repeat: 3 },
      { originalRunId: RUN },
      deps(clock, hatchet),
    );
    expect(results.map((r) => r.repetition)).toEqual([1, 2, 3]);
    // Each repetition's own outcome, in order, each on its own attempt.
    expect(results.map((r) => r.status)).toEqual(['COMPLETED', 'FAILED', 'COMPLETED']);
    expect(results.map((r) => r.passed)).toEqual([true, false, true]);
    expect(results.map((r) => r.final?.tasks[0]?.retryCount)).toEqual([1, 2, 3]);
    // Every repetition is compared with the run as it was before the first one (FAILED).
    expect(results.map((r) => r.originalStatus)).toEqual(['FAILED', 'FAILED', 'FAILED']);
    expect(results.map((r) => r.change)).toEqual(['fixed', 'still-failing', 'fixed']);
    // One after the other: a replay is sent only once the previous attempt has ended.
    expect(replays.map((r) => r.runRead)).toEqual(['FAILED', 'COMPLETED', 'FAILED']);
    for (const [i, result] of results.entries()) {
      const next = results[i + 1];
      if (next) expect(next.actedAt).toBeGreaterThanOrEqual(result.endedAt as number);
    }
    // The FAILED verdict of repetition 2 confirmed the run: repetition 3 replays at one look.
    expect((results[2]?.actedAt as number) - (results[1]?.endedAt as number)).toBeLessThan(
      DEFAULT_VERDICT_OPTIONS.confirmFailedMs,
    );
  });
});
