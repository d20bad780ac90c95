import { afterEach, describe, expect, it, vi } from 'vitest';
import { realClock } from '../../../src/run/clock.js';

afterEach(() => vi.restoreAllMocks());

describe('realClock.sleep', () => {
  it('wakes every sleeper of a signal on abort, with one listener on it (no MaxListeners warning)', async () => {
    const warnings: string[] = [];
    vi.spyOn(process, 'emitWarning').mockImplementation((w) => void warnings.push(String(w)));
    const abort = new AbortController();
    const add = vi.spyOn(abort.signal, 'addEventListener');
    const started = Date.now();
    const sleeps = Array.from({ length: 30 }, () => realClock.sleep(60_000, abort.signal));
    abort.abort();
    await Promise.all(sleeps);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(add).toHaveBeenCalledTimes(1);
    expect(warnings).toEqual([]);
  });

  it('sleeps its time when the signal does not abort, and resolves at once on an aborted one', async () => {
    const abort = new AbortController();
    const started = Date.now();
    await realClock.sleep(30, abort.signal);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    abort.abort();
    await realClock.sleep(60_000, abort.signal);
  });
});
