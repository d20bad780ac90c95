// The internet a hosted runner reaches, on loopback: GitHub's releases API and release downloads
// for hatchet-dev/hatchet, serving the simulator packaged as release `version`. Pass the server
// to runAction({ internet }) (see internet-preload.mjs); every request is recorded.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRelease, releaseEntry } from './release.mjs';

export const HATCHET_CLI_VERSION = '0.104.7';

export async function startInternet(version = HATCHET_CLI_VERSION) {
  const release = packageRelease(version);
  /** @type {{ host: string, path: string, authorization?: string }[]} */
  const requests = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const [, host, ...rest] = url.pathname.split('/');
    const path = `/${rest.join('/')}`;
    requests.push({ host, path, authorization: req.headers.authorization });
    const send = (status, body, type = 'application/octet-stream') => {
      res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
      res.end(body);
    };
    if (host === 'api.github.com' && path === '/repos/hatchet-dev/hatchet/releases') {
      const page = Number(url.searchParams.get('page') ?? '1');
      const body = page === 1 ? [releaseEntry(`v${version}`)] : [];
      return send(200, JSON.stringify(body), 'application/json');
    }
    // GitHub's release downloads, and any mirror laid out like them (`download-url`).
    const download = /\/releases\/download\/(v[^/]+)\/([^/]+)$/.exec(path);
    const github = host === 'github.com' && path.startsWith('/hatchet-dev/hatchet/');
    if (download && (github || host !== 'github.com')) {
      try {
        return send(200, readFileSync(join(release.root, download[1], download[2])));
      } catch {
        return send(404, 'Not Found');
      }
    }
    send(404, `The internet stand-in serves no ${host}${path}`);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    version,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve(undefined))),
  };
}
