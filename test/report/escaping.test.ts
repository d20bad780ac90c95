import { describe, expect, it } from 'vitest';
import { renderSummary } from './decided.js';
import type { RunResult } from '../../src/run/result.js';
import { details, result } from './fixtures.js';
import { html } from './render.js';

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
  'see www.evil.example/login',
].join('\n');

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
  change: 'fails-differently',
  workflow: `wf<script>alert(1)</script>|x`,
  caseName: `case</summary><img src=x onerror=alert(1)>`,
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
      errorMessage: `other ${NASTY}`,
      taskDisplayName: NASTY,
      workerId: '<img src=x onerror=alert(1)>',
    },
  ],
  logs: [
    {
      taskId: 'x',
      taskName: NASTY,
      lines: NASTY.split('\n').map((message) => ({ message, timestamp: '2026-11-26T10:00:00Z' })),
      note: NASTY,
    },
  ],
  message: NASTY,
  notes: [NASTY],
});

const pages: [string, RunResult[]][] = [
  ['one run', [nasty]],
  ['a gate', [nasty, { ...nasty, caseName: `${NASTY} 2` }, result()]],
  ['a repeated run', [1, 2].map((repetition) => ({ ...nasty, repetition }))],
];

describe.each(pages)('untrusted text in the summary of %s', (_name, results) => {
  const md = renderSummary(results, { logLines: 50 });
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
    expect((page.match(/<summary>/g) ?? []).length).toBe(opened);
    for (const table of page.match(/<table>[\s\S]*?<\/table>/g) ?? []) {
      const rows = table.match(/<tr>[\s\S]*?<\/tr>/g) ?? [];
      const cells = rows.map((row) => (row.match(/<t[hd][ >]/g) ?? []).length);
      expect(new Set(cells).size).toBe(1);
    }
  });

  it('shows the text itself, minus control codes and bidi overrides', () => {
    // eslint-disable-next-line no-control-regex
    expect(md).not.toMatch(/\u001b|\u202e|\u0007/);
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('keeps mermaid labels plain', () => {
    const chart = /```mermaid\n([\s\S]*?)```/.exec(md)?.[1] ?? '';
    for (const line of chart.split('\n').filter((l) => l.includes(' :')))
      expect(line).toMatch(/^ {2}[A-Za-z0-9 _.()-]+ :(crit|done|active), t\d+, \d+, \d+$/);
  });
});
