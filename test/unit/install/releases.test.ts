import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Platform } from '../../../src/install/platform.js';
import { currentPlatform, resolveVersion } from '../../../src/install/releases.js';
import { releaseEntry, serve } from '../../harness/release.mjs';

// resolveVersion against a loopback server laid out like GitHub's releases API, on a fixed
// platform so that the answers do not depend on the machine running the tests.

const LINUX: Platform = { os: 'Linux', arch: 'x86_64' };
const assets = (version: string) => [`hatchet_${version}_Linux_x86_64.tar.gz`, 'checksums.txt'];
const cli = (
  tag: string,
  options: { prerelease?: boolean; draft?: boolean; assets?: string[] } = {},
) => releaseEntry(tag, { assets: assets(tag.replace(/^v/, '')), ...options });

let server: Awaited<ReturnType<typeof serve>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

/** Serves `pages` (page n at `?page=n`, [] past the last) at /releases; returns its URL. */
async function listing(pages: unknown[][]) {
  server = await serve(undefined, {
    '/releases': (req, res) => {
      const page = Number(new URL(req.url ?? '', 'http://x').searchParams.get('page'));
      res.end(JSON.stringify(pages[page - 1] ?? []));
    },
  });
  return `${server.url}/releases`;
}

async function answering(handler: (res: ServerResponse) => void) {
  server = await serve(undefined, { '/releases': (_req, res) => handler(res) });
  return `${server.url}/releases`;
}

describe('resolveVersion: an exact version', () => {
  it.each([
    ['0.104.7', '0.104.7'],
    ['v0.104.7', '0.104.7'],
    [' v1.2.3 ', '1.2.3'],
  ])('%j → %s, without asking the API', async (version, exact) => {
    const releasesApi = await listing([[cli('v9.9.9')]]);
    expect(await resolveVersion({ version, releasesApi }, LINUX)).toBe(exact);
    expect(server?.requests).toEqual([]);
  });

  it.each(['1.2', 'v1.2.3-rc.1', 'newest', ''])('refuses %j', async (version) => {
    await expect(resolveVersion({ version }, LINUX)).rejects.toThrow(
      `Input \`version\` accepts \`latest\`, \`X.Y.Z\` or \`vX.Y.Z\`; not '${version}'.`,
    );
  });
});

describe('resolveVersion: latest', () => {
  it.each<[string, unknown[], string]>([
    [
      'the newest stable CLI release',
      [cli('v0.104.9'), cli('v0.104.10'), cli('v0.99.0')],
      '0.104.10',
    ],
    [
      'passing over drafts, prereleases and SDK tags',
      [
        cli('v0.106.0', { draft: true }),
        cli('v0.105.0', { prerelease: true }),
        cli('py/v1.0.0'),
        cli('v0.104.7'),
      ],
      '0.104.7',
    ],
    [
      'passing over a release without this platform’s archive',
      [
        cli('v0.105.0', { assets: ['hatchet_0.105.0_Darwin_arm64.tar.gz', 'checksums.txt'] }),
        cli('v0.104.7'),
      ],
      '0.104.7',
    ],
    [
      'passing over a release without checksums.txt',
      [cli('v0.105.0', { assets: ['hatchet_0.105.0_Linux_x86_64.tar.gz'] }), cli('v0.104.7')],
      '0.104.7',
    ],
  ])('%s', async (_name, page, version) => {
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const releasesApi = await listing([page]);
    expect(await resolveVersion({ version: 'latest', releasesApi }, LINUX)).toBe(version);
  });

  it('asks for 100 releases a page, as the action, in JSON', async () => {
    const releasesApi = await listing([[cli('v0.104.7')]]);
    const seen: Record<string, string | undefined>[] = [];
    const original = globalThis.fetch;
    vi.stubGlobal('fetch', (url: string, init: RequestInit) => {
      seen.push({ url, ...(init.headers as Record<string, string>) });
      return original(url, init);
    });
    await resolveVersion({ version: 'latest', releasesApi, githubToken: 'ghs_secret' }, LINUX);
    expect(seen).toEqual([
      {
        url: `${releasesApi}?per_page=100&page=1`,
        accept: 'application/vnd.github+json',
        'user-agent': 'hatchet-replay-action',
      },
    ]);
  });

  it('sends github-token to api.github.com only', async () => {
    const headers: Record<string, string>[] = [];
    vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
      headers.push(init.headers as Record<string, string>);
      return new Response(JSON.stringify([cli('v0.104.7')]));
    });
    const token = 'ghs_secret';
    await resolveVersion(
      {
        version: 'latest',
        githubToken: token,
        releasesApi: 'https://api.github.com/repos/x/y/releases',
      },
      LINUX,
    );
    await resolveVersion(
      {
        version: 'latest',
        githubToken: token,
        releasesApi: 'https://api.github.com.evil.example/releases',
      },
      LINUX,
    );
    await resolveVersion({ version: 'latest', releasesApi: 'https://api.github.com/r' }, LINUX);
    expect(headers.map((h) => h.authorization)).toEqual([`Bearer ${token}`, undefined, undefined]);
  });

  it('reads on while a full page holds no CLI release, and stops at the first that does', async () => {
    const sdk = (n: number) =>
      Array.from({ length: 100 }, (_, i) => releaseEntry(`py/v${n}.${i}.0`));
    const releasesApi = await listing([
      sdk(1),
      [...sdk(2).slice(1), cli('v0.104.7')],
      [cli('v0.200.0')],
    ]);
    expect(await resolveVersion({ version: 'latest', releasesApi }, LINUX)).toBe('0.104.7');
    expect(server?.requests).toHaveLength(2);
  });

  it('stops after a short page, and after three pages', async () => {
    const sdk = Array.from({ length: 100 }, (_, i) => releaseEntry(`py/v1.${i}.0`));
    const short = await listing([[releaseEntry('py/v9.0.0')], [cli('v0.104.7')]]);
    await expect(resolveVersion({ version: 'latest', releasesApi: short }, LINUX)).rejects.toThrow(
      /No stable Hatchet CLI release/,
    );
    expect(server?.requests).toHaveLength(1);
    await server?.close();
    const long = await listing([sdk, sdk, sdk, [cli('v0.104.7')]]);
    await expect(resolveVersion({ version: 'latest', releasesApi: long }, LINUX)).rejects.toThrow(
      `No stable Hatchet CLI release (tag vX.Y.Z) with assets for Linux x86_64 and checksums.txt was found at ${long}.`,
    );
    expect(server?.requests).toHaveLength(3);
  });

  it('says which newer releases it passed over', async () => {
    const info = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const releasesApi = await listing([
      [
        cli('v0.106.0', { assets: [] }),
        cli('v0.105.0', { assets: ['checksums.txt'] }),
        cli('v0.104.7'),
      ],
    ]);
    await resolveVersion({ version: 'latest', releasesApi }, LINUX);
    expect(info.mock.calls.map(([chunk]) => String(chunk)).join('')).toContain(
      'Newest Hatchet CLI release with assets for Linux x86_64: v0.104.7 (skipped v0.106.0, v0.105.0: no CLI assets for Linux x86_64 yet).',
    );
  });

  it('says nothing when it passed nothing over', async () => {
    const info = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const releasesApi = await listing([[cli('v0.104.7')]]);
    await resolveVersion({ version: 'latest', releasesApi }, LINUX);
    expect(info).not.toHaveBeenCalled();
  });

  it.each<[string, (res: ServerResponse) => void, RegExp]>([
    [
      'HTTP 403',
      (res) => res.writeHead(403).end('{}'),
      /^GitHub's API rate limit stopped the action from resolving `version: latest` \(HTTP 403\)\. Pass `github-token`/,
    ],
    ['HTTP 429', (res) => res.writeHead(429).end('{}'), /rate limit .*\(HTTP 429\)/],
    [
      'HTTP 500',
      (res) => res.writeHead(500).end('{}'),
      /^Listing Hatchet CLI releases at http:\/\/127\.0\.0\.1:\d+\/releases failed with HTTP 500; pin a version/,
    ],
    [
      'text that is not JSON',
      (res) => res.end('<html>'),
      /gave an answer that is not a list of releases/,
    ],
    [
      'an object',
      (res) => res.end('{"message":"Moved"}'),
      /gave an answer that is not a list of releases/,
    ],
    [
      'a release without a tag',
      (res) => res.end('[{"name":"v1.0.0"}]'),
      /gave an answer that is not a list of releases/,
    ],
  ])('fails clearly on %s', async (_name, handler, message) => {
    const releasesApi = await answering(handler);
    await expect(resolveVersion({ version: 'latest', releasesApi }, LINUX)).rejects.toThrow(
      message,
    );
  });

  it('names the API and a way round when it cannot be reached', async () => {
    const releasesApi = await answering((res) => res.end('[]'));
    await server?.close();
    server = undefined;
    const error = await resolveVersion({ version: 'latest', releasesApi }, LINUX).catch(
      (e: Error) => e,
    );
    expect(String(error)).toMatch(
      new RegExp(
        `^Error: Could not list Hatchet CLI releases at ${releasesApi.replace(/[.]/g, '\\.')} to resolve \`version: latest\`: .+\\. Pin a version \\(e\\.g\\. \`version: 0\\.104\\.7\`\\)\\.$`,
      ),
    );
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it('takes the platform from the environment given when none is passed', async () => {
    const releasesApi = await listing([
      [
        cli('v0.105.0', { assets: ['hatchet_0.105.0_Darwin_arm64.tar.gz', 'checksums.txt'] }),
        cli('v0.104.7'),
      ],
    ]);
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const env = { RUNNER_OS: 'macOS', RUNNER_ARCH: 'ARM64' };
    expect(await resolveVersion({ version: 'latest', releasesApi, env })).toBe('0.105.0');
  });
});

describe('currentPlatform', () => {
  it.each<[NodeJS.ProcessEnv, Platform]>([
    [
      { RUNNER_OS: 'Linux', RUNNER_ARCH: 'X64' },
      { os: 'Linux', arch: 'x86_64' },
    ],
    [
      { RUNNER_OS: 'macOS', RUNNER_ARCH: 'ARM64' },
      { os: 'Darwin', arch: 'arm64' },
    ],
    [
      { RUNNER_OS: 'Windows', RUNNER_ARCH: 'X64' },
      { os: 'Windows', arch: 'x86_64' },
    ],
  ])('%j → %j', (env, platform) => {
    expect(currentPlatform(env)).toEqual(platform);
  });

  it('falls back on the platform Node runs on', () => {
    const os = { linux: 'Linux', darwin: 'Darwin', win32: 'Windows' }[process.platform as string];
    const arch = { x64: 'x86_64', arm64: 'arm64' }[process.arch as string];
    expect(currentPlatform({})).toEqual({ os, arch });
  });
});
