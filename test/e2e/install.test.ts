import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { simpleSim } from '../harness/scenarios.mjs';
import { ROOT, createSim, makeToken, runAction, runnerFiles } from '../harness/sim.mjs';
import { cliDir, packageRelease, serve } from '../harness/release.mjs';

// The bundled action (dist/index.js) as the runner starts it. What the installer does on its
// own (latest, checksums, cache, retries) is tested in test/unit/install; here, that the action wires
// it up and reports it: outputs, exit code, ::error:: and ::warning:: commands.

const RUN = '0b5e1c6a-2f43-4f0e-9a59-6a1c3e7d9b21';
const VERSION = '0.104.7';

describe('the bundled action installs the CLI', () => {
  const servers: { close: () => Promise<unknown> }[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  /** A release on a loopback mirror, a run to replay, and a step's inputs that install from it. */
  async function fromMirror() {
    const release = packageRelease(VERSION);
    const mirror = await serve(release.root);
    servers.push(mirror);
    const sim = simpleSim();
    // No simulator on PATH: only the installed CLI can answer.
    const simWithoutPath = { env: { HATCHET_SIM_DIR: sim.dir } };
    const inputs = {
      'run-id': RUN,
      token: makeToken(),
      install: 'true',
      version: VERSION,
      'download-url': `${mirror.url}/`,
    };
    return { release, mirror, sim, simWithoutPath, inputs };
  }

  it('from a loopback mirror (download-url), checksum-verified, then replays with it; the second time from the cache', async () => {
    const { release, mirror, sim, simWithoutPath, inputs } = await fromMirror();
    const runner = runnerFiles();
    const first = await runAction({ sim: simWithoutPath, runner, inputs });
    expect(first.code).toBe(0);
    expect(first.outputs.status).toBe('COMPLETED');
    expect(first.stdout).toContain(`Installed the Hatchet CLI ${VERSION}`);
    expect(first.stdout).toContain(
      `Hatchet CLI ${VERSION} (${runner.toolCache}/hatchet/${VERSION}/`,
    );
    expect(mirror.requests.map((r) => r.url)).toEqual([
      `/v${VERSION}/${release.asset}`,
      `/v${VERSION}/checksums.txt`,
    ]);
    expect(sim.commands('runs replay')).toHaveLength(1);

    const second = await runAction({ sim: simWithoutPath, runner, inputs });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(`Found the Hatchet CLI ${VERSION} in the tool cache`);
    expect(mirror.requests).toHaveLength(2);
  });

  it('finds a cached CLI without loading the tool cache (a copy of the bundle without its chunk)', async () => {
    const { simWithoutPath, inputs } = await fromMirror();
    const runner = runnerFiles();
    expect((await runAction({ sim: simWithoutPath, runner, inputs })).code).toBe(0);
    // The bundle, less the chunk that holds @actions/tool-cache (and the HTTP client under it).
    const copy = mkdtempSync(join(tmpdir(), 'bundle-'));
    cpSync(join(ROOT, 'dist'), copy, { recursive: true });
    const chunks = readdirSync(copy)
      .filter((file) => file.endsWith('.js'))
      .filter((file) =>
        readFileSync(join(copy, file), 'utf8').includes('Expected RUNNER_TOOL_CACHE to be defined'),
      );
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).not.toBe('index.js');
    rmSync(join(copy, chunks[0]!));
    const entry = relative(ROOT, join(copy, 'index.js'));

    const warm = await runAction({ sim: simWithoutPath, runner, inputs, entry });
    expect(warm.code).toBe(0);
    expect(warm.stdout).toContain(`Found the Hatchet CLI ${VERSION} in the tool cache`);
    expect(warm.outputs.status).toBe('COMPLETED');
    // That chunk is the one a download needs: with an empty tool cache the copy cannot install.
    const cold = await runAction({ sim: simWithoutPath, runner: runnerFiles(), inputs, entry });
    expect(cold.code).toBe(1);
    expect(cold.outputs.status).toBe('ERROR');
    expect(cold.commands.find((c) => c.name === 'error')?.data).toContain(
      `Cannot find module '${join(copy, chunks[0]!)}'`,
    );
  });

  it('fails clearly when the archive is missing', async () => {
    const release = packageRelease(VERSION);
    const mirror = await serve(release.root);
    servers.push(mirror);
    const sim = createSim({});
    const result = await runAction({
      sim: { env: { HATCHET_SIM_DIR: sim.dir } },
      inputs: { 'run-id': RUN, install: 'true', version: '0.0.1', 'download-url': mirror.url },
    });
    expect(result.code).toBe(1);
    expect(result.commands.find((c) => c.name === 'error')?.data).toMatch(
      /v0\.0\.1 has no asset .*404 at http:\/\/127\.0\.0\.1/,
    );
    expect(result.outputs.status).toBe('ERROR');
  });

  it('with `install: false`, fails clearly when there is no hatchet on PATH', async () => {
    const sim = createSim({});
    const result = await runAction({
      sim: { env: { HATCHET_SIM_DIR: sim.dir } },
      inputs: { 'run-id': RUN, install: 'false' },
      env: { PATH: '/usr/bin:/bin' },
    });
    expect(result.code).toBe(1);
    expect(result.commands.find((c) => c.name === 'error')?.data).toMatch(
      /`install` is false, but no `hatchet` was found on PATH/,
    );
  });

  it('refuses a CLI that does not report the version asked for', async () => {
    const release = packageRelease(VERSION, undefined, '0.90.0');
    const mirror = await serve(release.root);
    servers.push(mirror);
    const sim = createSim({});
    const result = await runAction({
      sim: { env: { HATCHET_SIM_DIR: sim.dir } },
      inputs: { 'run-id': RUN, install: 'true', version: VERSION, 'download-url': mirror.url },
    });
    expect(result.code).toBe(1);
    expect(result.commands.find((c) => c.name === 'error')?.data).toMatch(
      /reports version 0\.90\.0, but 0\.104\.7 was asked for/,
    );
  });

  it('refuses a CLI too old to print JSON', async () => {
    const release = packageRelease('0.70.0');
    const mirror = await serve(release.root);
    servers.push(mirror);
    const sim = createSim({});
    const result = await runAction({
      sim: { env: { HATCHET_SIM_DIR: sim.dir } },
      inputs: { 'run-id': RUN, install: 'true', version: '0.70.0', 'download-url': mirror.url },
    });
    expect(result.code).toBe(1);
    expect(result.commands.find((c) => c.name === 'error')?.data).toMatch(
      /Hatchet CLI 0\.70\.0 is too old: the action needs 0\.79\.1 or newer/,
    );
    // The version check runs beside the first read (runs get); nothing else is sent.
    const others = sim.calls().filter((c) => c.argv && c.argv[0] !== '--version');
    expect(others.filter((c) => c.argv.slice(0, 2).join(' ') !== 'runs get')).toEqual([]);
  });

  // The tests below need a dist/ rebuilt from the current src/.

  it('says a pinned release has no CLI assets for this platform when its checksums.txt is missing', async () => {
    const release = packageRelease(VERSION);
    const mirror = await serve(release.root, {
      [`/v${VERSION}/checksums.txt`]: (_req, res) => res.writeHead(404).end(),
    });
    servers.push(mirror);
    const sim = createSim({});
    const result = await runAction({
      sim: { env: { HATCHET_SIM_DIR: sim.dir } },
      inputs: { 'run-id': RUN, install: 'true', version: VERSION, 'download-url': mirror.url },
    });
    expect(result.code).toBe(1);
    expect(result.commands.find((c) => c.name === 'error')?.data).toMatch(
      /v0\.104\.7 has no asset checksums\.txt \(404 at http:\/\/127\.0\.0\.1:\d+\/v0\.104\.7\/checksums\.txt\): that release has no CLI assets for \w+ \w+\. Set `version` to another release/,
    );
    expect(result.outputs.status).toBe('ERROR');
    expect(sim.calls()).toEqual([]);
    // The failed download was removed.
    expect(result.tempFiles.filter((f) => !f.startsWith('hatchet-replay-report-'))).toEqual([]);
  });

  it('with `install: false`, passes over a `hatchet` on PATH that is not executable', async () => {
    const sim = createSim({});
    const result = await runAction({
      sim: { env: { HATCHET_SIM_DIR: sim.dir } },
      inputs: { 'run-id': RUN, install: 'false' },
      env: { PATH: `${cliDir(VERSION, 0o644)}${delimiter}/usr/bin${delimiter}/bin` },
    });
    expect(result.code).toBe(1);
    expect(result.commands.find((c) => c.name === 'error')?.data).toMatch(
      /`install` is false, but no `hatchet` was found on PATH \(only an executable file counts/,
    );
    expect(result.stdout).not.toContain('does not run');
  });

  it('on job cancellation during a download that hangs: ABORTED, summary and outputs, exits within 7 s', async () => {
    const release = packageRelease(VERSION);
    const hung: { destroy: () => void }[] = [];
    let requested: () => void = () => undefined;
    const downloading = new Promise<void>((resolve) => (requested = resolve));
    // The archive's headers and a first chunk, then nothing: the download never ends.
    const mirror = await serve(release.root, {
      [`/v${VERSION}/${release.asset}`]: (_req, res) => {
        res.writeHead(200, { 'content-length': 10_000_000 });
        res.write(Buffer.alloc(1_000));
        hung.push(res);
        requested();
      },
    });
    servers.push({ close: () => (hung.forEach((res) => res.destroy()), mirror.close()) });
    const sim = createSim({});
    const runner = runnerFiles();
    let signalledAt = 0;
    const result = await runAction({
      sim: { env: { HATCHET_SIM_DIR: sim.dir } },
      runner,
      inputs: { 'run-id': RUN, install: 'true', version: VERSION, 'download-url': mirror.url },
      onSpawn: (child) =>
        void downloading.then(() =>
          setTimeout(() => {
            signalledAt = Date.now();
            child.kill('SIGTERM');
          }, 300),
        ),
    });
    expect(result.code).toBe(1);
    expect(Date.now() - signalledAt).toBeLessThan(7_000);
    expect(result.outputs).toMatchObject({ status: 'ABORTED', passed: 'false', 'run-id': '' });
    expect(result.outputs['original-run-id']).toBe(RUN);
    expect(result.summary).toMatch(/^## ⚠️ Aborted(:|&#58;) the job was cancelled\n/);
    expect(result.summary).toMatch(/job was cancelled while installing the Hatchet CLI/);
    expect(sim.calls()).toEqual([]);
    // The download was removed with the cancellation (the tool cache cannot stop it).
    expect(result.tempFiles.filter((f) => !f.startsWith('hatchet-replay-report-'))).toEqual([]);
  });

  it('accepts a development build on PATH (v0.1.0-alpha.0) with a warning, and replays with it', async () => {
    const sim = simpleSim();
    const result = await runAction({
      sim: { env: { HATCHET_SIM_DIR: sim.dir } },
      inputs: { 'run-id': RUN, token: makeToken(), install: 'false' },
      env: { PATH: `${cliDir('v0.1.0-alpha.0')}${delimiter}${process.env.PATH}` },
    });
    expect(result.code).toBe(0);
    expect(result.outputs.status).toBe('COMPLETED');
    const warnings = result.commands.filter((c) => c.name === 'warning').map((c) => c.data);
    expect(warnings.some((w) => /v0\.1\.0-alpha\.0: a development build/.test(w))).toBe(true);
    expect(result.stdout).not.toMatch(/too old/);
    expect(sim.commands('runs replay')).toHaveLength(1);
  });
});
