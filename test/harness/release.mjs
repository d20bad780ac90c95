// A Hatchet CLI release built from the simulator (a real .tar.gz with `hatchet` at its root and
// a checksums.txt), and a loopback HTTP server that serves it like GitHub's release downloads.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './sim.mjs';

/** What the simulator's CLI front (`hatchet`) needs beside it: its model and its parts. */
const SIM_PARTS = ['model.cjs', 'model', 'front'];

export function platformAsset(version) {
  const os = { linux: 'Linux', darwin: 'Darwin', win32: 'Windows' }[process.platform];
  const arch = { x64: 'x86_64', arm64: 'arm64' }[process.arch];
  return `hatchet_${version}_${os}_${arch}.tar.gz`;
}

/**
 * Writes the simulator as `<dir>/hatchet`, reporting `reports` to `hatchet --version`, with the
 * given file mode (0o644 makes a `hatchet` that is on PATH but cannot be run).
 */
export function writeCli(dir, reports, mode = 0o755) {
  const source = readFileSync(join(ROOT, 'test/simulator/hatchet.cjs'), 'utf8');
  const binary = join(dir, 'hatchet');
  writeFileSync(
    binary,
    source.replace(/const VERSION = '[^']*';/, `const VERSION = '${reports}';`),
  );
  chmodSync(binary, mode);
  for (const part of SIM_PARTS)
    cpSync(join(ROOT, 'test/simulator', part), join(dir, part), { recursive: true });
  return binary;
}

/** A fresh directory holding only a `hatchet` (see writeCli), to put on PATH. */
export function cliDir(reports, mode = 0o755) {
  const dir = mkdtempSync(join(tmpdir(), 'cli-'));
  writeCli(dir, reports, mode);
  return dir;
}

/**
 * Writes `<root>/v<version>/<asset>` and `<root>/v<version>/checksums.txt`, the layout of
 * `…/releases/download`. The archive's `hatchet` is the simulator, reporting `reports`.
 */
export function packageRelease(
  version,
  root = mkdtempSync(join(tmpdir(), 'release-')),
  reports = version,
) {
  const stage = mkdtempSync(join(tmpdir(), 'stage-'));
  writeCli(stage, reports);
  const dir = join(root, `v${version}`);
  mkdirSync(dir, { recursive: true });
  const asset = platformAsset(version);
  execFileSync('tar', ['-czf', join(dir, asset), '-C', stage, 'hatchet', ...SIM_PARTS]);
  const sha = createHash('sha256')
    .update(readFileSync(join(dir, asset)))
    .digest('hex');
  const other = createHash('sha256').update('other').digest('hex');
  writeFileSync(
    join(dir, 'checksums.txt'),
    `${other}  hatchet_${version}_Windows_x86_64.zip\n${sha}  ${asset}\n${other}  ${asset}.sbom.json\n`,
  );
  return { root, dir, asset, sha };
}

/**
 * One entry of GitHub's "list releases" answer (the fields the installer reads, and a few it
 * does not). `assets` defaults to this platform's archive and checksums.txt.
 * @param {string} tag
 * @param {{ prerelease?: boolean, draft?: boolean, assets?: string[] }} [options]
 */
export function releaseEntry(tag, options = {}) {
  const version = tag.replace(/^v/, '');
  const assets = options.assets ?? [platformAsset(version), 'checksums.txt'];
  return {
    tag_name: tag,
    name: tag,
    draft: options.draft ?? false,
    prerelease: options.prerelease ?? false,
    assets: assets.map((name) => ({ name, size: 1, state: 'uploaded' })),
  };
}

/**
 * Serves files under `root`, and `routes` (path → handler) first. Every request is logged.
 * @param {string | undefined} root
 * @param {Record<string, (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void>} routes
 */
export async function serve(root, routes = {}) {
  /** @type {{ url: string, authorization?: string }[]} */
  const requests = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push({ url: url.pathname, authorization: req.headers.authorization });
    const route = routes[url.pathname];
    if (route) return route(req, res);
    try {
      if (!root) throw new Error('no root');
      const body = readFileSync(join(root, decodeURIComponent(url.pathname)));
      res.writeHead(200, { 'content-length': body.length });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end('Not Found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve(undefined))),
  };
}
