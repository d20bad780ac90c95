import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { findCliOnPath, installCli, resolveVersion } from '../../../src/install/install.js';
import {
  cliDir,
  packageRelease,
  platformAsset,
  releaseEntry,
  serve,
} from '../../harness/release.mjs';

// The real @actions/tool-cache, downloading from a loopback server into temp directories.

const VERSION = '0.104.7';
const saved = { ...process.env };
let server: Awaited<ReturnType<typeof serve>> | undefined;

beforeEach(() => {
  const dir = mkdtempSync(join(tmpdir(), 'install-'));
  process.env.RUNNER_TOOL_CACHE = join(dir, 'tool-cache');
  process.env.RUNNER_TEMP = join(dir, 'temp');
  process.env.GITHUB_PATH = join(dir, 'path');
  writeFileSync(process.env.GITHUB_PATH, '');
  // tool-cache waits 10-20 s between download attempts; tests do not.
  Object.assign(globalThis, {
    TEST_DOWNLOAD_TOOL_RETRY_MIN_SECONDS: 0,
    TEST_DOWNLOAD_TOOL_RETRY_MAX_SECONDS: 0,
  });
});

afterEach(async () => {
  await server?.close();
  server = undefined;
  process.env = { ...saved };
  vi.restoreAllMocks();
});

const PLATFORM = { linux: 'Linux', darwin: 'Darwin', win32: 'Windows' }[process.platform as string];
const ARCH = { x64: 'x86_64', arm64: 'arm64' }[process.arch as string];
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function mirror(routes: Parameters<typeof serve>[1] = {}) {
  const release = packageRelease(VERSION);
  server = await serve(release.root, routes);
  return { release, server };
}

describe('installCli', () => {
  it('downloads, verifies, caches and adds the CLI to PATH', async () => {
    const { server } = await mirror();
    const installed = await installCli({ version: `v${VERSION}`, downloadUrl: server.url });
    expect(installed).toMatchObject({ version: VERSION, fromCache: false });
    expect(installed.binary.startsWith(process.env.RUNNER_TOOL_CACHE as string)).toBe(true);
    expect(existsSync(installed.binary)).toBe(true);
    expect(readFileSync(process.env.GITHUB_PATH as string, 'utf8')).toContain(
      join(process.env.RUNNER_TOOL_CACHE as string, 'hatchet', VERSION),
    );
    // An exact version needs no API call: only the archive and its checksums were fetched.
    expect(server.requests.map((r) => r.url)).toEqual([
      `/v${VERSION}/${platformAsset(VERSION)}`,
      `/v${VERSION}/checksums.txt`,
    ]);
    expect(readdirSync(process.env.RUNNER_TEMP as string)).toEqual([]);
  });

  it('downloads nothing and writes nothing once the signal has aborted', async () => {
    const { server } = await mirror();
    const abort = new AbortController();
    abort.abort();
    await expect(
      installCli({ version: VERSION, downloadUrl: server.url }, abort.signal),
    ).rejects.toThrow();
    expect(server.requests).toEqual([]);
    expect(existsSync(process.env.RUNNER_TEMP as string)).toBe(false);
  });

  it('removes the download at once when the signal aborts, though the download goes on', async () => {
    let release: () => void = () => undefined;
    let requested: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (requested = resolve));
    const { server } = await mirror({
      [`/v${VERSION}/${platformAsset(VERSION)}`]: (_req, res) => {
        res.writeHead(200, { 'content-length': 2_000 });
        res.write(Buffer.alloc(1_000));
        release = () => res.destroy();
        requested();
      },
    });
    const abort = new AbortController();
    const install = installCli({ version: VERSION, downloadUrl: server.url }, abort.signal);
    install.catch(() => undefined);
    await started;
    const temp = process.env.RUNNER_TEMP as string;
    expect(readdirSync(temp)).toEqual([expect.stringMatching(/^hatchet-download-/)]);
    abort.abort();
    expect(readdirSync(temp)).toEqual([]);
    release();
    await expect(install).rejects.toThrow();
    expect(readdirSync(temp)).toEqual([]);
    expect(existsSync(join(process.env.RUNNER_TOOL_CACHE as string, 'hatchet'))).toBe(false);
  });

  it('finds the cache the second time and downloads nothing', async () => {
    const { server } = await mirror();
    await installCli({ version: VERSION, downloadUrl: server.url });
    const before = server.requests.length;
    const again = await installCli({ version: VERSION, downloadUrl: server.url });
    expect(again.fromCache).toBe(true);
    expect(server.requests.length).toBe(before);
  });

  it('works offline with a pinned version and a pre-filled tool cache', async () => {
    const { server } = await mirror();
    await installCli({ version: VERSION, downloadUrl: server.url });
    await server.close();
    const offline = await installCli({ version: VERSION, downloadUrl: 'http://127.0.0.1:9' });
    expect(offline.fromCache).toBe(true);
  });

  it('names the URL, the version and the platform when a pinned release has no archive', async () => {
    const { server } = await mirror();
    await expect(installCli({ version: '0.999.0', downloadUrl: server.url })).rejects.toThrow(
      new RegExp(
        `Hatchet CLI v0\\.999\\.0 has no asset ${escape(platformAsset('0.999.0'))} \\(404 at ${escape(server.url)}/v0\\.999\\.0/.*that release has no CLI assets for ${PLATFORM} ${ARCH}\\. Set \`version\` to another release`,
      ),
    );
    // The checksums are not even asked for: nothing could be verified anyway.
    expect(server.requests.map((r) => r.url)).toEqual([`/v0.999.0/${platformAsset('0.999.0')}`]);
  });

  it('says a pinned release has no CLI assets when its checksums.txt is missing, and installs nothing', async () => {
    const { server } = await mirror({
      [`/v${VERSION}/checksums.txt`]: (_req, res) => res.writeHead(404).end(),
    });
    await expect(installCli({ version: VERSION, downloadUrl: server.url })).rejects.toThrow(
      new RegExp(
        `v0\\.104\\.7 has no asset checksums\\.txt \\(404 at ${escape(server.url)}/v0\\.104\\.7/checksums\\.txt\\): that release has no CLI assets for ${PLATFORM} ${ARCH}`,
      ),
    );
    expect(existsSync(join(process.env.RUNNER_TOOL_CACHE as string, 'hatchet'))).toBe(false);
  });

  it('refuses a checksum mismatch, with both hashes, and installs nothing', async () => {
    const { release, server } = await mirror();
    writeFileSync(join(release.dir, platformAsset(VERSION)), 'tampered');
    const error = await installCli({ version: VERSION, downloadUrl: server.url }).catch(
      (e: Error) => e,
    );
    expect(String(error)).toMatch(
      new RegExp(`Checksum mismatch .*expected sha256 ${release.sha}, got [0-9a-f]{64}`),
    );
    expect(existsSync(join(process.env.RUNNER_TOOL_CACHE as string, 'hatchet'))).toBe(false);
    expect(readdirSync(process.env.RUNNER_TEMP as string)).toEqual([]);
  });

  it('refuses an archive that checksums.txt does not list', async () => {
    const { release, server } = await mirror();
    writeFileSync(join(release.dir, 'checksums.txt'), `${'0'.repeat(64)}  something-else.tar.gz\n`);
    await expect(installCli({ version: VERSION, downloadUrl: server.url })).rejects.toThrow(
      /checksums.txt has no line for .*not installed/,
    );
    expect(existsSync(join(process.env.RUNNER_TOOL_CACHE as string, 'hatchet'))).toBe(false);
  });

  it('refuses to install when checksums.txt cannot be downloaded', async () => {
    const { server } = await mirror({
      [`/v${VERSION}/checksums.txt`]: (_req, res) => res.writeHead(403).end(),
    });
    await expect(installCli({ version: VERSION, downloadUrl: server.url })).rejects.toThrow(
      /checksums.txt failed .*cannot be verified/,
    );
    expect(existsSync(join(process.env.RUNNER_TOOL_CACHE as string, 'hatchet'))).toBe(false);
  });

  it("installs `latest`: the newest release that has this platform's assets", async () => {
    const release = packageRelease('0.104.9');
    server = await serve(release.root, {
      '/releases': (_req, res) =>
        res.end(
          JSON.stringify([
            releaseEntry('v0.105.0', { assets: [] }),
            releaseEntry('v0.104.10', { prerelease: true }),
            releaseEntry('v0.104.9'),
          ]),
        ),
    });
    const installed = await installCli({
      version: 'latest',
      releasesApi: `${server.url}/releases`,
      downloadUrl: server.url,
    });
    expect(installed).toMatchObject({ version: '0.104.9', fromCache: false });
    expect(existsSync(installed.binary)).toBe(true);
    expect(server.requests.map((r) => r.url)).toEqual([
      '/releases',
      `/v0.104.9/${platformAsset('0.104.9')}`,
      '/v0.104.9/checksums.txt',
    ]);
  });

  it('retries a transient 503 and then succeeds', async () => {
    let failures = 1;
    const release = packageRelease(VERSION);
    const asset = `/v${VERSION}/${platformAsset(VERSION)}`;
    server = await serve(release.root, {
      [asset]: (_req, res) => {
        if (failures-- > 0) return res.writeHead(503).end('busy');
        res.end(readFileSync(join(release.root, asset)));
      },
    });
    const installed = await installCli({ version: VERSION, downloadUrl: server.url });
    expect(installed.fromCache).toBe(false);
    expect(server.requests.filter((r) => r.url === asset)).toHaveLength(2);
  });
});

describe('resolveVersion', () => {
  const releases = [
    releaseEntry('py/v1.21.0'),
    releaseEntry('v0.106.0', { draft: true }),
    releaseEntry('v0.105.0-rc.1', { prerelease: true }),
    releaseEntry('vscode/v0.9.0'),
    releaseEntry('v0.104.10'),
    releaseEntry('v0.104.9'),
    releaseEntry('ts/v1.9.0'),
  ];

  async function listing(pages: unknown[][]) {
    server = await serve(undefined, {
      '/releases': (req, res) => {
        const page = Number(new URL(req.url ?? '', 'http://x').searchParams.get('page'));
        res.end(JSON.stringify(pages[page - 1] ?? []));
      },
    });
    return `${server.url}/releases`;
  }

  it('takes the newest stable CLI tag from a realistic releases list, without sending the token off GitHub', async () => {
    const releasesApi = await listing([releases]);
    const version = await resolveVersion({
      version: 'latest',
      releasesApi,
      githubToken: 'ghs_secret',
    });
    expect(version).toBe('0.104.10');
    expect(server?.requests.every((r) => r.authorization === undefined)).toBe(true);
  });

  it('skips a stable release without CLI assets (or with only half of them) and a prerelease, and says which', async () => {
    const info = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const releasesApi = await listing([
      [
        releaseEntry('v0.107.0', { assets: [] }),
        releaseEntry('v0.106.1', { assets: ['checksums.txt'] }),
        releaseEntry('v0.106.0', { assets: [platformAsset('0.106.0')] }),
        releaseEntry('v0.105.2', {
          assets: ['hatchet_0.105.2_Plan9_x86_64.tar.gz', 'checksums.txt'],
        }),
        releaseEntry('v0.105.1', { prerelease: true }),
        releaseEntry('v0.105.0'),
        releaseEntry('v0.104.10'),
      ],
    ]);
    expect(await resolveVersion({ version: 'latest', releasesApi })).toBe('0.105.0');
    const logged = info.mock.calls.map(([chunk]) => String(chunk)).join('');
    expect(logged).toContain(
      `v0.105.0 (skipped v0.107.0, v0.106.1, v0.106.0, v0.105.2: no CLI assets for ${PLATFORM} ${ARCH} yet)`,
    );
  });

  it('reads further pages until one holds a CLI release', async () => {
    const sdkPage = Array.from({ length: 100 }, (_, i) => releaseEntry(`py/v1.${i}.0`));
    const releasesApi = await listing([sdkPage, [releaseEntry('v0.104.7')]]);
    expect(await resolveVersion({ version: 'latest', releasesApi })).toBe('0.104.7');
    expect(server?.requests).toHaveLength(2);
  });

  it('fails clearly when no stable release has the assets', async () => {
    const releasesApi = await listing([
      [releaseEntry('v0.105.0', { assets: [] }), releaseEntry('v0.106.0-rc.1')],
    ]);
    await expect(resolveVersion({ version: 'latest', releasesApi })).rejects.toThrow(
      `No stable Hatchet CLI release (tag vX.Y.Z) with assets for ${PLATFORM} ${ARCH} and checksums.txt was found at ${releasesApi}.`,
    );
  });

  it('refuses an answer that is not a list of releases', async () => {
    server = await serve(undefined, {
      '/releases': (_req, res) => res.end('{"message":"Moved Permanently"}'),
    });
    await expect(
      resolveVersion({ version: 'latest', releasesApi: `${server.url}/releases` }),
    ).rejects.toThrow(/not a list of releases; pin a version/);
  });

  it.each([403, 429])('explains the GitHub rate limit (HTTP %d)', async (status) => {
    server = await serve(undefined, {
      '/releases': (_req, res) =>
        res.writeHead(status).end('{"message":"API rate limit exceeded"}'),
    });
    await expect(
      resolveVersion({ version: 'latest', releasesApi: `${server.url}/releases` }),
    ).rejects.toThrow(/rate limit .*Pass `github-token`.*or pin a version/);
  });

  it('goes straight to an exact version, and refuses a malformed one, without asking the API', async () => {
    const releasesApi = await listing([releases]);
    expect(await resolveVersion({ version: 'v1.2.3', releasesApi })).toBe('1.2.3');
    await expect(resolveVersion({ version: '1.2', releasesApi })).rejects.toThrow(
      /`version` accepts `latest`, `X.Y.Z` or `vX.Y.Z`/,
    );
    expect(server?.requests).toEqual([]);
  });
});

describe('findCliOnPath (install: false)', () => {
  it.skipIf(process.platform === 'win32')(
    'returns the first executable `hatchet` on PATH, passing over one that cannot be run',
    async () => {
      const notExecutable = cliDir('0.104.7', 0o644);
      const executable = cliDir('0.104.7');
      process.env.PATH = [notExecutable, executable, '/usr/bin'].join(delimiter);
      expect(await findCliOnPath()).toBe(join(executable, 'hatchet'));
    },
  );

  it.skipIf(process.platform === 'win32')(
    'fails clearly when the only `hatchet` on PATH is not executable',
    async () => {
      process.env.PATH = [cliDir('0.104.7', 0o644), mkdtempSync(join(tmpdir(), 'empty-'))].join(
        delimiter,
      );
      await expect(findCliOnPath()).rejects.toThrow(
        /`install` is false, but no `hatchet` was found on PATH \(only an executable file counts/,
      );
    },
  );
});
