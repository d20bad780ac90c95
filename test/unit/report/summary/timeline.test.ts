import { describe, expect, it } from 'vitest';
import {
  runDetailsSchema,
  taskEventSchema,
  taskSchema,
  type RunDetails,
  type Task,
  type TaskEvent,
} from '../../../../src/hatchet/schemas.js';
import {
  axisFor,
  gantt,
  orderEvents,
  orderTasks,
} from '../../../../src/report/summary/timeline.js';
import { details } from '../../../report/fixtures.js';

const SUFFIX = '-1795665077986';
const START = Date.UTC(2026, 10, 26, 10, 0, 0);
/** The chart's fixed origin (2000-01-01 UTC). */
const ORIGIN = 946_684_800_000;
const at = (seconds: number) => new Date(START + seconds * 1000).toISOString();

interface Spec {
  name: string;
  id?: string;
  status?: string;
  startedAt?: string;
  finishedAt?: string;
  duration?: number;
}

function task({ name, id = name, status = 'COMPLETED', ...times }: Spec): Task {
  return taskSchema.parse({
    metadata: { id },
    taskExternalId: id,
    displayName: `${name}${SUFFIX}`,
    status,
    ...times,
  });
}

/** A run of these tasks, listed as given, with `edges` as its DAG (`['a', 'b']`: a before b). */
function run(tasks: Spec[], edges?: [string, string][], byName = false): RunDetails {
  const names = tasks.map((t) => t.name);
  return runDetailsSchema.parse({
    run: { metadata: { id: 'run' }, status: 'COMPLETED' },
    tasks: tasks.map(task),
    shape: edges
      ? [...new Set(names)].map((name) => ({
          stepId: `step-${name}`,
          taskExternalId: byName ? undefined : (tasks.find((t) => t.name === name)?.id ?? name),
          taskName: name,
          childrenStepIds: edges.filter(([from]) => from === name).map(([, to]) => `step-${to}`),
        }))
      : [],
  });
}

const ids = (tasks: readonly Task[]) => tasks.map((t) => t.metadata.id);

describe('orderTasks', () => {
  it.each<[string, RunDetails, string[]]>([
    [
      'the fixture’s tasks, listed last first, in DAG order',
      details('COMPLETED', [
        { name: 'validate', status: 'COMPLETED' },
        { name: 'charge', status: 'COMPLETED' },
        { name: 'ship', status: 'COMPLETED' },
      ]),
      [
        '00000000-0000-4000-8000-000000000000',
        '00000000-0000-4000-8000-000000000001',
        '00000000-0000-4000-8000-000000000002',
      ],
    ],
    [
      'without a shape: by start, ties in list order, never-started last',
      run([
        { name: 'late', startedAt: at(5) },
        { name: 'never' },
        { name: 'tie-1', startedAt: at(1) },
        { name: 'early', startedAt: at(0) },
        { name: 'tie-2', startedAt: at(1) },
      ]),
      ['early', 'tie-1', 'tie-2', 'late', 'never'],
    ],
    [
      'the DAG before the clock: a child that started first comes after its parent',
      run(
        [
          { name: 'child', startedAt: at(0) },
          { name: 'parent', startedAt: at(3) },
        ],
        [['parent', 'child']],
      ),
      ['parent', 'child'],
    ],
    [
      'a diamond: the root first, the join last',
      run(
        [
          { name: 'join', startedAt: at(0) },
          { name: 'right', startedAt: at(1) },
          { name: 'left', startedAt: at(2) },
          { name: 'root', startedAt: at(3) },
        ],
        [
          ['root', 'left'],
          ['root', 'right'],
          ['left', 'join'],
          ['right', 'join'],
        ],
      ),
      ['root', 'left', 'right', 'join'],
    ],
    [
      'tasks known to the shape by name only (their -<millis> suffix dropped)',
      run(
        [
          { name: 'second', id: 'id-2', startedAt: at(0) },
          { name: 'first', id: 'id-1', startedAt: at(1) },
        ],
        [['first', 'second']],
        true,
      ),
      ['id-1', 'id-2'],
    ],
    [
      'one step run twice: its tasks in start order',
      run(
        [
          { name: 'retry', id: 'retry-late', startedAt: at(4) },
          { name: 'retry', id: 'retry-early', startedAt: at(2) },
          { name: 'start', startedAt: at(0) },
        ],
        [['start', 'retry']],
        true,
      ),
      ['start', 'retry-early', 'retry-late'],
    ],
  ])('%s', (_story, run, order) => {
    expect(ids(orderTasks(run))).toEqual(order);
  });

  it('puts a task the shape does not know after those it knows', () => {
    const r = run(
      [
        { name: 'a', startedAt: at(1) },
        { name: 'b', startedAt: at(2) },
      ],
      [['a', 'b']],
    );
    const withStray = { ...r, tasks: [task({ name: 'stray', startedAt: at(0) }), ...r.tasks] };
    expect(ids(orderTasks(withStray))).toEqual(['a', 'b', 'stray']);
  });

  it('leaves the run’s own list as it was', () => {
    const r = run(
      [
        { name: 'b', startedAt: at(1) },
        { name: 'a', startedAt: at(0) },
      ],
      [['a', 'b']],
    );
    orderTasks(r);
    expect(ids(r.tasks)).toEqual(['b', 'a']);
  });
});

function event(
  eventType: string,
  timestamp: string | undefined,
  taskId?: string,
  name?: string,
): TaskEvent {
  return taskEventSchema.parse({
    eventType,
    timestamp,
    taskId,
    taskDisplayName: name === undefined ? undefined : `${name}${SUFFIX}`,
    message: `${name ?? taskId ?? ''} ${eventType}`,
  });
}

const DAG = run(
  [
    { name: 'second', startedAt: at(0) },
    { name: 'first', startedAt: at(0) },
  ],
  [['first', 'second']],
);
const messages = (events: readonly TaskEvent[]) => events.map((e) => e.message);

describe('orderEvents', () => {
  it.each<[string, TaskEvent[], RunDetails | undefined, string[]]>([
    [
      'oldest first, by instant, not by the text of the time',
      [
        event('FINISHED', '2026-11-26T10:00:00.5Z', 'first'),
        event('STARTED', '2026-11-26T10:00:00Z', 'first'),
      ],
      DAG,
      ['first STARTED', 'first FINISHED'],
    ],
    [
      'at one instant, the task that comes first in the DAG first',
      [event('QUEUED', at(1), 'second'), event('QUEUED', at(1), 'first')],
      DAG,
      ['first QUEUED', 'second QUEUED'],
    ],
    [
      'a task known by its display name only',
      [event('QUEUED', at(1), 'unknown-id', 'second'), event('QUEUED', at(1), undefined, 'first')],
      DAG,
      ['first QUEUED', 'second QUEUED'],
    ],
    [
      'one task’s events at one instant follow its life',
      [
        'SLOT_RELEASED',
        'FINISHED',
        'STARTED',
        'ASSIGNED',
        'QUEUED',
        'RETRIED_BY_USER',
        'SENT_TO_WORKER',
      ].map((type) => event(type, at(0), 'first')),
      DAG,
      [
        'first RETRIED_BY_USER',
        'first QUEUED',
        'first ASSIGNED',
        'first SENT_TO_WORKER',
        'first STARTED',
        'first FINISHED',
        'first SLOT_RELEASED',
      ],
    ],
    [
      'an event type it does not know between the start and the end',
      [
        event('FAILED', at(0), 'first'),
        event('SOMETHING_NEW', at(0), 'first'),
        event('STARTED', at(0), 'first'),
      ],
      DAG,
      ['first STARTED', 'first SOMETHING_NEW', 'first FAILED'],
    ],
    [
      'without the run’s details, by time and then by life',
      [event('STARTED', at(0), 'x'), event('QUEUED', at(0), 'y'), event('CREATED', at(-1), 'z')],
      undefined,
      ['z CREATED', 'y QUEUED', 'x STARTED'],
    ],
    [
      'an event with no time (or an unreadable one) last, in the order given',
      [
        event('QUEUED', undefined, 'first'),
        event('QUEUED', 'soon', 'second'),
        event('FINISHED', at(9), 'second'),
      ],
      DAG,
      ['second FINISHED', 'first QUEUED', 'second QUEUED'],
    ],
    [
      'equal in everything: in the order given',
      [event('LOG', at(0), 'first'), event('LOG', at(0), 'first')].map((e, i) => ({
        ...e,
        message: `${i}`,
      })),
      DAG,
      ['0', '1'],
    ],
  ])('%s', (_story, events, final, order) => {
    expect(messages(orderEvents(events, final))).toEqual(order);
  });

  it('leaves the list it is given as it was', () => {
    const events = [event('FINISHED', at(1), 'first'), event('STARTED', at(0), 'first')];
    orderEvents(events, DAG);
    expect(messages(events)).toEqual(['first FINISHED', 'first STARTED']);
  });
});

describe('axisFor', () => {
  it.each([
    // span, unit, format, tick, caption: each tier at its edges.
    [0, 1, '%-Lms', '10millisecond', 'milliseconds'],
    // Exactly 10 ticks of a step is still that step.
    [100, 1, '%-Lms', '10millisecond', 'milliseconds'],
    [2_500, 1, '%-S.%Ls', '250millisecond', 'seconds'],
    [999, 1, '%-Lms', '100millisecond', 'milliseconds'],
    [1_000, 1, '%-S.%Ls', '250millisecond', 'seconds'],
    [2_999, 1, '%-S.%Ls', '500millisecond', 'seconds'],
    [3_000, 1, '%-Ss', '1second', 'seconds'],
    [59_999, 1, '%-Ss', '10second', 'seconds'],
    [60_000, 1_000, '%-Ls', '10millisecond', 'seconds'],
    [899_999, 1_000, '%-Ls', '120millisecond', 'seconds'],
    [900_000, 60_000, '%-Lm', '5millisecond', 'minutes'],
    [57_599_999, 60_000, '%-Lm', '120millisecond', 'minutes'],
    [57_600_000, 3_600_000, '%-Lh', '2millisecond', 'hours'],
    // Longer than the largest step covers in 10 ticks: the largest step.
    [2_000 * 3_600_000, 3_600_000, '%-Lh', '96millisecond', 'hours'],
  ])(
    '%d ms: a unit of %d ms, %s, a tick every %s, counting %s',
    (span, unitMs, axisFormat, tickInterval, caption) => {
      expect(axisFor(span)).toEqual({ unitMs, axisFormat, tickInterval, caption });
    },
  );
});

/** The task lines of a chart. */
const bars = (chart: string[] | undefined) =>
  (chart?.[2] ?? '').split('\n').filter((line) => line.includes(' :'));

describe('gantt', () => {
  it('draws each started task from the new attempt’s start, coloured by its status', () => {
    const tasks = [
      task({ name: 'validate', status: 'COMPLETED', startedAt: at(0), finishedAt: at(1) }),
      task({ name: 'charge', status: 'FAILED', startedAt: at(1), finishedAt: at(2) }),
      task({ name: 'ship', status: 'RUNNING', startedAt: at(2) }),
      task({ name: 'never', status: 'QUEUED' }),
    ];
    expect(gantt(tasks, START)).toEqual([
      '_The axis counts seconds since the new attempt started._',
      '',
      [
        '```mermaid',
        'gantt',
        '  dateFormat x',
        '  axisFormat %-S.%Ls',
        '  tickInterval 250millisecond',
        '  todayMarker off',
        '  section Tasks',
        `  validate :done, t0, ${ORIGIN}, ${ORIGIN + 1_000}`,
        `  charge :crit, t1, ${ORIGIN + 1_000}, ${ORIGIN + 2_000}`,
        // Not finished, no duration: one unit wide, so it is drawn at all.
        `  ship :active, t2, ${ORIGIN + 2_000}, ${ORIGIN + 2_001}`,
        '```',
      ].join('\n'),
    ]);
  });

  it.each<[string, Task[], number | undefined, string[]]>([
    [
      'counts from the attempt’s start when the tasks began later',
      [task({ name: 'a', startedAt: at(0.5), finishedAt: at(0.75) })],
      START,
      [`  a :done, t0, ${ORIGIN + 500}, ${ORIGIN + 750}`],
    ],
    [
      'counts from the first task when it began before the known start',
      [task({ name: 'a', startedAt: at(0), finishedAt: at(0.25) })],
      START + 100,
      [`  a :done, t0, ${ORIGIN}, ${ORIGIN + 250}`],
    ],
    [
      'counts from the first task without a known start',
      [
        task({ name: 'a', startedAt: at(3), finishedAt: at(3.2) }),
        task({ name: 'b', startedAt: at(3.1), finishedAt: at(3.3) }),
      ],
      undefined,
      [
        `  a :done, t0, ${ORIGIN}, ${ORIGIN + 200}`,
        `  b :done, t1, ${ORIGIN + 100}, ${ORIGIN + 300}`,
      ],
    ],
    [
      'ends a task without a finish after its duration',
      [task({ name: 'a', status: 'CANCELLED', startedAt: at(0), duration: 400 })],
      START,
      [`  a :active, t0, ${ORIGIN}, ${ORIGIN + 400}`],
    ],
    [
      'never draws a task ending before it started',
      [task({ name: 'a', startedAt: at(1), finishedAt: at(0) })],
      START,
      [`  a :done, t0, ${ORIGIN + 1_000}, ${ORIGIN + 1_001}`],
    ],
    [
      'scales a long run onto the axis’ unit (minutes here)',
      [task({ name: 'a', startedAt: at(0), finishedAt: at(7_200) })],
      START,
      [`  a :done, t0, ${ORIGIN}, ${ORIGIN + 120}`],
    ],
  ])('%s', (_story, tasks, startMs, lines) => {
    expect(bars(gantt(tasks, startMs))).toEqual(lines);
  });

  it.each([
    ['click x', 'task click x'],
    ['section evil:1;click', 'task section evil_1_click'],
    ['a#b:c<d> :crit, t9, 0, 1', 'a_b_c_d_ _crit_ t9_ 0_ 1'],
    ['', 'task'],
  ])('keeps the task name %j a plain label: %j', (name, label) => {
    const [line] = bars(
      gantt([task({ name, id: 't', startedAt: at(0), finishedAt: at(1) })], START),
    );
    expect(line).toBe(`  ${label} :done, t0, ${ORIGIN}, ${ORIGIN + 1_000}`);
  });

  it('says the unit the axis counts in', () => {
    const long = gantt([task({ name: 'a', startedAt: at(0), finishedAt: at(7_200) })], START);
    expect(long?.[0]).toBe('_The axis counts minutes since the new attempt started._');
    const short = gantt([task({ name: 'a', startedAt: at(0), finishedAt: at(0.3) })], START);
    expect(short?.[0]).toBe('_The axis counts milliseconds since the new attempt started._');
  });

  it.each([
    ['no tasks', []],
    ['no task that started', [task({ name: 'a', status: 'QUEUED' })]],
  ])('draws nothing with %s', (_story, tasks) => {
    expect(gantt(tasks, START)).toBeUndefined();
  });
});
