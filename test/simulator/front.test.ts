import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TENANT, createSim, makeToken } from '../harness/sim.mjs';

const require = createRequire(import.meta.url);
const cli = require('./front/argv.cjs') as typeof import('./front/argv.cjs');
const faults = require('./front/faults.cjs') as typeof import('./front/faults.cjs');
const auth = require('./front/auth.cjs') as typeof import('./front/auth.cjs');
const state = require('./front/state.cjs') as typeof import('./front/state.cjs');
const calls = require('./front/calls.cjs') as typeof import('./front/calls.cjs');

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

// The front's modules (front/*.cjs), each on its own, and how hatchet.cjs finds them.

describe('front/argv.cjs', () => {
  it('parses a command as cobra and pflag do: defaults, shorthands, `=`, slices, hex ints', () => {
    expect(cli.parseCommand(['runs', 'get', '-p', 'ci', RUN, '-ojson'])).toEqual({
      name: 'runs get',
      args: [RUN],
      flags: { profile: 'ci', output: 'json' },
    });
    expect(
      cli.parseCommand([
        'runs',
        'list',
        '-p=ci',
        '--status',
        'FAILED',
        '--status=RUNNING,QUEUED',
        '--limit=0x10',
        '--only-tasks=false',
      ]),
    ).toEqual({
      name: 'runs list',
      args: [],
      flags: {
        since: '24h',
        limit: 16,
        offset: 0,
        profile: 'ci',
        status: ['FAILED', 'RUNNING', 'QUEUED'],
        'only-tasks': false,
      },
    });
    // After `--` everything is an argument.
    expect(cli.parseCommand(['runs', 'get', '--', '-p'])).toEqual({
      name: 'runs get',
      args: ['-p'],
      flags: {},
    });
  });

  it.each([
    [['runs', 'watch'], { usage: 'unknown command "watch" for "hatchet runs"' }],
    [['deploy', '-p', 'ci'], { usage: 'unknown command "deploy" for "hatchet"' }],
    [
      ['trigger', '-w', 'orders'],
      { fatal: '--workflow and --json flags can only be used with manual triggering' },
    ],
    [['runs', 'replay', 'a', 'b'], { usage: 'accepts at most 1 arg(s), received 2' }],
    [['runs', 'get', '--nope'], { usage: 'unknown flag: --nope' }],
    [['runs', 'get', '-x'], { usage: "unknown shorthand flag: 'x' in -x" }],
    [['runs', 'get', RUN, '-p'], { usage: "flag needs an argument: 'p' in -p" }],
    [['runs', 'get', RUN, '--profile'], { usage: 'flag needs an argument: --profile' }],
    [
      ['runs', 'logs', RUN, '--follow=maybe'],
      {
        usage:
          'invalid argument "maybe" for "--follow" flag: strconv.ParseBool: parsing "maybe": invalid syntax',
      },
    ],
    [
      ['runs', 'logs', RUN, '-fmaybe'],
      {
        usage:
          'invalid argument "maybe" for "-f, --follow" flag: strconv.ParseBool: parsing "maybe": invalid syntax',
      },
    ],
    [
      ['runs', 'logs', RUN, '--tail', '1.5'],
      {
        usage:
          'invalid argument "1.5" for "--tail" flag: strconv.ParseInt: parsing "1.5": invalid syntax',
      },
    ],
  ])('%j → %j', (argv, expected) => {
    expect(cli.parseCommand(argv)).toEqual(expected);
  });
});

describe('front/faults.cjs', () => {
  it('counts each matching call; calls after+1 … after+count fail, the first fault due wins', () => {
    const scenario = {
      faults: [
        { command: 'runs get', kind: 'network', after: 1, count: 2 },
        { command: 'runs get', kind: 'crash', runId: RUN, count: -1 },
        { command: 'runs list', kind: 'empty' },
      ],
    };
    const hits = { epoch: 0, actions: [], faultHits: {} };
    const kinds = [RUN, RUN, RUN, RUN, 'other', RUN].map(
      (id) => faults.takeFault(scenario, hits, 'runs get', id)?.kind,
    );
    expect(kinds).toEqual(['crash', 'network', 'network', 'crash', undefined, 'crash']);
    expect(hits.faultHits).toEqual({ 0: 6, 1: 5 });
  });

  it('what a call that meets a fault prints, worded per command', () => {
    const scenario = { tenantId: TENANT };
    const claims = { server_url: 'https://h.test' };
    const outcome = (kind: string, command = 'runs get', extra = {}) =>
      faults.faultOutcome({ command, kind, ...extra }, command, RUN, scenario, claims);
    expect(outcome('network')).toEqual({
      output: {
        fatal: `failed to get run: Get "https://h.test/api/v1/stable/workflow-runs/${RUN}": dial tcp 10.0.0.1:443: connect: connection refused`,
      },
      effect: true,
    });
    expect(outcome('network', 'runs replay')).toMatchObject({
      output: {
        fatal: `failed to replay run: Post "https://h.test/api/v1/stable/tenants/${TENANT}/tasks/replay": dial tcp 10.0.0.1:443: connect: connection refused`,
      },
    });
    expect(outcome('rate-limit', 'runs cancel')).toEqual({
      output: { fatal: 'unexpected response from API (status 429)' },
      effect: true,
    });
    expect(outcome('server-error', 'workflows get', { status: 500 })).toEqual({
      output: { fatal: 'workflow not found (status 500)' },
      effect: true,
    });
    expect(outcome('unauthorized', 'runs logs')).toEqual({ output: { exit: 0, stdout: 'null\n' } });
    expect(outcome('unauthorized', 'trigger manual')).toEqual({
      output: { fatal: 'no workflows available. Deploy a workflow first.' },
    });
    expect(outcome('shape', 'runs get', { document: { a: '<' } })).toEqual({
      output: { exit: 0, stdout: '{\n  "a": "\\u003c"\n}\n' },
    });
    expect(outcome('crash')).toMatchObject({ output: { exit: 2, stdout: '' } });
    expect(outcome('slow', 'runs get', { delayMs: 5 })).toEqual({ slow: 5 });
    expect(outcome('hang')).toEqual({ hang: true, effect: true });
    expect(outcome('melt')).toEqual({ output: { fatal: 'simulator: unknown fault kind melt' } });
  });
});

describe('front/auth.cjs, front/state.cjs and front/calls.cjs', () => {
  const saved = { HOME: process.env.HOME, TOKEN: process.env.HATCHET_CLIENT_TOKEN };
  afterEach(() => {
    process.env.HOME = saved.HOME;
    if (saved.TOKEN === undefined) delete process.env.HATCHET_CLIENT_TOKEN;
    else process.env.HATCHET_CLIENT_TOKEN = saved.TOKEN;
  });

  it('profile add writes profiles as viper does, replacing one of the same name', () => {
    process.env.HOME = mkdtempSync(join(tmpdir(), 'sim-home-'));
    delete process.env.HATCHET_CLIENT_TOKEN;
    const scenario = { tenantId: TENANT };
    const first = makeToken();
    const second = makeToken();
    expect(auth.addProfile({ name: 'CI', token: first }, () => scenario)).toEqual({
      stdout: "✓ Profile 'CI' added successfully\n",
    });
    // Names are lower-cased, as viper does.
    expect(auth.readProfiles().ci).toMatchObject({ name: 'ci', token: first });
    expect(auth.addProfile({ name: 'ci', token: second }, () => scenario)).toEqual({
      stdout: "✓ Profile 'ci' added successfully\n",
    });
    const file = join(process.env.HOME, '.hatchet', 'profiles.yaml');
    const text = readFileSync(file, 'utf8');
    expect(text.match(/^ {4}ci:$/gm)).toHaveLength(1);
    expect(text).toContain('        apiserverurl: https://hatchet.example.com\n');
    expect(auth.readProfiles()).toEqual({
      ci: expect.objectContaining({ name: 'ci', tenantid: TENANT, token: second }),
    });
    expect(auth.authenticate(scenario, 'CI')).toMatchObject({ valid: true });
    expect(auth.authenticate(scenario, 'cd')).toEqual({
      error: "could not get profile 'cd': profile 'cd' not found",
    });
    // HATCHET_CLIENT_TOKEN silently overrides the profile's token.
    process.env.HATCHET_CLIENT_TOKEN = makeToken({ sub: 'someone-else' });
    expect(auth.authenticate(scenario, 'ci')).toMatchObject({ valid: false });
    expect(auth.authenticate({ ...scenario, rejectedTokens: [second] }, 'ci')).toMatchObject({
      valid: false,
    });
  });

  it('profile add refuses a missing flag, a malformed token, another tenant’s token', () => {
    const scenario = { tenantId: TENANT };
    expect(auth.addProfile({ token: makeToken() }, () => scenario)).toEqual({
      usage: 'required flag(s) "name" not set',
    });
    expect(auth.addProfile({ name: 'ci' }, () => scenario)).toEqual({
      usage: 'required flag(s) "token" not set',
    });
    expect(auth.addProfile({ name: 'ci', token: 'a.b.c' }, () => scenario)).toEqual({
      fatal: 'invalid token provided: token is malformed',
    });
    expect(auth.addProfile({ name: 'ci', token: makeToken({ sub: 'x' }) }, () => scenario)).toEqual(
      {
        fatal:
          'could not connect to Hatchet server with provided token: unexpected status code 403 from https://hatchet.example.com/api/v1/tenants/x',
      },
    );
    expect(auth.decodeToken(makeToken())?.sub).toBe(TENANT);
  });

  it('state: created on first use, saved after each change, under a lock a dead call cannot keep', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-state-'));
    writeFileSync(join(dir, 'scenario.json'), JSON.stringify({ tenantId: TENANT }));
    expect(state.loadScenario(dir)).toEqual({ tenantId: TENANT });
    const before = Date.now();
    const result = state.withState(dir, (s) => {
      s.faultHits[0] = 1;
      return s.epoch;
    });
    expect(result).toBeGreaterThanOrEqual(before);
    expect(JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8'))).toEqual({
      epoch: result,
      actions: [],
      faultHits: { 0: 1 },
    });
    expect(existsSync(join(dir, 'state.lock'))).toBe(false);
    // A lock left by a call that was killed: its owner is gone, so the lock is taken at once.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid as number;
    mkdirSync(join(dir, 'state.lock'));
    writeFileSync(join(dir, 'state.lock', 'owner'), String(dead));
    expect(state.lockOwnerDead(join(dir, 'state.lock'))).toBe(true);
    const started = Date.now();
    expect(state.withState(dir, (s) => s.faultHits[0])).toBe(1);
    expect(Date.now() - started).toBeLessThan(2000);
    // A lock being created (no owner yet), or held by a live process, is not taken.
    mkdirSync(join(dir, 'state.lock'));
    expect(state.lockOwnerDead(join(dir, 'state.lock'))).toBe(false);
    writeFileSync(join(dir, 'state.lock', 'owner'), String(process.pid));
    expect(state.lockOwnerDead(join(dir, 'state.lock'))).toBe(false);
  });

  it('state: a call never removes a lock that is no longer its own', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-state-'));
    writeFileSync(join(dir, 'scenario.json'), JSON.stringify({ tenantId: TENANT }));
    const lock = join(dir, 'state.lock');
    const other = String(process.ppid);
    state.withState(dir, () => {
      // Meanwhile another call took the lock as stale and holds it now.
      rmSync(lock, { recursive: true });
      mkdirSync(lock);
      writeFileSync(join(lock, 'owner'), other);
    });
    expect(readFileSync(join(lock, 'owner'), 'utf8')).toBe(other);
  });

  it('the call log: calls with their environment, and what `trigger manual -j` read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-calls-'));
    calls.logCall(undefined, ['runs'], 1);
    calls.logCall(dir, ['runs', 'get'], 1);
    const input = join(dir, 'input.json');
    writeFileSync(input, '{"x": 1}');
    chmodSync(input, 0o640);
    expect(calls.readJsonFile(dir, input)).toEqual({ path: input, text: '{"x": 1}' });
    expect(calls.readJsonFile(dir, dir)).toEqual({ path: dir, error: 'is a directory' });
    const missing = join(dir, 'missing.json');
    expect(calls.readJsonFile(dir, missing)).toEqual({
      path: missing,
      error: 'no such file or directory',
    });
    const lines = readFileSync(join(dir, 'calls.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatchObject({ pid: process.pid, t: 1, argv: ['runs', 'get'] });
    expect(lines[0]?.env).toMatchObject({
      home: process.env.HOME,
      clientVars: Object.keys(process.env).filter((k) => k.startsWith('HATCHET_CLIENT_')),
      inputVars: Object.keys(process.env).filter((k) => k.startsWith('INPUT_')),
    });
    expect(['pipe', 'tty-or-null', 'other', 'closed']).toContain(lines[0]?.stdin);
    expect(lines.slice(1).map((l) => l.trigger)).toEqual([
      { file: input, mode: '640', input: { x: 1 } },
      { file: dir, missing: true },
      { file: missing, missing: true },
    ]);
  });
});

describe('hatchet.cjs', () => {
  const SIMULATOR = join(import.meta.dirname, '.');
  const copy = (withModel: boolean) => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-copy-'));
    copyFileSync(join(SIMULATOR, 'hatchet.cjs'), join(dir, 'hatchet'));
    // A release archive of an older harness: the model's facade beside it, not its parts.
    if (withModel) copyFileSync(join(SIMULATOR, 'model.cjs'), join(dir, 'model.cjs'));
    return join(dir, 'hatchet');
  };
  const run = (file: string, env: Record<string, string>, cwd = tmpdir()) => {
    const inherited = { ...process.env };
    delete inherited.HATCHET_SIM_MODEL;
    return spawnSync(process.execPath, [file, '--version'], {
      cwd,
      env: { ...inherited, ...env },
      encoding: 'utf8',
    });
  };

  it('a copy packaged alone finds the rest of the simulator through HATCHET_SIM_MODEL', () => {
    const found = run(copy(true), { HATCHET_SIM_MODEL: join(SIMULATOR, 'model.cjs') });
    expect([found.status, found.stdout]).toEqual([0, '0.104.7\n']);
  });

  it('… or the checkout it is run from, and says what it misses otherwise', () => {
    const root = join(SIMULATOR, '..', '..');
    expect(run(copy(false), {}, root).stdout).toBe('0.104.7\n');
    const lost = run(copy(true), {});
    expect(lost.status).not.toBe(0);
    expect(lost.stderr).toContain('the simulator cannot find model.cjs (set HATCHET_SIM_MODEL)');
  });
});
