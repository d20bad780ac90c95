import { describe, expect, it } from 'vitest';
import type { Hatchet } from '../../../src/hatchet/commands.js';
import { HatchetCliError } from '../../../src/hatchet/errors.js';
import { realClock } from '../../../src/run/clock.js';
import {
  MAX_TASKS_WITH_LOGS,
  gatherDiagnostics,
  linesOfAttempt,
  tasksToLog,
} from '../../../src/run/diagnostics.js';
import { withoutMillisSuffix } from '../../../src/hatchet/names.js';
import { elapsedMs } from '../../../src/hatchet/schemas.js';
import { details, result } from '../../report/fixtures.js';

describe('tasksToLog', () => {
  const many = details(
    'FAILED',
    Array.from({ length: 40 }, (_, i) => ({
      name: `t${i}`,
      status: i === 33 ? 'FAILED' : 'COMPLETED',
    })),
  );

  it('skips a run that passed in a gate, keeps a lone run’s tasks', () => {
    expect(tasksToLog(result().final, true, true)).toEqual([]);
    expect(tasksToLog(result().final, true, false)).toHaveLength(2);
    expect(tasksToLog(result({ status: 'FAILED', passed: false }).final, false, true)).toHaveLength(
      2,
    );
  });

  it('caps a large DAG, failed tasks first', () => {
    const picked = tasksToLog(many, false, false);
    expect(picked).toHaveLength(MAX_TASKS_WITH_LOGS);
    expect(picked[0]?.displayName).toMatch(/^t33-/);
  });

  it('under the cap, leaves last the tasks no worker took (they have no log)', () => {
    // 30 tasks: 10 cancelled before a worker took them (their events say so), listed first
    // (the fixture lists tasks in reverse).
    const specs = Array.from({ length: 30 }, (_, i) => ({
      name: `t${i}`,
      status: i >= 20 ? 'CANCELLED' : i === 0 ? 'FAILED' : 'COMPLETED',
    }));
    const run = details('FAILED', specs);
    const unstarted = run.tasks.filter((task) => task.status === 'CANCELLED');
    const dag: typeof run = {
      ...run,
      tasks: run.tasks.map((task) =>
        task.status === 'CANCELLED' ? { ...task, startedAt: undefined } : task,
      ),
      taskEvents: unstarted.flatMap((task) =>
        ['QUEUED', 'CANCELLED'].map((eventType) => ({
          eventType,
          timestamp: undefined,
          message: '',
          taskId: task.metadata.id,
          retryCount: task.retryCount,
        })),
      ),
    };
    const picked = tasksToLog(dag, false, false).map((task) => task.displayName.split('-')[0]);
    expect(picked).toHaveLength(MAX_TASKS_WITH_LOGS);
    expect(picked[0]).toBe('t0');
    // Every task that ran is kept; 5 of the cancelled ones fill the cap, after them.
    const ran = Array.from({ length: 19 }, (_, i) => `t${i + 1}`);
    expect(picked.slice(1, 20).sort()).toEqual(ran.sort());
    expect(picked.slice(20).every((name) => Number(name?.slice(1)) >= 20)).toBe(true);
  });
});

describe('the new attempt only', () => {
  it('keeps the log lines written since the attempt started', () => {
    const lines = [
      { timestamp: '2026-11-26T09:00:00Z', message: 'old attempt' },
      { timestamp: '2026-11-26T10:00:00.5Z', message: 'new attempt' },
      { timestamp: undefined, message: 'no time' },
    ];
    expect(linesOfAttempt(lines, '2026-11-26T10:00:00Z').map((l) => l.message)).toEqual([
      'new attempt',
      'no time',
    ]);
    expect(linesOfAttempt(lines, undefined)).toHaveLength(3);
  });
});

describe('names and durations', () => {
  it('strips the millisecond suffix of display names', () => {
    expect(withoutMillisSuffix('charge-payment-1795665077986')).toBe('charge-payment');
    expect(withoutMillisSuffix('step-2')).toBe('step-2');
  });

  it('measures a finished attempt only', () => {
    expect(elapsedMs(details('COMPLETED', []).run)).toBe(4_500);
    expect(elapsedMs(details('RUNNING', [], { duration: -9_223_372_036_854 }).run)).toBeUndefined();
  });
});

describe('gatherDiagnostics', () => {
  it('gives up on logs that hang once its budget is spent, with a note, and keeps the events', async () => {
    const final = details('FAILED', [
      { name: 'a', status: 'COMPLETED' },
      { name: 'b', status: 'FAILED' },
    ]);
    const hanging = {
      logs: (_id: string, options: { signal?: AbortSignal }) =>
        new Promise((_resolve, reject) =>
          options.signal?.addEventListener('abort', () =>
            reject(
              new HatchetCliError('hatchet runs logs: cancelled', 'aborted', 'hatchet runs logs'),
            ),
          ),
        ),
      events: async () => [],
    } as unknown as Hatchet;
    const result = await gatherDiagnostics(
      { final, replayed: false, logLines: 10, tasks: final.tasks, budgetMs: 200 },
      { hatchet: hanging, clock: realClock },
    );
    // Without the budget the hanging calls would never return (the test would time out).
    expect(result.logs.map((log) => log.note)).toEqual([
      expect.stringMatching(/Logs could not be fetched: .*cancelled/),
      expect.stringMatching(/Logs could not be fetched: .*cancelled/),
    ]);
  });
});
