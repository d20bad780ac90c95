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
