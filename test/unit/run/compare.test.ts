import { describe, expect, it } from 'vitest';
import { deepEqual, jsonDiff } from '../../../src/run/compare.js';

describe('deepEqual', () => {
  it('ignores key order, at every level', () => {
    expect(
      deepEqual({ a: 1, b: { c: [1, { d: 2, e: 3 }] } }, { b: { c: [1, { e: 3, d: 2 }] }, a: 1 }),
    ).toBe(true);
  });

  it.each([
    [{ a: 1 }, { a: 2 }],
    [{ a: 1 }, { a: 1, b: 2 }],
    [
      [1, 2],
      [2, 1],
    ],
    [{ a: null }, { a: {} }],
    [{ a: [1] }, { a: { 0: 1 } }],
    [{ a: '1' }, { a: 1 }],
  ])('%j differs from %j', (a, b) => expect(deepEqual(a, b)).toBe(false));
});

describe('jsonDiff', () => {
  it('lists changed, removed and added paths', () => {
    expect(
      jsonDiff({ total: 10, items: [1, 2], gone: true }, { total: 12, items: [1, 3], added: 'x' }),
    ).toEqual([
      { path: '$.added', replayed: 'x' },
      { path: '$.gone', original: true },
      { path: '$.items[1]', original: 2, replayed: 3 },
      { path: '$.total', original: 10, replayed: 12 },
    ]);
  });
});
