import { describe, expect, it } from 'vitest';
import { Limiter } from '../../../src/hatchet/limiter.js';

describe('Limiter', () => {
  it('never lets more than the limit run, even when a newcomer arrives as a slot frees', async () => {
    const limiter = new Limiter(2);
    let running = 0;
    let peak = 0;
    const task = async (ms: number) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, ms));
      running--;
    };
    const all: Promise<void>[] = [];
    for (let i = 0; i < 12; i++) {
      all.push(limiter.run(() => task(i % 3)));
      // A caller arriving right after another finished, before the waiter woke up.
      if (i % 4 === 0) await Promise.resolve();
    }
    // Newcomers racing the hand-over: released and acquired in the same tick.
    const release = await limiter.acquire();
    const racing = limiter.run(() => task(1));
    release();
    all.push(
      limiter.run(() => task(0)),
      racing,
    );
    await Promise.all(all);
    expect(peak).toBe(2);
    expect(running).toBe(0);
  });

  it('gives a freed slot to the waiter, not to a caller arriving in the same tick', async () => {
    const limiter = new Limiter(2);
    let running = 0;
    let peak = 0;
    const hold = async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
    };
    const first = await limiter.acquire();
    const second = await limiter.acquire();
    running = 2;
    const waiter = limiter.run(hold);
    first();
    running--;
    const newcomer = limiter.run(hold);
    await new Promise((resolve) => setTimeout(resolve, 1));
    expect(running).toBe(2);
    second();
    running--;
    await Promise.all([waiter, newcomer]);
    expect(peak).toBe(2);
  });

  it('hands a released slot to the oldest waiter', async () => {
    const limiter = new Limiter(1);
    const order: number[] = [];
    const first = await limiter.acquire();
    const waiters = [1, 2, 3].map((n) => limiter.run(async () => void order.push(n)));
    first();
    await Promise.all(waiters);
    expect(order).toEqual([1, 2, 3]);
  });

  it('ignores a second release of the same slot', async () => {
    const limiter = new Limiter(1);
    const release = await limiter.acquire();
    release();
    release();
    const a = await limiter.acquire();
    let second = false;
    void limiter.acquire().then(() => (second = true));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(second).toBe(false);
    a();
  });
});
