import { describe, expect, it } from 'vitest';
import {
  runRows,
  RUN_TABLE_HEAD,
  RUN_TABLE_RULE,
  type RowEntry,
} from '../../../../src/report/summary/rows.js';
import { viewOf, type RunView } from '../../../../src/report/summary/view.js';
import type { RunResult } from '../../../../src/run/result.js';
import { decided } from '../../../report/decided.js';
import { details, failedAgain, result, RUN } from '../../../report/fixtures.js';
import { html } from '../../../report/render.js';

const URL = result().url as string;

const view = (overrides: Partial<RunResult> = {}, index = 0): RunView =>
  viewOf(decided(result(overrides)), index);

/** A replay that failed in charge-payment with `error`. */
const failing = (
  error = 'PaymentError: declined\n  at charge (charge.ts:1)',
  overrides: Partial<RunResult> = {},
) => view(failedAgain(error, overrides));

const row = (entry: RowEntry) => runRows([entry])[0];

describe('the run table', () => {
  it('has five columns', () => {
    expect(RUN_TABLE_HEAD.split('|').length - 2).toBe(5);
    expect(RUN_TABLE_RULE.split('|').length - 2).toBe(5);
  });
});

describe('runRows', () => {
  it.each<[string, RowEntry, string]>([
    [
      'a run that passed',
      { number: '#1', views: [view()] },
      `| [#1](${URL}) | **fixed** | ✅ COMPLETED |  |  |`,
    ],
    [
      'a run that failed: its failed task and its error’s first line',
      { number: '#2', views: [failing()] },
      `| [#2](${URL}) | **still-failing** | ❌ FAILED | charge-payment | PaymentError&#58; declined |`,
    ],
    [
      'a trigger: the status in italics',
      {
        number: '#1',
        views: [
          view({
            mode: 'trigger',
            originalRunId: undefined,
            original: undefined,
            change: undefined,
          }),
        ],
      },
      `| [#1](${URL}) | _completed_ | ✅ COMPLETED |  |  |`,
    ],
    [
      'a case, named after the number',
      { number: '#3', views: [view({ caseName: 'big order' })] },
      `| [#3 big order](${URL}) | **fixed** | ✅ COMPLETED |  |  |`,
    ],
    [
      'without a link: the run’s id',
      { number: '#1', views: [view({ url: undefined })] },
      `| #1 \`${RUN}\` | **fixed** | ✅ COMPLETED |  |  |`,
    ],
    [
      'without a link nor a new run: the original run’s id',
      { number: '#1', views: [view({ url: undefined, runId: undefined })] },
      `| #1 \`${RUN}\` | **fixed** | ✅ COMPLETED |  |  |`,
    ],
    [
      'without a link nor any id: the number alone',
      {
        number: '#1',
        views: [view({ url: undefined, runId: undefined, originalRunId: undefined })],
      },
      '| #1 | **fixed** | ✅ COMPLETED |  |  |',
    ],
    [
      'a link that is not http(s): not a link',
      { number: '#1', views: [view({ url: 'javascript:alert(1)' })] },
      `| #1 \`${RUN}\` | **fixed** | ✅ COMPLETED |  |  |`,
    ],
    [
      'a label given for the row instead of the run’s',
      { number: '1', views: [failing()], label: 'flaky' },
      `| [1](${URL}) | **flaky** | ❌ FAILED | charge-payment | PaymentError&#58; declined |`,
    ],
    [
      'a passed run of another status than COMPLETED',
      {
        number: '#1',
        views: [
          view({
            status: 'CANCELLED',
            expectedStatus: 'CANCELLED',
            change: undefined,
            mode: 'trigger',
          }),
        ],
      },
      `| [#1](${URL}) | _cancelled_ | ✅ CANCELLED |  |  |`,
    ],
  ])('%s', (_story, entry, text) => {
    expect(row(entry)).toBe(text);
  });

  it('sums up repetitions and shows the first that did not pass', () => {
    const views = [
      view({ repetition: 1 }, 0),
      failing('Error: first', { repetition: 2, url: `${URL}?rep=2` }),
      failing('Error: second', { repetition: 3, url: `${URL}?rep=3` }),
    ];
    expect(row({ number: '#1', views, label: 'flaky' })).toBe(
      `| [#1](${URL}?rep=2) | **flaky** | ❌ 1/3 passed: COMPLETED ×1, FAILED ×2 | charge-payment | Error&#58; first |`,
    );
  });

  it('shows the last of repetitions that all passed', () => {
    const views = [view({ repetition: 1 }), view({ repetition: 2, url: `${URL}?rep=2` })];
    expect(row({ number: '#1', views })).toBe(
      `| [#1](${URL}?rep=2) | **fixed** | ✅ 2/2 passed: COMPLETED ×2 |  |  |`,
    );
  });

  it('marks a COMPLETED run that did not pass (its output changed) as not passed', () => {
    expect(row({ number: '#1', views: [view({ passed: false, change: 'still-passing' })] })).toBe(
      `| [#1](${URL}) | **still-passing** | ❌ COMPLETED |  |  |`,
    );
  });

  it('gives one row per entry, in order', () => {
    const rows = runRows([
      { number: '#1', views: [view()] },
      { number: '#2', views: [failing()] },
    ]);
    expect(rows.map((r) => r.split(' | ')[0])).toEqual([`| [#1](${URL})`, `| [#2](${URL})`]);
  });

  it('cuts the error to its first line, 48 characters', () => {
    const error = `\n\n${'E'.repeat(100)}\nsecond line`;
    expect(row({ number: '#1', views: [failing(error)] })?.split(' | ')[4]).toBe(
      `${'E'.repeat(47)}… |`,
    );
  });

  it('escapes the link’s address', () => {
    expect(row({ number: '#1', views: [view({ url: 'https://x.example/a b"<i>' })] })).toMatch(
      /^\| \[#1\]\(https:\/\/x\.example\/a%20b%22%3Ci%3E\) \|/,
    );
  });

  describe('with untrusted text', () => {
    // Short enough to be shown whole in every cell.
    const NASTY = '</td><img src=x> | `x` [a](javascript:y) **b**';
    const nasty = failing(`${NASTY}\nsecond`, {
      caseName: NASTY,
      final: details('FAILED', [{ name: NASTY, status: 'FAILED', error: NASTY }]),
    });
    const cells = (entry: RowEntry) => {
      const page = html([RUN_TABLE_HEAD, RUN_TABLE_RULE, ...runRows([entry])].join('\n'));
      return { page, cells: [...page.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((m) => m[1]) };
    };

    it('escapes |, backticks, HTML and links in the case, failed task and error', () => {
      const escaped =
        '&lt;/td&gt;&lt;img src=x&gt; &#124; &#96;x&#96; &#91;a&#93;(javascript&#58;y) &#42;&#42;b&#42;&#42;';
      expect(row({ number: '#1', views: [nasty] })).toBe(
        `| [#1 ${escaped}](${URL}) | **still-failing** | ❌ FAILED | ${escaped} | ${escaped} |`,
      );
    });

    it('keeps five cells a row and makes no live HTML or link from it', () => {
      for (const entry of [
        { number: '#1', views: [nasty] },
        { number: '#1', views: [failing(NASTY, { url: undefined, runId: 'a`b|c' })] },
      ]) {
        const { page, cells: found } = cells(entry);
        expect(found).toHaveLength(5);
        expect(page).not.toMatch(/<img|<strong>b|href="javascript/i);
        expect(page.match(/<a /g) ?? []).toHaveLength(entry.views[0]?.result.url ? 1 : 0);
      }
    });

    it('escapes an unknown status', () => {
      const v = view({
        status: 'WEIRD|<b>' as RunResult['status'],
        change: undefined,
        passed: false,
      });
      expect(row({ number: '#1', views: [v] })).toBe(
        `| [#1](${URL}) | _with an unknown outcome_ | ❌ WEIRD&#124;&lt;b&gt; |  |  |`,
      );
    });
  });
});
