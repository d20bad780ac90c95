import { describe, expect, it } from 'vitest';
import {
  closedDetails,
  comparison,
  errorCell,
  inputSection,
} from '../../../../src/report/summary/details.js';
import type { ShownErrors } from '../../../../src/report/summary/failure.js';
import type { RunView } from '../../../../src/report/summary/view.js';
import type { RunResult } from '../../../../src/run/result.js';
import { viewOf } from '../../../report/decided.js';
import {
  NEW_RUN,
  RUN,
  details,
  result,
  failedAgain,
  FULL_LIMITS as LIMITS,
} from '../../../report/fixtures.js';

const ORIGINAL_ERROR = 'PaymentError: declined\n  at charge (charge.ts:1)';

/** A replay whose charge-payment task failed again, with `error`. */
const failed = (error: string, overrides: Partial<RunResult> = {}): RunResult =>
  failedAgain(error, { change: 'fails-differently', ...overrides });

/** The cells of the table row headed `label`. */
function row(lines: readonly string[], label: string): string[] | undefined {
  const line = lines.find((l) => l.startsWith(`| ${label} |`));
  return line?.slice(2, -2).split(' | ').slice(1);
}

describe('errorCell', () => {
  it.each([
    ['Error: declined', undefined, '<code>Error&#58; declined</code>'],
    ['\n\n  Error: a\n  at b', undefined, '<code>Error&#58; a</code>'],
    ['<img src=x>|`x`', undefined, '<code>&lt;img src=x&gt;&#124;&#96;x&#96;</code>'],
    ['abcdefghij', 5, '<code>abcd…</code>'],
  ])('%j (max %s) → %j', (text, max, cell) => expect(errorCell(text, max)).toBe(cell));

  it('cuts at 120 characters by default', () => {
    expect(errorCell('x'.repeat(500))).toBe(`<code>${'x'.repeat(119)}…</code>`);
  });
});

describe('comparison', () => {
  it('sets the original run against an in-place replay, row by row', () => {
    const lines = comparison(viewOf(failed('TypeError: x is undefined'), 0));
    expect(lines.slice(0, 2)).toEqual(['| | Original run | New attempt |', '|---|---|---|']);
    expect(lines.at(-1)).toBe('');
    expect(row(lines, 'Run')?.[1]).toBe('_the same run, replayed in place_');
    expect(row(lines, 'Run')?.[0]).toContain(`\`${RUN}\``);
    expect(row(lines, 'Status')).toEqual(['❌ FAILED', '❌ FAILED']);
    expect(row(lines, 'Failed task')).toEqual(['charge-payment', 'charge-payment']);
    expect(row(lines, 'Error')).toEqual([
      '<code>PaymentError&#58; declined</code>',
      '<code>TypeError&#58; x is undefined</code>',
    ]);
    expect(row(lines, 'Duration')).toEqual(['2s', '4.5s']);
    // The fixtures' tasks ran once originally and twice in the new attempt.
    expect(row(lines, 'Attempt')).toEqual(['1', '2']);
    expect(row(lines, 'Worker')).toEqual(['—', '—']);
  });

  it('links a new run by its own id when it is not the original', () => {
    const r = failed('Error: x', {
      mode: 'retrigger',
      runId: NEW_RUN,
      url: `https://hatchet.example.com/runs/${NEW_RUN}`,
    });
    const lines = comparison(viewOf(r, 0));
    expect(lines[0]).toBe('| | Original run | New run |');
    expect(row(lines, 'Run')?.[1]).toBe(
      `[\`${NEW_RUN}\`](https://hatchet.example.com/runs/${NEW_RUN})`,
    );
  });

  it('says the same error once, and points to an error shown above', () => {
    const same = viewOf(failed(ORIGINAL_ERROR), 0);
    expect(row(comparison(same), 'Error')).toEqual([
      '_same as the new attempt_',
      '<code>PaymentError&#58; declined</code>',
    ]);
    const shown: ShownErrors = new Set([ORIGINAL_ERROR]);
    expect(row(comparison(same, shown), 'Error')?.[1]).toBe('_shown above_');
    // Trimmed texts are the same error.
    const padded = viewOf(failed(`\n${ORIGINAL_ERROR}  \n`), 0);
    expect(row(comparison(padded), 'Error')?.[0]).toBe('_same as the new attempt_');
  });

  it('gives a dash for a missing error, task, attempt or worker', () => {
    const lines = comparison(viewOf(failed('  '), 0));
    expect(row(lines, 'Error')?.[1]).toBe('—');
    const notStarted = comparison(
      viewOf(failed('', { final: undefined, status: 'ERROR', durationMs: undefined }), 0),
    );
    expect(row(notStarted, 'Failed task')?.[1]).toBe('—');
    expect(row(notStarted, 'Attempt')?.[1]).toBe('—');
    expect(row(notStarted, 'Duration')?.[1]).toBe('—');
    expect(row(notStarted, 'Status')?.[1]).toBe('⚠️ ERROR');
  });

  it('says the same worker once; shows a worker’s id as inert code', () => {
    const view = viewOf(failed('Error: x'), 0);
    const same = { ...view, workers: { before: 'worker-1', after: 'worker-1' } };
    expect(row(comparison(same), 'Worker')).toEqual(['<code>worker-1</code>', '_the same_']);
    const other = { ...view, workers: { before: 'worker-1', after: '<img src=x>|w' } };
    expect(row(comparison(other), 'Worker')).toEqual([
      '<code>worker-1</code>',
      '<code>&lt;img src=x&gt;&#124;w</code>',
    ]);
  });

  it('has one column only when there is no original run (trigger)', () => {
    const r = result({
      mode: 'trigger',
      originalRunId: undefined,
      originalStatus: undefined,
      originalUrl: undefined,
      original: undefined,
      change: undefined,
      runId: NEW_RUN,
      url: undefined,
    });
    const lines = comparison(viewOf(r, 0));
    expect(lines.slice(0, 2)).toEqual(['| | New run |', '|---|---|']);
    expect(lines.find((l) => l.startsWith('| Run |'))).toBe(`| Run | \`${NEW_RUN}\` |`);
    expect(lines.find((l) => l.startsWith('| Status |'))).toBe('| Status | ✅ COMPLETED |');
    for (const line of lines.slice(2, -1)) expect(line.split(' | ')).toHaveLength(2);
  });

  it('keeps untrusted task names and errors in their cells', () => {
    const name = 'charge|<script>alert(1)</script>';
    const r = failed('', {
      final: details('FAILED', [{ name, status: 'FAILED', error: 'a | b `c` </td>\n::error::x' }]),
    });
    const lines = comparison(viewOf(r, 0));
    for (const line of lines.slice(2, -1)) expect(line.split(' | ')).toHaveLength(3);
    expect(row(lines, 'Failed task')?.[1]).toBe(
      'charge&#124;&lt;script&gt;alert(1)&lt;/script&gt;',
    );
    expect(row(lines, 'Error')?.[1]).toBe('<code>a &#124; b &#96;c&#96; &lt;/td&gt;</code>');
  });
});

describe('inputSection', () => {
  const trigger = (overrides: Partial<RunResult>) =>
    viewOf(
      result({
        mode: 'trigger',
        originalRunId: undefined,
        original: undefined,
        change: undefined,
        ...overrides,
      }),
      0,
    );

  it('is nothing for a replay (its input is the original’s) or without an input', () => {
    expect(inputSection(viewOf(result({ input: { orderId: 'x' } }), 0), LIMITS, '###')).toEqual([]);
    expect(inputSection(trigger({ input: undefined }), LIMITS, '###')).toEqual([]);
  });

  it('shows a trigger’s input alone, under a heading of the level given', () => {
    expect(inputSection(trigger({ input: { orderId: 'ord_2' } }), LIMITS, '####')).toEqual([
      '#### Input',
      '',
      '```json\n{\n  "orderId": "ord_2"\n}\n```',
      '',
    ]);
  });

  it('sets a re-trigger’s new input beside the original’s', () => {
    const view = viewOf(result({ mode: 'retrigger', input: { orderId: 'ord_2' } }), 0);
    const out = inputSection(view, LIMITS, '###');
    expect(out[0]).toBe('### Input');
    const newAt = out.indexOf('```json\n{\n  "orderId": "ord_2"\n}\n```');
    const originalAt = out.indexOf('```json\n{\n  "orderId": "ord_1"\n}\n```');
    expect(newAt).toBeGreaterThan(0);
    expect(originalAt).toBeGreaterThan(newAt);
    expect(out).toContain(
      '<table><tr><th>New input</th><th>Original input</th></tr><tr><td valign="top">',
    );
    expect(out).toContain('</td></tr></table>');
  });

  it('keeps an untrusted input in its block and cuts it at `text` characters', () => {
    const out = inputSection(trigger({ input: { note: '```` </td></table>' } }), LIMITS, '###');
    expect(out[2]?.startsWith('`````json\n')).toBe(true);
    expect(out[2]?.endsWith('\n`````')).toBe(true);
    const long = inputSection(
      trigger({ input: { note: 'x'.repeat(500) } }),
      { ...LIMITS, text: 100 },
      '###',
    );
    // At most `text` characters of the JSON (and a note of the cut) between the fences.
    expect(long[2]?.startsWith('```json\n{\n  "note": "xxx')).toBe(true);
    expect(long[2]?.length).toBeLessThan(160);
  });
});

describe('closedDetails', () => {
  const closed = (view: RunView, limits = LIMITS, shown: ShownErrors = new Set()) =>
    closedDetails(view, limits, shown);
  const summaries = (out: string[]) =>
    out
      .filter((l) => l.startsWith('<details>'))
      .map((l) => l.replace(/<\/?(details|summary)>/g, ''));

  it('lists the tasks in DAG order with a tally, then the timeline, events, logs and output', () => {
    const out = closed(viewOf(result(), 0));
    expect(summaries(out)).toEqual([
      'Tasks (2): 2 completed',
      'Timeline',
      'Events (2)',
      '📄 Log of validate-order: the last 1 line',
      'Error of the original run in charge-payment',
      'Output',
    ]);
    expect(out).toContain('| validate-order | ✅ COMPLETED | +0ms | 1s | 2 |');
    expect(out).toContain('| charge-payment | ✅ COMPLETED | +1s | 1s | 2 |');
    expect(out.indexOf('| validate-order | ✅ COMPLETED | +0ms | 1s | 2 |')).toBeLessThan(
      out.indexOf('| charge-payment | ✅ COMPLETED | +1s | 1s | 2 |'),
    );
    expect(out).toContain('_📄 No log lines from charge-payment._');
    expect(out).toContain('```json\n{\n  "orderId": "ord_1",\n  "status": "confirmed"\n}\n```');
  });

  it('tallies each status of the tasks', () => {
    const out = closed(viewOf(failed('Error: x'), 0));
    expect(summaries(out)[0]).toBe('Tasks (2): 1 completed, 1 failed');
  });

  it('leaves out the timeline, events and logs when the limits say so', () => {
    const out = closed(viewOf(result(), 0), { ...LIMITS, gantt: false, events: 0, logLines: 0 });
    expect(summaries(out)).toEqual([
      'Tasks (2): 2 completed',
      'Error of the original run in charge-payment',
      'Output',
    ]);
    expect(out.join('\n')).not.toContain('No log lines');
  });

  it('lists the events in time order, the newest `events` of them, saying how many are left out', () => {
    const out = closed(viewOf(result(), 0));
    const started = out.indexOf('| +0ms | validate-order | STARTED | started |');
    expect(started).toBeGreaterThan(0);
    expect(out[started + 1]).toBe('| +1s | validate-order | FINISHED | done |');
    const cut = closed(viewOf(result(), 0), { ...LIMITS, events: 1 });
    expect(cut).toContain('| +1s | validate-order | FINISHED | done |');
    expect(cut).not.toContain('| +0ms | validate-order | STARTED | started |');
    expect(cut).toContain('_1 earlier event not shown._');
    expect(out.join('\n')).not.toContain('not shown');
  });

  it('points to an event’s error already on the page instead of repeating it', () => {
    const r = failed('Error: declined', {
      events: [
        {
          id: 1,
          taskId: '00000000-0000-4000-8000-000000000001',
          timestamp: '2026-11-26T10:00:02Z',
          eventType: 'FAILED',
          message: 'task failed',
          errorMessage: 'Error: declined',
        },
      ],
    });
    const fresh = closed(viewOf(r, 0));
    expect(fresh).toContain(
      '| +2s | charge-payment | FAILED | task failed — Error&#58; declined |',
    );
    const shown: ShownErrors = new Set(['Error: declined']);
    expect(closed(viewOf(r, 0), LIMITS, shown)).toContain(
      '| +2s | charge-payment | FAILED | task failed (error above) |',
    );
  });

  it('keeps an untrusted event in its row', () => {
    const r = result({
      events: [
        {
          id: 1,
          taskId: 'x',
          timestamp: '2026-11-26T10:00:00Z',
          eventType: 'FAILED|<b>',
          message: 'a | b\n::error::second line',
          taskDisplayName: '<img src=x>|t-1795665077986',
        },
      ],
    });
    const out = closed(viewOf(r, 0));
    const line = out.find((l) => l.startsWith('| +0ms |'));
    expect(line).toBe('| +0ms | &lt;img src=x&gt;&#124;t | FAILED&#124;&lt;b&gt; | a &#124; b |');
  });

  it('shows the logs of tasks not shown above, and names silent ones', () => {
    const r = failed('Error: x', {
      logs: [
        {
          taskId: '00000000-0000-4000-8000-000000000001',
          taskName: 'charge-payment',
          lines: [{ timestamp: undefined, message: 'failing' }],
        },
        { taskId: 'a', taskName: 'audit', lines: [{ timestamp: undefined, message: 'audited' }] },
        {
          taskId: 'b',
          taskName: 'notify',
          lines: [],
          note: 'The log <b>could not</b> be fetched.',
          unread: true,
        },
        {
          taskId: 'e',
          taskName: 'refund',
          lines: [],
          note: '2 line(s) of earlier attempts are not shown.',
        },
        { taskId: 'c', taskName: 'ship|<i>', lines: [] },
        { taskId: 'd', taskName: 'bill', lines: [] },
      ],
    });
    const out = closed(viewOf(r, 0));
    // The failed task's log is under the task, in the failure section.
    expect(out.join('\n')).not.toContain('failing');
    expect(summaries(out)).toContain('📄 Log of audit: the last 1 line');
    expect(out).toContain('```\naudited\n```');
    expect(out).toContain('_📄 Log of notify: The log &lt;b&gt;could not&lt;/b&gt; be fetched._');
    // A log that was read and holds no line of this attempt printed nothing; its note adds why.
    expect(out).toContain(
      '_📄 refund printed no log lines. 2 line(s) of earlier attempts are not shown._',
    );
    expect(out).toContain('_📄 No log lines from ship&#124;&lt;i&gt;, bill._');
  });

  it('shows the original run’s error once, when it is more than its cell shows', () => {
    const view = viewOf(result(), 0);
    const shown: ShownErrors = new Set();
    const out = closed(view, LIMITS, shown);
    const at = out.indexOf(
      '<details><summary>Error of the original run in charge-payment</summary>',
    );
    expect(out[at + 2]).toBe(`\`\`\`\n${ORIGINAL_ERROR}\n\`\`\``);
    expect(shown.has(ORIGINAL_ERROR)).toBe(true);
    // Already on the page: not again.
    expect(summaries(closed(view, LIMITS, new Set([ORIGINAL_ERROR])))).not.toContain(
      'Error of the original run in charge-payment',
    );
    // A short one-line error is all in the comparison's cell.
    const short = { ...view, errors: { before: 'PaymentError: declined' } };
    expect(summaries(closed(short))).not.toContain('Error of the original run in charge-payment');
    const long = { ...view, errors: { before: `PaymentError: ${'x'.repeat(200)}` } };
    expect(summaries(closed(long))).toContain('Error of the original run in charge-payment');
  });

  it('shows no output section for an empty output', () => {
    const r = result({ final: details('COMPLETED', [{ name: 'a', status: 'COMPLETED' }]) });
    expect(summaries(closed(viewOf(r, 0)))).not.toContain('Output');
  });
});
