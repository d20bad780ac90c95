import { describe, expect, it } from 'vitest';
import { testReportOf } from '../../../src/report/cases.js';
import { renderSummary, viewOf } from '../../report/decided.js';
import { logResults } from '../../../src/report/write.js';
import { decidingTask, outcomeOf } from '../../../src/run/change.js';
import type { RunResult } from '../../../src/run/result.js';
import { details, result } from '../../report/fixtures.js';

// Which failed task decides a run is decided once (run/change.ts decidingTask): the summary,
// the test reports and the outcome name the same task, and show its error and its log.

/** Two failed tasks of one name (a task run twice), the one listed first with the larger signature. */
function twice(): RunResult {
  const final = details('FAILED', [
    { name: 'charge', status: 'FAILED', error: 'TypeError: x is undefined' },
    { name: 'charge', status: 'FAILED', error: 'Error: declined' },
    { name: 'audit', status: 'CANCELLED', error: 'cancelled: a sibling failed' },
  ]);
  return result({ status: 'FAILED', passed: false, change: 'fails-differently', final });
}

describe('the deciding failed task', () => {
  it('is the same in the outcome, the summary and the test reports', () => {
    const r = twice();
    const final = r.final as NonNullable<RunResult['final']>;
    const deciding = decidingTask(final);
    expect(deciding?.errorMessage).toBe('Error: declined');
    expect(outcomeOf(final).errorSignature).toBe('Error: declined');
    const view = viewOf(r, 0);
    expect(view.failedTasks[0]).toBe(deciding);
    expect(view.errors.after).toBe('Error: declined');
    const [test] = testReportOf([r]).cases;
    expect(test?.trace).toContain('Error: declined');
    expect(test?.trace).not.toContain('TypeError');
  });
});

describe('a failed task’s log', () => {
  it('is found the same way by the job log, the summary and the test reports', () => {
    const final = details('FAILED', [{ name: 'charge', status: 'FAILED', error: 'Error: x' }]);
    // A log known by its task's name only (its id is another one than the task's).
    const logs = [
      {
        taskId: 'elsewhere',
        taskName: 'charge',
        lines: [{ timestamp: undefined, message: 'charging 12' }],
      },
    ];
    const r = result({ status: 'FAILED', passed: false, final, logs });
    const printed: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((chunk: string) => printed.push(String(chunk)) > 0) as typeof write;
    try {
      logResults([r]);
    } finally {
      process.stdout.write = write;
    }
    expect(printed.join('')).toContain('charging 12');
    expect(testReportOf([r]).cases[0]?.trace).toContain('charging 12');
    // The summary shows it under the failed task, and not a second time among the other logs.
    expect(renderSummary([r], { logLines: 10 }).split('charging 12')).toHaveLength(2);
  });
});
