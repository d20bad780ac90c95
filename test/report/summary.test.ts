import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { renderSummary, SUMMARY_BYTE_BUDGET } from '../../src/report/summary.js';
import { codeBlock, cleanText, inline } from '../../src/text/sanitize.js';
import { details, NEW_RUN, result, RUN } from './fixtures.js';

const options = { logLines: 50 };

/** The HTML GitHub would make of the summary (GFM). */
function html(markdown: string): string {
  return marked.parse(markdown, { gfm: true, async: false }) as string;
}

describe('renderSummary', () => {
  it('a passing replay: verdict first, original vs new attempt, tasks in DAG order, timeline, logs, output', () => {
    const md = renderSummary([result()], options);
    expect(md.split('\n')[0]).toBe('## ✅ Replay passed: COMPLETED, as expected');
    expect(md).toContain('| | Original run | New attempt |');
    expect(md).toContain(`| Run | [\`${RUN}\`](https://hatchet.example.com/tenants/`);
    expect(md).toMatch(/\| Status \| ❌ FAILED \| ✅ COMPLETED \|/);
    expect(md).toMatch(/\| Error \| PaymentError&#58; declined \| — \|/);
    expect(md).toMatch(/\| Duration \| 2s \| 4\.5s \|/);
    expect(md).toMatch(/\| Attempt \| 1 \| 2 \|/);
    expect(md.indexOf('| validate-order |')).toBeLessThan(md.indexOf('| charge-payment |'));
    expect(md).toContain('```mermaid\ngantt');
    expect(md).toMatch(/validate-order :done, t0, \d+, \d+/);
    expect(md).toMatch(/\| \+0ms \| validate-order \| STARTED \| started \|/);
    expect(md).toContain('<details><summary>📄 Logs of validate-order: last 1 line</summary>');
    expect(md).toContain('10:00:00.500 INFO order is valid');
    expect(md).toContain('"status": "confirmed"');
  });

  it('a failed replay: the verdict says so and the failed task’s full error is shown', () => {
    const final = details(
      'FAILED',
      [
        { name: 'validate-order', status: 'COMPLETED' },
        { name: 'charge-payment', status: 'FAILED', error: 'ValueError: bad amount\n  at line 2' },
      ],
      { errorMessage: 'ValueError: bad amount' },
    );
    const md = renderSummary([result({ status: 'FAILED', passed: false, final })], options);
    expect(md.split('\n')[0]).toBe('## ❌ Replay failed: FAILED, expected COMPLETED');
    expect(md).toMatch(
      /\| charge-payment \| ❌ FAILED \| 1s \| 2 \| ValueError&#58; bad amount \|/,
    );
    expect(md).toContain('### Errors');
    expect(md).toContain('ValueError: bad amount\n  at line 2');
    expect(md).toMatch(/charge-payment :crit, t1/);
  });

  it('a re-trigger: the new input next to the original input', () => {
    const md = renderSummary(
      [result({ mode: 'retrigger', runId: NEW_RUN, input: { orderId: 'ord_2' }, url: undefined })],
      options,
    );
    expect(md.split('\n')[0]).toBe('## ✅ Re-trigger passed: COMPLETED, as expected');
    expect(md).toContain('| | Original run | New run |');
    expect(md).toContain(`\`${NEW_RUN}\` |`);
    expect(md).toMatch(
      /New input.*Original input[\s\S]*"orderId": "ord_2"[\s\S]*"orderId": "ord_1"/,
    );
    expect(html(md)).toMatch(/<td valign="top">\s*<pre><code class="language-json">/);
  });

  it('a timeout: the verdict and the reason, with what was known', () => {
    const final = details('RUNNING', [
      { name: 'validate-order', status: 'RUNNING', finishedAt: undefined },
    ]);
    const md = renderSummary(
      [
        result({
          status: 'TIMED_OUT',
          passed: false,
          final,
          durationMs: undefined,
          message: `Run ${RUN} did not finish within 60s (input \`timeout\`).`,
          notes: [`Cancelled run ${RUN}.`],
        }),
      ],
      options,
    );
    expect(md.split('\n')[0]).toBe('## ❌ Replay failed: TIMED_OUT, expected COMPLETED');
    expect(md).toContain('did not finish within 60s');
    expect(md).toContain(`- Cancelled run ${RUN}.`);
    expect(md).toMatch(/\| Status \| ❌ FAILED \| ⏱️ TIMED&#95;OUT \|/);
  });
});

describe('compare-output', () => {
  it('says the run completed as expected but its output changed, and shows the diff', () => {
    const md = renderSummary(
      [
        result({
          passed: false,
          outputMismatch: { original: { total: 10 }, replayed: { total: 12 } },
          message: 'Run x completed, but its output differs from the original run’s.',
        }),
      ],
      options,
    );
    expect(md.split('\n')[0]).toBe(
      '## ❌ Replay failed: COMPLETED as expected, but its output changed',
    );
    expect(md).toContain('```diff\n- $.total: 10\n+ $.total: 12\n```');
  });
});

describe('ordering', () => {
  it('orders events by instant, although RFC 3339 fractions are trimmed', () => {
    const md = renderSummary(
      [
        result({
          events: [
            { id: 1, timestamp: '2026-11-26T10:00:01.1Z', eventType: 'SECOND', message: '' },
            { id: 2, timestamp: '2026-11-26T10:00:01.098Z', eventType: 'FIRST', message: '' },
          ],
        }),
      ],
      options,
    );
    expect(md.indexOf('| FIRST |')).toBeLessThan(md.indexOf('| SECOND |'));
  });
});

const NASTY = [
  '</details><img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '````` ``` `',
  'a | b | c',
  '\u001b[31mred\u001b[0m \u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007',
  '::add-mask::x',
  '::set-output name=status::COMPLETED',
  '::stop-commands::x',
  '##[error]fake',
  'right-to-left \u202eevil\u202c',
  '[click](javascript:alert(1)) ![x](https://evil.example/x.png) @everyone',
].join('\n');

describe('untrusted text in the summary', () => {
  const final = details(
    'FAILED',
    [
      { name: 'validate-order', status: 'COMPLETED' },
      { name: `charge</details><img src=x onerror=alert(1)>|x`, status: 'FAILED', error: NASTY },
    ],
    { errorMessage: NASTY, output: { note: NASTY } },
  );
  const nasty = result({
    status: 'FAILED',
    passed: false,
    workflow: `wf<script>alert(1)</script>|x`,
    final,
    original: details('FAILED', [{ name: NASTY, status: 'FAILED', error: NASTY }], {
      errorMessage: NASTY,
      input: { x: NASTY },
    }),
    mode: 'retrigger',
    input: { evil: NASTY },
    events: [
      {
        id: 1,
        taskId: 'x',
        timestamp: '2026-11-26T10:00:00Z',
        eventType: 'FAILED<b>',
        message: NASTY,
        taskDisplayName: NASTY,
      },
    ],
    logs: [
      {
        taskId: 'x',
        taskName: NASTY,
        lines: NASTY.split('\n').map((message) => ({ message, timestamp: '2026-11-26T10:00:00Z' })),
      },
    ],
    message: NASTY,
    notes: [NASTY],
  });
  const md = renderSummary([nasty], options);
  const page = html(md);

  it('makes no live HTML from Hatchet text', () => {
    expect(page).not.toMatch(/<img|<script|<b>|<[^>]*onerror/i);
    expect(page).not.toMatch(/href="javascript:/i);
    expect(page).not.toMatch(/<a [^>]*evil\.example/);
  });

  it('keeps the structure: every <details> closed by its own tag, table rows with their cells', () => {
    const opened = (md.match(/<details/g) ?? []).length;
    expect(opened).toBeGreaterThan(0);
    expect((page.match(/<details/g) ?? []).length).toBe(opened);
    expect((page.match(/<\/details>/g) ?? []).length).toBe(opened);
    for (const table of page.match(/<table>[\s\S]*?<\/table>/g) ?? []) {
      const rows = table.match(/<tr>[\s\S]*?<\/tr>/g) ?? [];
      const cells = rows.map((row) => (row.match(/<t[hd]/g) ?? []).length);
      expect(new Set(cells).size).toBe(1);
    }
  });

  it('shows the text itself, minus control codes and bidi overrides', () => {
    // eslint-disable-next-line no-control-regex
    expect(md).not.toMatch(/\u001b|\u202e|\u0007/);
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    // Inside a code block the text is verbatim (GFM escapes it), and the fence holds.
    const block = codeBlock(NASTY);
    expect(block.startsWith('``````\n')).toBe(true);
    expect(html(block)).toContain('::set-output name=status::COMPLETED');
    expect((html(block).match(/<pre>/g) ?? []).length).toBe(1);
  });
});

describe('sanitize', () => {
  it.each([
    ['a|b', 'a&#124;b'],
    ['<b>x</b>', '&lt;b&gt;x&lt;&#47;b&gt;'.replace('&#47;', '/')],
    ['line1\nline2', 'line1 line2'],
    ['- item', '\\- item'],
    ['# title', '&#35; title'],
  ])('inline(%j) → %j', (text, out) => expect(inline(text)).toBe(out));

  it('replaces broken UTF-16 and removes ANSI, OSC and C0/C1 controls', () => {
    expect(cleanText('a\ud800b')).toBe('a\ufffdb');
    expect(cleanText('\u001b[1;31mx\u001b[0m\u001b]0;title\u0007y\u0085z\u0000')).toBe('xyz');
  });
});

describe('summary size', () => {
  it('stays under 1 MiB with multi-megabyte errors, output and logs, and keeps the verdict', () => {
    const huge = 'E'.repeat(3_000_000);
    const lines = Array.from({ length: 5_000 }, (_, i) => ({
      message: `line ${i} ${'x'.repeat(400)}`,
      timestamp: '2026-11-26T10:00:00Z',
    }));
    const final = details(
      'FAILED',
      Array.from({ length: 40 }, (_, i) => ({ name: `task-${i}`, status: 'FAILED', error: huge })),
      {
        errorMessage: huge,
        output: { blob: huge },
      },
    );
    const big = result({
      status: 'FAILED',
      passed: false,
      final,
      logs: final.tasks.map((t) => ({ taskId: t.metadata.id, taskName: t.displayName, lines })),
      events: Array.from({ length: 5_000 }, (_, i) => ({
        id: i,
        timestamp: '2026-11-26T10:00:00Z',
        eventType: 'STARTED',
        message: huge.slice(0, 5_000),
      })),
    });
    const started = performance.now();
    const md = renderSummary([big], { logLines: 5_000 });
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(SUMMARY_BYTE_BUDGET);
    expect(md.split('\n')[0]).toBe('## ❌ Replay failed: FAILED, expected COMPLETED');
    expect(md).toMatch(/shortened to fit GitHub's 1 MiB limit/);
  });

  it('keeps 100 runs under 1 MiB with one row each', () => {
    const runs = Array.from({ length: 100 }, (_, i) =>
      result({ originalRunId: `${RUN.slice(0, -3)}${String(i).padStart(3, '0')}` }),
    );
    const md = renderSummary(runs, options);
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(SUMMARY_BYTE_BUDGET);
    expect(md.split('\n')[0]).toBe('## ✅ All 100 runs passed: COMPLETED, as expected');
    expect(md.match(/^\| \d+ \| ✅ \|/gm)).toHaveLength(100);
  });
});
