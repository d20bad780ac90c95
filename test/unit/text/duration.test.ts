import { describe, expect, it } from 'vitest';
import { formatDuration, parseCliDuration, parseDuration } from '../../../src/text/duration.js';

describe('parseDuration', () => {
  it.each([
    ['90', 90_000],
    ['1.5', 1_500],
    ['90s', 90_000],
    ['15m', 900_000],
    ['2h', 7_200_000],
    ['1h30m', 5_400_000],
    ['500ms', 500],
    [' 10S ', 10_000],
  ])('%s → %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', 'soon', '5 minutes', '-5s', '1d', 's', '1h 30m'])('rejects %j', (text) =>
    expect(parseDuration(text)).toBeUndefined(),
  );
});

describe('formatDuration', () => {
  it.each([
    [450, '450ms'],
    [1_234, '1.2s'],
    [2_000, '2s'],
    [75_000, '1m 15s'],
    [3_723_000, '1h 2m 3s'],
  ])('%d ms → %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});

describe('parseCliDuration', () => {
  it.each([
    ['7d', 7 * 86_400_000],
    ['24h', 86_400_000],
    ['1h30m', 5_400_000],
  ])('%s → %d ms', (text, ms) => expect(parseCliDuration(text)).toBe(ms));

  it('takes days only alone, as the CLI does', () => {
    expect(parseCliDuration('1d12h')).toBeUndefined();
  });
});
