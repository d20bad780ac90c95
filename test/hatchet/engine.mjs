// Helpers around the real engine started by `npm run hatchet:up`: its state, the real CLI with a
// profile made by `hatchet profile add`, the SDK client that triggers original runs, the worker.
import { execFile, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as sdk from '@hatchet-dev/typescript-sdk';

// Node and vite import this CommonJS package differently: find the client class either way.
const Hatchet = sdk.Hatchet ?? sdk.default?.Hatchet ?? sdk.default;
import { ROOT, STATE_FILE, WORK, isAlive } from '../../scripts/hatchet/lib.mjs';
import { DAG, RETRY_TASK, SELECT, TASK } from './workflows.mjs';

export const BEHAVIOUR_DIR = join(WORK, 'behaviour');

export function engineState() {
  if (!existsSync(STATE_FILE)) {
    throw new Error(`No engine: ${STATE_FILE} is missing. Run \`npm run hatchet:up\` first.`);
  }
  const state = JSON.parse(readFileSync(STATE_FILE, 'utf8'));
  if (!isAlive(state.pid)) throw new Error(`hatchet-lite (pid ${state.pid}) is not running`);
  return state;
}

/** The CLI's environment, without anything that would override the profile. */
export function cliEnv(home) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !k.startsWith('HATCHET_CLIENT_') && !k.startsWith('INPUT_'),
    ),
  );
  return { ...env, HOME: home, HATCHET_CLI_TELEMETRY_ENABLED: 'false' };
}

/** A HOME whose profile `name` the real CLI made itself with `profile add`. */
export function profileHome(state, name = 'ci') {
  const home = mkdtempSync(join(tmpdir(), 'hatchet-home-'));
  const result = spawnSync(state.cli, ['profile', 'add', '--name', name, '--token', state.token], {
    env: cliEnv(home),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.status !== 0) throw new Error(`profile add failed: ${result.stderr}${result.stdout}`);
  return home;
}

/** Runs the real CLI; resolves { code, stdout, stderr, ms }. */
export function cli(state, home, args, { profile = 'ci', json = true } = {}) {
  const argv = [...args, ...(json ? ['-o', 'json'] : []), ...(profile ? ['-p', profile] : [])];
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      state.cli,
      argv,
      { env: cliEnv(home), maxBuffer: 32 << 20, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr, ms: Date.now() - started, argv });
      },
    );
  });
}

export async function cliJson(state, home, args) {
  const result = await cli(state, home, args);
  if (result.code !== 0) {
    throw new Error(`hatchet ${result.argv.join(' ')} exited ${result.code}: ${result.stderr}`);
  }
  return JSON.parse(result.stdout);
}

let client;
export function sdkClient(state) {
  client ??= Hatchet.init({
    token: state.token,
    host_port: state.grpcAddress,
    api_url: state.serverUrl,
    tls_config: { tls_strategy: 'none' },
    log_level: 'ERROR',
  });
  return client;
}

/** Triggers an original run with the SDK; resolves its run id. */
export async function triggerOriginal(state, workflow, input) {
  const ref = await sdkClient(state).runNoWait(workflow, input);
  return ref.runId;
}

const TERMINAL = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits until a run is finished for good: run and every task terminal, the run status what its
 * tasks imply, and the same snapshot for `quietMs`. Resolves the last snapshot.
 */
export async function waitFinished(
  state,
  home,
  runId,
  { timeoutMs = 60_000, quietMs = 2_500 } = {},
) {
  const deadline = Date.now() + timeoutMs;
  let last;
  let since = Date.now();
  while (Date.now() < deadline) {
    const result = await cli(state, home, ['runs', 'get', runId]);
    if (result.code === 0) {
      const details = JSON.parse(result.stdout);
      const key = JSON.stringify([
        details.run.status,
        details.tasks?.map((t) => [t.metadata.id, t.status, t.retryCount]),
      ]);
      const done =
        TERMINAL.has(details.run.status) &&
        (details.tasks ?? []).length > 0 &&
        details.tasks.every((t) => TERMINAL.has(t.status));
      if (key !== last?.key) since = Date.now();
      last = { key, details };
      if (done && Date.now() - since >= quietMs) return details;
    }
    await sleep(150);
  }
  throw new Error(`run ${runId} did not finish within ${timeoutMs} ms: ${last?.key}`);
}

/** Starts the worker (and first registers `replay-orphan`, which no worker serves). */
export async function startWorker(state) {
  const registered = spawnSync(
    process.execPath,
    [join(ROOT, 'test/hatchet/worker.mjs'), '--register-only'],
    {
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  if (registered.status !== 0) {
    throw new Error(`registering workflows failed: ${registered.stderr}${registered.stdout}`);
  }
  mkdirSync(BEHAVIOUR_DIR, { recursive: true });
  const out = openSync(join(WORK, 'worker.log'), 'a');
  const child = spawn(process.execPath, [join(ROOT, 'test/hatchet/worker.mjs')], {
    stdio: ['ignore', out, out],
  });
  const home = profileHome(state, 'ci');
  const deadline = Date.now() + 60_000;
  for (;;) {
    const list = await cli(state, home, ['workflows', 'list']);
    const names = list.code === 0 ? JSON.stringify(JSON.parse(list.stdout)) : '';
    if ([DAG, TASK, RETRY_TASK, SELECT].every((n) => names.includes(`"${n}"`))) break;
    if (Date.now() > deadline)
      throw new Error(`worker did not register its workflows: ${list.stderr}`);
    await sleep(300);
  }
  // A registered workflow is not yet a connected worker: wait for one live worker.
  await sleep(1_500);
  return child;
}
