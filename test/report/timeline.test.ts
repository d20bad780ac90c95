import { describe, expect, it } from 'vitest';
import { axisFor } from '../../src/report/summary.js';

describe('the timeline axis', () => {
  it.each([
    [400, '%-Lms', '50millisecond', 1],
    [2_600, '%-S.%Ls', '500millisecond', 1],
    [45_000, '%-Ss', '5second', 1],
    [5 * 60_000, '%-Ls', '30millisecond', 1_000],
    [2 * 3_600_000, '%-Lm', '15millisecond', 60_000],
    [30 * 3_600_000, '%-Lh', '3millisecond', 3_600_000],
  ])('a run of %d ms reads %s, a tick every %s', (span, axisFormat, tickInterval, unitMs) => {
    expect(axisFor(span)).toMatchObject({ axisFormat, tickInterval, unitMs });
  });

  it.each([300, 999, 1_000, 2_999, 3_000, 59_999, 60_000, 899_999, 900_000, 57_599_999, 5e8])(
    'never has more than 10 ticks, nor a label that wraps (%d ms)',
    (span) => {
      const axis = axisFor(span);
      const [, step, unit] = /^(\d+)(millisecond|second)$/.exec(axis.tickInterval) ?? [];
      const stepMs = Number(step) * (unit === 'second' ? 1_000 : axis.unitMs);
      expect(span / stepMs).toBeLessThanOrEqual(10);
      // A label is read from the chart's milliseconds (or seconds): they must not pass 999 (59).
      const top = span / axis.unitMs;
      if (axis.axisFormat.startsWith('%-L')) expect(top).toBeLessThan(1_000);
      if (axis.axisFormat.startsWith('%-S')) expect(top).toBeLessThan(60_000);
    },
  );
});
