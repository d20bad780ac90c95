import { describe, expect, it } from 'vitest';
import { parseInputFile } from '../../../src/settings/cases.js';

describe('parseInputFile', () => {
  it('reads one object as a single input', () => {
    expect(parseInputFile('{"orderId": 1}')).toEqual({ kind: 'single', input: { orderId: 1 } });
  });

  it('reads a JSON array of inputs and named cases, naming unnamed ones by position', () => {
    const content = parseInputFile('[{"a": 1}, {"name": "big order", "input": {"a": 2}}]');
    expect(content).toEqual({
      kind: 'cases',
      cases: [
        { name: 'case 1', input: { a: 1 } },
        { name: 'big order', input: { a: 2 } },
      ],
    });
  });

  it('reads JSON Lines, skipping blank lines', () => {
    const content = parseInputFile('{"a": 1}\n\n{"name": "two", "input": {"a": 2}}\r\n{"a": 3}\n');
    expect(content.kind === 'cases' && content.cases.map((c) => c.name)).toEqual([
      'case 1',
      'two',
      'case 3',
    ]);
  });

  it.each([
    ['null', /holds null/],
    ['"text"', /holds a string/],
    ['', /is empty/],
    ['[1]', /bad case at entry 1: it is a number/],
    ['[{"name": "x", "input": {}, "extra": 1}]', /exactly the keys `name`.*and `input`/],
    ['[{"name": "x", "input": [1]}]', /exactly the keys/],
    ['{"a": 1}\n{oops', /line 2 is not valid JSON/],
  ])('refuses %j', (text, message) => expect(() => parseInputFile(text)).toThrow(message));
});
