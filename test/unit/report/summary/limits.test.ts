import { describe, expect, it } from 'vitest';
import {
  limitSteps,
  LOG_LINE_CHARS,
  SUMMARY_BYTE_BUDGET,
  SUMMARY_BYTE_LIMIT,
  type Limits,
} from '../../../../src/report/summary/limits.js';

const NUMERIC = ['events', 'logLines', 'text', 'failedTasks'] as const;

describe('the summary’s size limits', () => {
  it('are GitHub’s 1 MiB, with a budget well below it', () => {
    expect(SUMMARY_BYTE_LIMIT).toBe(1_048_576);
    expect(SUMMARY_BYTE_BUDGET).toBe(SUMMARY_BYTE_LIMIT - 65_536);
    expect(LOG_LINE_CHARS).toBe(2_000);
  });
});

describe('limitSteps', () => {
  it.each([
    // log-lines as given, then capped at 20, 5, 3 and 0 lines.
    [50, [50, 20, 5, 3, 0]],
    [10, [10, 10, 5, 3, 0]],
    [4, [4, 4, 4, 3, 0]],
    [1, [1, 1, 1, 1, 0]],
    [0, [0, 0, 0, 0, 0]],
  ])('with log-lines %d, shows %j log lines step by step', (logLines, shown) => {
    expect(limitSteps(logLines).map((l) => l.logLines)).toEqual(shown);
  });

  it.each([
    ['events', [200, 50, 10, 0, 0]],
    ['text', [20_000, 4_000, 1_000, 300, 200]],
    ['failedTasks', [10, 5, 3, 1, 1]],
    ['details', [true, true, true, true, false]],
    ['gantt', [true, true, false, false, false]],
  ] as [keyof Limits, unknown[]][])('lowers %s step by step: %j', (key, values) => {
    expect(limitSteps(50).map((l) => l[key])).toEqual(values);
  });

  it('never shows more of anything in a later step than in an earlier one', () => {
    const steps = limitSteps(1_000);
    steps.slice(1).forEach((step, i) => {
      const before = steps[i] as Limits;
      for (const key of NUMERIC) expect(step[key]).toBeLessThanOrEqual(before[key]);
      expect(Number(step.details)).toBeLessThanOrEqual(Number(before.details));
      expect(Number(step.gantt)).toBeLessThanOrEqual(Number(before.gantt));
    });
  });

  it('says what was cut in every step but the first, each in its own words', () => {
    const notes = limitSteps(50).map((l) => l.cutNote);
    expect(notes[0]).toBeUndefined();
    expect(notes.slice(1).every((n) => typeof n === 'string' && n.length > 0)).toBe(true);
    expect(new Set(notes.slice(1)).size).toBe(notes.length - 1);
    expect(notes.at(-1)).toBe('only the verdict and one row per run are shown');
  });

  it('gives fresh objects: lowering one rendering does not change the next call’s', () => {
    const first = limitSteps(50);
    (first[0] as Limits).events = 1;
    expect(limitSteps(50)[0]?.events).toBe(200);
  });
});
