import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createSim,
  makeToken,
  pairCalls,
  runAction,
  runnerFiles,
  whenRunPending,
} from '../harness/sim.mjs';

// The bundled action (dist/index.js) run as the GitHub runner runs it, against the simulator.

const WF = { id: '5d0c7b3e-8f1a-4c2d-9e6b-3a7f1d2c4b58', name: 'order-processing' };
const WF_TASK = { id: '6e1d8c4f-902b-4d3e-8f7c-4b802e3d5c69', name: 'acme-notifications' };
const DAG = '0b5e1c6a-2f43-4f0e-9a59-6a1c3e7d9b21';
const TASK = '1c6f2d7b-3054-4a1f-8b6a-7b2d4f8e0c32';
const HUNG = '2d703e8c-4165-4b20-9c7b-8c3e5a9f1d43';
const UNKNOWN = '9f9f9f9f-0000-4000-8000-000000000001';

function scenario(overrides: Record<string, unknown> = {}) {
  return {
    workflows: [WF, WF_TASK],
    runs: [
      {
        id: DAG,
        workflow: WF.name,
        tasks: ['validate-order', 'charge-payment', 'ship'],
        input: { orderId: 'ord_1' },
        original: { status: 'FAILED', failTaskIndex: 1, error: 'PaymentError: declined' },
        replays: [
          { status: 'COMPLETED', staleMs: 2_500, durationMs: 600, output: { shipped: true } },
        ],
      },
      {
        id: TASK,
        kind: 'task',
        workflow: WF_TASK.name,
        // A standalone task's name differs from its workflow's (here: a namespace prefix).
        taskName: 'send-email',
        input: { to: 'a@example.com' },
        original: { status: 'FAILED', error: 'SMTPError: 421' },
        replays: [{ status: 'COMPLETED', staleMs: 400, durationMs: 300 }],
      },
      {
        id: HUNG,
        workflow: WF.name,
        tasks: ['wait-forever'],
        original: { status: 'COMPLETED' },
        replays: [{ status: 'RUNNING', staleMs: 100 }],
      },
    ],
    triggers: {
      [WF.name]: {
        tasks: ['validate-order', 'ship'],
        attempt: { status: 'COMPLETED', durationMs: 500 },
      },
    },
    notFoundAfterTriggerMs: 1_500,
    ...overrides,
  };
}

const token = makeToken();

/** The standalone task run TASK: its original failed (with `original`), then `replay`. */
function standalone(original: object, replay: object) {
  return {
    id: TASK,
    kind: 'task',
    workflow: WF_TASK.name,
    taskName: 'send-email',
    original: { status: 'FAILED', ...original },
    replays: [{ staleMs: 400, ...replay }],
  };
}

describe.concurrent('the bundled action', () => {
  it('replays a failed DAG run through a stale window longer than the first polls', async () => {
    const sim = createSim(scenario());
    const result = await runAction({ sim, inputs: { 'run-id': DAG, token } });
    expect(result.code).toBe(0);
    expect(result.outputs).toMatchObject({
      'run-id': DAG,
      'original-run-id': DAG,
      mode: 'replay',
      workflow: WF.name,
      status: 'COMPLETED',
      'original-status': 'FAILED',
      passed: 'true',
      output: '{"shipped":true}',
    });
    expect(Number(result.outputs['duration-ms'])).toBe(600);
    expect(result.outputs.url).toBe(
      `https://hatchet.example.com/tenants/7a1f3c52-9d0e-4b6a-8f21-0c3d5e7f9a11/runs/${DAG}`,
    );
    // Several polls saw the stale FAILED before the new attempt showed.
    expect(result.stdout).toMatch(/REPLAY_PENDING[\s\S]*COMPLETED/);
    expect(sim.commands('runs get').length).toBeGreaterThan(4);
    expect(sim.commands('runs replay')).toHaveLength(1);
    const report = JSON.parse(readFileSync(result.outputs.report as string, 'utf8'));
    expect(report.runs[0]).toMatchObject({
      status: 'COMPLETED',
      originalStatus: 'FAILED',
      passed: true,
    });
    expect(report.runs[0].tasks).toHaveLength(3);
    expect(result.summary.split('\n')[0]).toMatch(/^## ✅ Fixed: .* — replay passed/);
    expect(result.summary).toMatch(/\| Status \| ❌ FAILED \| ✅ COMPLETED \|/);
  });

  it('replays a standalone task run, fetching its events (and its worker) with `runs events`', async () => {
    const sim = createSim(scenario());
    const result = await runAction({ sim, inputs: { 'run-id': TASK, token } });
    expect(result.code).toBe(0);
    expect(result.outputs).toMatchObject({
      status: 'COMPLETED',
      'original-status': 'FAILED',
      workflow: WF_TASK.name,
    });
    expect(sim.commands('runs events')).toHaveLength(1);
    expect(result.summary).toMatch(/RETRIED&#95;BY&#95;USER/);
  });

  it.each([
    ['gives it no retries', {}],
    // The original failed its three tries of 1.5 s (its length is its last try's, §4.4: 4.6 s in
    // all, with the simulator's 50 ms between tries); the replay passes its first.
    ['gives it retries', { retries: { 'send-email': 2 }, durationMs: 4_600 }],
  ])(
    'reads a standalone task run’s events near its predicted end when its workflow %s: its log is fetched once they show the end, and nothing after the verdict',
    async (_name, retries) => {
      // The original's (last) try took 1.5 s, so does the replay's; its row shows the end 300 ms
      // after its event.
      const sim = createSim(
        scenario({
          runs: [
            standalone(
              { error: 'SMTPError: 421', durationMs: 1_500, ...retries },
              {
                status: 'COMPLETED',
                durationMs: 1_500,
                engine: { path: 'events-first', jobIntervalMs: 0, taskLagMs: 300, dagLagMs: 0 },
              },
            ),
          ],
        }),
      );
      const result = await runAction({ sim, inputs: { 'run-id': TASK, token } });
      expect(result.outputs.status).toBe('COMPLETED');
      const pairs = pairCalls(sim.calls());
      const verdict = pairs.filter((p) => p.argv.slice(0, 2).join(' ') === 'runs get').at(-1)!;
      // Sent after the verdict's read ended (spawned: not skewed by a slow start under load).
      const after = pairs.filter((p) => p.spawned > verdict.end).map((p) => p.argv.slice(0, 2));
      expect(after).toEqual([]);
      const sentBefore = (command: string) =>
        pairs.filter((p) => p.argv[1] === command && p.spawned < verdict.end);
      expect(sentBefore('events').length).toBeGreaterThanOrEqual(1);
      expect(sentBefore('logs')).toHaveLength(1);
      // The events shown are the new attempt's, up to its end.
      expect(result.summary).toMatch(/RETRIED&#95;BY&#95;USER/);
      expect(result.summary).toMatch(/FINISHED/);
    },
  );

  it('near the predicted end, a failed try the engine retries sends the wait to the run, and the try after it is read from its events: COMPLETED, nothing after the verdict', async () => {
    // The original failed in 1.2 s; the replay's first try fails about then and is retried. Each
    // try is long enough for a read to see it running on a busy machine (the probe needs that).
    const sim = createSim(
      scenario({
        runs: [
          standalone(
            { error: 'SMTPError: 421', durationMs: 1_200 },
            {
              status: 'COMPLETED',
              durationMs: 2_400,
              retries: { 'send-email': 1 },
              engine: { path: 'events-first', jobIntervalMs: 0, taskLagMs: 300, dagLagMs: 0 },
            },
          ),
        ],
      }),
    );
    const result = await runAction({ sim, inputs: { 'run-id': TASK, token } });
    expect(result.outputs.status).toBe('COMPLETED');
    const pairs = pairCalls(sim.calls());
    const verdict = pairs.filter((p) => p.argv.slice(0, 2).join(' ') === 'runs get').at(-1)!;
    const after = pairs.filter((p) => p.spawned > verdict.end);
    expect(after.length).toBeLessThanOrEqual(1);
    expect(pairs.filter((p) => p.argv[1] === 'events' && p.spawned < verdict.end).length).toBe(
      pairs.filter((p) => p.argv[1] === 'events').length,
    );
    // Both tries are in the report: the failed one, its retry, the pass.
    expect(result.summary).toMatch(/RETRYING/);
    expect(result.summary).toMatch(/FINISHED/);
  });

  it.each([
    ['fails', { status: 'FAILED', error: 'SMTPError: 550' }],
    ['passes after a retry', { status: 'COMPLETED', retries: { 'send-email': 1 } }],
  ])(
    'fetches a standalone task run’s events with `runs events` when it %s',
    async (_name, replay) => {
      const sim = createSim(
        scenario({
          runs: [standalone({ error: 'SMTPError: 421' }, { durationMs: 300, ...replay })],
        }),
      );
      const result = await runAction({ sim, inputs: { 'run-id': TASK, token } });
      expect(result.outputs.status).toBe(replay.status);
      // Once the rows are final (again if a FAILED try was seen before its retry showed).
      expect(sim.commands('runs events').length).toBeGreaterThanOrEqual(1);
      // The whole new attempt: the replay's event and, after a retry, the failed try's.
      expect(result.summary).toMatch(/RETRIED&#95;BY&#95;USER/);
      if ('retries' in replay) expect(result.summary).toMatch(/RETRYING/);
    },
  );

  it('fails the step when the replay fails again', async () => {
    const sim = createSim(
      scenario({
        runs: [
          {
            id: DAG,
            workflow: WF.name,
            tasks: ['a', 'b'],
            original: { status: 'FAILED', error: 'E1' },
            replays: [
              {
                status: 'FAILED',
                staleMs: 200,
                durationMs: 300,
                error: 'ValueError: still broken',
              },
            ],
          },
        ],
      }),
    );
    const result = await runAction({ sim, inputs: { 'run-id': DAG, token } });
    expect(result.code).toBe(1);
    expect(result.outputs).toMatchObject({ status: 'FAILED', passed: 'false' });
    const errors = result.commands.filter((c) => c.name === 'error');
    expect(
      errors.some(
        (c) =>
          c.data.includes('ValueError: still broken') && c.properties.includes('title=b failed'),
      ),
    ).toBe(true);
    expect(errors.some((c) => /ended FAILED, expected COMPLETED/.test(c.data))).toBe(true);
  });

  it('passes with `expected-status: FAILED` when the run fails as expected', async () => {
    const sim = createSim(
      scenario({
        runs: [
          {
            id: DAG,
            workflow: WF.name,
            tasks: ['a'],
            original: { status: 'FAILED' },
            replays: [{ status: 'FAILED', staleMs: 200, durationMs: 200 }],
          },
        ],
      }),
    );
    const result = await runAction({
      sim,
      inputs: { 'run-id': DAG, token, 'expected-status': 'FAILED' },
    });
    expect(result.code).toBe(0);
    expect(result.outputs).toMatchObject({ status: 'FAILED', passed: 'true' });
  });

  it('re-triggers with `input`: a new run, the workflow from workflowId, the temp file gone', async () => {
    const sim = createSim(scenario());
    const result = await runAction({
      sim,
      inputs: { 'run-id': DAG, token, input: '{"orderId": "ord_2", "retry": true}' },
    });
    expect(result.code).toBe(0);
    expect(result.outputs.mode).toBe('retrigger');
    expect(result.outputs['run-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.outputs['run-id']).not.toBe(DAG);
    expect(result.outputs['original-run-id']).toBe(DAG);
    expect(result.outputs.workflow).toBe(WF.name);
    expect(sim.commands('workflows get')[0]).toContain(WF.id);
    expect(sim.commands('trigger manual')[0]).toEqual(expect.arrayContaining(['-w', WF.name]));
    const trigger = sim.calls().find((c) => c.trigger)?.trigger;
    expect(trigger.input).toEqual({ orderId: 'ord_2', retry: true });
    expect(trigger.mode).toBe('600');
    expect(trigger.file.startsWith(result.runner.temp)).toBe(true);
    expect(existsSync(trigger.file)).toBe(false);
    expect(result.tempFiles.filter((f) => f.startsWith('hatchet-input-'))).toEqual([]);
    // The new run answered 404 at first: the wait rode it out.
    expect(result.summary).toMatch(/New input/);
  });

  it('re-triggers a standalone task run with `input-file`, using the workflow name, not the task name', async () => {
    const sim = createSim(scenario());
    const runner = runnerFiles();
    const file = join(runner.dir, 'new-input.json');
    writeFileSync(file, '{"to": "b@example.com"}');
    const result = await runAction({
      sim,
      runner,
      inputs: { 'run-id': TASK, token, 'input-file': file },
    });
    expect(result.code).toBe(0);
    expect(sim.commands('trigger manual')[0]).toEqual(expect.arrayContaining(['-w', WF_TASK.name]));
    expect(result.outputs.workflow).toBe(WF_TASK.name);
    expect(readdirSync(runner.temp).filter((f) => f.startsWith('hatchet-input-'))).toEqual([]);
  });

  it('names an unknown run in a clear error', async () => {
    const sim = createSim(scenario());
    const result = await runAction({ sim, inputs: { 'run-id': UNKNOWN, token } });
    expect(result.code).toBe(1);
    expect(result.outputs.status).toBe('ERROR');
    const error = result.commands.find((c) => c.name === 'error' && c.data.includes(UNKNOWN));
    expect(error?.data).toMatch(/Hatchet has no run 9f9f9f9f-0000-4000-8000-000000000001/);
    expect(sim.commands('runs replay')).toHaveLength(0);
  });

  it('refuses to replay a run that has not finished', async () => {
    const sim = createSim(
      scenario({ runs: [{ id: DAG, workflow: WF.name, original: { status: 'RUNNING' } }] }),
    );
    const result = await runAction({ sim, inputs: { 'run-id': DAG, token } });
    expect(result.code).toBe(1);
    expect(result.outputs['original-status']).toBe('RUNNING');
    expect(result.stdout).toMatch(/only a finished run/);
    expect(sim.commands('runs replay')).toHaveLength(0);
  });

  it('times out with TIMED_OUT and cancels the run', async () => {
    const sim = createSim(scenario());
    const result = await runAction({ sim, inputs: { 'run-id': HUNG, token, timeout: '3s' } });
    expect(result.code).toBe(1);
    expect(result.outputs.status).toBe('TIMED_OUT');
    expect(sim.commands('runs cancel')).toEqual([
      ['runs', 'cancel', HUNG, '-p', 'ci', '-o', 'json'],
    ]);
    expect(result.summary).toMatch(/did not finish within 3s/);
    // The run was cancelled, so the post step has nothing left to do.
    expect(JSON.parse(result.state.cleanup as string).pending).toEqual([]);
  });

  it('leaves the run alone on timeout with `cancel-on-abort: false`', async () => {
    const sim = createSim(scenario());
    const result = await runAction({
      sim,
      inputs: { 'run-id': HUNG, token, timeout: '2s', 'cancel-on-abort': 'false' },
    });
    expect(result.outputs.status).toBe('TIMED_OUT');
    expect(sim.commands('runs cancel')).toHaveLength(0);
  });

  it.each([
    [{ 'run-id': '--help' }, 'run-id'],
    [{ 'run-id': DAG, input: '[1]' }, 'input'],
    [{ 'run-id': DAG, input: '{}', 'input-file': 'x.json' }, 'input-file'],
    [{ 'run-id': DAG, 'input-file': '/nonexistent/input.json' }, 'input-file'],
    [{ 'run-id': DAG, 'expected-status': 'OK' }, 'expected-status'],
    [{ 'run-id': DAG, timeout: 'forever' }, 'timeout'],
    [{ 'run-id': DAG, 'cancel-on-abort': 'maybe' }, 'cancel-on-abort'],
    [{ 'run-id': DAG, profile: 'a.b' }, 'profile'],
  ])('refuses bad input %j before any Hatchet call', async (inputs, name) => {
    const sim = createSim(scenario());
    const result = await runAction({ sim, inputs: { token, ...inputs } });
    expect(result.code).toBe(1);
    const error = result.commands.find((c) => c.name === 'error');
    expect(error?.data).toContain(`\`${name}\``);
    expect(sim.calls().filter((c) => c.argv)).toEqual([]);
    expect(result.summary).toContain('## ⚠️ Invalid inputs');
    expect(result.outputs).toMatchObject({ status: 'ERROR', passed: 'false' });
  });

  it('creates the profile from the token in a private home, and never puts the token on a command line', async () => {
    const sim = createSim(scenario());
    const result = await runAction({ sim, inputs: { 'run-id': TASK, token } });
    expect(result.code).toBe(0);
    const calls = sim.calls().filter((c) => c.argv);
    expect(calls.length).toBeGreaterThan(3);
    // No CLI call's argv holds the token (a shared runner's process list would show it) …
    expect(calls.filter((c) => c.argv.some((arg: string) => arg.includes(token)))).toEqual([]);
    expect(calls.some((c) => c.argv[0] === 'profile')).toBe(false);
    // … nor its environment: every call read the profile the action wrote in a private home.
    const homes = new Set(calls.map((c) => c.env.home));
    expect(homes.size).toBe(1);
    const home = [...homes][0] as string;
    expect(home.startsWith(result.runner.temp)).toBe(true);
    expect(calls.every((c) => c.env.clientVars.length === 0 && c.env.inputVars.length === 0)).toBe(
      true,
    );
    // Masked before anything else was printed; never printed otherwise.
    const firstLine = result.stdout.split('\n')[0];
    expect(firstLine).toBe(`::add-mask::${token}`);
    expect(result.stdout.split('\n').filter((l) => l.includes(token))).toEqual([firstLine]);
    expect(result.summary).not.toContain(token);
    expect(existsSync(home)).toBe(false);
    expect(existsSync(join(result.runner.home, '.hatchet'))).toBe(false);
  });

  it('uses the runner’s own profile without a token, ignoring HATCHET_CLIENT_* variables', async () => {
    const sim = createSim(scenario());
    const runner = runnerFiles();
    // A profile made earlier on the runner (e.g. a self-hosted runner).
    const { execFileSync } = await import('node:child_process');
    execFileSync('hatchet', ['profile', 'add', '--name', 'ci', '--token', token], {
      env: { ...process.env, ...sim.env, HOME: runner.home },
    });
    const result = await runAction({
      sim,
      runner,
      inputs: { 'run-id': TASK },
      env: { HATCHET_CLIENT_TENANT_ID: 'other' },
    });
    expect(result.code).toBe(0);
    const get = sim.calls().find((c) => c.argv?.[1] === 'get');
    expect(get.env.home).toBe(runner.home);
    expect(get.env.clientVars).toEqual([]);
    expect(result.outputs.url).toContain('https://hatchet.example.com/tenants/');
  });

  it('fails clearly without a profile or a token', async () => {
    const sim = createSim(scenario());
    const result = await runAction({ sim, inputs: { 'run-id': TASK } });
    expect(result.code).toBe(1);
    expect(result.commands.find((c) => c.name === 'error')?.data).toMatch(
      /profile 'ci' not found.*Pass `token`/,
    );
  });

  it('post step: cancels a run that a killed main step left running, and removes the private home', async () => {
    const sim = createSim(scenario());
    const runner = runnerFiles();
    const main = await runAction({
      sim,
      runner,
      inputs: { 'run-id': HUNG, token },
      // Kill the main step outright (as a runner losing the job would) once the replay is out.
      onSpawn: (child) => whenRunPending(runner, () => child.kill('SIGKILL')),
    });
    expect(main.signal).toBe('SIGKILL');
    const saved = JSON.parse(main.state.cleanup as string);
    expect(saved.pending).toEqual([HUNG]);
    expect(existsSync(saved.home)).toBe(true);
    expect(sim.commands('runs cancel')).toHaveLength(0);

    const post = await runAction({ sim, runner, entry: 'dist/post/index.js', state: main.state });
    expect(post.code).toBe(0);
    expect(sim.commands('runs cancel')).toEqual([
      ['runs', 'cancel', HUNG, '-p', 'ci', '-o', 'json'],
    ]);
    expect(post.stdout).toContain(`Cancelled run ${HUNG}`);
    expect(existsSync(saved.home)).toBe(false);
  });

  it('post step: cancels a run whose cancel failed in the main step, with the profile kept for it', async () => {
    const sim = createSim(
      scenario({
        faults: [{ command: 'runs cancel', kind: 'server-error', status: 503, count: 1 }],
      }),
    );
    const runner = runnerFiles();
    const main = await runAction({ sim, runner, inputs: { 'run-id': HUNG, token, timeout: '4s' } });
    expect(main.outputs.status).toBe('TIMED_OUT');
    expect(main.summary).toMatch(/Could not cancel run/);
    const saved = JSON.parse(main.state.cleanup as string);
    expect(saved.pending).toEqual([HUNG]);
    // The private home (and its profile) outlives the main step while a run is left to cancel.
    expect(existsSync(saved.home)).toBe(true);

    const post = await runAction({ sim, runner, entry: 'dist/post/index.js', state: main.state });
    expect(post.code).toBe(0);
    expect(post.stdout).toContain(`Cancelled run ${HUNG}`);
    expect(sim.commands('runs cancel')).toHaveLength(2);
    expect(existsSync(saved.home)).toBe(false);
  });

  it('post step: does nothing after a main step that finished', async () => {
    const sim = createSim(scenario());
    const runner = runnerFiles();
    const main = await runAction({ sim, runner, inputs: { 'run-id': TASK, token } });
    expect(main.code).toBe(0);
    const post = await runAction({ sim, runner, entry: 'dist/post/index.js', state: main.state });
    expect(post.code).toBe(0);
    expect(sim.commands('runs cancel')).toHaveLength(0);
    expect(post.stdout).toBe('');
  });

  it('explains a re-trigger of a workflow beyond the 50 the CLI searches', async () => {
    // The CLI only looks at the tenant's first 50 workflows (an upstream bug).
    const many = Array.from({ length: 60 }, (_, i) => ({
      id: `5d0c7b3e-8f1a-4c2d-9e6b-${String(i).padStart(12, '0')}`,
      name: `workflow-${i}`,
    }));
    const late = many[55] as { id: string; name: string };
    const sim = createSim(
      scenario({
        workflows: many,
        runs: [
          {
            id: DAG,
            workflow: late.name,
            workflowId: late.id,
            tasks: ['a'],
            original: { status: 'COMPLETED' },
          },
        ],
      }),
    );
    const result = await runAction({ sim, inputs: { 'run-id': DAG, token, input: '{}' } });
    expect(result.code).toBe(1);
    expect(result.outputs.workflow).toBe(late.name);
    expect(sim.commands('trigger manual')).toHaveLength(1);
    const error = result.commands.find((c) => c.name === 'error')?.data ?? '';
    expect(error).toMatch(
      /workflow 'workflow-55' not found\. .*only searches the first page of the tenant's workflows/,
    );
  });

  it('names the workflow when the run’s workflow is gone', async () => {
    const sim = createSim(
      scenario({
        runs: [
          {
            id: DAG,
            workflow: 'deleted',
            workflowId: '0d0d0d0d-0000-4000-8000-000000000000',
            tasks: ['a'],
            original: { status: 'COMPLETED' },
          },
        ],
      }),
    );
    const result = await runAction({ sim, inputs: { 'run-id': DAG, token, input: '{}' } });
    expect(result.code).toBe(1);
    expect(result.commands.find((c) => c.name === 'error')?.data).toMatch(
      /Hatchet has no workflow 0d0d0d0d-0000-4000-8000-000000000000 \(of run 0b5e1c6a/,
    );
    expect(sim.commands('trigger manual')).toHaveLength(0);
  });

  it('shows the newest lines of a DAG task’s log, and says older ones were cut', async () => {
    const sim = createSim(
      scenario({
        runs: [
          {
            id: DAG,
            workflow: WF.name,
            tasks: ['validate-order', 'charge-payment'],
            original: { status: 'FAILED', logLines: 300 },
            replays: [{ status: 'FAILED', staleMs: 200, durationMs: 300, logLines: 200 }],
          },
        ],
      }),
    );
    const result = await runAction({ sim, inputs: { 'run-id': DAG, token, 'log-lines': '5' } });
    const report = JSON.parse(readFileSync(result.outputs.report as string, 'utf8'));
    const charge = report.runs[0].logs.find(
      (l: { taskName: string }) => l.taskName === 'charge-payment',
    );
    const messages = charge.lines.map((l: { message: string }) => l.message);
    expect(messages).toHaveLength(5);
    expect(messages.some((m: string) => /step 199 of 200 \(attempt 2\)/.test(m))).toBe(true);
    expect(messages.some((m: string) => /attempt 1/.test(m))).toBe(false);
    expect(charge.note).toContain('Older lines of this task are not shown');
    // Never more than the server takes.
    const tails = sim
      .commands('runs logs')
      .map((argv: string[]) => Number(argv[argv.indexOf('--tail') + 1]));
    expect(Math.max(...tails)).toBeLessThanOrEqual(10_000);
  });

  it('never shows an old attempt’s lines as a standalone task’s, and says what could not be read', async () => {
    const sim = createSim(
      scenario({
        runs: [
          standalone(
            { logLines: 300 },
            { status: 'COMPLETED', staleMs: 200, durationMs: 300, logLines: 200 },
          ),
        ],
      }),
    );
    const result = await runAction({ sim, inputs: { 'run-id': TASK, token, 'log-lines': '5' } });
    expect(result.code).toBe(0);
    const report = JSON.parse(readFileSync(result.outputs.report as string, 'utf8'));
    const log = report.runs[0].logs[0];
    const messages: string[] = log.lines.map((l: { message: string }) => l.message);
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.every((m) => m.includes('(attempt 2)'))).toBe(true);
    // The CLI answers a standalone run with its first 50 lines: the action narrows them to the
    // new attempt with --since and says the rest could not be read.
    expect(sim.commands('runs logs')[0]).toEqual(expect.arrayContaining(['--since']));
    expect(log.note).toMatch(/only the first 50 lines of a standalone task run/);
    expect(result.summary).toMatch(/only the first 50 lines of a standalone task run/);
  });
});
