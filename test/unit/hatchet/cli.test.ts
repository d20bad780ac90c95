import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HatchetCli, cliEnvironment } from '../../../src/hatchet/cli.js';
import { HatchetCliError } from '../../../src/hatchet/errors.js';
import { Hatchet } from '../../../src/hatchet/commands.js';
import { writeProfile } from '../../../src/hatchet/profile.js';
import { runDetailsSchema, triggerSchema } from '../../../src/hatchet/schemas.js';
import { SIM_BIN, createSim, isAlive, makeToken } from '../../harness/sim.mjs';

const RUN = '0b5e1c6a-2f43-4f0e-9a59-6a1c3e7d9b21';

describe('cliEnvironment', () => {
  it('removes HATCHET_CLIENT_* and INPUT_*, turns telemetry off, asks for JSON errors, avoids TERM=dumb', () => {
    const env = cliEnvironment(
      {
        PATH: '/bin',
        HATCHET_CLIENT_TOKEN: 't',
        HATCHET_CLIENT_NAMESPACE: 'n',
        INPUT_TOKEN: 't',
        TERM: 'dumb',
        HOME: '/home/runner',
      },
      '/tmp/private',
    );
    expect(
      Object.keys(env).filter((k) => k.startsWith('HATCHET_CLIENT_') || k.startsWith('INPUT_')),
    ).toEqual([]);
    expect(env).toMatchObject({
      PATH: '/bin',
      HATCHET_CLI_TELEMETRY_ENABLED: 'false',
      HATCHET_CLI_LOGGER_FORMAT: 'json',
      HOME: '/tmp/private',
    });
    expect(env.TERM).not.toBe('dumb');
  });

  it('keeps the runner HOME when there is no private one', () => {
    expect(cliEnvironment({ HOME: '/home/runner' }).HOME).toBe('/home/runner');
  });
});

describe('HatchetCli against the simulator', () => {
  function setup(scenario: object = {}) {
    const sim = createSim({
      workflows: [{ id: '5d0c7b3e-8f1a-4c2d-9e6b-3a7f1d2c4b58', name: 'orders' }],
      runs: [{ id: RUN, workflow: 'orders', tasks: ['a'], original: { status: 'COMPLETED' } }],
      ...scenario,
    });
    const home = mkdtempSync(join(tmpdir(), 'home-'));
    const cli = new HatchetCli({
      binary: join(SIM_BIN, 'hatchet'),
      profile: 'ci',
      home,
      env: {
        ...process.env,
        ...sim.env,
        HATCHET_CLIENT_TOKEN: 'overrides-the-profile',
        INPUT_TOKEN: 'x',
      },
    });
    return {
      sim,
      cli,
      home,
      hatchet: new Hatchet(cli),
      addProfile: () => writeProfile(home, 'ci', makeToken()),
    };
  }

  async function failure(promise: Promise<unknown>): Promise<HatchetCliError> {
    try {
      await promise;
    } catch (error) {
      expect(error).toBeInstanceOf(HatchetCliError);
      return error as HatchetCliError;
    }
    throw new Error('expected a HatchetCliError');
  }

  it('passes -p PROFILE -o json, a clean environment and closed stdin', async () => {
    const { sim, hatchet, addProfile } = setup();
    addProfile();
    const details = await hatchet.getRun(RUN);
    expect(details.run.status).toBe('COMPLETED');
    const call = sim.calls().find((c) => c.argv?.[0] === 'runs');
    expect(call.argv).toEqual(['runs', 'get', RUN, '-p', 'ci', '-o', 'json']);
    expect(call.env).toMatchObject({
      telemetry: 'false',
      logFormat: 'json',
      clientVars: [],
      inputVars: [],
    });
    expect(call.env.term).not.toBe('dumb');
    expect(call.stdin).not.toBe('pipe');
  });

  it('turns a missing profile, an unknown run and a refused token into typed errors', async () => {
    const { hatchet, addProfile } = setup({ rejectedTokens: [] });
    expect((await failure(hatchet.getRun(RUN))).kind).toBe('profile');
    addProfile();
    const missing = await failure(hatchet.getRun('9b5e1c6a-2f43-4f0e-9a59-6a1c3e7d9b29'));
    expect(missing.kind).toBe('not-found');
    expect(missing.message).toContain('run not found (status 404)');
  });

  it('is refused for a token of another tenant', async () => {
    const { hatchet, home } = setup();
    writeProfile(home, 'ci', makeToken({ sub: '00000000-0000-4000-8000-000000000000' }));
    expect((await failure(hatchet.getRun(RUN))).kind).toBe('unauthorized');
  });

  it.each([
    ['garbage', 'bad-output', /not JSON/],
    ['empty', 'bad-output', /not JSON/],
    ['shape', 'bad-output', /unexpected shape \(run\.metadata/],
    ['network', 'transient', /dial tcp/],
    ['crash', 'transient', /exited with code 2/],
  ])('a %s answer becomes a %s error', async (kind, errorKind, message) => {
    const { hatchet, addProfile } = setup({ faults: [{ command: 'runs get', kind }] });
    addProfile();
    const error = await failure(hatchet.getRun(RUN));
    expect(error.kind).toBe(errorKind);
    expect(error.message).toMatch(message);
    expect(error.message).not.toMatch(/\n/);
  });

  it('kills a hanging call and what it started at the deadline', async () => {
    const { sim, hatchet, addProfile } = setup({ faults: [{ command: 'runs get', kind: 'hang' }] });
    addProfile();
    const error = await failure(hatchet.getRun(RUN, { deadlineMs: 1_500 }));
    expect(error.kind).toBe('deadline');
    const grandchild = sim.calls().find((c) => c.grandchild)?.grandchild as number;
    expect(grandchild).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 100));
    expect(isAlive(grandchild)).toBe(false);
  });

  it('counts the wait for a free slot in the deadline, and tells a watcher of each process', async () => {
    const { hatchet, cli, sim, home, addProfile } = setup({
      faults: [{ command: 'runs get', kind: 'slow', delayMs: 1_500, count: -1 }],
    });
    addProfile();
    const seen: string[] = [];
    cli.watch({
      started: (pid, args) => seen.push(`start ${args.slice(0, 2).join(' ')} ${pid > 0}`),
      ended: () => seen.push('end'),
    });
    // One slot: the second call waits ~1.5 s for it, then has ~0.5 s of its 2 s left.
    const limited = new Hatchet(
      new HatchetCli({
        binary: join(SIM_BIN, 'hatchet'),
        profile: 'ci',
        home,
        env: { ...process.env, ...sim.env },
        maxConcurrent: 1,
      }),
    );
    limited.cli.watch({ started: () => seen.push('limited'), ended: () => undefined });
    const first = limited.getRun(RUN, { deadlineMs: 5_000 });
    const second = await failure(limited.getRun(RUN, { deadlineMs: 2_000 }));
    expect(second.kind).toBe('deadline');
    await first;
    await hatchet.getRun(RUN, { deadlineMs: 5_000 });
    expect(seen.filter((line) => line.startsWith('start'))).toEqual(['start runs get true']);
    expect(seen).toContain('end');
  });

  it('reads `null` logs and events as empty lists', async () => {
    const { hatchet, addProfile } = setup();
    addProfile();
    expect(await hatchet.logs('9b5e1c6a-2f43-4f0e-9a59-6a1c3e7d9b29', { tail: 10 })).toEqual([]);
    expect(await hatchet.events('9b5e1c6a-2f43-4f0e-9a59-6a1c3e7d9b29')).toEqual([]);
  });
});

describe('runDetailsSchema', () => {
  it('treats the zero time as absent and keeps unknown statuses', () => {
    const details = runDetailsSchema.parse({
      run: {
        metadata: { id: RUN },
        status: 'BACKOFF',
        finishedAt: '0001-01-01T00:00:00Z',
        startedAt: '2026-08-22T14:03:05.123Z',
      },
      tasks: [{ metadata: { id: 't' }, status: 'RUNNING', retryCount: 1 }],
      taskEvents: null,
    });
    expect(details.run.finishedAt).toBeUndefined();
    expect(details.run.startedAt).toBe('2026-08-22T14:03:05.123Z');
    expect(details.run.status).toBe('BACKOFF');
    expect(details.taskEvents).toEqual([]);
    expect(details.run.output).toEqual({});
  });
});

describe('triggerSchema', () => {
  it('accepts only a UUID as the new run id (it goes back to the CLI and into links)', () => {
    expect(triggerSchema.safeParse({ runId: RUN, workflow: 'w' }).success).toBe(true);
    expect(
      triggerSchema.safeParse({ runId: 'x](https://evil.example)', workflow: 'w' }).success,
    ).toBe(false);
  });
});
