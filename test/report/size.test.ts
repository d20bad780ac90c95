import { describe, expect, it } from 'vitest';
import { renderSummary, SUMMARY_BYTE_BUDGET } from './decided.js';
import type { RunResult } from '../../src/run/result.js';
import { details, result, RUN } from './fixtures.js';
import { html } from './render.js';
import { gate } from './scenarios.js';

const HUGE = `PaymentProviderError: ${'E'.repeat(3_000_000)}`;

/** Every error, log line, event and output of a result made huge. */
function swollen(r: RunResult): RunResult {
  const lines = Array.from({ length: 5_000 }, (_, i) => ({
    message: `line ${i} ${'x'.repeat(400)}`,
    timestamp: '2026-11-26T10:41:18Z',
  }));
  const grow = (d: RunResult['final']) =>
    d && {
      ...d,
      run: { ...d.run, errorMessage: HUGE, output: { blob: HUGE } },
      tasks: d.tasks.map((t) => (t.status === 'FAILED' ? { ...t, errorMessage: HUGE } : t)),
    };
  return {
    ...r,
    final: grow(r.final),
    original: grow(r.original),
    logs: r.logs.map((log) => ({ ...log, lines })),
    events: r.events.map((e) => ({ ...e, message: HUGE.slice(0, 5_000) })),
    message: HUGE,
  };
}

describe('summary size', () => {
  it('keeps a 50-run gate of multi-megabyte errors under 1 MiB, with every row and the groups', () => {
    const results = gate(50, { 'still-failing': 12, 'fails-differently': 2, regressed: 1 }).map(
      swollen,
    );
    const md = renderSummary(results, { logLines: 5_000 });
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(SUMMARY_BYTE_BUDGET);
    expect(md.split('\n')[0]).toBe(
      '## ❌ 15 of 50 runs did not pass — 1 regressed · 2 failing differently · 12 still failing · 35 fixed',
    );
    expect(md).toContain('**12 runs still failing** in charge-payment');
    expect(md.match(/^\| \[#\d+\]\(https:/gm)).toHaveLength(50);
    expect(md).toMatch(/shortened to fit GitHub's 1 MiB limit/);
    // Cut, the page still holds together.
    const page = html(md);
    expect((page.match(/<details/g) ?? []).length).toBe((page.match(/<\/details>/g) ?? []).length);
  });

  it('keeps one run with 40 failed tasks of multi-megabyte errors under 1 MiB', () => {
    const final = details(
      'FAILED',
      Array.from({ length: 40 }, (_, i) => ({ name: `task-${i}`, status: 'FAILED', error: HUGE })),
    );
    const big = swollen(
      result({
        status: 'FAILED',
        passed: false,
        change: 'still-failing',
        final,
        logs: final.tasks.map((t) => ({
          taskId: t.metadata.id,
          taskName: t.displayName,
          lines: [],
        })),
      }),
    );
    const md = renderSummary([big], { logLines: 5_000 });
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(SUMMARY_BYTE_BUDGET);
    expect(md.split('\n')[0]).toMatch(
      /^## ❌ Still failing: same error in task-0 as the original run/,
    );
    expect(md).toMatch(/shortened to fit GitHub's 1 MiB limit/);
  });

  it('keeps 100 runs under 1 MiB with one row each', () => {
    const runs = Array.from({ length: 100 }, (_, i) =>
      result({ originalRunId: `${RUN.slice(0, -3)}${String(i).padStart(3, '0')}` }),
    );
    const md = renderSummary(runs, { logLines: 50 });
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(SUMMARY_BYTE_BUDGET);
    expect(md.split('\n')[0]).toBe('## ✅ All 100 runs passed — 100 fixed');
    expect(md.match(/^\| \[#\d+\]\(https:/gm)).toHaveLength(100);
  });

  it('cuts a table of thousands of runs at a line, saying so', () => {
    const one = result();
    const runs = Array.from({ length: 8_000 }, () => one);
    const md = renderSummary(runs, { logLines: 50 });
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(SUMMARY_BYTE_BUDGET);
    expect(md).toMatch(/The summary was cut to fit GitHub's 1 MiB limit/);
    expect(md.split('\n').at(-4)).toMatch(/^\| \[#\d+\]\(https:.*\|$/);
  });
});
