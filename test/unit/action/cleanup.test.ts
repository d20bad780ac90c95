import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup } from '../../../src/action/cleanup.js';
import { writeProfile } from '../../../src/hatchet/profile.js';
import { runDetailsSchema, type RunDetails } from '../../../src/hatchet/schemas.js';
import { acceptanceBaseline } from '../../../src/run/baseline.js';
import { SIM_BIN, createSim, makeToken } from '../../harness/sim.mjs';

const RUN = '0b5e1c6a-2f43-4f0e-9a59-6a1c3e7d9b21';
const saved = { ...process.env };
/** What cleanup printed: its info lines and `::warning::` commands, one entry per line. */
let printed: string[] = [];
beforeEach(() => {
  printed = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    printed.push(...String(chunk).split(/\r?\n/).filter(Boolean));
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  process.env = { ...saved };
  // Cleanup swallows every error into one warning: no test may pass through that path.
  expect(printed.filter((line) => line.includes('Cleanup failed'))).toEqual([]);
});
const warnings = () => printed.filter((line) => line.startsWith('::warning::'));

function leftBehind(
  cancelOnAbort: boolean,
  run: object = { original: { status: 'RUNNING' } },
  faults: object[] = [],
) {
  const sim = createSim({
    workflows: [{ id: '5d0c7b3e-8f1a-4c2d-9e6b-3a7f1d2c4b58', name: 'orders' }],
    runs: [{ id: RUN, workflow: 'orders', tasks: ['a'], ...run }],
    faults,
  });
  const home = mkdtempSync(join(tmpdir(), 'home-'));
  writeProfile(home, 'ci', makeToken());
  Object.assign(process.env, sim.env);
  process.env.STATE_cleanup = JSON.stringify({
    binary: join(SIM_BIN, 'hatchet'),
    profile: 'ci',
    home,
    cancelOnAbort,
    pending: [RUN],
  });
  return { sim, home };
}

/** The run as `runs get` shows it now, kept as the main step keeps a baseline for the post step. */
function baselineNow() {
  const read = spawnSync(join(SIM_BIN, 'hatchet'), ['runs', 'get', RUN, '-p', 'ci', '-o', 'json'], {
    env: { ...process.env, HATCHET_CLIENT_TOKEN: makeToken() },
    encoding: 'utf8',
  });
  expect(read.status).toBe(0);
  return acceptanceBaseline(runDetailsSchema.parse(JSON.parse(read.stdout)));
}

const inFlightReplay = (before: RunDetails) => ({
  kind: 'replay',
  key: `replay:${RUN}`,
  runId: RUN,
  before,
});

describe('cleanup (the post step)', () => {
  it('cancels a run the main step left running, then removes the private home', async () => {
    const { sim, home } = leftBehind(true);
    await cleanup();
    expect(sim.commands('runs cancel')).toEqual([
      ['runs', 'cancel', RUN, '-p', 'ci', '-o', 'json'],
    ]);
    expect(existsSync(home)).toBe(false);
    expect(printed).toEqual([`Cancelled run ${RUN}, which the main step left running.`]);
  });

  it('leaves the run alone when cancel-on-abort is false, and still removes the home', async () => {
    const { sim, home } = leftBehind(false);
    await cleanup();
    expect(sim.commands('runs cancel')).toEqual([]);
    expect(existsSync(home)).toBe(false);
    expect(printed).toEqual([`Leaving 1 run(s) running (cancel-on-abort is false): ${RUN}`]);
  });

  it('cancels a replay that was in flight only once it is seen to have taken effect', async () => {
    const { sim } = leftBehind(true);
    const state = JSON.parse(process.env.STATE_cleanup as string);
    // The baseline is the run as it is: no replay shows.
    process.env.STATE_cleanup = JSON.stringify({
      ...state,
      pending: [],
      inFlight: [inFlightReplay(baselineNow())],
    });
    await cleanup();
    // It looked (the run was read), saw no new attempt, and said so.
    expect(sim.commands('runs get').length).toBeGreaterThan(0);
    expect(sim.commands('runs cancel')).toEqual([]);
    expect(printed).toContain(
      `The replay of run ${RUN} did not take effect: the run is left alone.`,
    );
    expect(warnings()).toEqual([]);
  }, 30_000);

  it('cancels an in-flight replay that shows only as a RETRIED_BY_USER event (events first)', async () => {
    const { sim } = leftBehind(true, {
      original: { status: 'COMPLETED' },
      replays: [
        { status: 'RUNNING', staleMs: 0, engine: { path: 'events-first', taskLagMs: 60_000 } },
      ],
    });
    const before = baselineNow();
    const replayed = spawnSync(
      join(SIM_BIN, 'hatchet'),
      ['runs', 'replay', RUN, '-p', 'ci', '-o', 'json'],
      {
        env: { ...process.env, HATCHET_CLIENT_TOKEN: makeToken() },
      },
    );
    expect(replayed.status).toBe(0);
    const state = JSON.parse(process.env.STATE_cleanup as string);
    process.env.STATE_cleanup = JSON.stringify({
      ...state,
      pending: [],
      inFlight: [inFlightReplay(before)],
    });
    await cleanup();
    expect(sim.commands('runs cancel')).toEqual([
      ['runs', 'cancel', RUN, '-p', 'ci', '-o', 'json'],
    ]);
    expect(printed).toEqual([`Cancelled run ${RUN}, which the main step left running.`]);
  }, 30_000);

  it('stops a CLI the main step left and removes a trigger’s input file', async () => {
    const { home } = leftBehind(true);
    const state = JSON.parse(process.env.STATE_cleanup as string);
    const inputDir = mkdtempSync(join(tmpdir(), 'hatchet-input-'));
    const child = spawn(
      process.execPath,
      ['-e', 'setTimeout(() => {}, 60000)', join(SIM_BIN, 'hatchet')],
      {
        detached: true,
        stdio: 'ignore',
      },
    );
    process.env.STATE_cleanup = JSON.stringify({
      ...state,
      home,
      pending: [],
      children: [child.pid],
      inFlight: [{ kind: 'trigger', key: 'trigger:x', workflow: 'orders', inputDir }],
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await cleanup();
    await expect(exited).resolves.toBeDefined();
    expect(existsSync(inputDir)).toBe(false);
    expect(existsSync(home)).toBe(false);
    expect(printed).toContain(
      `Stopped a Hatchet CLI call (pid ${child.pid}) that the main step left running.`,
    );
    expect(warnings()).toEqual([
      expect.stringMatching(/^::warning::A trigger of workflow 'orders' was in flight/),
    ]);
  });

  it('warns, and still removes the home, when a run cannot be cancelled', async () => {
    const { sim, home } = leftBehind(true, undefined, [
      { command: 'runs cancel', kind: 'unauthorized', count: -1 },
    ]);
    await cleanup();
    expect(sim.commands('runs cancel')).toEqual([
      ['runs', 'cancel', RUN, '-p', 'ci', '-o', 'json'],
    ]);
    expect(warnings()).toEqual([
      expect.stringMatching(new RegExp(`^::warning::Could not cancel run ${RUN}: .*403`)),
    ]);
    expect(existsSync(home)).toBe(false);
  });

  it('does nothing without a saved state', async () => {
    const { sim, home } = leftBehind(true);
    delete process.env.STATE_cleanup;
    await expect(cleanup()).resolves.toBeUndefined();
    expect(sim.commands('')).toEqual([]);
    expect(existsSync(home)).toBe(true);
    expect(printed).toEqual([]);
  });
});
