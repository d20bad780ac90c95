import { describe, expect, it } from 'vitest';
import { HatchetCliError } from '../../../src/hatchet/errors.js';
import { backoffMs, withRetries } from '../../../src/hatchet/retry.js';

const policy = { budget: 3, baseMs: 1_000, maxMs: 5_000 };

describe('backoffMs', () => {
  it.each([
    [1, 0, 500],
    [1, 1, 1_000],
    [2, 0.5, 1_500],
    [3, 1, 4_000],
    [5, 1, 5_000],
    [5, 0, 2_500],
  ])('failure %d with random %d waits %d ms', (failures, random, ms) =>
    expect(backoffMs(failures, policy, () => random)).toBe(ms),
  );

  it('spreads the pauses of runs that fail together', () => {
    const pauses = new Set(Array.from({ length: 20 }, () => backoffMs(2, policy)));
    expect(pauses.size).toBeGreaterThan(1);
  });
});

describe('withRetries', () => {
  const transient = new HatchetCliError('503', 'transient', 'hatchet runs get');
  const sleeps: number[] = [];
  const sleep = async (ms: number) => void sleeps.push(ms);

  it('retries a transient failure until it succeeds', async () => {
    let calls = 0;
    const value = await withRetries(
      async () => {
        if (++calls < 3) throw transient;
        return 'ok';
      },
      { sleep, policy },
    );
    expect(value).toBe('ok');
    expect(calls).toBe(3);
  });

  it('gives up after the budget, and at once on a permanent error', async () => {
    let calls = 0;
    await expect(
      withRetries(
        async () => {
          calls++;
          throw transient;
        },
        { sleep, policy },
      ),
    ).rejects.toBe(transient);
    expect(calls).toBe(policy.budget + 1);

    const denied = new HatchetCliError('403', 'unauthorized', 'hatchet runs get');
    calls = 0;
    await expect(
      withRetries(
        async () => {
          calls++;
          throw denied;
        },
        { sleep, policy },
      ),
    ).rejects.toBe(denied);
    expect(calls).toBe(1);
  });

  it('gives each try only what is left of the deadline, and starts none after it', async () => {
    let t = 0;
    const left: (number | undefined)[] = [];
    await expect(
      withRetries(
        async ({ deadlineMs }) => {
          left.push(deadlineMs);
          t += 4_000; // each call takes 4 s
          throw transient;
        },
        {
          sleep: async (ms) => void (t += ms),
          policy: { budget: 20, baseMs: 1_000, maxMs: 1_000 },
          deadline: 10_000,
          now: () => t,
        },
      ),
    ).rejects.toBe(transient);
    expect(left[0]).toBe(10_000);
    expect(left.every((ms, i) => i === 0 || (ms ?? Infinity) < 10_000)).toBe(true);
    expect(left.length).toBeLessThanOrEqual(3);
    // It waited out the deadline, no further.
    expect(t).toBeGreaterThanOrEqual(10_000);
    expect(t).toBeLessThanOrEqual(14_000);
  });
});
