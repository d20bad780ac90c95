import { describe, expect, it } from 'vitest';
import { renderSummary } from '../../report/decided.js';
import { failurePage, noMatchPage } from '../../../src/report/summary.js';
import type { RunResult } from '../../../src/run/result.js';
import { details, NEW_RUN, result, RUN } from '../../report/fixtures.js';
import { html, occurrences, text, visible } from '../../report/render.js';
import {
  DEMO_RUN_ID,
  idFrom,
  PAYMENT_ERROR,
  replay,
  STOCK_ERROR,
  TEMPLATE_ERROR,
  type Story,
} from '../../report/scenarios.js';

const firstLineOf = (error: string) => error.split('\n')[0] as string;

/** The story's page: markdown, HTML, what is visible without a click, and all its text. */
function page(results: RunResult[], logLines = 50) {
  const md = renderSummary(results, { logLines });
  const body = html(md);
  return { md, body, seen: text(visible(body)), all: text(body) };
}

interface Case {
  story: Story;
  headline: string;
  /** Errors on the page (each exactly once), the new attempt's first. */
  errors: string[];
  /** The failed task's log lines, visible without a click. */
  log: string[];
}

const CASES: Case[] = [
  {
    story: 'still-failing',
    headline:
      '## ❌ Still failing: same error in charge-payment as the original run — replay failed: FAILED, expected COMPLETED',
    errors: [PAYMENT_ERROR('129.9')],
    log: ['charging 129.9 EUR to cus_481', 'provider answered 400 invalid_amount'],
  },
  {
    story: 'fails-differently',
    headline:
      '## ❌ Fails differently: now in send-confirmation; the original run failed in charge-payment — replay failed: FAILED, expected COMPLETED',
    errors: [TEMPLATE_ERROR, PAYMENT_ERROR('129.9')],
    log: ['sending confirmation to cus_481'],
  },
  {
    story: 'regressed',
    headline:
      '## ❌ Regressed: fails in reserve-inventory; the original run completed — replay failed: FAILED, expected COMPLETED',
    errors: [STOCK_ERROR],
    log: ['reserving 3 items', 'reserved sku-19, sku-27, sku-31'],
  },
  {
    story: 'fixed',
    headline:
      '## ✅ Fixed: completes now; the original run failed in charge-payment — replay passed',
    errors: [PAYMENT_ERROR('129.9')],
    log: [],
  },
  {
    story: 'still-passing',
    headline: '## ✅ Still passing: completed, as the original run did — replay passed',
    errors: [],
    log: [],
  },
];

describe.each(CASES)('a replay that is $story', ({ story, headline, errors, log }) => {
  const run = replay(story);
  const { md, seen, all } = page([run]);

  it('says the change and the verdict in one line at the top', () => {
    expect(run.change).toBe(story);
    expect(md.split('\n')[0]).toBe(headline);
  });

  it('shows each error text once where it is read', () => {
    errors.forEach((error, i) => {
      // The original run's own error: its first line in the comparison, all of it closed.
      const original = story === 'fixed' || i > 0;
      expect(occurrences(all, firstLineOf(error))).toBe(original ? 2 : 1);
      expect(occurrences(seen, firstLineOf(error))).toBe(1);
      expect(occurrences(all, error.split('\n')[1] as string)).toBe(1);
    });
  });

  it('shows the failed task, its error and its log tail open, before the comparison', () => {
    const comparison = seen.indexOf('Original run vs new attempt');
    expect(comparison).toBeGreaterThan(0);
    if (errors.length > 0 && story !== 'fixed') {
      const [error] = errors as [string];
      expect(seen.indexOf(firstLineOf(error))).toBeGreaterThan(0);
      expect(seen.indexOf(firstLineOf(error))).toBeLessThan(comparison);
    }
    for (const line of log) {
      expect(seen).toContain(line);
      expect(seen.indexOf(line)).toBeLessThan(comparison);
    }
    expect(md).not.toContain('<details open');
  });

  it('keeps tasks, timeline, events and the other logs closed', () => {
    expect(seen).toMatch(/Tasks \(4\)/);
    expect(seen).toContain('Timeline');
    expect(seen).toMatch(/Events \(\d+\)/);
    expect(all).toContain('RETRIED_BY_USER');
    expect(seen).not.toContain('RETRIED_BY_USER');
    expect(seen).not.toContain('gantt');
    expect(all).toContain('validating order ord_7Hq2');
    expect(seen).not.toContain('validating order ord_7Hq2');
  });

  it('uses one time convention: one absolute UTC start, offsets everywhere else', () => {
    expect(occurrences(all, 'UTC')).toBe(1);
    expect(seen).toContain('the new attempt started 2026-11-26 10:41:17.480 UTC');
    expect(md).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:/);
    expect(md).not.toMatch(/\b\d\d:\d\d:\d\d\.\d{3}\b(?! UTC)/);
    const eventTimes = [...all.matchAll(/^\| ([^|]+) \| [a-z-]+ \| [A-Z_]+ \|/gm)];
    for (const [, time] of eventTimes) expect(time).toMatch(/^[+−]\d/);
  });
});

describe('the comparison of original run and new attempt', () => {
  it('has status, failed task, error, duration, attempt and worker of each', () => {
    const { md } = page([replay('still-failing')]);
    const section = md.slice(md.indexOf('### Original run vs new attempt'));
    expect(section).toMatch(/\| Status \| ❌ FAILED \| ❌ FAILED \|/);
    expect(section).toMatch(/\| Failed task \| charge-payment \| charge-payment \|/);
    // The same text as the new attempt's, which is right above: not a fourth time.
    expect(section).toContain('| Error | _same as the new attempt_ | _shown above_ |');
    expect(section).toMatch(/\| Duration \| 2s \| 2s \|/);
    expect(section).toMatch(/\| Attempt \| 1 \| 2 \|/);
    expect(section).toContain(
      `| Worker | <code>${idFrom(`worker-a/${DEMO_RUN_ID}`)}</code> | <code>${idFrom(`worker-b/${DEMO_RUN_ID}`)}</code> |`,
    );
  });

  it('points from the failed event to the error above instead of repeating it', () => {
    const { md } = page([replay('still-failing')]);
    expect(md).toMatch(/\| \+1\.95s \| charge-payment \| FAILED \| Task failed \(error above\) \|/);
  });
});

describe('the timeline', () => {
  it('counts from the new attempt’s start, on an axis that fits the run’s length', () => {
    const { md } = page([replay('fixed')]);
    expect(md).toContain('axisFormat %-S.%Ls\n  tickInterval 500millisecond');
    expect(md).toMatch(/validate-order :done, t0, 946684800000, 946684800650/);
    expect(md).toMatch(/send-confirmation :done, t3, 946684801950, 946684802600/);
    expect(md).toContain('todayMarker off');
  });
});

describe('log lines', () => {
  it('shows every line it is given when they fit', () => {
    const run = replay('still-failing');
    const lines = Array.from({ length: 120 }, (_, i) => ({
      timestamp: `2026-11-26T10:41:18.${String(800 + (i % 100)).padStart(3, '0')}Z`,
      level: 'INFO',
      message: `step ${i} of the charge`,
    }));
    const logs = run.logs.map((log) =>
      log.taskName === 'charge-payment' ? { ...log, lines } : log,
    );
    const { seen } = page([{ ...run, logs }], 120);
    expect(seen).toContain('step 0 of the charge');
    expect(seen).toContain('step 119 of the charge');
    expect(seen).toContain('the last 120 lines');
  });
});

describe('a re-trigger with new input', () => {
  it('shows the new input next to the original input', () => {
    const { md, body } = page([
      result({ mode: 'retrigger', runId: NEW_RUN, input: { orderId: 'ord_2' }, url: undefined }),
    ]);
    expect(md.split('\n')[0]).toBe(
      '## ✅ Fixed: completes now; the original run failed in charge-payment — re-trigger passed',
    );
    expect(md).toContain('| | Original run | New run |');
    expect(md).toMatch(
      /New input.*Original input[\s\S]*"orderId": "ord_2"[\s\S]*"orderId": "ord_1"/,
    );
    expect(body).toMatch(/<td valign="top">\s*<pre><code class="language-json">/);
  });
});

describe('a run that did not finish', () => {
  it('says why, with the notes, and has no change to report', () => {
    const final = details('RUNNING', [
      { name: 'validate-order', status: 'RUNNING', finishedAt: undefined },
    ]);
    const { md } = page([
      result({
        status: 'TIMED_OUT',
        passed: false,
        change: undefined,
        final,
        durationMs: undefined,
        message: `Run ${RUN} did not finish within 60s (input \`timeout\`).`,
        notes: [`Cancelled run ${RUN}.`],
      }),
    ]);
    expect(md.split('\n')[0]).toBe(
      '## ❌ Timed out: the run did not finish in time — replay failed: TIMED&#95;OUT, expected COMPLETED',
    );
    expect(md).toContain('did not finish within 60s');
    expect(md).toContain(`- Cancelled run ${RUN}.`);
    expect(md).toMatch(/\| Status \| ❌ FAILED \| ⏱️ TIMED&#95;OUT \|/);
  });
});

describe('compare-output', () => {
  it('says the run completed as expected but its output changed, and shows the diff first', () => {
    const { md } = page([
      {
        ...replay('still-passing'),
        passed: false,
        outputMismatch: { original: { total: 10 }, replayed: { total: 12 } },
        message: 'Run x completed, but its output differs from the original run’s.',
      },
    ]);
    expect(md.split('\n')[0]).toBe(
      '## ❌ Still passing: completed, as the original run did — replay failed: COMPLETED as expected, but its output changed',
    );
    expect(md).toContain('```diff\n- $.total: 10\n+ $.total: 12\n```');
    expect(md.indexOf('Output differs')).toBeLessThan(md.indexOf('Original run vs new attempt'));
  });
});

describe('ordering', () => {
  it('orders events by instant, although RFC 3339 fractions are trimmed', () => {
    const { md } = page([
      result({
        events: [
          { id: 1, timestamp: '2026-11-26T10:00:01.1Z', eventType: 'SECOND', message: '' },
          { id: 2, timestamp: '2026-11-26T10:00:01.098Z', eventType: 'FIRST', message: '' },
        ],
      }),
    ]);
    expect(md.indexOf('| FIRST |')).toBeLessThan(md.indexOf('| SECOND |'));
  });

  it('lists tasks in DAG order', () => {
    const { md } = page([result()]);
    const tasks = md.slice(md.indexOf('<summary>Tasks'));
    expect(tasks.indexOf('| validate-order |')).toBeGreaterThan(0);
    expect(tasks.indexOf('| validate-order |')).toBeLessThan(tasks.indexOf('| charge-payment |'));
  });
});

describe('an intro line from the caller', () => {
  it('goes under the headline, which stays the first line', () => {
    const md = renderSummary([replay('fixed')], {
      logLines: 50,
      intro: '**Selected by filter:** 1 matched, 1 replayed.',
    });
    expect(md.split('\n').slice(0, 3)).toEqual([
      '## ✅ Fixed: completes now; the original run failed in charge-payment — replay passed',
      '',
      '**Selected by filter:** 1 matched, 1 replayed.',
    ]);
  });
});

describe('the pages of a step without a result per run', () => {
  it('failurePage: the title as a heading, the message as text that cannot become markdown', () => {
    const page = failurePage('Invalid inputs', 'Input `x` is bad\n## not a heading');
    expect(page.split('\n')[0]).toBe('## ⚠️ Invalid inputs');
    expect(html(page)).not.toMatch(/<h2>not a heading/);
    expect(text(page)).toContain('## not a heading');
  });

  it('noMatchPage: passes or fails as on-no-match says, the message escaped', () => {
    expect(noMatchPage(true, 'none').split('\n')[0]).toBe('## ✅ No run to replay');
    expect(noMatchPage(false, 'none').split('\n')[0]).toBe('## ❌ No run to replay');
    expect(html(noMatchPage(false, '<b>x</b> *y*'))).not.toMatch(/<b>|<em>/);
  });
});
