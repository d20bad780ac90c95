import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

// The simulator's pure model (test/simulator/model.cjs): what each CLI command prints, from a
// scenario, the recorded replays/cancels/triggers and a time. No process, no clock.
const require = createRequire(import.meta.url);
const model = require('./model.cjs') as typeof import('./model.cjs');

type Scenario = import('./model.cjs').Scenario;
type Action = import('./model.cjs').Action;
type Flags = Record<string, string | number | boolean | string[] | undefined>;

// A whole hour: a multiple of the older path's 2 s job interval.
const EPOCH = Date.UTC(2026, 7, 22, 12);
const TENANT = '7a1f3c52-9d0e-4b6a-8f21-0c3d5e7f9a11';
const RUN = '0b5e1c6a-2f43-4f0e-9a59-6a1c3e7d9b21';
const R = EPOCH + 10_000; // when `runs replay` is called
const replayAt: Action[] = [{ type: 'replay', runId: RUN, t: R }];
// The engine timings these cases count with (the defaults follow the real engine instead:
// test/conformance/simulator.test.ts): children reset 50 ms after their parents, the DAG row
// with its task rows (on the transaction path), a retried try FAILED for 300 ms.
const timing = (scenario: Scenario) =>
  JSON.stringify(scenario).includes('events-first')
    ? { downstreamResetMs: 50, retryGapMs: 300 }
    : { downstreamResetMs: 50, dagLagMs: 0, retryGapMs: 300 };

interface TaskJson {
  displayName: string;
  status: string;
  retryCount: number;
  taskExternalId: string;
  finishedAt?: string;
}
interface EventJson {
  eventType: string;
  retryCount: number;
  taskId: string;
  timestamp: string;
}
interface Details {
  run: { status: string; finishedAt: string; startedAt: string; output: unknown };
  tasks: TaskJson[];
  taskEvents: EventJson[];
  shape: { taskExternalId: string; taskName: string }[];
}

function call(
  scenario: Scenario,
  actions: Action[],
  t: number,
  command: string,
  args: string[] = [RUN],
  flags: Flags = {},
  valid = true,
) {
  return model.respond(
    { tenantId: TENANT, ...scenario, engine: { ...timing(scenario), ...scenario.engine } },
    { epoch: EPOCH, actions },
    { command, args, flags, t, auth: { valid } },
  );
}

function stdout(response: ReturnType<typeof call>): unknown {
  if ('fatal' in response) throw new Error(`fatal: ${response.fatal}`);
  return JSON.parse(response.stdout);
}

function get(scenario: Scenario, actions: Action[], t: number) {
  return stdout(call(scenario, actions, t, 'runs get')) as Details;
}

/** run status and `name:STATUS@retryCount` per task, in task-name order. */
function snapshot(scenario: Scenario, actions: Action[], t: number) {
  const details = get(scenario, actions, t);
  const tasks = [...details.tasks]
    .sort((a, b) => a.displayName.localeCompare(b.displayName))
    .map((task) => `${task.displayName.replace(/-\d+$/, '')}:${task.status}@${task.retryCount}`);
  return { status: details.run.status, tasks };
}

function dag(tasks: string[], original: object, replay: object, extra: object = {}): Scenario {
  return { runs: [{ id: RUN, workflow: 'orders', tasks, original, replays: [replay], ...extra }] };
}

describe('runs get after a replay (transaction path)', () => {
  // a → b → c: 100 ms queued, then 3 tries of (900 - 2 × 50 ms reset) / 3 each.
  const scenario = dag(
    ['a', 'b', 'c'],
    { status: 'COMPLETED' },
    { status: 'FAILED', staleMs: 1000, durationMs: 900, error: 'ValueError: c broke' },
  );
  const A = R + 1000; // when the engine processes the replay

  it('shows nothing new before the replay is processed', () => {
    expect(snapshot(scenario, replayAt, A - 1)).toEqual({
      status: 'COMPLETED',
      tasks: ['a:COMPLETED@0', 'b:COMPLETED@0', 'c:COMPLETED@0'],
    });
  });

  it('RETRIED_BY_USER events carry the pre-replay retry count; only the root is reset', () => {
    const details = get(scenario, replayAt, A);
    const retried = details.taskEvents.filter((e) => e.eventType === 'RETRIED_BY_USER');
    expect(retried.map((e) => e.retryCount)).toEqual([0, 0, 0]);
    expect(snapshot(scenario, replayAt, A).tasks).toEqual([
      'a:QUEUED@1',
      'b:COMPLETED@0',
      'c:COMPLETED@0',
    ]);
    // Old downstream rows keep the run's finishedAt set.
    expect(details.run.finishedAt).not.toBe(model.ZERO_TIME);
  });

  it('a finished new root with old downstream rows reads as the old terminal status', () => {
    const rootDone = A + 100 + 267;
    expect(snapshot(scenario, replayAt, rootDone)).toEqual({
      status: 'COMPLETED',
      tasks: ['a:COMPLETED@1', 'b:COMPLETED@0', 'c:COMPLETED@0'],
    });
    // The downstream task is reset downstreamResetMs (50) after its parent finished.
    expect(snapshot(scenario, replayAt, rootDone + 49).tasks[1]).toBe('b:COMPLETED@0');
    expect(snapshot(scenario, replayAt, rootDone + 50)).toEqual({
      status: 'RUNNING',
      tasks: ['a:COMPLETED@1', 'b:RUNNING@1', 'c:COMPLETED@0'],
    });
  });

  it('settles: every task above its own pre-replay retry count, the run FAILED', () => {
    const details = get(scenario, replayAt, A + 1000);
    expect(snapshot(scenario, replayAt, A + 1000)).toEqual({
      status: 'FAILED',
      tasks: ['a:COMPLETED@1', 'b:COMPLETED@1', 'c:FAILED@1'],
    });
    expect(Date.parse(details.run.finishedAt) - Date.parse(details.run.startedAt)).toBe(900);
  });

  it('a run whose rows are all QUEUED keeps its previous (old) status', () => {
    const single = dag(['a'], { status: 'FAILED' }, { status: 'COMPLETED', staleMs: 1000 });
    expect(snapshot(single, replayAt, A + 50)).toEqual({ status: 'FAILED', tasks: ['a:QUEUED@1'] });
    expect(snapshot(single, replayAt, A + 100).status).toBe('RUNNING');
  });

  it('retry counts are per task: a task retried before the replay starts higher', () => {
    const retried = dag(
      ['a', 'b'],
      { status: 'COMPLETED', retries: { a: 2 } },
      { status: 'COMPLETED', staleMs: 1000 },
    );
    expect(snapshot(retried, [], R).tasks).toEqual(['a:COMPLETED@2', 'b:COMPLETED@0']);
    const events = get(retried, replayAt, A).taskEvents.filter(
      (e) => e.eventType === 'RETRIED_BY_USER',
    );
    expect(events.map((e) => e.retryCount).sort()).toEqual([0, 2]);
    expect(snapshot(retried, replayAt, A + 5000).tasks).toEqual(['a:COMPLETED@3', 'b:COMPLETED@1']);
  });

  it('a task below a failed one is cancelled at the new retry count', () => {
    const failing = dag(
      ['a', 'b', 'c'],
      { status: 'COMPLETED' },
      { status: 'FAILED', failTaskIndex: 0, staleMs: 1000, durationMs: 300 },
    );
    expect(snapshot(failing, replayAt, A + 400)).toEqual({
      status: 'FAILED',
      tasks: ['a:FAILED@1', 'b:COMPLETED@0', 'c:COMPLETED@0'],
    });
    expect(snapshot(failing, replayAt, A + 450)).toEqual({
      status: 'FAILED',
      tasks: ['a:FAILED@1', 'b:CANCELLED@1', 'c:CANCELLED@1'],
    });
  });
});

describe('runs get after a replay (events-first path)', () => {
  // One task; jobs every 2 s: rows at the next tick, the DAG row one job later.
  const scenario = dag(
    ['a'],
    { status: 'COMPLETED' },
    { status: 'COMPLETED', staleMs: 1000, durationMs: 4500, path: 'events-first' },
  );
  const A = R + 1000; // EPOCH + 11 s

  it('events first: RETRIED_BY_USER visible while the row and the run are old', () => {
    const details = get(scenario, replayAt, A);
    expect(details.taskEvents.some((e) => e.eventType === 'RETRIED_BY_USER')).toBe(true);
    expect(snapshot(scenario, replayAt, A)).toEqual({
      status: 'COMPLETED',
      tasks: ['a:COMPLETED@0'],
    });
  });

  it('the task row moves at the next job, the DAG row one job later', () => {
    expect(snapshot(scenario, replayAt, EPOCH + 12_000)).toEqual({
      status: 'COMPLETED',
      tasks: ['a:RUNNING@1'],
    });
    expect(snapshot(scenario, replayAt, EPOCH + 14_000).status).toBe('RUNNING');
  });

  it('the DAG row reads RUNNING while every task is already terminal', () => {
    // FINISHED at 15.6 s, the row at 16 s, the DAG row at 18 s.
    expect(snapshot(scenario, replayAt, EPOCH + 16_000)).toEqual({
      status: 'RUNNING',
      tasks: ['a:COMPLETED@1'],
    });
    expect(snapshot(scenario, replayAt, EPOCH + 18_000).status).toBe('COMPLETED');
  });

  it('the DAG row reads the old terminal status while every task is already new', () => {
    const chain = dag(
      ['a', 'b'],
      { status: 'COMPLETED' },
      { status: 'FAILED', staleMs: 1000, durationMs: 800, path: 'events-first' },
    );
    // All events by 11.9 s; every row at the 12 s job; the DAG row at 14 s.
    expect(snapshot(chain, replayAt, EPOCH + 12_000)).toEqual({
      status: 'COMPLETED',
      tasks: ['a:COMPLETED@1', 'b:FAILED@1'],
    });
    expect(snapshot(chain, replayAt, EPOCH + 14_000).status).toBe('FAILED');
  });

  it('lags are configurable', () => {
    const slow = dag(
      ['a'],
      { status: 'FAILED' },
      {
        status: 'COMPLETED',
        staleMs: 0,
        durationMs: 100,
        path: 'events-first',
        jobIntervalMs: 0,
        eventLagMs: 300,
        taskLagMs: 500,
        dagLagMs: 700,
      },
    );
    const retried = (t: number) =>
      get(slow, replayAt, t).taskEvents.some((e) => e.eventType === 'RETRIED_BY_USER');
    // Events at R+0 (queued 100 ms, finished at R+200), visible 300 ms later.
    expect(retried(R + 299)).toBe(false);
    expect(retried(R + 300)).toBe(true);
    // Task rows 500 ms after the events show.
    expect(snapshot(slow, replayAt, R + 799).tasks).toEqual(['a:FAILED@0']);
    expect(snapshot(slow, replayAt, R + 800).tasks).toEqual(['a:QUEUED@1']);
    // The DAG job runs 700 ms after the first row change and reads the rows as they are then.
    expect(snapshot(slow, replayAt, R + 1499)).toEqual({
      status: 'FAILED',
      tasks: ['a:COMPLETED@1'],
    });
    expect(snapshot(slow, replayAt, R + 1500).status).toBe('COMPLETED');
  });
});

describe('standalone task runs', () => {
  const scenario: Scenario = {
    runs: [
      {
        id: RUN,
        kind: 'task',
        workflow: 'notifications',
        taskName: 'send-email',
        original: { status: 'FAILED' },
        replays: [
          {
            status: 'COMPLETED',
            staleMs: 500,
            durationMs: 2000,
            path: 'events-first',
            retries: { 'send-email': 1 },
          },
        ],
      },
    ],
  };

  it('run.status always equals its one task, taskEvents is always [], runs events has them', () => {
    for (let t = R - 100; t < R + 8000; t += 250) {
      const details = get(scenario, replayAt, t);
      expect(details.tasks).toHaveLength(1);
      expect(details.run.status).toBe(details.tasks[0]?.status);
      expect(details.taskEvents).toEqual([]);
    }
    const events = stdout(call(scenario, replayAt, R + 8000, 'runs events')) as EventJson[];
    expect(events.map((e) => e.eventType)).toContain('RETRIED_BY_USER');
    expect(events.map((e) => e.eventType)).toContain('RETRYING');
  });
});

describe('retries inside an attempt', () => {
  // One retry: try 1 fails, FAILED for retryGapMs, RETRYING, try 2 at retryCount + 1.
  const attempt = { status: 'COMPLETED', durationMs: 500, retries: { a: 1 }, retryGapMs: 300 };

  it('a replayed task reads FAILED for a moment, then RETRYING moves it on', () => {
    const scenario = dag(['a'], { status: 'FAILED' }, { ...attempt, staleMs: 1000 });
    const A = R + 1000;
    // slot = (500 - (300 + 20)) / 2 = 90 ms: FAILED at A+190, RETRYING at A+490.
    expect(snapshot(scenario, replayAt, A + 190)).toEqual({
      status: 'FAILED',
      tasks: ['a:FAILED@1'],
    });
    expect(snapshot(scenario, replayAt, A + 489).tasks).toEqual(['a:FAILED@1']);
    expect(snapshot(scenario, replayAt, A + 490)).toEqual({
      status: 'FAILED',
      tasks: ['a:QUEUED@2'],
    });
    expect(snapshot(scenario, replayAt, A + 600)).toEqual({
      status: 'COMPLETED',
      tasks: ['a:COMPLETED@2'],
    });
  });

  it('a triggered run does the same', () => {
    const scenario: Scenario = {
      workflows: [{ id: '5d0c7b3e-8f1a-4c2d-9e6b-3a7f1d2c4b58', name: 'orders' }],
      triggers: { orders: { tasks: ['a'], attempt } },
      notFoundAfterTriggerMs: 0,
    };
    const trigger = call(scenario, [], R, 'trigger manual', [], { workflow: 'orders' });
    expect('fatal' in trigger).toBe(true); // no -j file
    const made = model.respond(
      { tenantId: TENANT, ...scenario },
      { epoch: EPOCH, actions: [] },
      {
        command: 'trigger manual',
        args: [],
        flags: { workflow: 'orders', json: 'in.json' },
        t: R,
        auth: { valid: true },
        jsonFile: { path: 'in.json', text: '{"a": 1}' },
      },
    );
    if (!('record' in made) || !made.record) throw new Error('no trigger recorded');
    const { runId } = JSON.parse((made as { stdout: string }).stdout) as { runId: string };
    const view = (t: number) => {
      const d = stdout(call(scenario, made.record ?? [], t, 'runs get', [runId])) as Details;
      return `${d.run.status} ${d.tasks.map((x) => `${x.status}@${x.retryCount}`).join()}`;
    };
    // queued 100 ms, FAILED at R+190, RETRYING at R+490, COMPLETED at R+600.
    expect(view(R + 190)).toBe('FAILED FAILED@0');
    expect(view(R + 490)).toBe('FAILED QUEUED@1');
    expect(view(R + 600)).toBe('COMPLETED COMPLETED@1');
  });
});

describe('replays that never show', () => {
  it('a dropped replay prints ids but nothing ever changes; the next one works', () => {
    const scenario: Scenario = {
      runs: [
        {
          id: RUN,
          workflow: 'orders',
          tasks: ['a', 'b'],
          original: { status: 'FAILED' },
          replays: [{ dropped: true }, { status: 'COMPLETED', staleMs: 100, durationMs: 200 }],
        },
      ],
    };
    const replay = call(scenario, [], R, 'runs replay');
    expect((stdout(replay) as { ids: string[] }).ids).toHaveLength(2);
    const later = get(scenario, replayAt, R + 60_000);
    expect(later.taskEvents.some((e) => e.eventType === 'RETRIED_BY_USER')).toBe(false);
    expect(snapshot(scenario, replayAt, R + 60_000)).toEqual(snapshot(scenario, [], R));
    const twice: Action[] = [...replayAt, { type: 'replay', runId: RUN, t: R + 1000 }];
    expect(snapshot(scenario, twice, R + 2000)).toEqual({
      status: 'COMPLETED',
      tasks: ['a:COMPLETED@1', 'b:COMPLETED@1'],
    });
  });

  it('a replay of a run that has not finished is dropped and does not use up a replay spec', () => {
    const scenario = dag(['a'], { status: 'RUNNING' }, { status: 'COMPLETED', staleMs: 100 });
    expect(snapshot(scenario, replayAt, R + 5000)).toEqual({
      status: 'RUNNING',
      tasks: ['a:RUNNING@0'],
    });
  });

  describe('the tenant’s replay lock (one replay applied at a time)', () => {
    const OTHER = '7f0c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
    const two: Scenario = {
      runs: [
        { id: RUN, workflow: 'orders', tasks: ['a'], original: { status: 'FAILED' } },
        { id: OTHER, workflow: 'orders', tasks: ['a'], original: { status: 'FAILED' } },
      ],
    };
    const replays = (gapMs: number, extra: Partial<Action> = {}): Action[] => [
      { type: 'replay', runId: OTHER, t: R, ...extra } as Action,
      { type: 'replay', runId: RUN, t: R + gapMs, ...extra } as Action,
    ];
    const later = R + 10_000;

    it('drops a replay sent while another of the tenant is applied (100 ms by default)', () => {
      expect(snapshot(two, replays(99), later).tasks).toEqual(['a:FAILED@0']);
      expect(snapshot(two, replays(100), later).tasks).toEqual(['a:COMPLETED@1']);
    });

    it('holds it as long as the scenario says; 0 turns it off', () => {
      expect(snapshot({ ...two, replayLockMs: 500 }, replays(300), later).tasks).toEqual([
        'a:FAILED@0',
      ]);
      expect(snapshot({ ...two, replayLockMs: 0 }, replays(0), later).tasks).toEqual([
        'a:COMPLETED@1',
      ]);
    });

    it('applies the runs of one bulk replay under one lock', () => {
      expect(snapshot(two, replays(0, { bulk: true }), later).tasks).toEqual(['a:COMPLETED@1']);
    });
  });

  it('a task whose row is never reset keeps its old row forever, its events are new', () => {
    const scenario = dag(
      ['a', 'b'],
      { status: 'COMPLETED' },
      { status: 'COMPLETED', staleMs: 100, durationMs: 200, neverResetTask: 'b' },
    );
    expect(snapshot(scenario, replayAt, R + 3_600_000)).toEqual({
      status: 'COMPLETED',
      tasks: ['a:COMPLETED@1', 'b:COMPLETED@0'],
    });
    const b = get(scenario, replayAt, R + 3_600_000).taskEvents.filter(
      (e) => e.eventType === 'FINISHED' && e.retryCount === 1,
    );
    expect(b).toHaveLength(2);
  });
});

describe('runs cancel', () => {
  it('cancels what is still going after cancelDelayMs; ids are the ones given', () => {
    const scenario = dag(['a', 'b'], { status: 'COMPLETED' }, { status: 'RUNNING', staleMs: 100 });
    const cancelAt: Action[] = [...replayAt, { type: 'cancel', runId: RUN, t: R + 1000 }];
    expect(stdout(call(scenario, replayAt, R + 1000, 'runs cancel'))).toEqual({ ids: [RUN] });
    expect(snapshot(scenario, cancelAt, R + 1199).status).toBe('RUNNING');
    expect(snapshot(scenario, cancelAt, R + 1200)).toEqual({
      status: 'CANCELLED',
      // a finished; b (the one that runs forever) is cancelled.
      tasks: ['a:COMPLETED@1', 'b:CANCELLED@1'],
    });
  });
});

describe('runs get: shapes and errors', () => {
  const scenario = dag(['a', 'b'], { status: 'COMPLETED', output: { ok: true } }, {});

  it('prints Go JSON: sorted keys, escaped <>&, zero times, shape with task ids', () => {
    const response = call(scenario, [], R, 'runs get');
    if ('fatal' in response) throw new Error(response.fatal);
    expect(response.stdout.endsWith('}\n')).toBe(true);
    const details = JSON.parse(response.stdout) as Details & { run: Record<string, unknown> };
    expect(Object.keys(details)).toEqual(['run', 'shape', 'taskEvents', 'tasks', 'workflowConfig']);
    expect(details.run.output).toEqual({ ok: true });
    expect(details.shape.map((s) => s.taskName)).toEqual(['a', 'b']);
    expect(model.goJson({ b: '<&>', a: 1 })).toBe(
      '{\n  "a": 1,\n  "b": "\\u003c\\u0026\\u003e"\n}\n',
    );
  });

  it.each([
    [['x'], true, 'invalid run ID "x": invalid UUID length: 1'],
    [['9f9f9f9f-0000-4000-8000-000000000001'], true, 'run not found (status 404)'],
    [[RUN], false, 'run not found (status 403)'],
  ])('runs get %j (token valid: %s) → %s', (args, valid, message) => {
    expect(call(scenario, [], R, 'runs get', args, {}, valid)).toEqual({ fatal: message });
  });

  it('a triggered run answers 404 until its records are written', () => {
    const scenario2: Scenario = {
      workflows: [{ id: '5d0c7b3e-8f1a-4c2d-9e6b-3a7f1d2c4b58', name: 'orders' }],
      notFoundAfterTriggerMs: 1500,
    };
    const trigger: Action = {
      type: 'trigger',
      runId: model.uuid('x'),
      workflow: 'orders',
      workflowId: '5d0c7b3e-8f1a-4c2d-9e6b-3a7f1d2c4b58',
      input: {},
      t: R,
    };
    expect(call(scenario2, [trigger], R + 1499, 'runs get', [trigger.runId])).toEqual({
      fatal: 'run not found (status 404)',
    });
    expect('exit' in call(scenario2, [trigger], R + 1500, 'runs get', [trigger.runId])).toBe(true);
  });
});

describe('runs list', () => {
  const WF = { id: '5d0c7b3e-8f1a-4c2d-9e6b-3a7f1d2c4b58', name: 'orders' };
  const OTHER = { id: '6e1d8c4f-902b-4d3e-8f7c-4b802e3d5c69', name: 'billing' };
  // 120 runs a minute apart (the newest 1 min old), statuses cycling; 3 of another workflow.
  const scenario: Scenario = {
    workflows: [WF, OTHER],
    runGroups: [
      {
        count: 120,
        workflow: 'orders',
        tasks: ['a', 'b'],
        statuses: ['COMPLETED', 'FAILED', 'CANCELLED'],
      },
      {
        count: 3,
        workflow: 'billing',
        kind: 'task',
        taskName: 'charge',
        newestAgoMs: 30_000,
        idSeed: 'billing',
      },
    ],
  };
  interface Row {
    metadata: { id: string; createdAt: string };
    status: string;
    type: string;
    workflowName?: string;
    children?: unknown[];
  }
  interface List {
    pagination: { current_page: number; next_page: number; num_pages: number };
    rows: Row[];
  }
  const list = (flags: Flags) =>
    stdout(
      call(scenario, [], EPOCH, 'runs list', [], { since: '24h', limit: 50, offset: 0, ...flags }),
    ) as List;

  it('pages newest first with the server pagination', () => {
    const first = list({});
    expect(first.pagination).toEqual({ current_page: 1, next_page: 2, num_pages: 3 });
    expect(first.rows).toHaveLength(50);
    const times = first.rows.map((r) => Date.parse(r.metadata.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(first.rows[0]?.workflowName).toBe('billing');
    const last = list({ offset: 100 });
    expect(last.pagination).toEqual({ current_page: 3, next_page: 4, num_pages: 3 });
    expect(last.rows).toHaveLength(23);
    // Every run rendered through the DAG path reads type DAG; DAGs list their tasks.
    expect(first.rows.every((r) => r.type === 'DAG')).toBe(true);
    expect(first.rows.find((r) => r.workflowName === 'orders')?.children).toHaveLength(2);
  });

  it('filters by workflow name or id, status, since and until', () => {
    expect(list({ workflow: 'billing' }).rows).toHaveLength(3);
    expect(list({ workflow: OTHER.id }).rows).toHaveLength(3);
    const failed = list({ status: ['failed'], limit: 100 });
    expect(failed.rows).toHaveLength(40);
    expect(failed.rows.every((r) => r.status === 'FAILED')).toBe(true);
    expect(list({ status: ['FAILED', 'CANCELLED'], limit: 100 }).rows).toHaveLength(80);
    // Created within the last 10 min: runs 1..10 min old and the 3 billing runs.
    expect(list({ since: '10m' }).rows).toHaveLength(13);
    expect(list({ since: '10m', until: '5m' }).rows).toHaveLength(6);
    expect(list({ since: '1d' }).rows).toHaveLength(50);
  });

  it('--only-tasks lists task rows (type TASK)', () => {
    const tasks = list({ 'only-tasks': true, limit: 500 });
    // Two task rows per `orders` run (b failed or was cancelled in 80 of them), one per billing run.
    expect(tasks.rows).toHaveLength(120 * 2 + 3);
    expect(tasks.rows.every((r) => r.type === 'TASK')).toBe(true);
    const failed = list({ 'only-tasks': true, limit: 500, status: ['FAILED'] });
    expect(failed.rows).toHaveLength(40);
  });

  it.each([
    [{ workflow: 'nope' }, 'could not resolve workflow: workflow "nope" not found'],
    [
      { status: ['DONE'] },
      'invalid status "DONE" (valid: QUEUED,RUNNING,COMPLETED,FAILED,CANCELLED)',
    ],
    [{ since: 'soon' }, 'invalid --since value: invalid duration "soon" (use e.g. 1h, 24h, 7d)'],
    [{ since: '0s' }, 'invalid --since value: duration must be positive (e.g. 1h, 24h)'],
    [{ since: '' }, 'invalid --since value: duration cannot be empty'],
    [{ until: '-5m' }, 'invalid --until value: duration must be positive (e.g. 1h, 24h)'],
    [{ limit: 0 }, 'unexpected response from API (status 500)'],
  ])('%j → %s', (flags, message) => {
    expect(
      call(scenario, [], EPOCH, 'runs list', [], { since: '24h', limit: 50, offset: 0, ...flags }),
    ).toEqual({
      fatal: message,
    });
  });

  it('a refused token', () => {
    expect(call(scenario, [], EPOCH, 'runs list', [], { since: '24h' }, false)).toEqual({
      fatal: 'unexpected response from API (status 403)',
    });
  });
});

describe('runs logs', () => {
  const TASK_RUN = RUN;
  const standalone: Scenario = {
    runs: [
      {
        id: TASK_RUN,
        kind: 'task',
        workflow: 'notifications',
        taskName: 'send-email',
        original: { status: 'FAILED', logLines: 300 },
        replays: [{ status: 'COMPLETED', staleMs: 200, durationMs: 300, logLines: 200 }],
      },
    ],
  };
  const after = R + 5000;
  type Line = { task: string; timestamp: string; level?: string; message: string };
  const logs = (scenario: Scenario, id: string, flags: Flags) =>
    stdout(call(scenario, replayAt, after, 'runs logs', [id], { tail: 0, ...flags })) as
      Line[] | null;

  it('a standalone run takes the run path: the oldest 50 lines of all attempts, then --tail', () => {
    const all = logs(standalone, TASK_RUN, {});
    expect(all).toHaveLength(50);
    expect(all?.[0]?.message).toBe('send-email: step 1 of 300 (attempt 1)');
    expect(all?.[0]?.task).toMatch(/^send-email-\d+$/);
    expect(logs(standalone, TASK_RUN, { tail: 5 })?.map((l) => l.message)).toEqual(
      [46, 47, 48, 49, 50].map((i) => `send-email: step ${i} of 300 (attempt 1)`),
    );
    // No limit is sent on the run path: a huge --tail only cuts the list.
    expect(logs(standalone, TASK_RUN, { tail: 20_000 })).toHaveLength(50);
  });

  it('--since narrows to newer lines, still the first 50 of them', () => {
    const recent = logs(standalone, TASK_RUN, { since: '10s' });
    expect(recent).toHaveLength(50);
    expect(recent?.[0]?.message).toBe('send-email: step 1 of 200 (attempt 2)');
    expect(recent?.[49]?.message).toBe('send-email: step 50 of 200 (attempt 2)');
    expect(call(standalone, replayAt, after, 'runs logs', [TASK_RUN], { since: 'x' })).toEqual({
      fatal: 'invalid --since value: invalid duration "x" (use e.g. 1h, 24h, 7d)',
    });
  });

  it("a DAG task's id takes the task path: --tail N is the newest N of that task", () => {
    const scenario = dag(
      ['a', 'b'],
      { status: 'FAILED', logLines: 80 },
      { status: 'COMPLETED', staleMs: 200, durationMs: 300, logLines: 60 },
    );
    const details = get(scenario, replayAt, after);
    const b = details.tasks.find((t) => t.displayName.startsWith('b-'))?.taskExternalId ?? '';
    const lines = logs(scenario, b, { tail: 3 });
    expect(lines?.map((l) => l.message)).toEqual(
      [58, 59, 60].map((i) => `b: step ${i} of 60 (attempt 2)`),
    );
    expect(lines?.every((l) => l.task === '')).toBe(true);
    // Without --tail: the oldest 50 of that task.
    const oldest = logs(scenario, b, {});
    expect(oldest).toHaveLength(50);
    expect(oldest?.[0]?.message).toBe('b: step 1 of 80 (attempt 1)');
    // The server refuses a limit above 10000: the CLI prints null.
    expect(logs(scenario, b, { tail: 10_001 })).toBeNull();
    // A DAG run id: each task's oldest 50 lines merged, then --tail of the merged list.
    expect(logs(scenario, RUN, {})).toHaveLength(100);
  });

  it('null for an unknown id, a refused token, or no lines', () => {
    expect(logs(standalone, '9f9f9f9f-0000-4000-8000-000000000001', {})).toBeNull();
    expect(
      stdout(call(standalone, replayAt, after, 'runs logs', [TASK_RUN], { tail: 0 }, false)),
    ).toBeNull();
    const quiet = dag(['a'], { status: 'COMPLETED', logLines: 0 }, {});
    expect(stdout(call(quiet, [], after, 'runs logs', [RUN], { tail: 0 }))).toBeNull();
  });

  it('prints the CLI struct order (task, timestamp, level, message)', () => {
    const response = call(standalone, replayAt, after, 'runs logs', [TASK_RUN], { tail: 1 });
    if ('fatal' in response) throw new Error(response.fatal);
    expect(Object.keys((JSON.parse(response.stdout) as Line[])[0] ?? {})).toEqual([
      'task',
      'timestamp',
      'level',
      'message',
    ]);
  });
});

describe('helpers', () => {
  it.each([
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['1.5s', 1500],
    ['300ms', 300],
    ['0', 0],
    ['7d', undefined],
    ['h', undefined],
    ['1', undefined],
  ])('parseGoDuration(%j) = %j', (text, ms) => {
    expect(model.parseGoDuration(text)).toBe(ms);
  });

  it('parseUuid matches google/uuid', () => {
    expect(model.parseUuid('0B5E1C6A2F434F0E9A596A1C3E7D9B21')).toEqual({ id: RUN });
    expect(model.parseUuid(`{${RUN}}`)).toEqual({ id: RUN });
    expect(model.parseUuid('x')).toEqual({ error: 'invalid UUID length: 1' });
    expect(model.parseUuid(RUN.replace(/-/g, '_'))).toEqual({ error: 'invalid UUID format' });
  });
});

describe("issue 21's windows, as the model shows them", () => {
  const get = (scenario: Scenario, actions: Action[], t: number) =>
    stdout(call(scenario, actions, t, 'runs get')) as Details;
  const summary = (d: Details) =>
    `${d.run.status}: ${d.tasks.map((t) => `${t.displayName.split('-')[0]} ${t.status}@${t.retryCount}`).join(', ')}`;

  it('the run row reads the old FAILED for 14 s while every task row is new and COMPLETED', async () => {
    const { WINDOWS } = await import('../harness/scenarios.mjs');
    const scenario = WINDOWS.runRowLagsPastSettle as Scenario;
    expect(summary(get(scenario, replayAt, R + 12_000))).toBe(
      'FAILED: charge COMPLETED@1, validate COMPLETED@1',
    );
    expect(get(scenario, replayAt, R + 20_000).run.status).toBe('COMPLETED');
  });

  it('a replay sent while the original waits for its retry is dropped; the retry still comes', async () => {
    const { WINDOWS } = await import('../harness/scenarios.mjs');
    const scenario = WINDOWS.retryPendingDropsReplay as Scenario;
    const actions: Action[] = [{ type: 'replay', runId: RUN, t: EPOCH + 2_000 }];
    expect(summary(get(scenario, actions, EPOCH + 2_500))).toBe('FAILED: charge FAILED@0');
    const later = get(scenario, actions, EPOCH + 10_000);
    expect(summary(later)).toBe('FAILED: charge FAILED@1');
    expect(later.taskEvents.map((e) => e.eventType)).toContain('RETRYING');
    expect(later.taskEvents.map((e) => e.eventType)).not.toContain('RETRIED_BY_USER');
  });

  it('a downstream row keeps its old status for 12.7 s after its parent finished', async () => {
    const { WINDOWS } = await import('../harness/scenarios.mjs');
    const scenario = WINDOWS.slowDownstreamReset as Scenario;
    expect(summary(get(scenario, replayAt, R + 10_000))).toContain('charge FAILED@0');
    expect(summary(get(scenario, replayAt, R + 15_000))).toContain('charge COMPLETED@1');
  });
});

// The model's modules (model/*.cjs), each on its own: what model.cjs re-exports is covered above
// through `respond`; here, the seams between them.
const format = require('./model/format.cjs') as typeof import('./model/format.cjs');
const engine = require('./model/engine.cjs') as typeof import('./model/engine.cjs');
const runs = require('./model/runs.cjs') as typeof import('./model/runs.cjs');
const triggers = require('./model/triggers.cjs') as typeof import('./model/triggers.cjs');
const store = require('./model/store.cjs') as typeof import('./model/store.cjs');
const timelines = require('./model/timeline.cjs') as typeof import('./model/timeline.cjs');
const attempts = require('./model/attempt.cjs') as typeof import('./model/attempt.cjs');
const retries = require('./model/retries.cjs') as typeof import('./model/retries.cjs');
const readModel = require('./model/read-model.cjs') as typeof import('./model/read-model.cjs');
const documents = require('./model/documents.cjs') as typeof import('./model/documents.cjs');
const lists = require('./model/list.cjs') as typeof import('./model/list.cjs');
const logs = require('./model/logs.cjs') as typeof import('./model/logs.cjs');
const commands = require('./model/commands.cjs') as typeof import('./model/commands.cjs');

type RunSpec = import('./model.cjs').RunSpec;
type Timeline = import('./model.cjs').Timeline;

/** A run's timeline, realized from its spec with the given engine, at t. */
function timelineOf(spec: RunSpec, actions: Action[], t: number, scenario: Scenario = {}) {
  const full: Scenario = { tenantId: TENANT, ...scenario, runs: [spec] };
  const def = store.findRun(full, { epoch: EPOCH, actions }, spec.id, t);
  if (!def) throw new Error('no such run');
  return timelines.realize(full, { epoch: EPOCH, actions }, def, t);
}

/** `task:TYPE@retryCount +ms` for each event, ms from the first event. */
const eventLines = (timeline: Timeline) => {
  const first = timeline.events[0]?.at ?? 0;
  return timeline.events.map((e) => `${e.task}:${e.type}@${e.retryCount} +${e.at - first}`);
};

describe('model/format.cjs', () => {
  it('iso trims the fraction and prints the zero time for a time never set', () => {
    expect(format.iso(Date.UTC(2026, 0, 2, 3, 4, 5, 600))).toBe('2026-01-02T03:04:05.6Z');
    expect(format.iso(Date.UTC(2026, 0, 2))).toBe('2026-01-02T00:00:00Z');
    expect(format.iso(null)).toBe(format.ZERO_TIME);
    expect(format.iso(Infinity)).toBe(format.ZERO_TIME);
  });

  it('parseSince: a Go duration or whole days, in the past; the CLI error texts', () => {
    expect(format.parseSince('90m', EPOCH)).toEqual({ at: EPOCH - 5_400_000 });
    expect(format.parseSince('2d', EPOCH)).toEqual({ at: EPOCH - 2 * 86_400_000 });
    expect(format.parseSince('', EPOCH)).toEqual({ error: 'duration cannot be empty' });
    expect(format.parseSince('-1h', EPOCH)).toEqual({
      error: 'duration must be positive (e.g. 1h, 24h)',
    });
    expect(format.parseSince('1.5d', EPOCH)).toEqual({
      error: 'invalid duration "1.5d" (use e.g. 1h, 24h, 7d)',
    });
  });

  it('a response prints Go JSON (null as null) or is a fatal error with what it recorded', () => {
    expect(format.print(null)).toEqual({ exit: 0, stdout: 'null\n' });
    expect(format.print({ b: 1, a: 2 }, false)).toEqual({
      exit: 0,
      stdout: '{\n  "b": 1,\n  "a": 2\n}\n',
    });
    expect(format.fatal('no')).toEqual({ fatal: 'no' });
    expect(format.fatal('no', replayAt)).toEqual({ fatal: 'no', record: replayAt });
  });
});

describe('model/engine.cjs', () => {
  it('engine options: the path’s defaults, then scenario, run and attempt layers (negatives are 0)', () => {
    expect(
      engine.engineOptions(
        { engine: { path: 'events-first', dagLagMs: 500 } },
        { taskLagMs: -5 },
        { retryGapMs: 300, engine: { jobIntervalMs: 1000 } },
      ),
    ).toEqual({
      path: 'events-first',
      eventLagMs: 0,
      taskLagMs: 0,
      dagLagMs: 500,
      jobIntervalMs: 1000,
      downstreamResetMs: 270,
      retryGapMs: 300,
      cancelDelayMs: 200,
    });
    expect(engine.engineOptions({}, undefined, {})).toMatchObject({
      path: 'transaction',
      dagLagMs: 120,
      jobIntervalMs: 0,
    });
  });

  it('stamp: transaction — the row at once, the DAG row dagLagMs after a task that ends', () => {
    const opts = engine.engineOptions({}, undefined, {});
    expect(engine.stamp(opts, 1000, false, true)).toEqual({
      visibleAt: 1000,
      rowAt: 1000,
      dagAt: 1120,
    });
    expect(engine.stamp(opts, 1000, false, false)).toEqual({
      visibleAt: 1000,
      rowAt: 1000,
      dagAt: 1000,
    });
    expect(engine.stamp(opts, 1000, true, true)).toEqual({
      visibleAt: 1000,
      rowAt: null,
      dagAt: null,
    });
  });

  it('stamp: events first — the row at the next job after its lag, the DAG row a job later', () => {
    const opts = engine.engineOptions(
      { engine: { path: 'events-first', eventLagMs: 100, taskLagMs: 50 } },
      undefined,
      {},
    );
    expect(engine.stamp(opts, 1000, false, false)).toEqual({
      visibleAt: 1100,
      rowAt: 2000,
      dagAt: 4000,
    });
  });

  it('statuses: priorities, unknown ones, and which end a task', () => {
    expect(
      ['QUEUED', 'RUNNING', 'CANCELLED', 'FAILED', 'COMPLETED', 'PAUSED'].map(engine.priority),
    ).toEqual([1, 2, 4, 5, 6, 7]);
    expect(engine.isUnknown('PAUSED')).toBe(true);
    expect(engine.isUnknown('EVICTED')).toBe(false);
    expect(['RUNNING', 'QUEUED', 'CANCELLED', 'PAUSED'].map(engine.ends)).toEqual([
      false,
      false,
      true,
      true,
    ]);
  });
});

describe('model/runs.cjs', () => {
  it('a group is many runs: seeded ids, a minute apart, statuses cycled', () => {
    const specs = runs.runSpecs({
      runs: [{ id: RUN }],
      runGroups: [{ count: 3, idSeed: 's', workflow: 'orders', statuses: ['FAILED', 'COMPLETED'] }],
    });
    expect(specs.map((s) => s.id)).toEqual([
      RUN,
      ...[0, 1, 2].map((k) => model.uuid(`group:s:${k}`)),
    ]);
    expect(specs.slice(1).map((s) => [s.createdAgoMs, s.original?.status])).toEqual([
      [60_000, 'FAILED'],
      [120_000, 'COMPLETED'],
      [180_000, 'FAILED'],
    ]);
  });

  it('workflows: the listed ones, then one per name runs use without an id', () => {
    const listed = { id: '5d0c7b3e-8f1a-4c2d-9e6b-3a7f1d2c4b58', name: 'orders' };
    const workflows = runs.allWorkflows({
      workflows: [listed],
      runs: [
        { id: RUN, workflow: 'orders' },
        { id: 'b', workflow: 'billing' },
        { id: 'c', workflow: 'gone', workflowId: model.uuid('deleted') },
      ],
    });
    expect(workflows).toEqual([listed, { id: model.uuid('wf:billing'), name: 'billing' }]);
  });

  it('a run definition: parents (a chain by default), children, ids; a standalone run is its task', () => {
    const times = runs.originalTimes({ id: RUN }, EPOCH);
    const dagDef = runs.defineRun(
      {},
      { id: RUN.toUpperCase(), workflow: 'orders', tasks: ['a', 'b', 'c'], parents: { c: ['a'] } },
      times,
      [],
    );
    expect(dagDef.id).toBe(RUN);
    expect([dagDef.parents, dagDef.children]).toEqual([
      [[], [], [0]],
      [[2], [], []],
    ]);
    expect(dagDef.taskIds[1]).toBe(model.uuid(`${RUN}:task:1`));
    const chain = runs.defineRun({}, { id: RUN, tasks: ['a', 'b'] }, times, []);
    expect(chain.parents).toEqual([[], [0]]);
    const task = runs.defineRun({}, { id: RUN, kind: 'task', taskName: 'solo' }, times, []);
    expect([task.taskNames, task.taskIds]).toEqual([['solo'], [RUN]]);
  });

  it('original times: ended ageMs before the epoch (1 h by default), or created when told', () => {
    expect(runs.originalTimes({ id: RUN, original: { durationMs: 3000 } }, EPOCH)).toEqual({
      createdAt: EPOCH - 3_600_000 - 3000 - 100,
      firstStart: EPOCH - 3_600_000 - 3000,
      visibleFrom: EPOCH - 3_600_000 - 3000 - 100,
      originalDurationMs: 3000,
    });
    expect(runs.originalTimes({ id: RUN, createdAgoMs: 5000 }, EPOCH).firstStart).toBe(
      EPOCH - 4900,
    );
    expect(runs.originalTimes({ id: RUN, original: { status: 'QUEUED' } }, EPOCH)).toMatchObject({
      createdAt: EPOCH - 10_000,
      firstStart: null,
    });
  });
});

describe('model/triggers.cjs', () => {
  const WF = { id: '5d0c7b3e-8f1a-4c2d-9e6b-3a7f1d2c4b58', name: 'orders' };
  const trigger = (scenario: Scenario, jsonFile: { path: string; text?: string; error?: string }) =>
    triggers.triggerManual(
      { tenantId: TENANT, workflows: [WF], ...scenario },
      { epoch: EPOCH, actions: [] },
      {
        command: 'trigger manual',
        args: [],
        flags: { workflow: 'orders' },
        t: R,
        auth: { valid: true },
        jsonFile,
      },
    );

  it('checks the file in the CLI’s order and records the trigger', () => {
    expect(trigger({}, { path: '/x.json', error: 'permission denied' })).toEqual({
      fatal: "could not read JSON file '/x.json': open /x.json: permission denied",
    });
    expect(trigger({}, { path: '/x.json', text: '[1]' })).toEqual({
      fatal:
        'error triggering workflow: could not parse JSON input: json: cannot unmarshal array into Go value of type map[string]interface {}',
    });
    expect(
      trigger({ triggers: { orders: { fail: 'quota' } } }, { path: '/x.json', text: '{}' }),
    ).toEqual({
      fatal: 'quota',
    });
    const runId = model.uuid(`trigger:0:${R}`);
    expect(trigger({}, { path: '/x.json', text: '{"x": 1}' })).toEqual({
      exit: 0,
      stdout: model.goJson({ runId, workflow: 'orders' }),
      record: [
        { type: 'trigger', runId, workflow: 'orders', workflowId: WF.id, input: { x: 1 }, t: R },
      ],
    });
  });

  it('a triggered run: its attempt chosen by input, created at the trigger, 404 for a while', () => {
    const scenario: Scenario = {
      notFoundAfterTriggerMs: 700,
      triggers: {
        orders: {
          tasks: ['a'],
          attempt: { status: 'COMPLETED' },
          byInput: [{ match: { x: 2 }, attempt: { status: 'FAILED', queuedMs: 40 } }],
        },
      },
    };
    const action = { runId: RUN, workflow: 'orders', workflowId: WF.id, t: R };
    const chosen = triggers.triggeredRun(scenario, { ...action, input: { x: 2, y: 0 } }, [WF]);
    expect(chosen).toMatchObject({
      original: { status: 'FAILED' },
      createdAt: R,
      firstStart: R + 40,
      visibleFrom: R + 700,
    });
    const other = triggers.triggeredRun(scenario, { ...action, input: { x: 3 } }, [WF]);
    expect(other.original).toEqual({ status: 'COMPLETED' });
  });
});

describe('model/store.cjs', () => {
  const trigger: Action = {
    type: 'trigger',
    runId: model.uuid('t'),
    workflow: 'orders',
    workflowId: model.uuid('wf:orders'),
    input: {},
    t: R,
  };
  const scenario: Scenario = {
    runs: [{ id: RUN, workflow: 'orders', tasks: ['a', 'b'] }],
    notFoundAfterTriggerMs: 500,
  };
  const history = { epoch: EPOCH, actions: [trigger] };

  it('finds a run by id (any case); a triggered one only once triggered', () => {
    expect(store.findRun(scenario, history, RUN.toUpperCase(), R)?.id).toBe(RUN);
    expect(store.findRun(scenario, history, trigger.runId, R - 1)).toBeUndefined();
    expect(store.findRun(scenario, history, trigger.runId, R)?.workflowName).toBe('orders');
    expect(store.allRuns(scenario, history, R - 1).map((d) => d.id)).toEqual([RUN]);
    expect(store.allRuns(scenario, history, R).map((d) => d.id)).toEqual([RUN, trigger.runId]);
  });

  it('readable: a run once the API answers for it; a task by its id, with its index', () => {
    expect(store.readableRun(scenario, history, trigger.runId, R + 499)).toBeUndefined();
    expect(store.readableRun(scenario, history, trigger.runId, R + 500)?.def.id).toBe(
      trigger.runId,
    );
    const owned = store.readableTask(scenario, history, model.uuid(`${RUN}:task:1`), R);
    expect([owned?.timeline.def.id, owned?.task]).toEqual([RUN, 1]);
    expect(store.readableTask(scenario, history, RUN, R)).toBeUndefined();
    const triggered = store.findRun(scenario, history, trigger.runId, R)?.taskIds[0] ?? '';
    expect(store.readableTask(scenario, history, triggered, R + 499)).toBeUndefined();
    expect(store.readableTask(scenario, history, triggered, R + 500)?.task).toBe(0);
  });
});

describe('model/timeline.cjs, model/attempt.cjs and model/retries.cjs', () => {
  const engineOpts = { downstreamResetMs: 50, retryGapMs: 300, dagLagMs: 0 };
  const spec: RunSpec = {
    id: RUN,
    workflow: 'orders',
    tasks: ['a', 'b'],
    original: { status: 'FAILED', retries: { a: 1 }, durationMs: 1000, ageMs: 0 },
  };

  it('a retried root, then its child fails: tries fill durationMs along the longest path', () => {
    // 3 tries; gaps: one retry (300 + 20 ms pickup) and one reset (50): (1000 − 370) / 3 = 210.
    const timeline = timelineOf(spec, [], EPOCH, { engine: engineOpts });
    expect(eventLines(timeline)).toEqual([
      '0:QUEUED@0 +0',
      '0:ASSIGNED@0 +100',
      '0:STARTED@0 +100',
      '0:FAILED@0 +310',
      '0:RETRYING@1 +610',
      '0:ASSIGNED@1 +630',
      '0:STARTED@1 +630',
      '0:FINISHED@1 +840',
      '1:QUEUED@0 +890',
      '1:ASSIGNED@0 +890',
      '1:STARTED@0 +890',
      '1:FAILED@0 +1100',
    ]);
    expect(timeline.events.map((e) => e.id)).toEqual(timeline.events.map((_, i) => i + 1));
    expect(timeline.tries.map((t) => [t.task, t.retryCount, t.failed, t.error])).toEqual([
      [0, 0, true, 'a: transient failure (try 1)'],
      [0, 1, false, 'Error: task failed'],
      [1, 0, true, 'Error: task failed'],
    ]);
    expect(timeline.attempts[0]?.end).toBe(timeline.events[11]?.at);
    expect(retries.RETRY_PICKUP_MS).toBe(20);
  });

  it('slotLength: the longest path decides; never below 1 ms', () => {
    const def = runs.defineRun(
      {},
      { id: RUN, tasks: ['a', 'b', 'c'], parents: { c: ['a'] } },
      runs.originalTimes({ id: RUN }, EPOCH),
      [],
    );
    const opts = engine.engineOptions({ engine: engineOpts }, undefined, {});
    const all = () => true;
    // a → c is two tries and one reset; b alone is one try.
    expect(retries.slotLength(def, 1050, all, [0, 0, 0], opts)).toBe(500);
    // Retries lengthen a path: b's 4 tries and 3 × (300 + 20) ms of gaps now decide.
    expect(retries.slotLength(def, 1050, all, [0, 3, 0], opts)).toBe(22.5);
    expect(retries.slotLength(def, 10, all, [0, 0, 0], opts)).toBe(1);
    expect(attempts.descendants(def, 0)).toEqual([2]);
  });

  it('below a failed task every task is cancelled at the new retry count; a replay resets roots first', () => {
    const failing: RunSpec = {
      id: RUN,
      workflow: 'orders',
      tasks: ['a', 'b', 'c'],
      original: { status: 'COMPLETED', ageMs: 0 },
      replays: [{ status: 'FAILED', failTaskIndex: 0, staleMs: 0, durationMs: 300 }],
    };
    const timeline = timelineOf(failing, replayAt, R + 60_000, { engine: engineOpts });
    const replay = timeline.events.filter((e) => e.attempt === 1);
    expect(replay.map((e) => `${e.task}:${e.type}@${e.retryCount}`)).toEqual([
      '0:RETRIED_BY_USER@0',
      '1:RETRIED_BY_USER@0',
      '2:RETRIED_BY_USER@0',
      '0:QUEUED@1',
      '0:ASSIGNED@1',
      '0:STARTED@1',
      '0:FAILED@1',
      '1:CANCELLED@1',
      '2:CANCELLED@1',
    ]);
  });

  it('a cancel stops what runs at cancelDelayMs, cuts its try; a pending replay is processed at once', () => {
    const forever: RunSpec = {
      id: RUN,
      workflow: 'orders',
      tasks: ['a'],
      original: { status: 'COMPLETED', ageMs: 0 },
      replays: [{ status: 'RUNNING', staleMs: 5000 }],
    };
    const actions: Action[] = [...replayAt, { type: 'cancel', runId: RUN, t: R + 1000 }];
    const timeline = timelineOf(forever, actions, R + 60_000, { engine: engineOpts });
    const replay = timeline.events.filter((e) => e.attempt === 1);
    expect(replay.map((e) => `${e.type}@${e.retryCount} +${e.at - R}`)).toEqual([
      'RETRIED_BY_USER@0 +1000',
      'QUEUED@1 +1000',
      'ASSIGNED@1 +1100',
      'STARTED@1 +1100',
      'CANCELLED@1 +1200',
    ]);
    expect(timeline.attempts[1]?.end).toBe(R + 1200);
    expect(timeline.tries.map((t) => [t.attempt, t.cut])).toEqual([
      [0, Infinity],
      [1, R + 1200],
    ]);
  });
});

describe('model/read-model.cjs', () => {
  const row = (status: string, retryCount = 0) => ({ status, retryCount, createdAt: 0 });

  it.each([
    [['QUEUED', 'QUEUED'], 'FAILED', 'FAILED'],
    [['RUNNING', null], 'COMPLETED', 'RUNNING'],
    [['COMPLETED', null], 'FAILED', 'FAILED'],
    [['COMPLETED', 'QUEUED'], 'FAILED', 'RUNNING'],
    [['COMPLETED', 'CANCELLED'], 'RUNNING', 'CANCELLED'],
    [['FAILED', 'CANCELLED'], 'RUNNING', 'FAILED'],
    [['COMPLETED', 'COMPLETED'], 'FAILED', 'COMPLETED'],
    [['COMPLETED', 'PAUSED'], 'RUNNING', 'PAUSED'],
  ])('dagRule(%j, previous %s) = %s', (statuses, previous, expected) => {
    const rows = statuses.map((s) => (s === null ? null : row(s)));
    expect(readModel.dagRule(rows, previous)).toBe(expected);
  });

  it('task rows: a newer retry count always wins, at the same one only a higher priority', () => {
    const spec: RunSpec = {
      id: RUN,
      workflow: 'orders',
      tasks: ['a'],
      original: { status: 'COMPLETED', ageMs: 0 },
    };
    const timeline = timelineOf(spec, [], EPOCH);
    const at = (status: string, retryCount: number, when: number) => ({
      ...(timeline.events[0] as Timeline['events'][number]),
      status,
      type: status,
      retryCount,
      rowAt: when,
    });
    timeline.events = [at('COMPLETED', 0, 1), at('RUNNING', 0, 2), at('QUEUED', 1, 3)];
    expect(readModel.rowsAt(timeline, 2)[0]).toMatchObject({ status: 'COMPLETED', retryCount: 0 });
    expect(readModel.rowsAt(timeline, 3)[0]).toMatchObject({ status: 'QUEUED', retryCount: 1 });
    expect(readModel.rowsAt(timeline, 0)).toEqual([null]);
  });

  it('durations saturate as Go’s do; the error is the newest try’s', () => {
    expect(readModel.durationOf(null, null)).toBe(0);
    expect(readModel.durationOf(null, 5)).toBe(-9_223_372_036_854);
    expect(readModel.durationOf(5, null)).toBe(9_223_372_036_854);
    expect(readModel.durationOf(15, 5)).toBe(10);
    const failed = (retryCount: number, error: string) =>
      ({ status: 'FAILED', retryCount, at: 0, error }) as Timeline['events'][number];
    expect(readModel.errorOf([failed(1, 'new'), failed(0, 'old')])).toBe('new');
    expect(readModel.errorOf([])).toBe('');
  });
});

describe('model/documents.cjs, model/list.cjs, model/logs.cjs and model/commands.cjs', () => {
  const spec: RunSpec = {
    id: RUN,
    workflow: 'orders',
    tasks: ['a', 'b'],
    original: { status: 'COMPLETED', ageMs: 0, logLines: 3, output: { ok: 1 } },
  };

  it('runDetails: the run row, its shape, events newest first, task rows newest first', () => {
    const timeline = timelineOf(spec, [], EPOCH);
    const details = documents.runDetails({ tenantId: TENANT }, timeline, EPOCH + 1000);
    expect(details.run.status).toBe('COMPLETED');
    expect(details.run.output).toEqual({ ok: 1 });
    expect(details.tasks.map((t) => t.taskExternalId)).toEqual([...timeline.def.taskIds].reverse());
    expect(details.taskEvents[0]?.eventType).toBe('FINISHED');
    expect(documents.taskNumber(timeline.def, 1) % 100).toBe(2);
    // Rows created together (two roots): the later task first.
    const fanOut = timelineOf({ ...spec, parents: {} }, [], EPOCH);
    const rows = documents.runDetails({ tenantId: TENANT }, fanOut, EPOCH + 1000).tasks;
    expect(rows.map((t) => t.taskExternalId)).toEqual([...fanOut.def.taskIds].reverse());
    expect(rows[0]?.taskInsertedAt).toBe(rows[1]?.taskInsertedAt);
  });

  it('listFilter: the CLI’s checks in order, statuses upper-cased and de-duplicated', () => {
    const filter = (flags: Flags, valid = true) =>
      lists.listFilter(
        { runs: [spec] },
        { command: 'runs list', args: [], flags, t: R, auth: { valid } },
      );
    expect(filter({ status: ['failed', 'FAILED', 'running'] })).toEqual({
      since: R - 86_400_000,
      until: undefined,
      workflowId: undefined,
      statuses: ['FAILED', 'RUNNING'],
    });
    expect(filter({ until: 'x' })).toEqual({
      error: 'invalid --until value: invalid duration "x" (use e.g. 1h, 24h, 7d)',
    });
    expect(filter({ workflow: 'orders' }, false)).toEqual({
      error: 'could not resolve workflow: workflow "orders" not found',
    });
    expect(filter({ status: ['DONE'] })).toEqual({
      error: 'invalid status "DONE" (valid: QUEUED,RUNNING,COMPLETED,FAILED,CANCELLED)',
    });
  });

  it('taskLogs: a task’s lines oldest first (the first `limit`) or newest first', () => {
    const timeline = timelineOf(spec, [], EPOCH);
    const messages = (q: { since?: number; limit: number; desc: boolean }) =>
      logs.taskLogs(timeline, 0, EPOCH, q).map((l) => l.message);
    expect(messages({ limit: 2, desc: false })).toEqual([
      'a: step 1 of 3 (attempt 1)',
      'a: step 2 of 3 (attempt 1)',
    ]);
    expect(messages({ limit: 1, desc: true })).toEqual(['a: step 3 of 3 (attempt 1)']);
    const second = logs.taskLogs(timeline, 0, EPOCH, { limit: 3, desc: false })[1]?.timestamp ?? 0;
    expect(messages({ since: second, limit: 50, desc: false })).toEqual([
      'a: step 3 of 3 (attempt 1)',
    ]);
  });

  it('respond: an unknown command is the simulator’s own fatal error', () => {
    const response = commands.respond(
      {},
      { epoch: EPOCH, actions: [] },
      {
        command: 'runs watch',
        args: [],
        flags: {},
        t: R,
        auth: { valid: true },
      },
    );
    expect(response).toEqual({ fatal: 'simulator: unknown command runs watch' });
    expect(model.respond).toBe(commands.respond);
  });
});
