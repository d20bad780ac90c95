import * as core from '../text/actions.js';
import * as tc from '@actions/tool-cache';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import {
  CHECKSUMS_FILE,
  RELEASES_API,
  RELEASES_BASE,
  assetName,
  binaryName,
  checksumFor,
  detectPlatform,
  latestCliRelease,
  normalizeVersion,
  type LatestRelease,
  type Platform,
  type ReleaseSummary,
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

/** The fields of GitHub's "list releases" answer that picking `latest` reads; others pass. */
const releasesSchema = z.array(
  z.object({
    tag_name: z.string(),
    draft: z.boolean().optional(),
    prerelease: z.boolean().optional(),
    assets: z.array(z.object({ name: z.string() })).optional(),
  }),
);

function currentPlatform(env: NodeJS.ProcessEnv): Platform {
  return detectPlatform(env.RUNNER_OS, env.RUNNER_ARCH, process.platform, process.arch);
}

/** Installs the Hatchet CLI into the tool cache (checksum-verified) and puts it on PATH. */
export async function installCli(options: InstallOptions): Promise<Installed> {
  const env = options.env ?? process.env;
  const platform = currentPlatform(env);
  const version = await resolveVersion(options, platform);
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

/**
 * `X.Y.Z` for an exact `version` input; for `latest`, the newest stable release whose assets
 * hold this platform's archive and checksums.txt.
 */
export async function resolveVersion(
  options: InstallOptions,
  platform: Platform = currentPlatform(options.env ?? process.env),
): Promise<string> {
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
  const releases: ReleaseSummary[] = [];
  let latest: LatestRelease = { version: undefined, skipped: [] };
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
    const parsed = releasesSchema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) {
      throw new Error(
        `Listing Hatchet CLI releases at ${api} gave an answer that is not a list of releases; pin a version (e.g. \`version: 0.104.7\`) to skip this lookup.`,
      );
    }
    for (const release of parsed.data) {
      releases.push({
        tag: release.tag_name,
        draft: release.draft ?? false,
        prerelease: release.prerelease ?? false,
        assets: (release.assets ?? []).map((asset) => asset.name),
      });
    }
    latest = latestCliRelease(releases, platform);
    // Releases come newest first: stop at the first page with a CLI release, or the last page.
    if (latest.version || parsed.data.length < 100) break;
  }
  const where = `${platform.os} ${platform.arch}`;
  if (!latest.version) {
    throw new Error(
      `No stable Hatchet CLI release (tag vX.Y.Z) with assets for ${where} and ${CHECKSUMS_FILE} was found at ${api}.`,
    );
  }
  if (latest.skipped.length > 0) {
    core.info(
      `Newest Hatchet CLI release with assets for ${where}: v${latest.version} (skipped ${latest.skipped.join(', ')}: no CLI assets for ${where} yet).`,
    );
  }
  return latest.version;
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
  const checksumsUrl = `${base}/${tag}/${CHECKSUMS_FILE}`;
  // CLI assets are published by hand, after the tag: a release can exist without them.
  const noAssets = (file: string, url: string) =>
    `The Hatchet CLI ${tag} has no asset ${file} (404 at ${url}): that release has no CLI assets for ${platform.os} ${platform.arch}. Set \`version\` to another release (\`latest\` picks the newest one that has them).`;
  let archive: string | undefined;
  let checksums: string | undefined;
  try {
    try {
      archive = await tc.downloadTool(archiveUrl);
    } catch (error) {
      if (error instanceof tc.HTTPError && error.httpStatusCode === 404) {
        throw new Error(noAssets(asset, archiveUrl), { cause: error });
      }
      throw new Error(
        `Downloading the Hatchet CLI ${tag} from ${archiveUrl} failed: ${(error as Error).message}`,
        { cause: error },
      );
    }
    try {
      checksums = await tc.downloadTool(checksumsUrl);
    } catch (error) {
      if (error instanceof tc.HTTPError && error.httpStatusCode === 404) {
        throw new Error(noAssets(CHECKSUMS_FILE, checksumsUrl), { cause: error });
      }
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

export { findCliOnPath } from './which.js';
