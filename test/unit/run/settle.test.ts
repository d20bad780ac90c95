import { describe, expect, it } from 'vitest';
import { HatchetCliError } from '../../../src/hatchet/errors.js';
import type { RunDetails } from '../../../src/hatchet/schemas.js';
import { RUN, run } from './runs.js';
import { restingPoint } from '../../../src/run/baseline.js';
import type { Clock } from '../../../src/run/clock.js';
import type { StartDeps } from '../../../src/run/phases.js';
import { BASELINE_SETTLE_MS, settledBaseline } from '../../../src/run/settle.js';

const DONE = ['FINISHED a@0@1000', 'FINISHED b@0@2000'];

describe('settledBaseline', () => {
  function deps(
    answers: (RunDetails | HatchetCliError)[],
    deadline?: number,
    signal?: AbortSignal,
  ) {
    const clock: Clock & { t: number } = {
      t: 0,
      now: () => clock.t,
      sleep: async (ms: number) => {
        clock.t += ms;
      },
    };
    const lines: string[] = [];
    let calls = 0;
    const getRun = async (_id: string, context?: { deadlineMs?: number }) => {
      expect(context?.deadlineMs ?? Infinity).toBeLessThanOrEqual(
        (deadline ?? Infinity) - clock.t || 1,
      );
      const answer = answers[Math.min(calls++, answers.length - 1)] as RunDetails | HatchetCliError;
      if (answer instanceof HatchetCliError) throw answer;
      return answer;
    };
    const d = {
      hatchet: { getRun },
      clock,
      tempDir: '',
      log: (l: string) => lines.push(l),
      deadline,
      signal,
    };
    return { deps: d as unknown as StartDeps, clock, lines, calls: () => calls };
  }
  const settled = run('COMPLETED', 'COMPLETED@0', 'COMPLETED@0', DONE);
  const resetting = run('COMPLETED', 'COMPLETED@0', 'COMPLETED@0', [
    ...DONE,
    'RETRIED_BY_USER a@0@3000',
  ]);

  it('waits for an earlier replay to settle, then returns the settled run', async () => {
    const { deps: d, lines } = deps([resetting, resetting, settled]);
    await expect(settledBaseline(RUN, d)).resolves.toBe(settled);
    expect(lines).toHaveLength(1);
  });

  it('confirms a recent FAILED with a second look 0.25 s later', async () => {
    const failed = run('FAILED', 'COMPLETED@0', 'FAILED@0', [], '2026-08-22T14:00:00Z');
    const { deps: d, clock, calls } = deps([failed]);
    await settledBaseline(RUN, d);
    expect(calls()).toBe(2);
    expect(clock.t).toBe(250);
  });

  it('takes a recent FAILED at one look when its workflow gives the failed task no retries', async () => {
    const failed = run('FAILED', 'COMPLETED@0', 'FAILED@0', [], '2026-08-22T14:00:00Z');
    const noRetries = {
      ...failed,
      tasks: failed.tasks.map((t) => ({ ...t, actionId: `wf:${t.metadata.id}` })),
      workflowConfig: {
        Tasks: failed.tasks.map((t) => ({ Action: `wf:${t.metadata.id}`, Retries: 0 })),
      },
    };
    const { deps: d, clock, calls } = deps([noRetries]);
    await settledBaseline(RUN, d);
    expect(calls()).toBe(1);
    expect(clock.t).toBe(0);
  });

  it('takes a FAILED the previous repetition’s verdict already confirmed at one look', async () => {
    const failed = run('FAILED', 'COMPLETED@0', 'FAILED@0', [], '2026-08-22T14:00:00Z');
    const { deps: d, calls } = deps([failed]);
    await settledBaseline(RUN, d, undefined, restingPoint(failed));
    expect(calls()).toBe(1);
  });

  it('fails at once for a run in its first attempt', async () => {
    const { deps: d, calls } = deps([run('RUNNING', 'RUNNING@0', 'QUEUED@0')]);
    await expect(settledBaseline(RUN, d)).rejects.toThrow(/is RUNNING: only a finished run/);
    expect(calls()).toBe(1);
  });

  it('gives up at its bound (or the timeout), naming what kept the run moving', async () => {
    const { deps: d, clock } = deps([resetting], 10_000);
    await expect(settledBaseline(RUN, d)).rejects.toThrow(
      /did not settle within .* task 'a' has events newer than its row/,
    );
    expect(clock.t).toBeLessThanOrEqual(10_000);
  });

  it('without a timeout, gives up at BASELINE_SETTLE_MS', async () => {
    const { deps: d, clock, calls } = deps([resetting]);
    await expect(settledBaseline(RUN, d)).rejects.toThrow(/did not settle within/);
    expect(clock.t).toBeLessThanOrEqual(BASELINE_SETTLE_MS);
    // Pauses of 250 ms doubling up to 2 s: more than a handful of reads before the bound.
    expect(calls()).toBeGreaterThan(10);
    expect(BASELINE_SETTLE_MS).toBe(30_000);
  });

  it('tells each read to onRead, and logs a problem once while it lasts', async () => {
    const { deps: d, lines } = deps([resetting, resetting, resetting, settled]);
    const read: RunDetails[] = [];
    await settledBaseline(RUN, d, (details) => read.push(details));
    expect(read).toEqual([resetting, resetting, resetting, settled]);
    expect(lines).toEqual([
      `Run ${RUN} is not settled yet: task 'a' has events newer than its row (a replay or retry still being applied).`,
    ]);
  });

  it('returns a settled run at the first read, without sleeping', async () => {
    const { deps: d, clock, calls } = deps([settled]);
    await expect(settledBaseline(RUN, d)).resolves.toBe(settled);
    expect([calls(), clock.t]).toEqual([1, 0]);
  });

  it('stops when the job is cancelled while it waits', async () => {
    const controller = new AbortController();
    controller.abort();
    const { deps: d, calls } = deps([resetting], undefined, controller.signal);
    await expect(settledBaseline(RUN, d)).rejects.toThrow(
      'The job was cancelled before this run was started.',
    );
    expect(calls()).toBe(1);
  });

  it('passes on a failed read', async () => {
    const error = new HatchetCliError('no such run', 'not-found', 'hatchet runs get');
    const { deps: d } = deps([error]);
    await expect(settledBaseline(RUN, d)).rejects.toBe(error);
  });
});
