import { describe, expect, it } from 'vitest';
import { compareOutputs, deepEqual, jsonDiff, pathSegments } from '../../../src/run/compare.js';
import { runDetailsSchema } from '../../../src/hatchet/schemas.js';

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

describe('compareOutputs', () => {
  const run = (output: Record<string, unknown>, tasks: { name: string; output: unknown }[] = []) =>
    runDetailsSchema.parse({
      run: { metadata: { id: 'r' }, status: 'COMPLETED', output },
      tasks: tasks.map((t, i) => ({
        metadata: { id: `t${i}` },
        displayName: `${t.name}-1795665077986`,
        status: 'COMPLETED',
        output: t.output,
      })),
    });

  it('leaves out ignored fields, given as JSON pointers or dotted paths with wildcards', () => {
    const a = run({
      chargeId: 'ch_1',
      amount: 10,
      receipt: { issuedAt: 't1' },
      items: [{ id: 1, sku: 'a' }],
    });
    const b = run({
      chargeId: 'ch_2',
      amount: 10,
      receipt: { issuedAt: 't2' },
      items: [{ id: 2, sku: 'a' }],
    });
    expect(compareOutputs(a, b).kind).toBe('different');
    expect(compareOutputs(a, b, ['/chargeId', 'receipt.issuedAt', 'items[*].id']).kind).toBe(
      'same',
    );
    expect(compareOutputs(a, b, ['/chargeId', 'receipt.issuedAt']).kind).toBe('different');
  });

  it('compares a DAG task by task, not by whichever task finished last', () => {
    const tasks = [
      { name: 'left', output: { n: 1 } },
      { name: 'right', output: { n: 2 } },
    ];
    // The same work; the run output differs because another leaf finished last.
    const first = run({ n: 1 }, tasks);
    const second = run({ n: 2 }, [...tasks].reverse());
    expect(compareOutputs(first, second).kind).toBe('same');
    const changed = run({ n: 2 }, [tasks[0]!, { name: 'right', output: { n: 3 } }]);
    const check = compareOutputs(first, changed);
    expect(check.kind).toBe('different');
    expect(check.kind === 'different' && check.replayed).toEqual({
      left: { n: 1 },
      right: { n: 3 },
    });
  });

  it('fails closed when Hatchet hides the payloads', () => {
    const hidden = runDetailsSchema.parse({
      run: { metadata: { id: 'r' }, status: 'COMPLETED', output: {}, payloadsRestricted: true },
    });
    expect(compareOutputs(hidden, hidden).kind).toBe('restricted');
  });
});

describe('pathSegments', () => {
  it.each([
    ['/a/b~1c/0', ['a', 'b/c', '0']],
    ['a.b[2].c', ['a', 'b', '2', 'c']],
    ['$.items[*].id', ['items', '*', 'id']],
  ])('%s', (path, segments) => expect(pathSegments(path)).toEqual(segments));
});
