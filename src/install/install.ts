import * as core from '../text/actions.js';
import { createHash } from 'node:crypto';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CHECKSUMS_FILE,
  RELEASES_BASE,
  assetName,
  binaryName,
  checksumFor,
  type Platform,
} from './platform.js';
import { currentPlatform, resolveVersion, type VersionOptions } from './releases.js';
import { TOOL, cachedTool } from './cache.js';

/** The tool cache (and the HTTP client it downloads with): loaded only when the CLI is not cached. */
const toolCache = () => import('@actions/tool-cache');

export interface InstallOptions extends VersionOptions {
  downloadUrl?: string;
}

export interface Installed {
  binary: string;
  version: string;
  fromCache: boolean;
}

/**
 * Installs the Hatchet CLI into the tool cache (checksum-verified) and puts it on PATH. The
 * download and its extraction live in one temporary directory, removed when done — or as soon
 * as `signal` aborts, since the tool cache's downloads cannot be stopped.
 */
export async function installCli(
  options: InstallOptions,
  signal?: AbortSignal,
): Promise<Installed> {
  const env = options.env ?? process.env;
  const platform = currentPlatform(env);
  const version = await resolveVersion(options, platform);
  const found = (dir: string): Installed => {
    core.addPath(dir);
    return { binary: join(dir, binaryName(platform)), version, fromCache: true };
  };
  const hit = cachedTool(version, platform.arch, env);
  if (hit) return found(hit);
  const tc = await toolCache();
  const cached = tc.find(TOOL, version, platform.arch);
  if (cached) return found(cached);
  signal?.throwIfAborted();
  const temp = env.RUNNER_TEMP || tmpdir();
  mkdirSync(temp, { recursive: true });
  const work = mkdtempSync(join(temp, 'hatchet-download-'));
  const removeWork = () => {
    try {
      rmSync(work, { recursive: true, force: true });
    } catch {
      // A file still open (Windows): RUNNER_TEMP is emptied after the job.
    }
  };
  signal?.addEventListener('abort', removeWork, { once: true });
  try {
    const base = options.downloadUrl ?? RELEASES_BASE;
    const dir = await downloadVerified(base, version, platform, work, signal);
    const toolDir = await tc.cacheDir(dir, TOOL, version, platform.arch);
    core.addPath(toolDir);
    return { binary: join(toolDir, binaryName(platform)), version, fromCache: false };
  } finally {
    signal?.removeEventListener('abort', removeWork);
    removeWork();
  }
}

/** Downloads the archive and checksums.txt into `work`, verifies the hash, then extracts. */
async function downloadVerified(
  base: string,
  version: string,
  platform: Platform,
  work: string,
  signal?: AbortSignal,
): Promise<string> {
  const tag = `v${version}`;
  const asset = assetName(version, platform);
  const archiveUrl = `${base}/${tag}/${asset}`;
  const checksumsUrl = `${base}/${tag}/${CHECKSUMS_FILE}`;
  const archive = await download(
    { url: archiveUrl, file: asset, tag, platform, work, signal },
    (message) => `Downloading the Hatchet CLI ${tag} from ${archiveUrl} failed: ${message}`,
  );
  const checksums = await download(
    { url: checksumsUrl, file: CHECKSUMS_FILE, tag, platform, work, signal },
    (message) =>
      `Downloading ${checksumsUrl} failed (${message}): the CLI cannot be verified, so it is not installed.`,
  );
  const expected = expectedChecksum(checksums, asset, checksumsUrl);
  const actual = await sha256(archive);
  if (actual !== expected) {
    throw new Error(
      `Checksum mismatch for ${asset} from ${archiveUrl}: expected sha256 ${expected}, got ${actual}. The download is corrupt or was tampered with; it was not installed.`,
    );
  }
  return extract(archive, asset, platform, join(work, 'cli'));
}

/**
 * Downloads one asset of the release `tag` into `work`; a 404 says that release has no CLI
 * assets for this platform, any other failure is worded by `failed`. Nothing goes on once the
 * job is cancelled (the next step would write into `work` again, after its removal).
 */
async function download(
  asset: {
    url: string;
    file: string;
    tag: string;
    platform: Platform;
    work: string;
    signal?: AbortSignal;
  },
  failed: (message: string) => string,
): Promise<string> {
  const { url, file, tag, platform, work, signal } = asset;
  const tc = await toolCache();
  try {
    const path = await tc.downloadTool(url, join(work, file));
    signal?.throwIfAborted();
    return path;
  } catch (error) {
    if (signal?.aborted) throw error;
    // CLI assets are published by hand, after the tag: a release can exist without them.
    if (error instanceof tc.HTTPError && error.httpStatusCode === 404) {
      throw new Error(
        `The Hatchet CLI ${tag} has no asset ${file} (404 at ${url}): that release has no CLI assets for ${platform.os} ${platform.arch}. Set \`version\` to another release (\`latest\` picks the newest one that has them).`,
        { cause: error },
      );
    }
    throw new Error(failed((error as Error).message), { cause: error });
  }
}

/** The sha256 that the downloaded checksums.txt lists for `asset`. */
function expectedChecksum(checksums: string, asset: string, checksumsUrl: string): string {
  try {
    return checksumFor(readFileSync(checksums, 'utf8'), asset);
  } catch (error) {
    throw new Error(
      `${(error as Error).message} (${checksumsUrl}): the CLI cannot be verified, so it is not installed.`,
      { cause: error },
    );
  }
}

/** Extracts the verified archive (zip on Windows, tar elsewhere); its root holds the binary. */
async function extract(
  archive: string,
  asset: string,
  platform: Platform,
  into: string,
): Promise<string> {
  const tc = await toolCache();
  const dir =
    platform.os === 'Windows'
      ? await tc.extractZip(archive, into)
      : await tc.extractTar(archive, into);
  const binary = join(dir, binaryName(platform));
  if (!existsSync(binary)) {
    throw new Error(`The archive ${asset} has no ${binaryName(platform)} at its root.`);
  }
  return dir;
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

export { resolveVersion };
export { findCliOnPath } from './which.js';
