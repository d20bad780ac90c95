import { describe, expect, it } from 'vitest';
import { runDetailsSchema, type RunDetails } from '../../../src/hatchet/schemas.js';
import {
  decide,
  noFreshRows,
  rowsFromBefore,
  RULES,
  runRowLagging,
  settled,
  shapeTaskMissing,
  tasksUnfinished,
  viewOf,
  type Rule,
  type Verdict,
} from '../../../src/run/rules.js';

const MILLIS = '1755871385123';

/** 'fetch COMPLETED@1' → a task row with that name, status and retryCount. */
function row(spec: string) {
  const [name = '', rest = ''] = spec.split(' ');
  const [status, retryCount] = rest.split('@');
  return {
    metadata: { id: `task-${name}` },
    displayName: `${name}-${MILLIS}`,
    status,
    retryCount: Number(retryCount),
  };
}

/** A run snapshot: its run row's status, its task rows and, if given, the DAG's shape. */
function run(status: string, rows: string[], shape: string[] = []): RunDetails {
  return runDetailsSchema.parse({
    run: { metadata: { id: 'run-1' }, status },
    tasks: rows.map(row),
    shape: shape.map((taskName) => ({ taskName })),
  });
}

/** Before the replay: the DAG `fetch → charge` (and `ship`) finished once. */
const DONE = run('COMPLETED', ['fetch COMPLETED@0', 'charge COMPLETED@0']);
const DONE3 = run('COMPLETED', ['fetch COMPLETED@0', 'charge COMPLETED@0', 'ship COMPLETED@0']);

/** Name, the run before the replay (undefined: a new run), the snapshot, the rule's answer. */
type Case = [name: string, before: RunDetails | undefined, current: RunDetails, Verdict?];

const holding = (visibleStatus: string, reason: string, more: object = {}): Verdict => ({
  kind: 'settling',
  accepted: true,
  visibleStatus,
  reason,
  ...more,
});

/** Every case of a rule, judged by that rule alone (toStrictEqual: no stray undefined field). */
function table(rule: Rule, cases: Case[]) {
  it.each(cases)('%s', (_name, before, current, expected) => {
    expect(rule(viewOf(before, current))).toStrictEqual(expected);
  });
}

describe('viewOf', () => {
  it('splits the rows by each task’s own retryCount before the replay', () => {
    const view = viewOf(DONE, run('COMPLETED', ['fetch COMPLETED@1', 'charge COMPLETED@0']));
    expect(view.fresh.map((t) => t.metadata.id)).toEqual(['task-fetch']);
    expect(view.stale.map((t) => t.metadata.id)).toEqual(['task-charge']);
    expect(view).toMatchObject({ started: true, visible: 'RUNNING', implied: 'COMPLETED' });
  });

  it('takes a task with no row before the replay as new, and every row of a new run', () => {
    const current = run('RUNNING', ['fetch QUEUED@0', 'ship QUEUED@0']);
    expect(viewOf(DONE, current).fresh.map((t) => t.metadata.id)).toEqual(['task-ship']);
    const view = viewOf(undefined, current);
    expect(view.fresh).toHaveLength(2);
    expect(view).toMatchObject({ stale: [], started: false, visible: 'QUEUED' });
  });

  it('sees the run picked up once a new row is retried, and lists every unfinished row', () => {
    const view = viewOf(DONE, run('RUNNING', ['fetch QUEUED@2', 'charge RUNNING@0']));
    expect(view).toMatchObject({ started: true, visible: 'RUNNING', implied: 'COMPLETED' });
    expect(view.unfinished.map((t) => t.metadata.id)).toEqual(['task-fetch', 'task-charge']);
  });
});

describe('noFreshRows', () => {
  table(noFreshRows, [
    [
      'a replay whose rows are all from before',
      DONE,
      run('COMPLETED', ['fetch QUEUED@0', 'charge COMPLETED@0']),
      holding('QUEUED', 'the replay was accepted; no task shows its new attempt yet'),
    ],
    [
      'a new run with no task row, its run row RUNNING',
      undefined,
      run('RUNNING', []),
      holding('RUNNING', 'the run has no task rows yet'),
    ],
    [
      'a new run with no task row, its run row already final',
      undefined,
      run('COMPLETED', []),
      holding('QUEUED', 'the run has no task rows yet'),
    ],
    ['a replay with one new row', DONE, run('COMPLETED', ['fetch QUEUED@1']), undefined],
    ['a new run with a row', undefined, run('QUEUED', ['fetch QUEUED@0']), undefined],
  ]);
});

describe('tasksUnfinished', () => {
  table(tasksUnfinished, [
    [
      'a new row running',
      DONE,
      run('COMPLETED', ['fetch RUNNING@1', 'charge COMPLETED@0']),
      holding('RUNNING', "task 'fetch' not finished"),
    ],
    [
      'a new row done, an old row queued again',
      DONE,
      run('RUNNING', ['fetch COMPLETED@1', 'charge QUEUED@0']),
      holding('RUNNING', "task 'charge' not finished"),
    ],
    [
      'two rows unfinished, named together',
      undefined,
      run('RUNNING', ['fetch RUNNING@0', 'charge QUEUED@0']),
      holding('RUNNING', "tasks 'fetch', 'charge' not finished"),
    ],
    ['every row final', DONE, run('RUNNING', ['fetch FAILED@1', 'charge CANCELLED@0']), undefined],
  ]);
});

describe('rowsFromBefore', () => {
  table(rowsFromBefore, [
    [
      'a downstream task kept its old row',
      DONE,
      run('COMPLETED', ['fetch COMPLETED@1', 'charge COMPLETED@0']),
      holding('RUNNING', "task 'charge' still from before the replay", {
        undecided:
          "task 'charge' kept its row from before the replay while every task that ran again had finished (run status: COMPLETED)",
      }),
    ],
    [
      'two tasks kept their old rows',
      DONE3,
      run('FAILED', ['fetch FAILED@1', 'charge COMPLETED@0', 'ship COMPLETED@0']),
      holding('RUNNING', "tasks 'charge', 'ship' still from before the replay", {
        undecided:
          "tasks 'charge', 'ship' kept their row from before the replay while every task that ran again had finished (run status: FAILED)",
      }),
    ],
    [
      'every row new',
      DONE,
      run('COMPLETED', ['fetch COMPLETED@1', 'charge COMPLETED@1']),
      undefined,
    ],
    ['a new run', undefined, run('COMPLETED', ['fetch COMPLETED@0']), undefined],
  ]);
});

describe('shapeTaskMissing', () => {
  const missing = 'a task of the workflow has no row yet while every other task completed';
  table(shapeTaskMissing, [
    [
      'a new run: the root completed, its child has no row',
      undefined,
      run('RUNNING', ['fetch COMPLETED@0'], ['fetch', 'charge']),
      holding('COMPLETED', missing, { undecided: missing }),
    ],
    [
      'the root failed: its child will never have a row',
      undefined,
      run('RUNNING', ['fetch FAILED@0'], ['fetch', 'charge']),
      undefined,
    ],
    [
      'every task of the shape has a row',
      undefined,
      run('COMPLETED', ['fetch COMPLETED@0', 'charge COMPLETED@0'], ['fetch', 'charge']),
      undefined,
    ],
    [
      'a node of the shape without a task name',
      undefined,
      run('COMPLETED', ['fetch COMPLETED@0'], ['fetch', '']),
      undefined,
    ],
    ['no shape', undefined, run('COMPLETED', ['fetch COMPLETED@0']), undefined],
  ]);
});

describe('runRowLagging', () => {
  const lags = (implied: string, runStatus: string, visible = implied) => {
    const undecided = `the tasks say ${implied} but the run row still reads ${runStatus}`;
    return holding(visible, undecided, { undecided, runRowLags: true });
  };
  table(runRowLagging, [
    [
      'the tasks completed, the run row is RUNNING',
      DONE,
      run('RUNNING', ['fetch COMPLETED@1', 'charge COMPLETED@1']),
      lags('COMPLETED', 'RUNNING'),
    ],
    [
      'a task failed, the run row still reads the old COMPLETED',
      DONE,
      run('COMPLETED', ['fetch COMPLETED@1', 'charge FAILED@1']),
      lags('FAILED', 'COMPLETED'),
    ],
    [
      'a task cancelled, the run row is RUNNING',
      undefined,
      run('RUNNING', ['fetch CANCELLED@0']),
      lags('CANCELLED', 'RUNNING'),
    ],
    [
      'the run row agrees',
      DONE,
      run('FAILED', ['fetch COMPLETED@1', 'charge FAILED@1']),
      undefined,
    ],
  ]);
});

describe('settled', () => {
  it.each([
    ['COMPLETED', ['fetch COMPLETED@1', 'charge COMPLETED@1']],
    ['FAILED', ['fetch COMPLETED@1', 'charge FAILED@1']],
    ['CANCELLED', ['fetch CANCELLED@1', 'charge COMPLETED@1']],
    ['FAILED', ['fetch CANCELLED@1', 'charge FAILED@1']],
  ] as const)('%s from %j', (status, rows) => {
    expect(settled(viewOf(DONE, run(status, [...rows])))).toStrictEqual({
      kind: 'final',
      status,
      reason: `${status}, settled`,
    });
  });
});

describe('decide', () => {
  it('asks the rules in order', () => {
    expect(RULES.map((rule) => rule.name)).toEqual([
      'noFreshRows',
      'tasksUnfinished',
      'rowsFromBefore',
      'shapeTaskMissing',
      'runRowLagging',
    ]);
  });

  it.each<[string, RunDetails | undefined, RunDetails, string]>([
    ['no new row before an unfinished one', DONE, run('RUNNING', ['fetch QUEUED@0']), 'new'],
    [
      'an unfinished row before an old one',
      DONE,
      run('RUNNING', ['fetch RUNNING@1', 'charge COMPLETED@0']),
      'not finished',
    ],
    [
      'an old row before a lagging run row',
      DONE,
      run('RUNNING', ['fetch COMPLETED@1', 'charge COMPLETED@0']),
      'still from before',
    ],
    [
      'a missing row before a lagging run row',
      undefined,
      run('RUNNING', ['fetch COMPLETED@0'], ['fetch', 'charge']),
      'has no row yet',
    ],
    [
      'a lagging run row before settled',
      DONE,
      run('RUNNING', ['fetch COMPLETED@1', 'charge COMPLETED@1']),
      'run row still reads',
    ],
    [
      'settled once no rule holds',
      DONE,
      run('COMPLETED', ['fetch COMPLETED@1', 'charge COMPLETED@1']),
      'COMPLETED, settled',
    ],
  ])('%s', (_name, before, current, reason) => {
    expect(decide(viewOf(before, current)).reason).toContain(reason);
  });
});
