#!/usr/bin/env node
// npm run hatchet:up — a real Hatchet on loopback for test:hatchet, built from the pinned
// release's source (scripts/hatchet/VERSION) with the Go module proxy. Steps, after Hatchet's own
// hack/lite/start.sh: build (once per version, cached), fresh database, hatchet-migrate,
// `hatchet-admin quickstart --skip certs`, hatchet-lite (Postgres as the message queue, plaintext
// gRPC), wait until it answers, `hatchet-admin token create` for the default tenant; then
// .tmp/hatchet/state.json holds what the tests need (token, URLs, pid, binaries).
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BIN,
  CACHE,
  DATABASE,
  PG,
  PORTS,
  STATE_FILE,
  VERSION,
  WORK,
  isAlive,
  readState,
} from './lib.mjs';

const started = Date.now();
const log = (line) =>
  console.log(`[hatchet:up ${((Date.now() - started) / 1000).toFixed(1)}s] ${line}`);
const BINARIES = ['hatchet-lite', 'hatchet-admin', 'hatchet-migrate', 'hatchet'];

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(
      `${cmd} ${args.join(' ')} exited with ${result.status}\n${result.stdout ?? ''}${result.stderr ?? ''}`,
    );
  }
  return result.stdout ?? '';
}

/** `go install …@version` is refused by the proxy (403 on the deprecation check of @v/list),
 * so: `go mod download` the pinned module and `go build` inside it. */
function build() {
  mkdirSync(BIN, { recursive: true });
  const missing = BINARIES.filter((name) => !existsSync(join(BIN, name)));
  if (missing.length === 0) {
    log(`binaries cached in ${BIN}: no build`);
    return false;
  }
  const module = JSON.parse(
    run('go', ['mod', 'download', '-json', `github.com/hatchet-dev/hatchet@${VERSION}`], {
      cwd: tmpdir(),
      env: { ...process.env, GOFLAGS: '-mod=mod' },
    }),
  );
  if (!module.Dir) throw new Error(`go mod download gave no directory: ${JSON.stringify(module)}`);
  const plain = VERSION.replace(/^v/, '');
  for (const name of missing.filter((n) => n !== 'hatchet')) {
    log(`go build ${name} (from ${module.Dir})`);
    run(
      'go',
      [
        'build',
        '-trimpath',
        '-ldflags',
        `-X main.Version=${VERSION}`,
        '-o',
        join(BIN, name),
        `./cmd/${name}`,
      ],
      { cwd: module.Dir, stdio: ['ignore', 'inherit', 'inherit'] },
    );
  }
  if (missing.includes('hatchet')) {
    // The CLI imports github.com/hatchet-dev/hatchet-quickstarts (project templates for
    // `hatchet quickstart`, which the action never runs), and the proxy answers 403 for every
    // version of it. Build from a writable copy whose go.mod replaces it with an empty stub.
    const src = join(CACHE, 'cli-src');
    const stub = join(CACHE, 'quickstarts-stub');
    rmSync(src, { recursive: true, force: true });
    log(`copying the module to ${src} (frontend/ left out) for the CLI build`);
    cpSync(module.Dir, src, {
      recursive: true,
      filter: (path) => !path.startsWith(join(module.Dir, 'frontend')),
    });
    run('chmod', ['-R', 'u+w', src]);
    mkdirSync(stub, { recursive: true });
    writeFileSync(
      join(stub, 'go.mod'),
      'module github.com/hatchet-dev/hatchet-quickstarts\n\ngo 1.22\n',
    );
    writeFileSync(
      join(stub, 'stub.go'),
      [
        '// Package quickstarts stands in for github.com/hatchet-dev/hatchet-quickstarts, which the',
        '// Go module proxy refuses: no project templates (`hatchet quickstart` finds none).',
        'package quickstarts',
        '',
        'import (',
        '\t"io/fs"',
        '\t"testing/fstest"',
        ')',
        '',
        'func TemplatesFS() fs.FS { return fstest.MapFS{} }',
        '',
      ].join('\n'),
    );
    run('go', ['mod', 'edit', `-replace=github.com/hatchet-dev/hatchet-quickstarts=${stub}`], {
      cwd: src,
    });
    log('go build hatchet (the CLI)');
    run(
      'go',
      [
        'build',
        '-trimpath',
        '-ldflags',
        `-X github.com/hatchet-dev/hatchet/cmd/hatchet-cli/cli.Version=${plain}`,
        '-o',
        join(BIN, 'hatchet'),
        './cmd/hatchet-cli',
      ],
      {
        cwd: src,
        env: { ...process.env, GOFLAGS: '-mod=mod' },
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    rmSync(src, { recursive: true, force: true });
  }
  return true;
}

function psql(sql, database = 'postgres') {
  return run(
    'psql',
    [
      '-v',
      'ON_ERROR_STOP=1',
      '-qAt',
      '-h',
      PG.host,
      '-p',
      PG.port,
      '-U',
      PG.user,
      '-d',
      database,
      '-c',
      sql,
    ],
    {
      env: { ...process.env, PGPASSWORD: PG.password },
    },
  );
}

function stopPrevious() {
  const state = readState();
  if (state?.pid && isAlive(state.pid)) {
    log(`stopping the previous hatchet-lite (pid ${state.pid})`);
    try {
      process.kill(-state.pid, 'SIGTERM');
    } catch {
      process.kill(state.pid, 'SIGTERM');
    }
    for (let i = 0; i < 50 && isAlive(state.pid); i++) spawnSync('sleep', ['0.2']);
    if (isAlive(state.pid)) process.kill(state.pid, 'SIGKILL');
  }
  rmSync(STATE_FILE, { force: true });
}

function portOpen(port) {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

async function waitReady(url, pid, logFile) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) {
      throw new Error(
        `hatchet-lite exited while starting; its log (${logFile}):\n${tail(logFile)}`,
      );
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok && (await portOpen(PORTS.grpc))) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`hatchet-lite did not answer ${url} within 120 s; log:\n${tail(logFile)}`);
}

function tail(file, lines = 40) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

async function main() {
  const built = build();
  const buildMs = Date.now() - started;
  stopPrevious();
  for (const [name, port] of Object.entries(PORTS)) {
    if (await portOpen(port))
      throw new Error(`port ${port} (${name}) is already in use on 127.0.0.1`);
  }

  const config = join(WORK, 'config');
  const assets = join(WORK, 'static-assets');
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(config, { recursive: true });
  mkdirSync(assets, { recursive: true });
  writeFileSync(
    join(assets, 'index.html'),
    '<!doctype html><title>hatchet-lite (no dashboard)</title>\n',
  );

  log(`fresh database ${DATABASE}`);
  psql(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  psql(`CREATE DATABASE ${DATABASE}`);

  const auth = PG.password ? `${PG.user}:${encodeURIComponent(PG.password)}` : PG.user;
  const serverUrl = `http://127.0.0.1:${PORTS.runtime}`;
  const grpcAddress = `127.0.0.1:${PORTS.grpc}`;
  const env = {
    ...Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !k.startsWith('HATCHET_CLIENT_')),
    ),
    DATABASE_URL: `postgresql://${auth}@${PG.host}:${PG.port}/${DATABASE}?sslmode=disable`,
    SERVER_PORT: String(PORTS.api),
    SERVER_URL: serverUrl,
    SERVER_GRPC_PORT: String(PORTS.grpc),
    SERVER_GRPC_BIND_ADDRESS: '127.0.0.1',
    SERVER_GRPC_BROADCAST_ADDRESS: grpcAddress,
    SERVER_GRPC_INSECURE: 't',
    SERVER_INTERNAL_CLIENT_INTERNAL_GRPC_BROADCAST_ADDRESS: grpcAddress,
    SERVER_HEALTHCHECK_PORT: String(PORTS.health),
    SERVER_AUTH_COOKIE_DOMAIN: '127.0.0.1',
    SERVER_AUTH_COOKIE_INSECURE: 't',
    SERVER_AUTH_SET_EMAIL_VERIFIED: 't',
    SERVER_MSGQUEUE_KIND: 'postgres',
    SERVER_SECURITY_CHECK_ENABLED: 'f',
    SERVER_ANALYTICS_POSTHOG_ENABLED: 'f',
    SERVER_LOGGER_LEVEL: process.env.SERVER_LOGGER_LEVEL ?? 'warn',
    SERVER_LOGGER_FORMAT: 'console',
    DATABASE_LOGGER_LEVEL: 'error',
    LITE_STATIC_ASSET_DIR: assets,
    LITE_FRONTEND_PORT: String(PORTS.frontend),
    LITE_RUNTIME_PORT: String(PORTS.runtime),
  };

  log('hatchet-migrate');
  run(join(BIN, 'hatchet-migrate'), [], { env, cwd: WORK });
  log('hatchet-admin quickstart --skip certs');
  run(
    join(BIN, 'hatchet-admin'),
    ['quickstart', '--skip', 'certs', '--generated-config-dir', config, '--overwrite=false'],
    {
      env,
      cwd: WORK,
    },
  );

  log(`starting hatchet-lite on ${serverUrl} (gRPC ${grpcAddress}, plaintext)`);
  const logFile = join(WORK, 'hatchet-lite.log');
  const out = openSync(logFile, 'a');
  const child = spawn(join(BIN, 'hatchet-lite'), ['--config', config], {
    env,
    cwd: WORK,
    detached: true,
    stdio: ['ignore', out, out],
  });
  child.unref();
  await waitReady(`${serverUrl}/api/ready`, child.pid, logFile);
  log('hatchet-lite answers /api/ready and gRPC');

  const token = run(
    join(BIN, 'hatchet-admin'),
    ['token', 'create', '--config', config, '--name', 'replay-action-tests'],
    {
      env,
      cwd: WORK,
    },
  )
    .trim()
    .split('\n')
    .pop();
  const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));

  const state = {
    version: VERSION,
    pid: child.pid,
    serverUrl,
    grpcAddress,
    tlsStrategy: 'none',
    tenantId: claims.sub,
    token,
    bin: BIN,
    cli: join(BIN, 'hatchet'),
    config,
    log: logFile,
    database: DATABASE,
    ports: PORTS,
    startedAt: new Date().toISOString(),
    timings: { buildMs, built, totalMs: Date.now() - started },
  };
  writeFileSync(STATE_FILE, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  chmodSync(STATE_FILE, 0o600);
  log(
    `ready: tenant ${claims.sub}; state in ${STATE_FILE} (${built ? 'cold: built' : 'warm: cached'} binaries)`,
  );
}

main().catch((error) => {
  console.error(`hatchet:up failed: ${error.message}`);
  process.exit(1);
});
