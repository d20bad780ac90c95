import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  VERSION,
  boolean,
  cliDuration,
  duration,
  inputObject,
  integer,
  jsonObject,
  kindOf,
  runIds,
  statuses,
} from '../../../src/settings/parsers.js';

const RUN = '0b5e1c6a-2f43-4f0e-9a59-6a1c3e7d9b21';
const OTHER = '9B5E1C6A-2F43-4F0E-9A59-6A1C3E7D9B29';

/** The value a parser gives, or its first message. */
function parse(schema: z.ZodType, text: unknown): unknown {
  const result = schema.safeParse(text);
  return result.success ? result.data : { error: result.error.issues[0]?.message };
}

describe('boolean', () => {
  it.each([
    ['true', true],
    [' FALSE ', false],
    ['True', true],
    ['yes', { error: 'accepts `true` or `false`' }],
    ['', { error: 'accepts `true` or `false`' }],
  ])('%j → %j', (text, value) => {
    expect(parse(boolean, text)).toEqual(value);
  });
});

describe('duration', () => {
  const error = {
    error:
      'accepts how long: a duration such as `90s`, `15m`, `2h`, `1h30m` or a number of seconds',
  };
  it.each<[string, unknown]>([
    ['90s', 90_000],
    ['1h30m', 5_400_000],
    ['15', 15_000],
    ['0', error],
    ['0s', error],
    ['soon', error],
  ])('%j → %j', (text, value) => {
    expect(parse(duration('how long'), text)).toEqual(value);
  });
});

describe('cliDuration', () => {
  it.each<[string, unknown]>([
    ['30m', '30m'],
    [' 7d ', '7d'],
    ['1h30m', '1h30m'],
    ['1.5h', '1.5h'],
    ['7 days', { error: 'accepts a duration such as `30m`, `24h`, `1h30m` or `7d`' }],
    ['1d12h', { error: 'accepts a duration such as `30m`, `24h`, `1h30m` or `7d`' }],
    ['30', { error: 'accepts a duration such as `30m`, `24h`, `1h30m` or `7d`' }],
  ])('%j → %j', (text, value) => {
    expect(parse(cliDuration, text)).toEqual(value);
  });
});

describe('integer', () => {
  const error = { error: 'accepts a whole number from 1 to 20' };
  it.each<[string, unknown]>([
    ['1', 1],
    [' 20 ', 20],
    ['0', error],
    ['21', error],
    ['2.5', error],
    ['-3', error],
    ['ten', error],
  ])('%j → %j', (text, value) => {
    expect(parse(integer(1, 20), text)).toEqual(value);
  });
});

describe('VERSION', () => {
  it.each([
    ['0.104.7', true],
    ['v0.104.7', true],
    ['0.104', false],
    ['latest', false],
    ['0.104.7-rc.1', false],
  ])('%s → %s', (text, ok) => {
    expect(VERSION.test(text)).toBe(ok);
  });
});

describe('kindOf and inputObject', () => {
  it.each<[unknown, string]>([
    [null, 'null'],
    [[1], 'an array'],
    ['x', 'a string'],
    [42, 'a number'],
    [true, 'a boolean'],
  ])('%j is %s, not an input object', (value, kind) => {
    expect(kindOf(value)).toBe(kind);
    expect(parse(inputObject, value)).toEqual({
      error: `accepts a JSON object such as {"orderId": 42}, not ${kind}`,
    });
  });

  it('accepts an object', () => {
    expect(parse(inputObject, { a: 1 })).toEqual({ a: 1 });
  });
});

describe('jsonObject', () => {
  it.each<[string, unknown]>([
    ['{"orderId": 42}', { orderId: 42 }],
    ['{}', {}],
    ['[1,2]', { error: 'accepts a JSON object such as {"orderId": 42}, not an array' }],
    ['"text"', { error: 'accepts a JSON object such as {"orderId": 42}, not a string' }],
    ['null', { error: 'accepts a JSON object such as {"orderId": 42}, not null' }],
  ])('%s → %j', (text, value) => {
    expect(parse(jsonObject, text)).toEqual(value);
  });

  it('says why text is not JSON', () => {
    expect(parse(jsonObject, '{orderId: 42}')).toEqual({
      error: expect.stringMatching(
        /^accepts a JSON object such as \{"orderId": 42\}; this is not valid JSON \(.+\)$/,
      ),
    });
  });
});

describe('runIds', () => {
  it.each<[string, unknown]>([
    [RUN, [RUN]],
    [`${RUN}, ${OTHER}`, [RUN, OTHER.toLowerCase()]],
    [`\n${RUN}\n\n${OTHER}\n`, [RUN, OTHER.toLowerCase()]],
    [
      ' , \n',
      {
        error:
          'holds separators but no run id: give run ids (UUIDs) separated by spaces, commas or newlines',
      },
    ],
    [
      `${RUN} not-a-run 42 x y`,
      {
        error:
          'accepts run ids (UUIDs such as 0b5e1c6a-2f43-4f0e-9a59-6a1c3e7d9b21) separated by spaces, commas or newlines; not "not-a-run", "42", "x"',
      },
    ],
    [`${RUN} ${RUN.toUpperCase()}`, { error: `lists ${RUN} more than once` }],
  ])('%j → %j', (text, value) => {
    expect(parse(runIds, text)).toEqual(value);
  });

  it('cuts a long bad id to 60 characters', () => {
    const long = 'x'.repeat(100);
    expect(parse(runIds, long)).toEqual({ error: expect.stringContaining(`"${'x'.repeat(60)}"`) });
    expect(parse(runIds, long)).not.toEqual({
      error: expect.stringContaining('x'.repeat(61)),
    });
  });
});

describe('statuses', () => {
  const accepts =
    'accepts a comma-separated list of `COMPLETED`, `FAILED`, `CANCELLED` (only a finished run can be replayed)';
  it.each<[string, unknown]>([
    ['FAILED', ['FAILED']],
    ['failed, cancelled,FAILED', ['FAILED', 'CANCELLED']],
    [' , ', { error: accepts }],
    ['RUNNING,FAILED,queued', { error: `${accepts}; not "RUNNING", "QUEUED"` }],
  ])('%j → %j', (text, value) => {
    expect(parse(statuses, text)).toEqual(value);
  });
});
