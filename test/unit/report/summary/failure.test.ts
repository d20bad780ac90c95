import { describe, expect, it } from 'vitest';
import type { Task } from '../../../../src/hatchet/schemas.js';
import {
  errorKey,
  failureSection,
  logBlock,
  logLabel,
  logOf,
  type ShownErrors,
} from '../../../../src/report/summary/failure.js';
import type { RunResult, TaskLog } from '../../../../src/run/result.js';
import { viewOf } from '../../../report/decided.js';
import {
  details,
  result,
  failedAgain as failed,
  FULL_LIMITS as LIMITS,
} from '../../../report/fixtures.js';

/** The new attempt's start in the fixtures (`details`' run startedAt). */
const START = Date.parse('2026-11-26T10:00:00Z');
const CHARGE_ID = '00000000-0000-4000-8000-000000000001';

const log = (lines: TaskLog['lines'], note?: string): TaskLog => ({
  taskId: CHARGE_ID,
  taskName: 'charge-payment',
  lines,
  note,
});

describe('errorKey', () => {
  it.each([
    ['Error: x', 'Error: x'],
    ['  Error: x \n', 'Error: x'],
    ['\n\nError: x\n  at y\n', 'Error: x\n  at y'],
  ])('%j → %j', (text, key) => expect(errorKey(text)).toBe(key));

  it('tells errors apart by their first 10 000 characters', () => {
    expect(errorKey('a'.repeat(20_000))).toHaveLength(10_000);
    expect(errorKey(`${'a'.repeat(10_000)}b`)).toBe(errorKey(`${'a'.repeat(10_000)}c`));
    expect(errorKey('Error: a')).not.toBe(errorKey('Error: b'));
  });
});

describe('logOf', () => {
  const task = details('FAILED', [{ name: 'charge', status: 'FAILED' }]).tasks[0] as Task;
  const byId = { taskId: task.metadata.id, taskName: 'other', lines: [] };
  const byName = { taskId: 'elsewhere', taskName: 'charge', lines: [] };
  const unrelated = { taskId: 'elsewhere', taskName: 'audit', lines: [] };
  const find = (logs: TaskLog[], t: Task = task) => logOf(result({ logs }), t);

  it('finds a task’s log by its external id, by its id, else by its name without the suffix', () => {
    expect(find([unrelated, byId])).toBe(byId);
    const external = { ...task, taskExternalId: 'external-id' };
    const byExternal = { ...byId, taskId: 'external-id' };
    expect(find([unrelated, byExternal], external)).toBe(byExternal);
    expect(find([unrelated, byId], external)).toBe(byId);
    expect(find([unrelated, byName])).toBe(byName);
  });

  it('prefers the log with the task’s id to one with its name', () => {
    expect(find([byName, byId])).toBe(byId);
  });

  it('finds nothing for a task with no log', () => {
    expect(find([unrelated])).toBeUndefined();
    expect(find([])).toBeUndefined();
  });
});

describe('logBlock', () => {
  it('gives each line its offset from the start and its level, aligned', () => {
    const block = logBlock(
      log([
        { timestamp: '2026-11-26T10:00:00.5Z', level: 'INFO', message: 'charging 12' },
        { timestamp: '2026-11-26T10:00:12Z', level: 'ERROR', message: 'declined' },
      ]),
      LIMITS,
      START,
    );
    const [text, blank] = block as [string, string];
    expect(blank).toBe('');
    const lines = text.split('\n');
    expect(lines).toHaveLength(4);
    expect([lines[0], lines[3]]).toEqual(['```', '```']);
    expect(lines[1]).toBe('+500ms INFO  charging 12');
    expect(lines[2]).toBe('  +12s ERROR declined');
  });

  it('keeps a message’s own indentation (a traceback) when there is no time or level', () => {
    const traceback = ['Traceback (most recent call last):', '  File "a.py", line 1', 'E: x'];
    const block = logBlock(
      log(traceback.map((message) => ({ timestamp: undefined, message }))),
      LIMITS,
      START,
    );
    expect(block[0]).toBe(['```', ...traceback, '```'].join('\n'));
  });

  it('shows no offsets without a start', () => {
    const block = logBlock(
      log([{ timestamp: '2026-11-26T10:00:01Z', level: 'INFO', message: 'hello' }]),
      LIMITS,
      undefined,
    );
    expect(block[0]).toBe('```\nINFO hello\n```');
  });

  it('keeps the newest lines and says how many older ones were left out', () => {
    const lines = ['one', 'two', 'three'].map((message) => ({ timestamp: undefined, message }));
    const block = logBlock(log(lines), { ...LIMITS, logLines: 2 }, START);
    expect(block[0]).toBe('```\ntwo\nthree\n```');
    expect(block).toContain('_1 older line left out to fit._');
    const two = logBlock(log(lines), { ...LIMITS, logLines: 1 }, START);
    expect(two).toContain('_2 older lines left out to fit._');
    expect(logBlock(log(lines), LIMITS, START).join('\n')).not.toContain('left out');
  });

  it('says a task printed nothing, and adds the log’s note, escaped', () => {
    expect(logBlock(log([]), LIMITS, START)).toEqual(['_This task printed nothing._', '']);
    const block = logBlock(log([], 'cut <b>here</b> | *x*'), LIMITS, START);
    expect(block).toContain('_cut &lt;b&gt;here&lt;/b&gt; &#124; &#42;x&#42;_');
  });

  it('cuts a huge line, never the number of lines', () => {
    const block = logBlock(
      log([
        { timestamp: undefined, message: 'x'.repeat(5_000) },
        { timestamp: undefined, message: 'after' },
      ]),
      LIMITS,
      0,
    );
    expect(block[0]).toContain('… [3000 more characters cut]');
    expect(block[0]).toContain('\nafter\n');
  });

  it('keeps untrusted lines inside their block: a longer fence, no control codes', () => {
    const block = logBlock(
      log([
        { timestamp: undefined, message: 'a ``` b ```` c' },
        { timestamp: undefined, message: '\u001b[31mred\u001b[0m \u0007bell' },
        { timestamp: undefined, message: '</details><img src=x onerror=alert(1)>' },
      ]),
      LIMITS,
      undefined,
    );
    const text = block[0] as string;
    expect(text.startsWith('`````\n')).toBe(true);
    expect(text.endsWith('\n`````')).toBe(true);
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/[\u0000-\u0008\u001b]/);
    expect(text).toContain('red bell');
  });
});

describe('logLabel', () => {
  const lines = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ timestamp: undefined, message: `line ${i}` }));
  it.each([
    [0, 50, 'no log lines'],
    [1, 50, 'the last 1 line'],
    [5, 50, 'the last 5 lines'],
    [5, 3, 'the last 3 lines'],
  ])('%i lines, %i shown at most: %j', (n, max, label) =>
    expect(logLabel(log(lines(n)), { ...LIMITS, logLines: max })).toBe(label),
  );
});

describe('failureSection', () => {
  const section = (r: RunResult, limits = LIMITS, level = 3, shown: ShownErrors = new Set()) =>
    failureSection(viewOf(r, 0), limits, level, shown);

  it('names the failed task, its attempt, start and duration, then its error once', () => {
    const shown: ShownErrors = new Set();
    const out = section(failed('PaymentError: declined\n  at charge'), LIMITS, 3, shown);
    expect(out.slice(0, 6)).toEqual([
      '### ❌ charge-payment failed',
      '',
      '<sub>attempt 2 · started +1s · ran 1s</sub>',
      '',
      '```\nPaymentError: declined\n  at charge\n```',
      '',
    ]);
    expect([...shown]).toEqual(['PaymentError: declined\n  at charge']);
  });

  it('heads the section at the level given', () => {
    expect(section(failed('Error: x'), LIMITS, 4)[0]).toBe('#### ❌ charge-payment failed');
  });

  it('leaves out the start when the new attempt’s start is unknown', () => {
    const view = { ...viewOf(failed('Error: x'), 0), startMs: undefined };
    expect(failureSection(view, LIMITS, 3, new Set())[2]).toBe('<sub>attempt 2 · ran 1s</sub>');
  });

  it('says a cancelled task was cancelled', () => {
    const r = result({
      status: 'CANCELLED',
      passed: false,
      change: 'fails-differently',
      final: details('CANCELLED', [
        { name: 'charge-payment', status: 'CANCELLED', error: 'cancelled by the user' },
      ]),
    });
    expect(section(r)[0]).toBe('### 🚫 charge-payment was cancelled');
  });

  it('shows no error block for a task that gave no error', () => {
    const shown: ShownErrors = new Set();
    const out = section(failed(''), LIMITS, 3, shown);
    expect(out.join('\n')).not.toContain('```');
    expect(shown.size).toBe(0);
  });

  it('follows the error with the task’s log, says it printed nothing, or why there is none', () => {
    const withLines = failed('Error: x', {
      logs: [log([{ timestamp: '2026-11-26T10:00:01.25Z', level: 'WARN', message: 'retrying' }])],
    });
    const out = section(withLines);
    const at = out.indexOf('**Log of charge-payment**, the last 1 line:');
    expect(at).toBeGreaterThan(0);
    expect(out[at + 2]).toBe('```\n+1.25s WARN retrying\n```');

    const unread = { ...log([], 'Logs could not be fetched: timeout.'), unread: true };
    expect(section(failed('Error: x', { logs: [unread] }))).toContain(
      '_Log of charge-payment: Logs could not be fetched&#58; timeout._',
    );
    const silent = failed('Error: x', {
      logs: [log([], '2 line(s) of earlier attempts are not shown.')],
    });
    expect(section(silent)).toContain(
      '_charge-payment printed no log lines. 2 line(s) of earlier attempts are not shown._',
    );
    expect(section(failed('Error: x', { logs: [log([])] }))).toContain(
      '_charge-payment printed no log lines._',
    );
  });

  it('shows no log when log lines are turned off', () => {
    const r = failed('Error: x', { logs: [log([{ timestamp: undefined, message: 'retrying' }])] });
    expect(section(r, { ...LIMITS, logLines: 0 }).join('\n')).not.toMatch(/Log of|retrying/);
  });

  it('shows at most `failedTasks` tasks and names the others', () => {
    const r = failed('', {
      final: details('FAILED', [
        { name: 'a', status: 'FAILED', error: 'Error: a' },
        { name: 'b', status: 'FAILED', error: 'Error: b' },
        { name: 'c|<i>', status: 'FAILED', error: 'Error: c' },
      ]),
    });
    const out = section(r, { ...LIMITS, failedTasks: 1 });
    expect(out.filter((l) => l.startsWith('### '))).toEqual(['### ❌ a failed']);
    expect(out).toContain(
      '_2 more tasks failed: b, c&#124;&lt;i&gt;. Their errors are in the `report` file._',
    );
    expect(section(r).filter((l) => l.startsWith('### '))).toHaveLength(3);
    expect(section(r).join('\n')).not.toContain('more task');
  });

  it('shows the run’s error when no task says why the run failed', () => {
    const r = failed('', {
      final: details('FAILED', [{ name: 'a', status: 'COMPLETED' }], {
        errorMessage: 'WorkflowError: timed out in queue',
      }),
    });
    const shown: ShownErrors = new Set();
    expect(section(r, LIMITS, 3, shown)).toEqual([
      '### ❌ The run failed',
      '',
      '```\nWorkflowError: timed out in queue\n```',
      '',
    ]);
    expect(shown.has('WorkflowError: timed out in queue')).toBe(true);
    // Not for a run that completed, whatever its row says.
    expect(section({ ...r, status: 'COMPLETED' })).toEqual([]);
  });

  it('diffs the output when it differs from the original', () => {
    const r = result({
      status: 'COMPLETED',
      passed: false,
      outputMismatch: {
        original: { status: 'confirmed', total: 1 },
        replayed: { status: 'pending', total: 1, extra: true },
      },
    });
    const out = section(r);
    expect(out[0]).toBe('### Output differs from the original');
    expect(out[2]).toBe(
      '```diff\n+ $.extra: true\n- $.status: "confirmed"\n+ $.status: "pending"\n```',
    );
    expect(section(result())).toEqual([]);
  });

  it('escapes an untrusted task name and keeps an untrusted error inside its block', () => {
    const error = '```\n</details><script>alert(1)</script>\n::error::injected\n\u001b[31mred';
    const r = failed('', {
      final: details('FAILED', [
        { name: '<img src=x onerror=alert(1)>|`x`', status: 'FAILED', error },
      ]),
    });
    const out = section(r);
    expect(out[0]).toBe('### ❌ &lt;img src=x onerror=alert(1)&gt;&#124;&#96;x&#96; failed');
    const block = out[4] as string;
    expect(block.startsWith('````\n```\n')).toBe(true);
    expect(block.endsWith('\n````')).toBe(true);
    expect(block).not.toContain('\u001b');
  });
});
