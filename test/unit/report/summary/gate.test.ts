import { describe, expect, it } from 'vitest';
import { clustersOf, gatePage } from '../../../../src/report/summary/gate.js';
import { RUN_TABLE_HEAD } from '../../../../src/report/summary/rows.js';
import { groupViews, type RunGroup } from '../../../../src/report/summary/view.js';
import type { RunResult } from '../../../../src/run/result.js';
import { viewOf } from '../../../report/decided.js';
import { details, result, FULL_LIMITS as LIMITS } from '../../../report/fixtures.js';

/** A replay whose `task` failed again with `error`. */
function failed(
  error: string,
  overrides: Partial<RunResult> = {},
  task = 'charge-payment',
): RunResult {
  return result({
    status: 'FAILED',
    passed: false,
    change: 'still-failing',
    final: details('FAILED', [
      { name: 'validate-order', status: 'COMPLETED' },
      { name: task, status: 'FAILED', error },
    ]),
    ...overrides,
  });
}

const groupsOf = (results: RunResult[]): RunGroup[] =>
  groupViews(results.map((r, i) => viewOf(r, i)));

/** The place in the input (1-based) of each run of each cluster. */
const numbers = (groups: RunGroup[]) =>
  clustersOf(groups).map((c) => c.groups.map((g) => (g.views[0]?.index ?? 0) + 1));

/** A gate: #1 fixed, #2 and #4 still failing alike, #3 regressed, #5 still failing otherwise, #6 fixed. */
const GATE = [
  result(),
  failed('PaymentError: declined 12.50'),
  failed('StockError: none left', { change: 'regressed' }, 'reserve-inventory'),
  failed('PaymentError: declined 99.00'),
  failed('TemplateError: missing name'),
  result(),
];

describe('clustersOf', () => {
  it('groups runs by outcome, label, failed task and error signature, most telling first', () => {
    const clusters = clustersOf(groupsOf(GATE));
    expect(clusters.map((c) => [c.label, c.passed])).toEqual([
      ['regressed', false],
      ['still-failing', false],
      ['still-failing', false],
      ['fixed', true],
    ]);
    expect(numbers(groupsOf(GATE))).toEqual([[3], [2, 4], [5], [1, 6]]);
  });

  it('puts a larger cluster first among equals, else the one earlier in the input', () => {
    const one = [failed('Error: b'), failed('Error: a'), failed('Error: a')];
    expect(numbers(groupsOf(one))).toEqual([[2, 3], [1]]);
    const tie = [failed('Error: b'), failed('Error: a')];
    expect(numbers(groupsOf(tie))).toEqual([[1], [2]]);
  });

  it('keeps runs that did not pass apart from passed ones of the same label', () => {
    const passedFailing = { ...failed('Error: a'), passed: true };
    const clusters = clustersOf(groupsOf([passedFailing, failed('Error: a')]));
    expect(clusters.map((c) => c.passed)).toEqual([false, true]);
  });

  it('counts repetitions that disagree as one flaky run that did not pass', () => {
    const flaky = [result({ repetition: 1 }), failed('Error: a', { repetition: 2 })];
    const clusters = clustersOf(groupsOf([...flaky, result()]));
    expect(clusters.map((c) => [c.label, c.passed, c.groups.length])).toEqual([
      ['flaky', false, 1],
      ['fixed', true, 1],
    ]);
  });
});

describe('gatePage', () => {
  const page = gatePage(groupsOf(GATE), LIMITS);

  it('opens with the headline and what the gate ran', () => {
    expect(page[0]).toBe(
      '## ❌ 4 of 6 runs did not pass — 1 regressed · 3 still failing · 2 fixed',
    );
    expect(page[2]).toBe(
      'Replay of 6 runs of **order-processing** · expected COMPLETED · most telling first; `#` is the place in the input, linked to the run',
    );
  });

  it.each<[string, RunResult[], string]>([
    [
      'a re-trigger of several workflows',
      [result({ mode: 'retrigger' }), result({ mode: 'retrigger', workflow: 'billing' })],
      'Re-trigger of 2 runs of 2 workflows · expected COMPLETED',
    ],
    [
      'repetitions, an expected status, no workflow',
      [1, 2, 3].map((repetition) =>
        result({ repetition, workflow: undefined, expectedStatus: 'FAILED', passed: false }),
      ),
      'Replay of 1 run · each repeated 3 times · expected FAILED',
    ],
    [
      'an untrusted workflow name',
      [result({ workflow: '**wf**<img src=x>|' }), result({ workflow: '**wf**<img src=x>|' })],
      'Replay of 2 runs of **&#42;&#42;wf&#42;&#42;&lt;img src=x&gt;&#124;** · expected COMPLETED',
    ],
  ])('says what it ran: %s', (_name, results, intro) => {
    expect(
      gatePage(groupsOf(results), LIMITS)[2]?.startsWith(`${intro} · most telling first`),
    ).toBe(true);
  });

  it('lists each cluster in one line, with the runs that did not pass', () => {
    expect(page.slice(4, 8)).toEqual([
      '- ❌ **1 run regressed** in reserve-inventory with <code>StockError&#58; none left</code>: #3',
      '- ❌ **2 runs still failing** in charge-payment with errors like <code>PaymentError&#58; declined 12.50</code>: #2, #4',
      '- ❌ **1 run still failing** in charge-payment with <code>TemplateError&#58; missing name</code>: #5',
      '- ✅ **2 runs fixed**',
    ]);
  });

  it('says “errors like” only when the texts differ', () => {
    const same = gatePage(groupsOf([failed('Error: a'), failed('Error: a')]), LIMITS);
    expect(same[4]).toBe(
      '- ❌ **2 runs still failing** in charge-payment with <code>Error&#58; a</code>: #1, #2',
    );
  });

  it('lists at most 20 run numbers in a line', () => {
    const many = Array.from({ length: 25 }, () => failed('Error: a'));
    const line = gatePage(groupsOf(many), LIMITS)[4];
    const listed = Array.from({ length: 20 }, (_, i) => `#${i + 1}`).join(', ');
    expect(line).toBe(
      `- ❌ **25 runs still failing** in charge-payment with <code>Error&#58; a</code>: ${listed} and 5 more`,
    );
  });

  it('has one table row per run, cluster by cluster', () => {
    const head = page.indexOf(RUN_TABLE_HEAD);
    expect(head).toBe(9);
    const rows = page.slice(head + 2, head + 8);
    expect(rows.map((r) => /^\| \[(#\d+)\]/.exec(r)?.[1])).toEqual([
      '#3',
      '#2',
      '#4',
      '#5',
      '#1',
      '#6',
    ]);
    expect(page[head + 8]).toBe('');
  });

  it('stops after the table when details are left out', () => {
    const short = gatePage(groupsOf(GATE), { ...LIMITS, details: false });
    expect(short).toEqual(page.slice(0, short.length));
    expect(short.at(-1)).toBe('');
    expect(short.at(-2)).toMatch(/^\| \[#6\]/);
    expect(short.join('\n')).not.toMatch(/^###|<details>/m);
  });

  it('opens the first run of each failing cluster and closes the others and the passed runs', () => {
    const headings = page.filter((l) => l.startsWith('### '));
    expect(headings).toEqual([
      '### ❌ 1 run regressed in reserve-inventory',
      '### ❌ 2 runs still failing in charge-payment',
      '### ❌ 1 run still failing in charge-payment',
    ]);
    const second = page.indexOf('### ❌ 2 runs still failing in charge-payment');
    expect(page[second + 2]).toMatch(
      /^Run #2 \[`0b5e1c6a-[^\]]+\]\(https:[^)]+\); #4 below, closed\.$/,
    );
    expect(page[page.indexOf('### ❌ 1 run regressed in reserve-inventory') + 2]).toMatch(
      /^Run #3 \[.*\]\(.*\)\.$/,
    );
    // The first run's failure is open; the second's is in a closed section.
    expect(page.slice(second).join('\n')).toContain('PaymentError: declined 12.50');
    const summaries = page.filter((l) => l.startsWith('<details><summary>'));
    expect(summaries).toContain(
      '<details><summary>❌ #4 · 0b5e1c6a-2f43-4f0e-9a59-6a1c3e7d9b21</summary>',
    );
    expect(summaries.at(-1)).toBe('<details><summary>✅ 2 runs fixed</summary>');
    const passed = page.slice(page.lastIndexOf('<details><summary>✅ 2 runs fixed</summary>'));
    expect(passed).toContain('#### ✅ #1');
    expect(passed).toContain('#### ✅ #6');
    expect(passed).toContain('| | Original run | New attempt |');
  });

  it('escapes untrusted case and task names in headings and summaries', () => {
    const evil = '</summary><img src=x onerror=alert(1)>**b**';
    const results = [
      failed('Error: a', { caseName: 'first' }, evil),
      failed('Error: a', { caseName: evil }, evil),
    ];
    const out = gatePage(groupsOf(results), LIMITS);
    const escaped = '&lt;/summary&gt;&lt;img src=x onerror=alert(1)&gt;&#42;&#42;b&#42;&#42;';
    expect(out).toContain(`### ❌ 2 runs still failing in ${escaped}`);
    expect(out).toContain(`<details><summary>❌ #2 · ${escaped}</summary>`);
    expect(out.join('\n')).not.toContain('<img');
  });
});
