import * as core from '@actions/core';
import * as tc from '@actions/tool-cache';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import {
  RELEASES_API,
  RELEASES_BASE,
  assetName,
  binaryName,
  checksumFor,
  detectPlatform,
  newestStableTag,
  normalizeVersion,
  type Platform,
} from './platform.js';

export interface InstallOptions {
  version: string;
  downloadUrl?: string;
  githubToken?: string;
  /** The releases API; tests point it at a local server. */
  releasesApi?: string;
  env?: NodeJS.ProcessEnv;
}

export interface Installed {
  binary: string;
  version: string;
  fromCache: boolean;
}

const TOOL = 'hatchet';

/** Installs the Hatchet CLI into the tool cache (checksum-verified) and puts it on PATH. */
export async function installCli(options: InstallOptions): Promise<Installed> {
  const env = options.env ?? process.env;
  const platform = detectPlatform(env.RUNNER_OS, env.RUNNER_ARCH, process.platform, process.arch);
  const version = await resolveVersion(options);
  const cached = tc.find(TOOL, version, platform.arch);
  if (cached) {
    core.addPath(cached);
    return { binary: join(cached, binaryName(platform)), version, fromCache: true };
  }
  const base = options.downloadUrl ?? RELEASES_BASE;
  const dir = await downloadVerified(base, version, platform);
  const toolDir = await tc.cacheDir(dir, TOOL, version, platform.arch);
  rmSync(dir, { recursive: true, force: true });
  core.addPath(toolDir);
  return { binary: join(toolDir, binaryName(platform)), version, fromCache: false };
}

export async function resolveVersion(options: InstallOptions): Promise<string> {
  if (options.version !== 'latest') {
    const exact = normalizeVersion(options.version);
    if (!exact)
      throw new Error(
        `Input \`version\` accepts \`latest\`, \`X.Y.Z\` or \`vX.Y.Z\`; not '${options.version}'.`,
      );
    return exact;
  }
  const api = options.releasesApi ?? RELEASES_API;
  const headers: Record<string, string> = {
    accept: 'application/vnd.github+json',
    'user-agent': 'hatchet-replay-action',
  };
  // The token goes to GitHub's own API host only, never to a mirror or anything else.
  if (options.githubToken && new URL(api).hostname === 'api.github.com') {
    headers.authorization = `Bearer ${options.githubToken}`;
  }
  const tags: string[] = [];
  for (let page = 1; page <= 3; page++) {
    const url = `${api}?per_page=100&page=${page}`;
    let response: Response;
    try {
      response = await fetch(url, { headers, signal: AbortSignal.timeout(30_000) });
    } catch (error) {
      throw new Error(
        `Could not list Hatchet CLI releases at ${api} to resolve \`version: latest\`: ${(error as Error).message}. Pin a version (e.g. \`version: 0.104.7\`).`,
        { cause: error },
      );
    }
    if (response.status === 403 || response.status === 429) {
      throw new Error(
        `GitHub's API rate limit stopped the action from resolving \`version: latest\` (HTTP ${response.status}). Pass \`github-token\` (the default \`github.token\` raises the limit) or pin a version such as \`version: 0.104.7\`.`,
      );
    }
    if (!response.ok) {
      throw new Error(
        `Listing Hatchet CLI releases at ${api} failed with HTTP ${response.status}; pin a version (e.g. \`version: 0.104.7\`) to skip this lookup.`,
      );
    }
    const releases = (await response.json()) as {
      tag_name?: unknown;
      draft?: unknown;
      prerelease?: unknown;
    }[];
    for (const release of releases) {
      if (typeof release.tag_name === 'string' && !release.draft && !release.prerelease)
        tags.push(release.tag_name);
    }
    // Releases come newest first: stop at the first page with a CLI release, or the last page.
    if (newestStableTag(tags) || releases.length < 100) break;
  }
  const newest = newestStableTag(tags);
  if (!newest) throw new Error(`No stable Hatchet CLI release (tag vX.Y.Z) was found at ${api}.`);
  return newest;
}

/** Downloads the archive and checksums.txt, verifies the hash, and only then extracts. */
async function downloadVerified(
  base: string,
  version: string,
  platform: Platform,
): Promise<string> {
  const tag = `v${version}`;
  const asset = assetName(version, platform);
  const archiveUrl = `${base}/${tag}/${asset}`;
  const checksumsUrl = `${base}/${tag}/checksums.txt`;
  let archive: string | undefined;
  let checksums: string | undefined;
  try {
    try {
      archive = await tc.downloadTool(archiveUrl);
    } catch (error) {
      if (error instanceof tc.HTTPError && error.httpStatusCode === 404) {
        throw new Error(
          `The Hatchet CLI ${tag} has no asset ${asset} for ${platform.os} ${platform.arch} (404 at ${archiveUrl}). A new release may not have its CLI assets yet: pin an earlier \`version\`.`,
          { cause: error },
        );
      }
      throw new Error(
        `Downloading the Hatchet CLI ${tag} from ${archiveUrl} failed: ${(error as Error).message}`,
        { cause: error },
      );
    }
    try {
      checksums = await tc.downloadTool(checksumsUrl);
    } catch (error) {
      throw new Error(
        `Downloading ${checksumsUrl} failed (${(error as Error).message}): the CLI cannot be verified, so it is not installed.`,
        { cause: error },
      );
    }
    let expected: string;
    try {
      expected = checksumFor(readFileSync(checksums, 'utf8'), asset);
    } catch (error) {
      throw new Error(
        `${(error as Error).message} (${checksumsUrl}): the CLI cannot be verified, so it is not installed.`,
        { cause: error },
      );
    }
    const actual = await sha256(archive);
    if (actual !== expected) {
      throw new Error(
        `Checksum mismatch for ${asset} from ${archiveUrl}: expected sha256 ${expected}, got ${actual}. The download is corrupt or was tampered with; it was not installed.`,
      );
    }
    const dir =
      platform.os === 'Windows' ? await tc.extractZip(archive) : await tc.extractTar(archive);
    const binary = join(dir, binaryName(platform));
    if (!existsSync(binary)) {
      throw new Error(`The archive ${asset} has no ${binaryName(platform)} at its root.`);
    }
    return dir;
  } finally {
    if (archive) rmSync(archive, { force: true });
    if (checksums) rmSync(checksums, { force: true });
  }
}

export function sha256(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/** `install: false`: the `hatchet` on PATH (a name the child process resolves), or a clear error. */
export function findOnPath(env: NodeJS.ProcessEnv = process.env): string {
  const names =
    process.platform === 'win32' ? ['hatchet.exe', 'hatchet.cmd', 'hatchet.bat'] : ['hatchet'];
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const name of names) {
      const candidate = join(dir, name);
      try {
        if (statSync(candidate).isFile()) return candidate;
      } catch {
        // not here
      }
    }
  }
  throw new Error(
    'Input `install` is false, but no `hatchet` was found on PATH. Install the Hatchet CLI in an earlier step, or set `install: true`.',
  );
}
