/** Pure helpers for finding the right Hatchet CLI release asset. */
import semver from 'semver';

export const RELEASES_BASE = 'https://github.com/hatchet-dev/hatchet/releases/download';
export const RELEASES_API = 'https://api.github.com/repos/hatchet-dev/hatchet/releases';
export const CHECKSUMS_FILE = 'checksums.txt';

const EXACT = /^v?(\d+\.\d+\.\d+)$/;
const STABLE_TAG = /^v(\d+\.\d+\.\d+)$/;

/** `v0.104.7` or `0.104.7` → `0.104.7`; anything else → undefined. */
export function normalizeVersion(version: string): string | undefined {
  return EXACT.exec(version.trim())?.[1];
}

/**
 * The newest stable CLI release among tags: only `vX.Y.Z` counts (the repo also tags SDKs as
 * `py/…`, `vscode/v…`, and prereleases as `-rc`/`-alpha`).
 */
export function newestStableTag(tags: Iterable<string>): string | undefined {
  let best: string | undefined;
  for (const tag of tags) {
    const version = STABLE_TAG.exec(tag)?.[1];
    if (version && (!best || semver.gt(version, best))) best = version;
  }
  return best;
}

/** What the releases API says about one release, reduced to what picking `latest` needs. */
export interface ReleaseSummary {
  tag: string;
  draft: boolean;
  prerelease: boolean;
  /** Asset file names. */
  assets: string[];
}

export interface LatestRelease {
  /** `X.Y.Z`, or undefined when no release qualifies. */
  version: string | undefined;
  /** Stable tags newer than `version` that were passed over for lacking this platform's assets. */
  skipped: string[];
}

/**
 * `version: latest`: the newest stable release whose assets hold this platform's archive and
 * checksums.txt. CLI assets are uploaded by hand to releases of annotated `v*` tags, so a
 * stable release can have none (yet): it is skipped, not reported as the newest.
 */
export function latestCliRelease(
  releases: Iterable<ReleaseSummary>,
  platform: Platform,
): LatestRelease {
  const complete: string[] = [];
  const incomplete: string[] = [];
  for (const release of releases) {
    const version = STABLE_TAG.exec(release.tag)?.[1];
    if (!version || release.draft || release.prerelease) continue;
    const hasAssets =
      release.assets.includes(assetName(version, platform)) &&
      release.assets.includes(CHECKSUMS_FILE);
    (hasAssets ? complete : incomplete).push(release.tag);
  }
  const version = newestStableTag(complete);
  const skipped = incomplete
    .filter((tag) => !version || semver.gt(tag, version))
    .sort((a, b) => semver.rcompare(a, b));
  return { version, skipped };
}

export interface Platform {
  os: 'Linux' | 'Darwin' | 'Windows';
  arch: 'x86_64' | 'arm64';
}

/** From the runner's `RUNNER_OS`/`RUNNER_ARCH`, or Node's `process.platform`/`process.arch`. */
export function detectPlatform(
  runnerOs: string | undefined,
  runnerArch: string | undefined,
  nodePlatform: string,
  nodeArch: string,
): Platform {
  const osName = (runnerOs || nodePlatform).toLowerCase();
  const archName = (runnerArch || nodeArch).toLowerCase();
  const os =
    osName === 'linux'
      ? 'Linux'
      : osName === 'macos' || osName === 'darwin'
        ? 'Darwin'
        : osName === 'windows' || osName === 'win32'
          ? 'Windows'
          : undefined;
  const arch = archName === 'x64' ? 'x86_64' : archName === 'arm64' ? 'arm64' : undefined;
  if (!os)
    throw new Error(
      `The Hatchet CLI has no build for the operating system '${runnerOs || nodePlatform}' (Linux, macOS and Windows only).`,
    );
  if (!arch)
    throw new Error(
      `The Hatchet CLI has no build for the architecture '${runnerArch || nodeArch}' (x64 and arm64 only).`,
    );
  if (os === 'Windows' && arch === 'arm64') {
    throw new Error(
      'The Hatchet CLI has no Windows arm64 build: use an x64 Windows runner, or Linux/macOS.',
    );
  }
  return { os, arch };
}

export function assetName(version: string, platform: Platform): string {
  const extension = platform.os === 'Windows' ? 'zip' : 'tar.gz';
  return `hatchet_${version}_${platform.os}_${platform.arch}.${extension}`;
}

export function binaryName(platform: Platform): string {
  return platform.os === 'Windows' ? 'hatchet.exe' : 'hatchet';
}

/**
 * The SHA-256 of `fileName` in a `checksums.txt` (`<64 hex>  <name>` per line). Fails closed: a
 * missing or duplicated entry is an error, never "no check".
 */
export function checksumFor(checksums: string, fileName: string): string {
  const matches: string[] = [];
  for (const line of checksums.split(/\r?\n/)) {
    const match = /^([0-9a-fA-F]{64})\s+\*?(.+?)\s*$/.exec(line);
    if (match && match[2] === fileName) matches.push((match[1] as string).toLowerCase());
  }
  if (matches.length === 0) throw new Error(`checksums.txt has no line for ${fileName}`);
  if (new Set(matches).size > 1)
    throw new Error(`checksums.txt lists ${fileName} more than once, with different hashes`);
  return matches[0] as string;
}
