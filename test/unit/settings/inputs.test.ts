import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  INPUT_DEFAULTS,
  INPUT_SCHEMAS,
  MAX_RUNS,
  isChosen,
  type InputName,
} from '../../../src/settings/inputs.js';

/** The value an input's parser gives, or its first message. */
function parse(name: InputName, text: string): unknown {
  const result = (INPUT_SCHEMAS[name] as z.ZodType).safeParse(text);
  return result.success ? result.data : { error: result.error.issues[0]?.message };
}

describe('INPUT_SCHEMAS', () => {
  it.each<[InputName, string, unknown]>([
    ['workflow', '  orders ', 'orders'],
    ['workflow', 'w'.repeat(257), { error: 'accepts a workflow name of at most 256 characters' }],
    ['profile', ' CI_Prod-2 ', 'ci_prod-2'],
    [
      'profile',
      'my.profile',
      { error: 'accepts a profile name made of letters, digits, `_` and `-` (at most 64)' },
    ],
    [
      'profile',
      'p'.repeat(65),
      { error: 'accepts a profile name made of letters, digits, `_` and `-` (at most 64)' },
    ],
    ['expected-status', ' failed ', 'FAILED'],
    ['expected-status', 'RUNNING', { error: 'accepts `COMPLETED`, `FAILED` or `CANCELLED`' }],
    ['timeout', '30m', 1_800_000],
    ['poll-interval', '200ms', 200],
    ['poll-interval', '199ms', { error: 'accepts at least 200ms' }],
    ['start-timeout', '2m', 120_000],
    ['cancel-on-abort', 'false', false],
    ['version', ' latest ', 'latest'],
    ['version', 'v0.104.7', 'v0.104.7'],
    ['version', '0.104', { error: 'accepts `latest`, `X.Y.Z` or `vX.Y.Z` (e.g. `0.104.7`)' }],
    ['download-url', 'https://mirror.example.com/dl//', 'https://mirror.example.com/dl'],
    ['download-url', 'http://127.0.0.1:8080/x', 'http://127.0.0.1:8080/x'],
    [
      'download-url',
      'ftp://mirror.example.com/dl',
      { error: 'accepts an http(s) URL laid out like …/releases/download' },
    ],
    [
      'download-url',
      'https://mirror example.com',
      { error: 'accepts an http(s) URL laid out like …/releases/download' },
    ],
    ['log-lines', '0', 0],
    ['log-lines', '10001', { error: 'accepts a whole number from 0 to 10000' }],
    ['concurrency', '100', 100],
    ['concurrency', '0', { error: 'accepts a whole number from 1 to 100' }],
    ['select-limit', '500', 500],
    ['select-limit', '501', { error: 'accepts a whole number from 1 to 500' }],
    ['repeat', '21', { error: 'accepts a whole number from 1 to 20' }],
    ['on-no-match', ' PASS ', 'pass'],
    ['on-no-match', 'skip', { error: 'accepts `fail` or `pass`' }],
    ['select-since', '7d', '7d'],
    ['select-status', 'completed', ['COMPLETED']],
  ])('%s: %j → %j', (name, text, value) => {
    expect(parse(name, text)).toEqual(value);
  });

  it.each<[string, unknown]>([
    ['/chargeId', ['/chargeId']],
    ['receipt.issuedAt, items[*].id\n$.total\n', ['receipt.issuedAt', 'items[*].id', '$.total']],
    ['/a/b, items[0].sku', ['/a/b', 'items[0].sku']],
    ['', []],
  ])('compare-ignore: %j → %j', (text, value) => {
    expect(parse('compare-ignore', text)).toEqual(value);
  });

  it('compare-ignore refuses what is neither a pointer nor a dotted path, naming three', () => {
    expect(parse('compare-ignore', 'a..b, items[x], a b, .lead')).toEqual({
      error: expect.stringMatching(/; not "a\.\.b", "items\[x\]", "a b"$/),
    });
  });
});

describe('INPUT_DEFAULTS and isChosen', () => {
  it('takes the defaults of action.yml', () => {
    expect(INPUT_DEFAULTS).toMatchObject({ profile: 'ci', timeout: '30m', repeat: '1' });
  });

  it.each<[string, string, boolean]>([
    ['timeout', '30m', false],
    ['timeout', ' 30m ', false],
    ['timeout', '31m', true],
    ['timeout', '', false],
    ['timeout', '   ', false],
    ['workflow', 'orders', true],
    ['select-status', 'FAILED', false],
    ['select-status', 'FAILED,CANCELLED', true],
  ])('%s: %j → %s', (name, value, chosen) => {
    expect(isChosen(name, value)).toBe(chosen);
  });

  it('caps a step at 500 runs', () => {
    expect(MAX_RUNS).toBe(500);
  });
});
