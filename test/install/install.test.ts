import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installCli, resolveVersion } from '../../src/install/install.js';
import { packageRelease, platformAsset, serve } from '../harness/release.mjs';

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
});

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

  it('names the URL, the version and the platform when the archive is missing', async () => {
    const { server } = await mirror();
    await expect(installCli({ version: '0.999.0', downloadUrl: server.url })).rejects.toThrow(
      new RegExp(
        `Hatchet CLI v0\\.999\\.0 has no asset ${platformAsset('0.999.0').replace(/\./g, '\\.')} .*404 at ${server.url}/v0\\.999\\.0/.*may not have its CLI assets yet`,
      ),
    );
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
  });

  it('refuses an archive that checksums.txt does not list', async () => {
    const { release, server } = await mirror();
    writeFileSync(join(release.dir, 'checksums.txt'), `${'0'.repeat(64)}  something-else.tar.gz\n`);
    await expect(installCli({ version: VERSION, downloadUrl: server.url })).rejects.toThrow(
      /checksums.txt has no line for .*not installed/,
    );
    expect(existsSync(join(process.env.RUNNER_TOOL_CACHE as string, 'hatchet'))).toBe(false);
  });

  it('refuses to install when checksums.txt is missing', async () => {
    const { server } = await mirror({
      [`/v${VERSION}/checksums.txt`]: (_req, res) => res.writeHead(404).end(),
    });
    await expect(installCli({ version: VERSION, downloadUrl: server.url })).rejects.toThrow(
      /checksums.txt failed .*cannot be verified/,
    );
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
    { tag_name: 'py/v1.21.0', prerelease: false },
    { tag_name: 'v0.106.0', prerelease: false, draft: true },
    { tag_name: 'v0.105.0-rc.1', prerelease: true },
    { tag_name: 'vscode/v0.9.0', prerelease: false },
    { tag_name: 'v0.104.10', prerelease: false },
    { tag_name: 'v0.104.9', prerelease: false },
    { tag_name: 'ts/v1.9.0', prerelease: false },
  ];

  it('takes the newest stable CLI tag from a realistic releases list, without sending the token off GitHub', async () => {
    server = await serve(undefined, {
      '/releases': (_req, res) => res.end(JSON.stringify(releases)),
    });
    const version = await resolveVersion({
      version: 'latest',
      releasesApi: `${server.url}/releases`,
      githubToken: 'ghs_secret',
    });
    expect(version).toBe('0.104.10');
    expect(server.requests.every((r) => r.authorization === undefined)).toBe(true);
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

  it('goes straight to an exact version, and refuses a malformed one before any download', async () => {
    expect(await resolveVersion({ version: 'v1.2.3' })).toBe('1.2.3');
    await expect(resolveVersion({ version: '1.2' })).rejects.toThrow(
      /`version` accepts `latest`, `X.Y.Z` or `vX.Y.Z`/,
    );
  });
});
