import { describe, expect, it } from 'vitest';
import { pool } from '../../../src/action/pool.js';

describe('pool', () => {
  it('keeps the input order and at most `concurrency` items at once', async () => {
    let running = 0;
    let peak = 0;
    const results = await pool(
      [30, 5, 20, 1, 10, 2],
      3,
      async (ms, index) => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, ms));
        running--;
        return `${index}:${ms}`;
      },
      () => 'skipped',
    );
    expect(results).toEqual(['0:30', '1:5', '2:20', '3:1', '4:10', '5:2']);
    expect(peak).toBe(3);
  });

  it('skips what is not started once aborted', async () => {
    const controller = new AbortController();
    const results = await pool(
      [1, 2, 3, 4],
      1,
      async (n) => {
        if (n === 2) controller.abort();
        return n;
      },
      (n) => -n,
      controller.signal,
    );
    expect(results).toEqual([1, 2, -3, -4]);
  });
});
