import { describe, expect, it } from 'vitest';
import { renderSummary } from './decided.js';
import type { RunResult } from '../../src/run/result.js';
import { html, occurrences, text, visible } from './render.js';
import { gate, idFrom, PAYMENT_ERROR, replay, STOCK_ERROR, TEMPLATE_ERROR } from './scenarios.js';

function page(results: RunResult[]) {
  const md = renderSummary(results, { logLines: 50 });
  const body = html(md);
  return { md, body, seen: text(visible(body)), all: text(body) };
}

describe('a gate of 50 runs after a fix', () => {
  const results = gate(50, { 'still-failing': 12, 'fails-differently': 2, regressed: 1 });
  const { md, seen, all } = page(results);
  const rows = md.match(/^\| \[#\d+\]\(https:[^)]+\) \|.*\|$/gm) ?? [];

  it('says how many did not pass and how each changed, in one line', () => {
    expect(md.split('\n')[0]).toBe(
      '## ❌ 15 of 50 runs did not pass — 1 regressed · 2 failing differently · 12 still failing · 35 fixed',
    );
  });

  it('groups the runs that changed the same way with the same signature, quoting the real error', () => {
    const first = results.find((r) => r.change === 'still-failing');
    const error = first?.final?.tasks.find((t) => t.status === 'FAILED')?.errorMessage ?? '';
    // The first run's own words (its amount), not the signature they share.
    expect(seen).toContain(
      `12 runs still failing in charge-payment with errors like ${error.split('\n')[0]}: #`,
    );
    expect(all).not.toMatch(/<n>|<str>/);
    expect(seen).toContain('2 runs failing differently in send-confirmation with TemplateError');
    expect(seen).toContain('1 run regressed in reserve-inventory with InventoryError');
    expect(seen).toContain('35 runs fixed');
    // Most telling first: what broke, what changed, what stayed broken, what is fixed.
    const order = ['1 run regressed', '2 runs failing differently', '12 runs still failing'].map(
      (s) => seen.indexOf(s),
    );
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(order[0]).toBeGreaterThan(0);
  });

  it('has one row per run, with change, status, failed task, error and link', () => {
    expect(rows).toHaveLength(50);
    const numbers = rows.map((row) => Number(/^\| \[#(\d+)\]/.exec(row)?.[1]));
    expect(new Set(numbers).size).toBe(50);
    const stillFailing = rows.filter((row) => row.includes('**still-failing**'));
    expect(stillFailing).toHaveLength(12);
    for (const row of stillFailing) {
      expect(row).toMatch(
        /\| \*\*still-failing\*\* \| ❌ FAILED \| charge-payment \| PaymentProviderError&#58; amount must be an integer… \|$/,
      );
    }
    expect(rows.filter((row) => row.includes('| **fixed** | ✅ COMPLETED |  |  |'))).toHaveLength(
      35,
    );
    // Failures lead the table, most telling first.
    expect(rows[0]).toContain('**regressed**');
    expect(rows.at(-1)).toContain('**fixed**');
    const index = results.findIndex((r) => r.change === 'regressed');
    expect(rows[0]).toContain(`[#${index + 1}](https://hatchet.example.com/tenants/`);
    expect(rows[0]).toContain(`/runs/${results[index]?.runId})`);
  });

  it('follows with the failures, most telling first, each error text once', () => {
    const headings = [...md.matchAll(/^### ❌ (.*)$/gm)].map((m) => m[1]);
    expect(headings.map((h) => h?.replace(/ in .*/, ''))).toEqual([
      '1 run regressed',
      '2 runs failing differently',
      '12 runs still failing',
    ]);
    // Each still-failing run's own error (its amount differs) is on the page once; the first's
    // also in the overview that quotes it.
    results
      .filter((r) => r.change === 'still-failing')
      .forEach((r, i) => {
        const error = r.final?.tasks.find((t) => t.status === 'FAILED')?.errorMessage ?? '';
        expect(occurrences(all, error.split('\n')[0] as string)).toBe(i === 0 ? 2 : 1);
        expect(occurrences(all, error.split('\n')[1] as string)).toBeGreaterThan(0);
      });
    expect(occurrences(all, STOCK_ERROR.split('\n')[0] as string)).toBe(2);
    expect(occurrences(all, TEMPLATE_ERROR.split('\n')[0] as string)).toBe(3);
    // The headings leave the error to the section under them.
    expect(md).not.toMatch(/^### ❌ .*<code>/m);
  });

  it('shows the first run of each failing group open, the others and the passed runs closed', () => {
    expect(seen).toContain(STOCK_ERROR.split('\n')[0]);
    expect(seen).toContain('reserved sku-19, sku-27, sku-31');
    const stillFailing = results.filter((r) => r.change === 'still-failing');
    const first = stillFailing[0]?.final?.tasks.find((t) => t.status === 'FAILED');
    const second = stillFailing[1]?.final?.tasks.find((t) => t.status === 'FAILED');
    expect(seen).toContain(first?.errorMessage.split('\n')[0]);
    expect(seen).not.toContain(second?.errorMessage.split('\n')[0]);
    expect(all).toContain(second?.errorMessage.split('\n')[0]);
    const fixed = results.find((r) => r.change === 'fixed') as RunResult;
    expect(all).toContain(fixed.runId);
    expect(seen).not.toContain(fixed.runId);
    expect(md).not.toContain('<details open');
  });
});

describe('repeat: several attempts of one run', () => {
  const attempts = (stories: ('fixed' | 'still-failing')[], runId = idFrom('flaky')) =>
    stories.map((story, i) => replay(story, { runId, repetition: i + 1 }));

  it('calls a run that passes only sometimes flaky, with its pass rate', () => {
    const results = attempts(['fixed', 'fixed', 'still-failing', 'fixed', 'fixed']);
    const { md, seen } = page(results);
    expect(md.split('\n')[0]).toBe(
      '## ❌ Flaky: 4/5 attempts passed, 1 failed in charge-payment — replay failed: FAILED, expected COMPLETED',
    );
    // The failed attempt is the one shown; the table lists them all.
    expect(seen).toContain(PAYMENT_ERROR('129.9').split('\n')[0]);
    expect(seen).toContain('repetition 3');
    expect(md.match(/^\| \[\d\]\(https:/gm)).toHaveLength(5);
    expect(md).toMatch(/^\| \[3\]\([^)]+\) \| \*\*still-failing\*\* \| ❌ FAILED \|/m);
  });

  it('gives the pass rate when every attempt agrees', () => {
    const { md } = page(attempts(['fixed', 'fixed', 'fixed']));
    expect(md.split('\n')[0]).toBe(
      '## ✅ Fixed: completes now; the original run failed in charge-payment (3/3 attempts passed) — replay passed',
    );
  });

  it('in a gate: one row per run with its pass rate, flaky in the headline', () => {
    const results = [
      ...attempts(['fixed', 'still-failing', 'fixed'], idFrom('run-a')),
      ...attempts(['fixed', 'fixed', 'fixed'], idFrom('run-b')),
    ];
    const { md, seen } = page(results);
    expect(md.split('\n')[0]).toBe('## ❌ 1 of 2 runs did not pass — 1 flaky · 1 fixed');
    expect(md).toMatch(
      /^\| \[#1\]\([^)]+\) \| \*\*flaky\*\* \| ❌ 2\/3 passed: COMPLETED ×2, FAILED ×1 \| charge-payment \|/m,
    );
    expect(md).toMatch(/^\| \[#4\]\([^)]+\) \| \*\*fixed\*\* \| ✅ 3\/3 passed: COMPLETED ×3 \|/m);
    expect(seen).toContain('1 run flaky in charge-payment');
  });
});

describe('trigger: cases from a file of inputs, no original run', () => {
  const triggered = (caseName: string, story: 'fixed' | 'still-failing', i: number): RunResult => {
    const run = replay(story, { runId: idFrom(`case-${i}`) });
    return {
      ...run,
      mode: 'trigger',
      caseName,
      originalRunId: undefined,
      originalUrl: undefined,
      originalStatus: undefined,
      original: undefined,
      change: undefined,
      input: { orderId: `ord_${i}`, amount: 129.9 },
    };
  };

  it('names each case, says completed or failed, and links the new run', () => {
    const { md } = page([
      triggered('small order', 'fixed', 1),
      triggered('big <order>', 'still-failing', 2),
    ]);
    expect(md.split('\n')[0]).toBe('## ❌ 1 of 2 runs did not pass — 1 failed · 1 completed');
    expect(md).toMatch(/^\| \[#2 big &lt;order&gt;\]\(https:[^)]+\) \| _failed_ \| ❌ FAILED \|/m);
    expect(md).toMatch(/^\| \[#1 small order\]\(https:[^)]+\) \| _completed_ \| ✅ COMPLETED \|/m);
    expect(md).toContain('Trigger of 2 runs');
  });

  it('one case: the new run alone, its input, no comparison column', () => {
    const { md } = page([triggered('big order', 'still-failing', 2)]);
    expect(md.split('\n')[0]).toBe(
      '## ❌ Failed in charge-payment — trigger failed: FAILED, expected COMPLETED',
    );
    expect(md).toContain('Case **big order**');
    expect(md).toContain('| | New run |\n|---|---|');
    expect(md).toMatch(/### Input\n\n```json\n\{\n {2}"orderId": "ord_2"/);
  });
});
