import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from '../../src/cleanup.js';
import { writeProfile } from '../../src/hatchet/profile.js';
import { SIM_BIN, createSim, makeToken } from '../harness/sim.mjs';

const RUN = '0b5e1c6a-2f43-4f0e-9a59-6a1c3e7d9b21';
const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

function leftBehind(cancelOnAbort: boolean) {
  const sim = createSim({
    workflows: [{ id: '5d0c7b3e-8f1a-4c2d-9e6b-3a7f1d2c4b58', name: 'orders' }],
    runs: [{ id: RUN, workflow: 'orders', tasks: ['a'], original: { status: 'RUNNING' } }],
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

describe('cleanup (the post step)', () => {
  it('cancels a run the main step left running, then removes the private home', async () => {
    const { sim, home } = leftBehind(true);
    await cleanup();
    expect(sim.commands('runs cancel')).toEqual([
      ['runs', 'cancel', RUN, '-p', 'ci', '-o', 'json'],
    ]);
    expect(existsSync(home)).toBe(false);
  });

  it('leaves the run alone when cancel-on-abort is false, and still removes the home', async () => {
    const { sim, home } = leftBehind(false);
    await cleanup();
    expect(sim.commands('runs cancel')).toEqual([]);
    expect(existsSync(home)).toBe(false);
  });

  it('does nothing without a saved state', async () => {
    delete process.env.STATE_cleanup;
    await expect(cleanup()).resolves.toBeUndefined();
  });
});
