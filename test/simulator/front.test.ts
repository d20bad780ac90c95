import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSim, makeToken } from '../harness/sim.mjs';

// The simulator's CLI front (hatchet.cjs): argv as cobra parses it, the state file, faults, and
// the error text of the real CLI. Each call is a process, as the action makes them.

const WF = { id: '5d0c7b3e-8f1a-4c2d-9e6b-3a7f1d2c4b58', name: 'orders' };
const RUN = '0b5e1c6a-2f43-4f0e-9a59-6a1c3e7d9b21';

function setup(scenario: Record<string, unknown>) {
  const sim = createSim({ workflows: [WF], ...scenario });
  const home = mkdtempSync(join(tmpdir(), 'sim-home-'));
  const env = { ...process.env, ...sim.env, HOME: home, HATCHET_CLI_LOGGER_FORMAT: 'json' };
  const hatchet = (...args: string[]) => {
    const result = spawnSync('hatchet', args, { env, encoding: 'utf8' });
    // A fatal error is one JSON line on stderr; a usage error is plain text.
    const first = result.stderr.split('\n')[0] ?? '';
    const error = first.startsWith('{') ? (JSON.parse(first) as { msg?: string }) : {};
    return { code: result.status, stdout: result.stdout, msg: error.msg };
  };
  expect(hatchet('profile', 'add', '--name', 'ci', '--token', makeToken()).code).toBe(0);
  return { sim, hatchet };
}

const failedRun = (replay: Record<string, unknown>) => ({
  runs: [
    {
      id: RUN,
      workflow: 'orders',
      tasks: ['a'],
      original: { status: 'FAILED' },
      replays: [{ status: 'COMPLETED', staleMs: 0, durationMs: 100, ...replay }],
    },
  ],
});

const retriedByUser = (stdout: string) =>
  (JSON.parse(stdout) as { taskEvents: { eventType: string }[] }).taskEvents.filter(
    (e) => e.eventType === 'RETRIED_BY_USER',
  ).length;

describe('the simulator CLI front', () => {
  it('keeps explicit times in its state: a triggered run stays stamped now, call after call', () => {
    const { sim, hatchet } = setup({
      notFoundAfterTriggerMs: 0,
      triggers: { orders: { tasks: ['a'] } },
    });
    const file = join(sim.dir, 'input.json');
    spawnSync('sh', ['-c', `echo '{"x": 1}' > ${file}`]);
    const trigger = hatchet(
      'trigger',
      'manual',
      '-w',
      'orders',
      '-j',
      file,
      '-p',
      'ci',
      '-o',
      'json',
    );
    expect(trigger.code).toBe(0);
    const { runId } = JSON.parse(trigger.stdout) as { runId: string };
    for (let i = 0; i < 2; i++) {
      const get = hatchet('runs', 'get', runId, '-p', 'ci', '-o', 'json');
      expect(get.code).toBe(0);
      const events = (
        JSON.parse(get.stdout) as { taskEvents: { eventType: string; timestamp: string }[] }
      ).taskEvents;
      const queued = events.find((e) => e.eventType === 'QUEUED');
      expect(Math.abs(Date.parse(queued?.timestamp ?? '') - Date.now())).toBeLessThan(60_000);
    }
    const state = JSON.parse(readFileSync(join(sim.dir, 'state.json'), 'utf8')) as {
      actions: { type: string }[];
    };
    expect(state.actions.map((a) => a.type)).toEqual(['trigger']);
  });

  it('a replay that fails with 503 may still have taken effect (`tookEffect`)', () => {
    for (const tookEffect of [true, false]) {
      const { hatchet } = setup({
        ...failedRun({}),
        faults: [{ command: 'runs replay', kind: 'server-error', tookEffect }],
      });
      const replay = hatchet('runs', 'replay', RUN, '-p', 'ci', '-o', 'json');
      expect(replay).toMatchObject({ code: 1, msg: 'unexpected response from API (status 503)' });
      const get = hatchet('runs', 'get', RUN, '-p', 'ci', '-o', 'json');
      expect(retriedByUser(get.stdout)).toBe(tookEffect ? 1 : 0);
    }
  });

  it('prints the status code after the CLI gave up retrying, as the real CLI words it', () => {
    const { hatchet } = setup({
      ...failedRun({}),
      faults: [
        { command: 'runs get', kind: 'rate-limit' },
        { command: 'runs get', kind: 'server-error', status: 500, after: 1 },
        { command: 'runs logs', kind: 'server-error' },
        { command: 'runs list', kind: 'server-error' },
      ],
    });
    const get = () => hatchet('runs', 'get', RUN, '-p', 'ci', '-o', 'json');
    expect(get()).toMatchObject({ code: 1, msg: 'run not found (status 429)' });
    expect(get()).toMatchObject({ code: 1, msg: 'run not found (status 500)' });
    expect(get().code).toBe(0);
    expect(hatchet('runs', 'logs', RUN, '-p', 'ci', '-o', 'json')).toMatchObject({
      code: 0,
      stdout: 'null\n',
    });
    expect(hatchet('runs', 'list', '-p', 'ci', '-o', 'json')).toMatchObject({
      code: 1,
      msg: 'unexpected response from API (status 503)',
    });
  });

  it('parses runs list flags as pflag does, and prints usage errors on both streams', () => {
    const { hatchet } = setup({
      runGroups: [{ count: 7, workflow: 'orders', statuses: ['COMPLETED', 'FAILED'] }],
    });
    const list = hatchet(
      'runs',
      'list',
      '-o',
      'json',
      '-p',
      'ci',
      '-w',
      'orders',
      '--status=FAILED',
      '--limit',
      '2',
      '--offset=1',
      '-s',
      '1d',
    );
    expect(list.code).toBe(0);
    const page = JSON.parse(list.stdout) as { pagination: unknown; rows: { status: string }[] };
    expect(page.pagination).toEqual({ current_page: 1, next_page: 2, num_pages: 2 });
    expect(page.rows.map((r) => r.status)).toEqual(['FAILED', 'FAILED']);
    const bad = hatchet('runs', 'list', '-p', 'ci', '-o', 'json', '--limit', 'x');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe(
      'invalid argument "x" for "--limit" flag: strconv.ParseInt: parsing "x": invalid syntax\n',
    );
    expect(hatchet('runs', 'get', '-p', 'ci').stdout).toBe('accepts 1 arg(s), received 0\n');
    expect(hatchet('runs', 'replay', '-p', 'ci', '-o', 'json')).toMatchObject({
      code: 1,
      msg: '--since is required for bulk replay (or provide a run ID as argument)',
    });
  });
});
