import { describe, expect, it } from 'vitest';
import { checkCombinations } from '../../../src/settings/combinations.js';
import { MAX_RUNS } from '../../../src/settings/inputs.js';

const RUN = '0b5e1c6a-2f43-4f0e-9a59-6a1c3e7d9b21';
const OTHER = '9b5e1c6a-2f43-4f0e-9a59-6a1c3e7d9b29';

type Read = Parameters<typeof checkCombinations>[0];
/** `given` as the step set them: the names listed, and no other. */
const givenOf =
  (...names: string[]) =>
  (name: string) =>
    names.includes(name);

describe('checkCombinations', () => {
  it.each<[string, Read, string[]]>([
    ['a run to replay', { runIds: [RUN] }, []],
    ['runs selected by filter', { runIds: [], selection: { limit: 20 } }, []],
    ['a workflow triggered with input', { runIds: [], workflow: 'orders', input: {} }, []],
    [
      'a run re-triggered with input, its output compared',
      { runIds: [RUN], input: { a: 1 }, compareOutput: true, compareIgnore: ['/id'] },
      [],
    ],
    ['a selection with compare-output', { runIds: [], selection: {}, compareOutput: true }, []],
  ])('accepts %s', (_name, read, problems) => {
    expect(checkCombinations(read, givenOf())).toEqual(problems);
  });

  it.each<[string, Read, string[], RegExp]>([
    ['nothing to act on', { runIds: [] }, [], /^Input `run-id` is required/],
    [
      'input without a workflow or a run',
      { runIds: [], input: {} },
      [],
      /^Input `workflow` is required to trigger/,
    ],
    [
      'an input-file given (even unread) without a workflow',
      { runIds: [] },
      ['input-file'],
      /^Input `workflow` is required to trigger/,
    ],
    [
      'workflow without input',
      { runIds: [RUN], workflow: 'orders' },
      [],
      /^Input `workflow` only applies when \(re-\)triggering/,
    ],
    [
      'a selection with new input',
      { runIds: [], selection: {}, cases: [{ name: 'a', input: {} }] },
      [],
      /^Inputs `select-workflow` and `input`\/`input-file` cannot be combined/,
    ],
    [
      'cases with several runs',
      { runIds: [RUN, OTHER], cases: [{ name: 'a', input: {} }] },
      [],
      /holds several cases and `run-id` several runs/,
    ],
    [
      'compare-output without an original',
      { runIds: [], workflow: 'orders', input: {}, compareOutput: true },
      [],
      /^Input `compare-output` needs an original run/,
    ],
    [
      'compare-ignore without compare-output',
      { runIds: [RUN], compareIgnore: ['/id'] },
      [],
      /^Input `compare-ignore` only applies with `compare-output: true`/,
    ],
    [
      'a case name twice',
      {
        runIds: [RUN],
        cases: ['a', 'b', 'a', 'b', 'c', 'c', 'd', 'd'].map((name) => ({ name, input: {} })),
      },
      [],
      /^Input `input-file` names more than one case "a", "b", "c": case names must be unique\.$/,
    ],
    [
      'a select window that selects nothing',
      { runIds: [], selection: { since: '24h', until: '1d' } },
      [],
      /^Input `select-until` \(1d\) must be shorter than `select-since` \(24h\)/,
    ],
    [
      'more runs than allowed, with the selection named',
      { runIds: [RUN], selection: { limit: 100 }, repeat: 5 },
      [],
      new RegExp(
        `^Inputs ask for up to 505 runs \\(101 × \`repeat\` 5\\): at most ${MAX_RUNS} per step\\. Lower \`repeat\` or \`select-limit\``,
      ),
    ],
  ])('refuses %s', (_name, read, given, problem) => {
    const problems = checkCombinations(read, givenOf(...given));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(problem);
  });

  it('names every select-* input set without select-workflow, and not one that is', () => {
    const names = ['select-status', 'select-since', 'select-until', 'select-limit', 'on-no-match'];
    expect(checkCombinations({ runIds: [RUN] }, givenOf(...names))).toEqual(
      names.map(
        (name) => `Input \`${name}\` only applies with \`select-workflow\`, which is not set.`,
      ),
    );
    expect(checkCombinations({ runIds: [RUN] }, givenOf('select-workflow', ...names))).toEqual([]);
  });

  it('allows a select window that ends before it starts, and exactly MAX_RUNS runs', () => {
    expect(
      checkCombinations({ runIds: [], selection: { since: '2h', until: '90m' } }, givenOf()),
    ).toEqual([]);
    const cases = Array.from({ length: 100 }, (_, i) => ({ name: `c${i}`, input: {} }));
    expect(checkCombinations({ runIds: [RUN], input: {}, cases, repeat: 5 }, givenOf())).toEqual(
      [],
    );
    const more = checkCombinations({ runIds: [RUN], input: {}, cases, repeat: 6 }, givenOf());
    expect(more).toEqual([
      `Inputs ask for up to 600 runs (100 × \`repeat\` 6): at most ${MAX_RUNS} per step. Lower \`repeat\`, or split the work across jobs.`,
    ]);
  });

  it('reports every problem at once, in order', () => {
    const problems = checkCombinations(
      { runIds: [], workflow: 'w', compareIgnore: ['/x'] },
      givenOf('select-limit'),
    );
    expect(problems.map((p) => p.slice(0, 30))).toEqual([
      'Input `run-id` is required: th',
      'Input `workflow` only applies ',
      'Input `select-limit` only appl',
      'Input `compare-ignore` only ap',
    ]);
  });
});
