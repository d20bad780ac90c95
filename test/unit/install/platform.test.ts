import { describe, expect, it } from 'vitest';
import {
  assetName,
  checksumFor,
  detectPlatform,
  latestCliRelease,
  newestStableTag,
  normalizeVersion,
  type Platform,
  type ReleaseSummary,
} from '../../../src/install/platform.js';

// Pure functions of the installer: no network, no files, no mocks.

describe('asset names', () => {
  it.each([
    ['Linux', 'X64', 'linux', 'x64', 'hatchet_0.104.7_Linux_x86_64.tar.gz'],
    ['Linux', 'ARM64', 'linux', 'arm64', 'hatchet_0.104.7_Linux_arm64.tar.gz'],
    ['macOS', 'ARM64', 'darwin', 'arm64', 'hatchet_0.104.7_Darwin_arm64.tar.gz'],
    ['macOS', 'X64', 'darwin', 'x64', 'hatchet_0.104.7_Darwin_x86_64.tar.gz'],
    ['Windows', 'X64', 'win32', 'x64', 'hatchet_0.104.7_Windows_x86_64.zip'],
    ['', '', 'linux', 'arm64', 'hatchet_0.104.7_Linux_arm64.tar.gz'],
    ['', '', 'win32', 'x64', 'hatchet_0.104.7_Windows_x86_64.zip'],
  ])('RUNNER_OS=%s RUNNER_ARCH=%s (node %s/%s) → %s', (os, arch, platform, nodeArch, asset) => {
    expect(assetName('0.104.7', detectPlatform(os, arch, platform, nodeArch))).toBe(asset);
  });

  it('has no Windows arm64 build, and says so', () => {
    expect(() => detectPlatform('Windows', 'ARM64', 'win32', 'arm64')).toThrow(
      /no Windows arm64 build/,
    );
  });

  it('refuses other systems and architectures by name', () => {
    expect(() => detectPlatform('', '', 'freebsd', 'x64')).toThrow(/operating system 'freebsd'/);
    expect(() => detectPlatform('Linux', 'ARM', 'linux', 'arm')).toThrow(/architecture 'ARM'/);
  });
});

describe('versions', () => {
  it.each([
    ['0.104.7', '0.104.7'],
    ['v0.104.7', '0.104.7'],
    ['1.2', undefined],
    ['v1.2.3-rc.1', undefined],
    ['latest', undefined],
  ])('%s → %s', (input, version) => expect(normalizeVersion(input)).toBe(version));

  it('takes the newest vX.Y.Z tag, skipping SDK tags and prereleases, comparing numerically', () => {
    const tags = [
      'vscode/v0.9.0',
      'py/v1.21.0',
      'ts/v1.9.0',
      'v0.105.0-alpha.1',
      'v0.105.0-rc.2',
      'v0.99.10',
      'v0.104.7',
      'v0.104.10',
      'v0.99.9',
      'rb/v0.2.0',
      'nightly',
    ];
    expect(newestStableTag(tags)).toBe('0.104.10');
    expect(newestStableTag(['py/v1.0.0', 'v2.0.0-beta'])).toBeUndefined();
  });
});

describe('latestCliRelease', () => {
  const linux: Platform = { os: 'Linux', arch: 'x86_64' };
  const release = (tag: string, more: Partial<ReleaseSummary> = {}): ReleaseSummary => ({
    tag,
    draft: false,
    prerelease: false,
    assets: [assetName(tag.replace(/^v/, ''), linux), 'checksums.txt'],
    ...more,
  });

  it('takes the newest stable release that has the archive and checksums.txt, numerically', () => {
    expect(
      latestCliRelease([release('v0.99.10'), release('v0.104.7'), release('v0.99.9')], linux),
    ).toEqual({ version: '0.104.7', skipped: [] });
  });

  it("skips releases without this platform's assets, prereleases, drafts and other tags", () => {
    const releases = [
      release('v0.108.0', { assets: [] }),
      release('v0.107.0', { assets: ['checksums.txt'] }),
      release('v0.106.0', { assets: [assetName('0.106.0', linux)] }),
      release('v0.105.3', {
        assets: [assetName('0.105.3', { os: 'Darwin', arch: 'arm64' }), 'checksums.txt'],
      }),
      release('v0.105.2', { prerelease: true }),
      release('v0.105.1', { draft: true }),
      release('v0.105.0-rc.1'),
      release('py/v1.21.0'),
      release('v0.104.10'),
    ];
    expect(latestCliRelease(releases, linux)).toEqual({
      version: '0.104.10',
      // Newest first; prereleases, drafts and non-CLI tags are not worth a mention.
      skipped: ['v0.108.0', 'v0.107.0', 'v0.106.0', 'v0.105.3'],
    });
  });

  it('matches the archive of the platform asked for', () => {
    const mac: Platform = { os: 'Darwin', arch: 'arm64' };
    const releases = [
      release('v0.105.0'),
      release('v0.104.0', { assets: [assetName('0.104.0', mac), 'checksums.txt'] }),
    ];
    expect(latestCliRelease(releases, mac).version).toBe('0.104.0');
    expect(latestCliRelease(releases, linux).version).toBe('0.105.0');
  });

  it('finds nothing when no stable release has the assets', () => {
    expect(
      latestCliRelease([release('v0.105.0', { assets: [] }), release('v0.106.0-rc.1')], linux),
    ).toEqual({ version: undefined, skipped: ['v0.105.0'] });
  });
});

describe('checksumFor', () => {
  const a = 'a'.repeat(64);
  const b = 'B'.repeat(64);
  const text = `${a}  hatchet_0.104.7_Linux_x86_64.tar.gz\n${b}  hatchet_0.104.7_Linux_x86_64.tar.gz.sbom.json\n`;

  it('matches the exact file name', () => {
    expect(checksumFor(text, 'hatchet_0.104.7_Linux_x86_64.tar.gz')).toBe(a);
    expect(checksumFor(text, 'hatchet_0.104.7_Linux_x86_64.tar.gz.sbom.json')).toBe('b'.repeat(64));
  });

  it('fails closed on a missing or conflicting line', () => {
    expect(() => checksumFor(text, 'hatchet_0.104.7_Darwin_arm64.tar.gz')).toThrow(/no line for/);
    expect(() =>
      checksumFor(
        `${text}${'c'.repeat(64)}  hatchet_0.104.7_Linux_x86_64.tar.gz\n`,
        'hatchet_0.104.7_Linux_x86_64.tar.gz',
      ),
    ).toThrow(/more than once/);
    expect(() => checksumFor('', 'x')).toThrow();
  });
});
