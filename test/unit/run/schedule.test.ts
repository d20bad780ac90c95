import { describe, expect, it } from 'vitest';
import {
  DENSE_CAP,
  LATE_MS,
  NEAR_MS,
  WIDEST_BRACKET_MS,
  expectedEndOf,
  nextInterval,
  nextPause,
} from '../../../src/run/schedule.js';

const POLL = 5_000;

describe('nextInterval (the base rule)', () => {
  it.each([
    [0, 200],
    [1_000, 200],
    [2_000, 300],
    [20_000, 3_000],
    [40_000, 5_000],
    [600_000, 5_000],
  ])('after %i ms waits %i ms', (elapsed, pause) => {
    expect(nextInterval(elapsed, POLL)).toBe(pause);
  });
});

describe('nextPause', () => {
  it.each([
    // elapsed, expected end, row lags, dense used → pause, dense
    ['no prediction: the base rule', 20_000, undefined, false, 0, 3_000, false],
    ['far before the predicted end: the base rule', 20_000, 60_000, false, 0, 3_000, false],
    ['before the end, never past half the distance', 56_000, 60_000, false, 0, 2_000, true],
    ['within NEAR_MS of the end: back to back', 59_800, 60_000, false, 0, 0, true],
    ['just after the end: back to back', 60_200, 60_000, false, 0, 0, true],
    [
      'within LATE_MS after it: still back to back',
      60_000 + LATE_MS - 1,
      60_000,
      false,
      0,
      0,
      true,
    ],
    [
      'LATE_MS after it: a quarter of the overshoot',
      60_000 + LATE_MS,
      60_000,
      false,
      0,
      LATE_MS / 4,
      true,
    ],
    ['4 s after the end: a quarter of the overshoot', 64_000, 60_000, false, 0, 1_000, true],
    ['long after the end: the base rule again', 100_000, 60_000, false, 0, 5_000, false],
    ['only the run row lags: at once', 20_000, undefined, true, 0, 0, true],
    ['the dense budget spent: the base rule', 59_900, 60_000, true, DENSE_CAP, 5_000, false],
  ])('%s', (_what, elapsedMs, expectedEndMs, rowLags, denseUsed, ms, dense) => {
    expect(
      nextPause({ elapsedMs, pollIntervalMs: POLL, expectedEndMs, rowLags, denseUsed }),
    ).toEqual({ ms, dense });
  });

  // The read that first showed the attempt running was answered 900 ms after the prediction
  // counts from: it may end as late as 60.9 s.
  it.each([
    ['before the earliest end: as without it', 56_000, 2_000],
    ['past LATE_MS after the earliest, before the latest: back to back', 60_000 + LATE_MS + 100, 0],
    ['within NEAR_MS after the latest: back to back', 60_900 + NEAR_MS - 1, 0],
    ['NEAR_MS after the latest: a quarter of the overshoot', 60_900 + NEAR_MS, 300],
  ])('with the latest end the start allows, %s', (_what, elapsedMs, ms) => {
    const input = { elapsedMs, pollIntervalMs: POLL, expectedEndMs: 60_000, denseUsed: 0 };
    expect(nextPause({ ...input, latestEndMs: 60_900 }).ms).toBe(ms);
  });

  it('leaves a start bracketed more widely than WIDEST_BRACKET_MS to the quarter of the overshoot', () => {
    const input = { elapsedMs: 60_000 + LATE_MS, pollIntervalMs: POLL, expectedEndMs: 60_000 };
    const latestEndMs = 60_000 + WIDEST_BRACKET_MS + 1;
    expect(nextPause({ ...input, latestEndMs, denseUsed: 0 }).ms).toBe(LATE_MS / 4);
  });

  it('keeps a 10-minute run within 1.5× the calls of a 5 s loop, and catches its end within one call', () => {
    const call = 200;
    for (const [end, expected] of [
      [600_000, 600_000],
      [600_000, undefined],
      [600_000, 590_000],
    ] as const) {
      let t = 200;
      let used = 0;
      let calls = 0;
      for (;;) {
        const sent = t;
        t += call;
        calls++;
        if (sent >= end) break;
        const pause = nextPause({
          elapsedMs: t,
          pollIntervalMs: POLL,
          expectedEndMs: expected,
          denseUsed: used,
        });
        if (pause.dense) used++;
        t += pause.ms;
      }
      const loop = Math.ceil(600_000 / (POLL + call));
      expect(calls).toBeLessThanOrEqual(1.5 * loop);
      expect(used).toBeLessThanOrEqual(DENSE_CAP);
      if (expected === end) expect(t - end).toBeLessThanOrEqual(2 * call + NEAR_MS);
    }
  });
});

describe('expectedEndOf', () => {
  it('counts the original length from the acceptance, else from the send', () => {
    expect(expectedEndOf(1_400, 600)).toBe(2_000);
    expect(expectedEndOf(1_400, undefined)).toBe(1_400);
    expect(expectedEndOf(undefined, 600)).toBeUndefined();
  });
});
