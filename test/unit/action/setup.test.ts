import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setUpCli } from '../../../src/action/setup.js';
import { writeProfile } from '../../../src/hatchet/profile.js';
import type { Settings } from '../../../src/settings/load.js';
import { cliDir, packageRelease, serve } from '../../harness/release.mjs';
import { SERVER, SIM_BIN, createSim, makeToken } from '../../harness/sim.mjs';

// setUpCli with real processes: the simulator (test/simulator) as the `hatchet` on PATH, or
// installed from a loopback server laid out like GitHub's release downloads.

const RUN = '0b5e1c6a-2f43-4f0e-9a59-6a1c3e7d9b21';
const VERSION = '0.104.7';
const saved = { ...process.env };
let server: Awaited<ReturnType<typeof serve>> | undefined;
/** What setUpCli printed (its info lines and workflow commands), one entry per line. */
let printed: string[] = [];

beforeEach(() => {
  printed = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    printed.push(...String(chunk).split(/\r?\n/).filter(Boolean));
    return true;
  });
});

afterEach(async () => {
  vi.restoreAllMocks();
  // Put back in place, not replaced: os.homedir() reads HOME from the real environment, which
  // a plain object standing in for process.env no longer changes.
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
  await server?.close();
  server = undefined;
});

const settings = (extra: Partial<Settings> = {}): Settings => ({
  runIds: [RUN],
  profile: 'ci',
  expectedStatus: 'COMPLETED',
  timeoutMs: 60_000,
  pollIntervalMs: 1_000,
  cancelOnAbort: true,
  version: 'latest',
  install: false,
  logLines: 10,
  summary: true,
  concurrency: 5,
  compareOutput: false,
  compareIgnore: [],
  repeat: 1,
  ...extra,
});

/** A simulated tenant holding RUN, the simulator first on PATH, HOME a fresh directory. */
function simulator(path = SIM_BIN) {
  const sim = createSim({
    workflows: [{ id: '5d0c7b3e-8f1a-4c2d-9e6b-3a7f1d2c4b58', name: 'orders' }],
    runs: [{ id: RUN, workflow: 'orders', tasks: ['a'], original: { status: 'COMPLETED' } }],
  });
  const home = mkdtempSync(join(tmpdir(), 'runner-home-'));
  Object.assign(process.env, sim.env, {
    PATH: `${path}${delimiter}${saved.PATH}`,
    HOME: home,
  });
  return { sim, home, temp: mkdtempSync(join(tmpdir(), 'runner-temp-')) };
}

const signal = () => new AbortController().signal;

describe('setUpCli with `install: false`', () => {
  it('with a token: makes a private home under RUNNER_TEMP, writes the profile there, and reads the server from the token', async () => {
    const { sim, temp } = simulator();
    const homes: [string, string][] = [];
    const setup = await setUpCli(settings({ token: makeToken() }), temp, signal(), (home, binary) =>
      homes.push([home, binary]),
    );
    expect(setup.binary).toBe(join(SIM_BIN, 'hatchet'));
    expect(setup.serverUrl).toBe(SERVER);
    expect(setup.home?.startsWith(join(temp, 'hatchet-home-'))).toBe(true);
    expect(homes).toEqual([[setup.home, setup.binary]]);
    expect(statSync(setup.home as string).mode & 0o777).toBe(0o700);
    expect(existsSync(join(setup.home as string, '.hatchet', 'profiles.yaml'))).toBe(true);
    // The profile is the one the CLI reads: a call goes through with `-p ci`, in that home.
    expect((await setup.hatchet.getRun(RUN)).run.status).toBe('COMPLETED');
    expect(sim.commands('runs get')).toEqual([['runs', 'get', RUN, '-p', 'ci', '-o', 'json']]);
    expect(printed).toContain("Created profile 'ci' in a private CLI home.");
    expect(printed).toContain(`::debug::hatchet runs get ${RUN} -p ci -o json`);
    expect(printed).toContain(`Hatchet CLI ${VERSION} (${join(SIM_BIN, 'hatchet')})`);
  });

  it('without a token: makes no home, uses the runner’s profile, and reads the server from it', async () => {
    const { home, temp } = simulator();
    writeProfile(home, 'ci', makeToken({ server_url: 'https://other.example.com' }));
    const homes: string[] = [];
    const setup = await setUpCli(settings(), temp, signal(), (h) => homes.push(h));
    expect(setup.home).toBeUndefined();
    expect(homes).toEqual([]);
    expect(setup.serverUrl).toBe('https://other.example.com');
    expect((await setup.hatchet.getRun(RUN)).run.status).toBe('COMPLETED');
    expect(printed.some((line) => line.startsWith('Created profile'))).toBe(false);
  });

  it('without a token or a profile: no server URL', async () => {
    const { temp } = simulator();
    const setup = await setUpCli(settings(), temp, signal(), () => undefined);
    expect(setup.serverUrl).toBeUndefined();
  });

  it('fails clearly when no hatchet is on PATH', async () => {
    const temp = mkdtempSync(join(tmpdir(), 'runner-temp-'));
    process.env.PATH = mkdtempSync(join(tmpdir(), 'empty-'));
    await expect(setUpCli(settings(), temp, signal(), () => undefined)).rejects.toThrow(
      /`install` is false, but no `hatchet` was found on PATH/,
    );
  });

  it('refuses a CLI that is too old, in the calls that follow', async () => {
    const message = /^The Hatchet CLI 0\.50\.0 is too old: the action needs 0\.79\.1 or newer/;
    const { temp } = simulator(cliDir('0.50.0'));
    const setup = await setUpCli(settings({ token: makeToken() }), temp, signal(), () => undefined);
    await expect(setup.hatchet.getRun(RUN)).rejects.toThrow(message);
    await expect(setup.hatchet.replay(RUN)).rejects.toThrow(message);
  });

  it('refuses a CLI that does not run, naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'broken-'));
    writeFileSync(join(dir, 'hatchet'), '#!/bin/sh\nexit 3\n', { mode: 0o755 });
    const { temp } = simulator(dir);
    const setup = await setUpCli(settings({ token: makeToken() }), temp, signal(), () => undefined);
    await expect(setup.hatchet.getRun(RUN)).rejects.toThrow(
      `The Hatchet CLI at ${join(dir, 'hatchet')} does not run: hatchet --version exited with code 3`,
    );
  });

  it('goes on with a warning for a development build', async () => {
    const { temp } = simulator(cliDir('0.1.0-alpha.0'));
    const setup = await setUpCli(settings({ token: makeToken() }), temp, signal(), () => undefined);
    expect((await setup.hatchet.getRun(RUN)).run.status).toBe('COMPLETED');
    expect(printed.filter((line) => line.startsWith('::warning::'))).toEqual([
      expect.stringMatching(
        /^::warning::The Hatchet CLI reports v0\.1\.0-alpha\.0: a development build/,
      ),
    ]);
  });
});

describe('setUpCli with `install: true`', () => {
  beforeEach(() => {
    const dir = mkdtempSync(join(tmpdir(), 'setup-install-'));
    process.env.RUNNER_TOOL_CACHE = join(dir, 'tool-cache');
    process.env.RUNNER_TEMP = join(dir, 'temp');
    process.env.GITHUB_PATH = join(dir, 'path');
    writeFileSync(process.env.GITHUB_PATH, '');
  });

  it('installs the CLI, then finds it in the tool cache, and runs the installed one', async () => {
    const { temp } = simulator(mkdtempSync(join(tmpdir(), 'empty-')));
    server = await serve(packageRelease(VERSION).root);
    const asked = settings({
      install: true,
      version: VERSION,
      downloadUrl: server.url,
      token: makeToken(),
    });
    const first = await setUpCli(asked, temp, signal(), () => undefined);
    expect(first.binary.startsWith(process.env.RUNNER_TOOL_CACHE as string)).toBe(true);
    expect((await first.hatchet.getRun(RUN)).run.status).toBe('COMPLETED');
    expect(printed).toContain(`Installed the Hatchet CLI ${VERSION}.`);
    const again = await setUpCli(asked, temp, signal(), () => undefined);
    expect(again.binary).toBe(first.binary);
    expect(printed).toContain(`Found the Hatchet CLI ${VERSION} in the tool cache.`);
  });

  it('refuses an installed CLI that reports another version than the one asked for', async () => {
    const { temp } = simulator(mkdtempSync(join(tmpdir(), 'empty-')));
    server = await serve(packageRelease('0.104.8', undefined, `v${VERSION}`).root);
    const setup = await setUpCli(
      settings({ install: true, version: '0.104.8', downloadUrl: server.url, token: makeToken() }),
      temp,
      signal(),
      () => undefined,
    );
    await expect(setup.hatchet.getRun(RUN)).rejects.toThrow(
      `The installed Hatchet CLI reports version v${VERSION}, but 0.104.8 was asked for.`,
    );
  });

  it('accepts an installed CLI that reports its version with a leading v', async () => {
    const { temp } = simulator(mkdtempSync(join(tmpdir(), 'empty-')));
    server = await serve(packageRelease(VERSION, undefined, `v${VERSION}`).root);
    const setup = await setUpCli(
      settings({ install: true, version: VERSION, downloadUrl: server.url, token: makeToken() }),
      temp,
      signal(),
      () => undefined,
    );
    expect((await setup.hatchet.getRun(RUN)).run.status).toBe('COMPLETED');
  });
});
