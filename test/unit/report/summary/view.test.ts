import { describe, expect, it } from 'vitest';
import {
  taskEventSchema,
  type RunDetails,
  type TaskEvent,
} from '../../../../src/hatchet/schemas.js';
import {
  groupKey,
  groupViews,
  viewOf,
  workerOf,
  type Label,
  type RunView,
} from '../../../../src/report/summary/view.js';
import type { RunResult } from '../../../../src/run/result.js';
import { decided } from '../../../report/decided.js';
import { details, NEW_RUN, result, RUN } from '../../../report/fixtures.js';

const START = Date.UTC(2026, 10, 26, 10, 0, 0);
/** The fixture's task ids, in the order the tasks are given to `details`. */
const ID = (i: number) => `00000000-0000-4000-8000-00000000000${i}`;

const view = (r: RunResult, index = 0) => viewOf(decided(r), index);
const failedNames = (v: RunView) => v.failedTasks.map((t) => t.displayName.replace(/-\d+$/, ''));

/** A trigger: nothing to compare, so the label is the status's. */
const triggered = (status: RunResult['status'], overrides: Partial<RunResult> = {}) =>
  result({
    mode: 'trigger',
    originalRunId: undefined,
    originalStatus: undefined,
    original: undefined,
    change: undefined,
    status,
    passed: status === 'COMPLETED',
    ...overrides,
  });

describe('viewOf', () => {
  it.each<[string, RunResult, Label]>([
    ['the change, when there is one', result(), 'fixed'],
    ['another change', result({ change: 'still-failing', status: 'FAILED' }), 'still-failing'],
    ['a completed trigger', triggered('COMPLETED'), 'completed'],
    ['a failed trigger', triggered('FAILED'), 'failed'],
    ['a cancelled trigger', triggered('CANCELLED'), 'cancelled'],
    ['a run that timed out', triggered('TIMED_OUT'), 'timed-out'],
    ['a job cancelled while waiting', triggered('ABORTED'), 'aborted'],
    ['an error of the action', triggered('ERROR'), 'unknown'],
  ])('labels %s: %s', (_story, r, label) => {
    expect(view(r).label).toBe(label);
  });

  it('keeps the result and its place in the input', () => {
    const r = decided(result());
    const v = viewOf(r, 7);
    expect(v.index).toBe(7);
    expect(v.result).toBe(r);
  });

  it.each<[string, Partial<RunResult>, number | undefined]>([
    ['the new attempt’s start', {}, START],
    [
      'its first started task’s, when the run has no start',
      {
        final: details(
          'RUNNING',
          [{ name: 'a', status: 'RUNNING', startedAt: '2026-11-26T10:00:02.5Z' }],
          {
            startedAt: undefined,
          },
        ),
      },
      START + 2_500,
    ],
    [
      'when the replay was sent, when nothing started',
      { final: undefined, actedAt: START - 1_000 },
      START - 1_000,
    ],
    ['unknown, when nothing is known', { final: undefined, actedAt: undefined }, undefined],
  ])('counts times from %s', (_story, overrides, startMs) => {
    expect(view(result(overrides)).startMs).toBe(startMs);
  });

  it.each<[string, RunDetails | undefined, string[]]>([
    [
      'the deciding task first (first by name), the others in DAG order, not the cancelled one',
      details('FAILED', [
        { name: 'zeta', status: 'FAILED', error: 'Error: z' },
        { name: 'ok', status: 'COMPLETED' },
        { name: 'alpha', status: 'FAILED', error: 'Error: a' },
        { name: 'beta', status: 'FAILED', error: 'Error: b' },
        { name: 'aborted', status: 'CANCELLED', error: 'cancelled: a sibling failed' },
      ]),
      ['alpha', 'zeta', 'beta'],
    ],
    [
      'with no failed task, the cancelled ones that say why',
      details('CANCELLED', [
        { name: 'quiet', status: 'CANCELLED', error: '  ' },
        { name: 'loud', status: 'CANCELLED', error: 'cancelled: timeout' },
      ]),
      ['loud'],
    ],
    [
      'none in a run that completed',
      details('COMPLETED', [{ name: 'a', status: 'COMPLETED' }]),
      [],
    ],
    ['none without the run’s details', undefined, []],
  ])('lists the failed tasks: %s', (_story, final, order) => {
    const status = (final?.run.status ?? 'ERROR') as RunResult['status'];
    expect(failedNames(view(result({ status, passed: false, final })))).toEqual(order);
  });

  it('shows the deciding tasks’ errors as Hatchet wrote them, before and after', () => {
    const final = details('FAILED', [
      { name: 'validate-order', status: 'COMPLETED' },
      { name: 'charge-payment', status: 'FAILED', error: 'TimeoutError: 30s\n  at charge' },
    ]);
    const v = view(result({ status: 'FAILED', passed: false, change: 'fails-differently', final }));
    expect(v.errors).toEqual({
      before: 'PaymentError: declined\n  at charge (charge.ts:1)',
      after: 'TimeoutError: 30s\n  at charge',
    });
    expect(v.before).toMatchObject({ status: 'FAILED', failedTask: 'charge-payment' });
    expect(v.after).toMatchObject({ status: 'FAILED', failedTask: 'charge-payment' });
  });

  it.each<[string, Partial<RunResult>]>([
    ['a run that completed', {}],
    [
      'a blank error',
      {
        status: 'FAILED',
        passed: false,
        final: details('FAILED', [{ name: 'charge-payment', status: 'FAILED', error: ' \n ' }]),
      },
    ],
  ])('has no error after %s', (_story, overrides) => {
    expect(view(result(overrides)).errors.after).toBeUndefined();
  });

  it('names the workers of the failed task, before and after', () => {
    const original = result().original as RunDetails;
    const final = details('FAILED', [
      { name: 'validate-order', status: 'COMPLETED' },
      { name: 'charge-payment', status: 'FAILED', error: 'Error: x' },
    ]);
    const v = view(
      result({
        status: 'FAILED',
        passed: false,
        original: { ...original, taskEvents: [event(ID(1), 'worker-old', 1)] },
        final: { ...final, taskEvents: [event(ID(1), 'ignored-when-events-were-fetched', 1)] },
        events: [event(ID(0), 'worker-a', 0), event(ID(1), 'worker-b', 1)],
      }),
    );
    expect(v.workers).toEqual({ before: 'worker-old', after: 'worker-b' });
  });

  it('takes the final snapshot’s events for the worker when none were fetched', () => {
    const final = details('FAILED', [
      { name: 'charge-payment', status: 'FAILED', error: 'Error: x' },
    ]);
    const v = view(
      result({
        status: 'FAILED',
        passed: false,
        original: undefined,
        final: { ...final, taskEvents: [event(ID(0), 'worker-final', 1)] },
        events: [],
      }),
    );
    expect(v.workers).toEqual({ before: undefined, after: 'worker-final' });
  });
});

function event(
  taskId: string | undefined,
  workerId: string | undefined,
  second: number,
  name?: string,
): TaskEvent {
  return taskEventSchema.parse({
    eventType: 'STARTED',
    taskId,
    workerId,
    timestamp: new Date(START + second * 1000).toISOString(),
    taskDisplayName: name,
  });
}

describe('workerOf', () => {
  const run = details('FAILED', [
    { name: 'validate', status: 'COMPLETED' },
    { name: 'charge', status: 'FAILED', error: 'Error: x' },
  ]);

  it.each<[string, TaskEvent[], string | undefined, string | undefined]>([
    [
      'the failed task’s latest worker (by time, not by place in the list)',
      [event(ID(1), 'w-late', 5), event(ID(1), 'w-early', 1), event(ID(0), 'w-other', 9)],
      'charge',
      'w-late',
    ],
    [
      'found by the task’s display name when its id is another',
      [event('elsewhere', 'w-named', 1, 'charge-1795665077986'), event(ID(0), 'w-other', 9)],
      'charge',
      'w-named',
    ],
    [
      'the one worker of the run, when no event of the task names one',
      [event(ID(0), 'w-1', 0), event(ID(0), 'w-1', 1)],
      'charge',
      'w-1',
    ],
    [
      'the one worker of the run, with no failed task',
      [event(ID(0), 'w-1', 0), event(ID(1), undefined, 1)],
      undefined,
      'w-1',
    ],
    [
      'how many, when the run had several',
      [event(ID(0), 'w-1', 0), event(ID(0), 'w-2', 1), event(ID(1), 'w-3', 2)],
      undefined,
      '3 workers',
    ],
    ['nothing, when no event names a worker', [event(ID(1), undefined, 0)], 'charge', undefined],
    ['nothing, without events', [], 'charge', undefined],
  ])('is %s', (_story, events, task, worker) => {
    expect(workerOf(events, run, task)).toBe(worker);
  });

  it('knows a task by its external id as well as its own', () => {
    const r = {
      ...run,
      tasks: run.tasks.map((t) => ({ ...t, taskExternalId: `ext-${t.metadata.id}` })),
    };
    const events = [event(`ext-${ID(1)}`, 'w-ext', 0), event(ID(0), 'w-other', 1)];
    expect(workerOf(events, r, 'charge')).toBe('w-ext');
  });
});

describe('groupKey', () => {
  const rep = (overrides: Partial<RunResult>) => result({ repetition: 1, ...overrides });

  it.each<[string, [RunResult, number], [RunResult, number], boolean]>([
    ['without repeat, one run given twice is two rows', [result(), 0], [result(), 1], false],
    ['repetitions of one run are one row', [rep({}), 0], [rep({ repetition: 2 }), 1], true],
    [
      'repetitions of two runs are two rows',
      [rep({}), 0],
      [rep({ originalRunId: NEW_RUN }), 1],
      false,
    ],
    [
      'repetitions of one case are one row',
      [rep({ originalRunId: undefined, caseName: 'c' }), 0],
      [rep({ originalRunId: undefined, caseName: 'c', repetition: 2 }), 3],
      true,
    ],
    [
      'repetitions of two cases of one run are two rows',
      [rep({ caseName: 'a' }), 0],
      [rep({ caseName: 'b' }), 1],
      false,
    ],
    [
      'repetitions with neither a run nor a case stay apart',
      [rep({ originalRunId: undefined }), 0],
      [rep({ originalRunId: undefined, repetition: 2 }), 1],
      false,
    ],
    [
      'a run’s repetition and the same run without repeat are two rows',
      [rep({}), 0],
      [result({ originalRunId: RUN }), 1],
      false,
    ],
  ])('%s', (_story, [a, i], [b, j], same) => {
    expect(groupKey(a, i) === groupKey(b, j)).toBe(same);
  });
});

/** A repetition of run `id` that passed or not, with this label. */
function repetition(
  id: string,
  repetition: number,
  passed: boolean,
  change: RunResult['change'],
  index: number,
) {
  return view(
    result({
      originalRunId: id,
      runId: id,
      repetition,
      passed,
      change,
      status: passed ? 'COMPLETED' : 'FAILED',
    }),
    index,
  );
}

describe('groupViews', () => {
  it.each<[string, [boolean, RunResult['change']][], Label, number, number]>([
    // story, repetitions (passed, change), label, passedCount, index of the one shown
    [
      'some passed: flaky, the first that did not pass shown',
      [
        [true, 'fixed'],
        [false, 'still-failing'],
        [false, 'still-failing'],
      ],
      'flaky',
      1,
      1,
    ],
    [
      'none passed, one label: that label',
      [
        [false, 'still-failing'],
        [false, 'still-failing'],
      ],
      'still-failing',
      0,
      0,
    ],
    [
      'none passed, several labels: mixed',
      [
        [false, 'still-failing'],
        [false, 'fails-differently'],
      ],
      'mixed',
      0,
      0,
    ],
    [
      'all passed: their label, the last shown',
      [
        [true, 'fixed'],
        [true, 'fixed'],
        [true, 'fixed'],
      ],
      'fixed',
      3,
      2,
    ],
    ['one run', [[false, 'regressed']], 'regressed', 0, 0],
  ])('%s', (_story, reps, label, passedCount, shown) => {
    const views = reps.map(([passed, change], i) => repetition(RUN, i + 1, passed, change, i));
    const [group, ...rest] = groupViews(views);
    expect(rest).toEqual([]);
    expect(group?.label).toBe(label);
    expect(group?.passedCount).toBe(passedCount);
    expect(group?.shown).toBe(views[shown]);
    expect(group?.views).toEqual(views);
  });

  it('keeps the input’s order, repetitions of one run together', () => {
    const views = [
      repetition(RUN, 1, true, 'fixed', 0),
      repetition(NEW_RUN, 1, false, 'regressed', 1),
      repetition(RUN, 2, false, 'still-failing', 2),
    ];
    const groups = groupViews(views);
    expect(groups.map((g) => g.views.map((v) => v.index))).toEqual([[0, 2], [1]]);
    expect(groups.map((g) => g.label)).toEqual(['flaky', 'regressed']);
  });

  it('makes one group per result without repeat', () => {
    const views = [view(result(), 0), view(result(), 1)];
    expect(groupViews(views).map((g) => g.views.length)).toEqual([1, 1]);
  });

  it('makes no group of no results', () => {
    expect(groupViews([])).toEqual([]);
  });
});
