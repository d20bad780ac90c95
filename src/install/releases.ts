import * as core from '../text/actions.js';
import { z } from 'zod';
import {
  CHECKSUMS_FILE,
  RELEASES_API,
  detectPlatform,
  latestCliRelease,
  normalizeVersion,
  type LatestRelease,
  type Platform,
  type ReleaseSummary,
} from './platform.js';

// Which CLI version to install: the `version` input when it is exact; for `latest`, the newest
// stable release that has this platform's assets, from GitHub's releases API (3 pages at most).

export interface VersionOptions {
  version: string;
  githubToken?: string;
  /** The releases API; tests point it at a local server. */
  releasesApi?: string;
  env?: NodeJS.ProcessEnv;
}

/** The fields of GitHub's "list releases" answer that picking `latest` reads; others pass. */
const releasesSchema = z.array(
  z.object({
    tag_name: z.string(),
    draft: z.boolean().optional(),
    prerelease: z.boolean().optional(),
    assets: z.array(z.object({ name: z.string() })).optional(),
  }),
);

/** The platform of the runner this step runs on. */
export function currentPlatform(env: NodeJS.ProcessEnv): Platform {
  return detectPlatform(env.RUNNER_OS, env.RUNNER_ARCH, process.platform, process.arch);
}

/**
 * `X.Y.Z` for an exact `version` input; for `latest`, the newest stable release whose assets
 * hold this platform's archive and checksums.txt.
 */
export async function resolveVersion(
  options: VersionOptions,
  platform: Platform = currentPlatform(options.env ?? process.env),
): Promise<string> {
  if (options.version !== 'latest') return exactVersion(options.version);
  const api = options.releasesApi ?? RELEASES_API;
  const headers = apiHeaders(api, options.githubToken);
  const releases: ReleaseSummary[] = [];
  let latest: LatestRelease = { version: undefined, skipped: [] };
  for (let page = 1; page <= 3; page++) {
    const listed = await releasePage(api, page, headers);
    releases.push(...listed);
    latest = latestCliRelease(releases, platform);
    // Releases come newest first: stop at the first page with a CLI release, or the last page.
    if (latest.version || listed.length < 100) break;
  }
  return chosenVersion(latest, platform, api);
}

/** `X.Y.Z` from `X.Y.Z` or `vX.Y.Z`; anything else is refused. */
function exactVersion(input: string): string {
  const exact = normalizeVersion(input);
  if (!exact)
    throw new Error(
      `Input \`version\` accepts \`latest\`, \`X.Y.Z\` or \`vX.Y.Z\`; not '${input}'.`,
    );
  return exact;
}

/** The request headers for the releases API, the token among them for GitHub's own host. */
function apiHeaders(api: string, githubToken: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {
    accept: 'application/vnd.github+json',
    'user-agent': 'hatchet-replay-action',
  };
  // The token goes to GitHub's own API host only, never to a mirror or anything else.
  if (githubToken && new URL(api).hostname === 'api.github.com') {
    headers.authorization = `Bearer ${githubToken}`;
  }
  return headers;
}

/** One page (100 releases) of the releases API, each reduced to what picking `latest` reads. */
async function releasePage(
  api: string,
  page: number,
  headers: Record<string, string>,
): Promise<ReleaseSummary[]> {
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
  return parsed.data.map((release) => ({
    tag: release.tag_name,
    draft: release.draft ?? false,
    prerelease: release.prerelease ?? false,
    assets: (release.assets ?? []).map((asset) => asset.name),
  }));
}

/** The version `latest` picked, saying which newer releases it passed over; none is an error. */
function chosenVersion(latest: LatestRelease, platform: Platform, api: string): string {
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
