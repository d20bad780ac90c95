import { describe, expect, it } from 'vitest';
import {
  caseName,
  cleanText,
  ERROR_CHARS,
  failedTaskOf,
  oneLine,
  traceOf,
  verdictLine,
} from '../../../src/report/caseText.js';
import type { RunResult, TaskLog } from '../../../src/run/result.js';
import { NEW_RUN, details, result, failedAgain as failed } from '../../report/fixtures.js';

const ZWSP = '\u200b';
const URL = result().url as string;

const chargeLog = (lines: TaskLog['lines']): TaskLog => ({
  taskId: '00000000-0000-4000-8000-000000000001',
  taskName: 'charge-payment',
  lines,
});

describe('cleanText', () => {
  it.each([
    ['plain text\nkept', 'plain text\nkept'],
    ['::error::injected', `${ZWSP}::error::injected`],
    ['ok\n  ::set-output name=x::y', `ok\n  ${ZWSP}::set-output name=x::y`],
    ['ok\r::error::after a carriage return', `ok\n${ZWSP}::error::after a carriage return`],
    ['mid-line ::error:: stays', 'mid-line ::error:: stays'],
    ['anywhere ##[error]x', `anywhere #${ZWSP}#[error]x`],
    ['\u001b[31m::error::coloured\u001b[0m', `${ZWSP}::error::coloured`],
    ['#\u0000#[made by removing a NUL', `#${ZWSP}#[made by removing a NUL`],
    ['a\u0000b\u0007c\u001bd', 'abcd'],
    ['right-to-left \u202eevil\u202c', 'right-to-left evil'],
    ['lone \ud800 surrogate', 'lone \ufffd surrogate'],
    ['<b>html</b> ]]> `ticks`', '<b>html</b> ]]> `ticks`'],
  ])('%j → %j', (text, clean) => expect(cleanText(text, 1_000)).toBe(clean));

  it('keeps at most `max` characters of the text', () => {
    const clean = cleanText('x'.repeat(1_000), 10);
    expect(clean.startsWith('x'.repeat(10))).toBe(true);
    expect(clean).not.toContain('x'.repeat(11));
  });
});

describe('oneLine', () => {
  it.each<[string, number | undefined, string]>([
    ['a\n  b\tc  ', undefined, 'a b c'],
    ['  ::error::x\n::warning::y', undefined, `${ZWSP}::error::x ${ZWSP}::warning::y`],
    ['abcdef', 4, 'abc…'],
    ['abcd', 4, 'abcd'],
    ['x'.repeat(300), undefined, `${'x'.repeat(199)}…`],
    ['\u0007\u001b[1m bold \u001b[0m', undefined, 'bold'],
  ])('%j (max %s) → %j', (text, max, line) => expect(oneLine(text, max)).toBe(line));
});

describe('caseName', () => {
  const trigger: Partial<RunResult> = { mode: 'trigger', originalRunId: undefined };
  it.each<[string, Partial<RunResult>, string]>([
    ['a replay: its workflow and run', {}, 'order-processing 0b5e1c6a'],
    ['a case', { caseName: 'big order' }, 'big order'],
    ['a repetition after the first', { repetition: 2 }, 'order-processing 0b5e1c6a #2'],
    ['the first repetition', { repetition: 1 }, 'order-processing 0b5e1c6a'],
    ['a case repeated', { caseName: 'big order', repetition: 3 }, 'big order #3'],
    ['no workflow', { workflow: undefined }, 'run 0b5e1c6a'],
    ['a trigger', { ...trigger, workflow: undefined, runId: NEW_RUN }, 'trigger 3e814f9d'],
    ['a trigger not started', { ...trigger, workflow: undefined, runId: undefined }, 'trigger'],
    ['an empty case name', { caseName: '' }, 'run'],
    ['an untrusted case name', { caseName: '::error::x\n##[y' }, `${ZWSP}::error::x #${ZWSP}#[y`],
  ])('%s', (_name, overrides, name) => expect(caseName(result(overrides))).toBe(name));
});

describe('failedTaskOf', () => {
  it('is the deciding failed task of the new attempt', () => {
    expect(failedTaskOf(failed('Error: x'))?.displayName).toBe('charge-payment-1795665077986');
    const two = failed('', {
      final: details('FAILED', [
        { name: 'ship', status: 'FAILED', error: 'Error: s' },
        { name: 'bill', status: 'FAILED', error: 'Error: b' },
      ]),
    });
    expect(failedTaskOf(two)?.displayName).toBe('bill-1795665077986');
  });

  it('is nothing for a run that completed or never ended', () => {
    expect(failedTaskOf(result())).toBeUndefined();
    expect(failedTaskOf(result({ final: undefined, status: 'ERROR' }))).toBeUndefined();
  });
});

describe('verdictLine', () => {
  it.each<[string, RunResult, string]>([
    ['passed', result(), 'replay COMPLETED, expected COMPLETED (fixed)'],
    [
      'failed in a task',
      failed('Error: x'),
      'replay FAILED in charge-payment, expected COMPLETED (still-failing)',
    ],
    [
      'a re-trigger, no change',
      failed('Error: x', { mode: 'retrigger', change: undefined }),
      're-trigger FAILED in charge-payment, expected COMPLETED',
    ],
    [
      'its output changed',
      result({
        passed: false,
        change: 'still-passing',
        outputMismatch: { original: 1, replayed: 2 },
      }),
      'replay COMPLETED as expected, but its output changed (still-passing)',
    ],
    [
      'its output could not be checked',
      result({ passed: false, change: undefined }),
      'replay COMPLETED as expected, but its output could not be checked',
    ],
    [
      'timed out',
      result({ status: 'TIMED_OUT', passed: false, change: undefined, final: undefined }),
      'replay TIMED_OUT, expected COMPLETED',
    ],
    [
      'an untrusted task name',
      failed('', {
        final: details('FAILED', [{ name: 'x\n::error::y ##[z]', status: 'FAILED', error: 'e' }]),
      }),
      `replay FAILED in x ${ZWSP}::error::y #${ZWSP}#[z], expected COMPLETED (still-failing)`,
    ],
  ])('%s', (_name, r, line) => expect(verdictLine(r)).toBe(line));
});

describe('traceOf', () => {
  it('gives the message, notes, failed task, its error, its newest log lines and the link', () => {
    const r = failed('PaymentError: declined\n  at charge', {
      message: 'The replay failed.',
      notes: ['A note.'],
      logs: [
        chargeLog([
          { timestamp: '2026-11-26T10:00:01Z', level: 'INFO', message: 'charging' },
          { timestamp: undefined, message: 'declined' },
        ]),
      ],
    });
    expect(traceOf(r)).toBe(
      [
        'The replay failed.',
        'A note.',
        'Failed task: charge-payment (attempt 2)',
        'PaymentError: declined\n  at charge',
        'Newest log lines of charge-payment:\n2026-11-26T10:00:01Z INFO charging\ndeclined',
        `Run: ${URL}`,
      ].join('\n\n'),
    );
  });

  it('is the link alone for a run that passed', () => {
    expect(traceOf(result())).toBe(`Run: ${URL}`);
    expect(traceOf(result({ url: undefined }))).toBe('');
  });

  it('keeps the newest 20 log lines, each on one line', () => {
    const lines = Array.from({ length: 25 }, (_, i) => ({
      timestamp: undefined,
      message: `line ${i + 1}`,
    }));
    const trace = traceOf(
      failed('', { logs: [chargeLog([...lines, { timestamp: undefined, message: 'a\nb' }])] }),
    );
    const block = trace.split('\n\n').find((p) => p.startsWith('Newest')) as string;
    expect(block.split('\n')).toEqual([
      'Newest log lines of charge-payment (6 older left out):',
      ...lines.slice(6).map((l) => l.message),
      'a ⏎ b',
    ]);
  });

  it('names a cancelled deciding task as cancelled, and leaves out a blank error', () => {
    const r = result({
      status: 'CANCELLED',
      passed: false,
      change: 'fails-differently',
      url: undefined,
      logs: [],
      final: details('CANCELLED', [{ name: 'ship', status: 'CANCELLED', error: 'cancelled: x' }]),
    });
    expect(traceOf(r)).toBe('Cancelled task: ship (attempt 2)\n\ncancelled: x');
    expect(traceOf(failed(' \n ', { url: undefined }))).toBe(
      'Failed task: charge-payment (attempt 2)',
    );
  });

  it('gives the run’s error when no task says why it failed', () => {
    const final = details('FAILED', [{ name: 'a', status: 'COMPLETED' }], {
      errorMessage: '  WorkflowError: no worker\n',
    });
    expect(traceOf(failed('', { final, url: undefined }))).toBe('WorkflowError: no worker');
    // Only for a run that failed.
    expect(traceOf(failed('', { final, url: undefined, status: 'CANCELLED' }))).toBe('');
  });

  it('makes untrusted text inert: no workflow commands, no control codes', () => {
    const hostile = 'Boom ]]> <b>x</b>\u0000\u001b[31m\n::error::injected\n##[group]x';
    const r = failed(hostile, {
      message: '::warning::from the message',
      notes: ['\r::notice::from a note'],
      logs: [
        chargeLog([
          { timestamp: undefined, message: '::error::from the log' },
          { timestamp: undefined, message: 'ok\n::error::inner' },
        ]),
      ],
    });
    const trace = traceOf(r);
    expect(trace).not.toMatch(/^\s*::/m);
    expect(trace).not.toContain('##[');
    // eslint-disable-next-line no-control-regex
    expect(trace).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
    expect(trace).toContain(`Boom ]]> <b>x</b>\n${ZWSP}::error::injected\n#${ZWSP}#[group]x`);
    expect(trace).toContain(`${ZWSP}::error::from the log`);
    expect(trace).toContain(`ok ⏎ ${ZWSP}::error::inner`);
  });

  it('keeps at most ERROR_CHARS characters of an error', () => {
    const trace = traceOf(failed(`Error: ${'x'.repeat(3 * ERROR_CHARS)}`, { url: undefined }));
    expect(trace.length).toBeLessThan(ERROR_CHARS + 200);
    expect(trace).toContain(`Error: ${'x'.repeat(ERROR_CHARS - 100)}`);
  });
});
