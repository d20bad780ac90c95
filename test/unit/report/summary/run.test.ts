import { describe, expect, it } from 'vitest';
import { limitSteps, type Limits } from '../../../../src/report/summary/limits.js';
import { runBody, runPage } from '../../../../src/report/summary/run.js';
import {
  groupViews,
  viewOf,
  type RunGroup,
  type RunView,
} from '../../../../src/report/summary/view.js';
import type { RunResult } from '../../../../src/run/result.js';
import { decided } from '../../../report/decided.js';
import { details, failedAgain, result } from '../../../report/fixtures.js';
import { html } from '../../../report/render.js';

const FULL = limitSteps(50)[0] as Limits;
const TABLE_ONLY = limitSteps(50).at(-1) as Limits;
const STARTED = '2026-11-26 10:00:00 UTC';

const view = (overrides: Partial<RunResult> = {}, index = 0): RunView =>
  viewOf(decided(result(overrides)), index);
const group = (...views: RunView[]) => groupViews(views)[0] as RunGroup;

/** A replay that failed in charge-payment with `error`. */
const failing = (error: string, overrides: Partial<RunResult> = {}, index = 0) =>
  view(failedAgain(error, overrides), index);

const trigger: Partial<RunResult> = {
  mode: 'trigger',
  originalRunId: undefined,
  originalStatus: undefined,
  original: undefined,
  originalUrl: undefined,
  change: undefined,
};

describe('runPage', () => {
  it('starts with the headline, then the run’s story with level-3 headings', () => {
    const page = runPage(group(view()), FULL);
    expect(page.slice(0, 3)).toEqual([
      '## ✅ Fixed: completes now; the original run failed in charge-payment — replay passed',
      '',
      `Workflow **order-processing** · the new attempt started ${STARTED} (the original run 1h earlier). Times below count from that start.`,
    ]);
    expect(page).toContain('### Original run vs new attempt');
  });

  it('tells about the repetition shown (the first that did not pass)', () => {
    const page = runPage(
      group(
        view({ repetition: 1 }, 0),
        failing('Error: x', { repetition: 2 }, 1),
        failing('Error: y', { repetition: 3 }, 2),
      ),
      FULL,
    );
    expect(page[0]).toMatch(/^## ❌ Flaky: 1\/3 attempts passed/);
    expect(page[2]).toMatch(/^Workflow \*\*order-processing\*\* · repetition 2 · /);
    expect(page.join('\n')).toContain('Error: x');
    expect(page.join('\n')).not.toMatch(/```\nError: y/);
  });
});

describe('runBody', () => {
  const intro = (overrides: Partial<RunResult>) => runBody(view(overrides), FULL, 3)[0];

  it.each<[string, Partial<RunResult>, string]>([
    [
      'a replay',
      {},
      `Workflow **order-processing** · the new attempt started ${STARTED} (the original run 1h earlier). Times below count from that start.`,
    ],
    [
      'a re-trigger of a case, repeated',
      { mode: 'retrigger', caseName: 'big order', repetition: 2 },
      `Case **big order** · Workflow **order-processing** · repetition 2 · the new run started ${STARTED} (the original run 1h earlier). Times below count from that start.`,
    ],
    [
      'a trigger (no original run)',
      trigger,
      `Workflow **order-processing** · the new run started ${STARTED}. Times below count from that start.`,
    ],
    [
      'an original run said to start after the new attempt (no “earlier”)',
      {
        original: details('FAILED', [{ name: 'a', status: 'FAILED', error: 'x' }], {
          startedAt: '2026-11-26T10:00:01Z',
        }),
      },
      `Workflow **order-processing** · the new attempt started ${STARTED}. Times below count from that start.`,
    ],
    [
      'a start with milliseconds',
      { final: details('COMPLETED', [], { startedAt: '2026-11-26T09:00:00.250Z' }) },
      'Workflow **order-processing** · the new attempt started 2026-11-26 09:00:00.250 UTC (the original run 250ms earlier). Times below count from that start.',
    ],
    [
      'a new attempt that did not start',
      { final: undefined, actedAt: undefined },
      'Workflow **order-processing** · the new attempt did not start.',
    ],
    [
      'a new run that did not start, of no known workflow (capitalised)',
      { ...trigger, workflow: undefined, final: undefined, actedAt: undefined },
      'The new run did not start.',
    ],
    [
      'untrusted names, escaped',
      { caseName: 'a|b`c`', workflow: '<img src=x onerror=alert(1)>' },
      `Case **a&#124;b&#96;c&#96;** · Workflow **&lt;img src=x onerror=alert(1)&gt;** · the new attempt started ${STARTED} (the original run 1h earlier). Times below count from that start.`,
    ],
  ])('begins %s with where its times count from', (_story, overrides, text) => {
    expect(intro(overrides)).toBe(text);
  });

  it('quotes the message on one line, escaped, then lists the notes', () => {
    const body = runBody(
      view({
        message: 'timed out\n<script>alert(1)</script> | [x](javascript:y)',
        notes: ['logs cut: `1000` lines', '**bold** <b>'],
      }),
      FULL,
      3,
    );
    expect(body.slice(1, 7)).toEqual([
      '',
      '> timed out &lt;script&gt;alert(1)&lt;/script&gt; &#124; &#91;x&#93;(javascript&#58;y)',
      '',
      '- logs cut&#58; &#96;1000&#96; lines',
      '- &#42;&#42;bold&#42;&#42; &lt;b&gt;',
      '',
    ]);
    expect(html(body.slice(2, 7).join('\n'))).not.toMatch(/<script|<b>|<strong>|<a /);
  });

  it('has no quote nor list without a message or notes', () => {
    expect(runBody(view(), FULL, 3).slice(1, 3)).toEqual(['', '### Original run vs new attempt']);
  });

  it.each<[string, Partial<RunResult>, number, string]>([
    ['a replay', {}, 3, '### Original run vs new attempt'],
    ['a re-trigger', { mode: 'retrigger' }, 3, '### Original run vs new run'],
    ['a trigger', trigger, 3, '### New run'],
    ['a replay at level 4', {}, 4, '#### Original run vs new attempt'],
  ])('heads the comparison of %s', (_story, overrides, level, heading) => {
    const body = runBody(view(overrides), FULL, level);
    expect(body).toContain(heading);
    expect(body.filter((line) => /^#+ (Original run vs|New run)/.test(line))).toEqual([heading]);
  });

  it('puts the failure first, and its error only once (the comparison says so)', () => {
    const body = runBody(failing('ChargeError: card expired\n  at charge (charge.ts:9)'), FULL, 3);
    const failure = body.indexOf('### ❌ charge-payment failed');
    const comparison = body.indexOf('### Original run vs new attempt');
    expect(failure).toBeGreaterThan(0);
    expect(comparison).toBeGreaterThan(failure);
    expect(body.join('\n').split('ChargeError').length - 1).toBe(1);
    expect(body).toContain('| Error | <code>PaymentError&#58; declined</code> | _shown above_ |');
  });

  it('shows the closed details only when the limits allow them', () => {
    expect(runBody(view(), FULL, 3).some((line) => line.startsWith('<details>'))).toBe(true);
    expect(runBody(view(), TABLE_ONLY, 3).some((line) => line.includes('<details>'))).toBe(false);
  });

  describe('of repetitions', () => {
    const reps = [
      view({ repetition: 1 }, 0),
      failing('Error: x', { repetition: 2, url: undefined }, 1),
    ];

    it('has a table of them, one row each, numbered by repetition, before the comparison', () => {
      const body = runBody(reps[1] as RunView, FULL, 3, group(...reps));
      const at = body.indexOf('### Repetitions');
      expect(at).toBeGreaterThan(0);
      expect(body.slice(at, at + 6)).toEqual([
        '### Repetitions',
        '',
        '| Repetition | Change | Status | Failed task | Error |',
        '|---|---|---|---|---|',
        `| [1](${result().url}) | **fixed** | ✅ COMPLETED |  |  |`,
        `| 2 \`${result().runId}\` | **still-failing** | ❌ FAILED | charge-payment | Error&#58; x |`,
      ]);
      expect(body.indexOf('### Original run vs new attempt')).toBeGreaterThan(at);
    });

    it('numbers a row by its place when it has no repetition number', () => {
      const views = [view({}, 4), view({}, 5)];
      const byHand: RunGroup = {
        views,
        label: 'fixed',
        shown: views[1] as RunView,
        passedCount: 2,
      };
      const body = runBody(views[1] as RunView, FULL, 3, byHand);
      expect(
        body.filter((line) => /^\| \[\d\]/.test(line)).map((line) => line.slice(0, 4)),
      ).toEqual(['| [5', '| [6']);
    });

    it.each<[string, RunGroup | undefined]>([
      ['without a group', undefined],
      ['with a group of one', group(view())],
    ])('has no such table %s', (_story, g) => {
      expect(runBody(view(), FULL, 3, g).join('\n')).not.toContain('Repetition');
    });
  });
});
