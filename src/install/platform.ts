/** Pure helpers for finding the right Hatchet CLI release asset. */

export const RELEASES_BASE = 'https://github.com/hatchet-dev/hatchet/releases/download';
export const RELEASES_API = 'https://api.github.com/repos/hatchet-dev/hatchet/releases';

const EXACT = /^v?(\d+\.\d+\.\d+)$/;
const STABLE_TAG = /^v(\d+)\.(\d+)\.(\d+)$/;

/** `v0.104.7` or `0.104.7` → `0.104.7`; anything else → undefined. */
export function normalizeVersion(version: string): string | undefined {
  return EXACT.exec(version.trim())?.[1];
}

/**
 * The newest stable CLI release among tags: only `vX.Y.Z` counts (the repo also tags SDKs as
 * `py/…`, `vscode/v…`, and prereleases as `-rc`/`-alpha`).
 */
export function newestStableTag(tags: Iterable<string>): string | undefined {
  let best: [number, number, number] | undefined;
  for (const tag of tags) {
    const match = STABLE_TAG.exec(tag);
    if (!match) continue;
    const version: [number, number, number] = [
      Number(match[1]),
      Number(match[2]),
      Number(match[3]),
    ];
    if (!best || compare(version, best) > 0) best = version;
  }
  return best?.join('.');
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
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
