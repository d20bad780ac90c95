// Test and demo helpers: a Hatchet simulator scenario directory, tokens, and running the bundled
// action the way the GitHub runner does.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
  existsSync,
  readdirSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  GITHUB_COM,
  actionManifest,
  inputVariables,
  runnerVariables,
  stepInputs,
} from './runner.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SIM_BIN = join(ROOT, 'test/simulator/bin');
export const TENANT = '7a1f3c52-9d0e-4b6a-8f21-0c3d5e7f9a11';
export const SERVER = 'https://hatchet.example.com';
const MANIFEST = actionManifest(ROOT);

/** A Hatchet API token (a JWT) for the simulator; only its claims matter. */
export function makeToken(claims = {}) {
  const part = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const payload = {
    sub: TENANT,
    server_url: SERVER,
    grpc_broadcast_address: 'hatchet.example.com:443',
    exp: Math.floor(Date.now() / 1000) + 3600,
    ...claims,
  };
  return `${part({ alg: 'ES256', typ: 'JWT' })}.${part(payload)}.${Buffer.from(randomUUID()).toString('base64url')}`;
}

/** A fresh scenario directory for the simulator. */
export function createSim(scenario, base = tmpdir()) {
  const dir = mkdtempSync(join(base, 'hatchet-sim-'));
  writeFileSync(join(dir, 'scenario.json'), JSON.stringify({ tenantId: TENANT, ...scenario }));
  return {
    dir,
    env: { HATCHET_SIM_DIR: dir, PATH: `${SIM_BIN}${delimiter}${process.env.PATH}` },
    /** Every call the simulator received, and what it printed about them. */
    calls() {
      const file = join(dir, 'calls.jsonl');
      if (!existsSync(file)) return [];
      return readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line));
    },
    /** The argv of calls whose first words are `command` (e.g. "runs get"). */
    commands(command) {
      return this.calls()
        .filter((c) => c.argv && c.argv.slice(0, command.split(' ').length).join(' ') === command)
        .map((c) => c.argv);
    },
  };
}

/**
 * A call log as pairs: `calls` are `{ pid, argv, t }` starts and `{ pid, exit, t }` ends (the
 * simulator's calls.jsonl, or the wrapper around the real CLI). Resolves `{ argv, start, end,
 * spawned }`: `spawned` is when the process began (the simulator's, before node loaded it; else
 * `start`), the time to compare with another call's end when asking which the action sent first.
 */
export function pairCalls(calls) {
  const open = new Map();
  const pairs = [];
  for (const call of calls) {
    if (call.argv) {
      const pair = {
        argv: call.argv,
        start: call.t,
        end: Infinity,
        spawned: call.spawned ?? call.t,
      };
      open.set(call.pid, pair);
      pairs.push(pair);
    } else if (call.exit !== undefined && open.has(call.pid)) {
      open.get(call.pid).end = call.t;
      open.delete(call.pid);
    }
  }
  return pairs;
}

/** A runner's directories and files: RUNNER_TEMP, the tool cache, HOME and the GITHUB_* files. */
export function runnerFiles(base = tmpdir()) {
  const dir = mkdtempSync(join(base, 'runner-'));
  const temp = join(dir, 'temp');
  const home = join(dir, 'home');
  const toolCache = join(dir, 'tool-cache');
  const workspace = join(dir, 'workspace');
  for (const d of [temp, home, toolCache, workspace]) mkdirSync(d);
  const files = {
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
    GITHUB_STATE: join(dir, 'state'),
    GITHUB_ENV: join(dir, 'env'),
    GITHUB_PATH: join(dir, 'path'),
  };
  for (const file of Object.values(files)) writeFileSync(file, '');
  return { dir, temp, home, toolCache, workspace, files };
}

/**
 * Parses the `name<<delimiter` file format of GITHUB_OUTPUT and GITHUB_STATE.
 * @param {string} text
 * @returns {Record<string, string>}
 */
export function parseCommandFile(text) {
  /** @type {Record<string, string>} */
  const values = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i]);
    if (!match) continue;
    const [, name, marker] = match;
    const value = [];
    for (i++; i < lines.length && lines[i] !== marker; i++) value.push(lines[i]);
    values[name] = value.join('\n');
  }
  return values;
}

/**
 * The workflow commands in stdout, found the way the runner finds them (`::name …::`).
 * @param {string} stdout
 * @returns {WorkflowCommand[]}
 */
export function workflowCommands(stdout) {
  /** @type {WorkflowCommand[]} */
  const commands = [];
  let stopToken;
  for (const line of stdout.split(/\r?\n/)) {
    if (stopToken) {
      if (line === `::${stopToken}::`) stopToken = undefined;
      continue;
    }
    const match = /^::([A-Za-z-]+)(?: ([^:]*))?::(.*)$/.exec(line.trim());
    if (!match) continue;
    const [, name, properties, data] = match;
    if (name === 'stop-commands') stopToken = data;
    commands.push({ name, properties: properties ?? '', data });
  }
  return commands;
}

/**
 * @typedef {{ name: string, properties: string, data: string }} WorkflowCommand
 * @typedef {{
 *   code: number | null, signal: string | null, ms: number, stdout: string, stderr: string,
 *   outputs: Record<string, string>, state: Record<string, string>, summary: string,
 *   commands: WorkflowCommand[], runner: ReturnType<typeof runnerFiles>, tempFiles: string[]
 * }} ActionResult
 */

/**
 * Runs `dist/index.js` (or `dist/post/index.js`) through the runner contract
 * (test/harness/runner.mjs): `inputs` are the step's `with:`; every other input of action.yml
 * arrives with its default, named and valued as the runner passes it, beside the runner's own
 * variables and files. With `sim`, the simulator is first on PATH and, unless the step says
 * otherwise, the step sets `install: false` (a runner with the CLI already on PATH): that is a
 * `with:` value, not a default of the harness's. `github` picks github.com or GHES for the
 * defaults' expressions; `internet` (test/harness/internet.mjs) stands in for GitHub's hosts. The
 * action runs in the runner's workspace, as on GitHub.
 * @param {{
 *   inputs?: Record<string, string>, sim?: { env: Record<string, string> },
 *   runner?: ReturnType<typeof runnerFiles>, env?: Record<string, string>, entry?: string,
 *   node?: string, onSpawn?: (child: import('node:child_process').ChildProcess) => void,
 *   nodeArgs?: string[], state?: Record<string, string>,
 *   github?: import('./runner.mjs').GitHubContext, internet?: { url: string }
 * }} options
 * @returns {Promise<ActionResult>}
 */
export function runAction({
  inputs = {},
  sim,
  runner = runnerFiles(),
  env = {},
  entry = 'dist/index.js',
  node = process.execPath,
  onSpawn,
  nodeArgs = [],
  state = {},
  github = GITHUB_COM,
  internet,
}) {
  const standIn = internet
    ? {
        nodeArgs: ['--import', pathToFileURL(join(ROOT, 'test/harness/internet-preload.mjs')).href],
        env: { INTERNET_STANDIN: internet.url },
      }
    : { nodeArgs: [], env: {} };
  const step = sim && !('install' in inputs) ? { install: 'false', ...inputs } : inputs;
  const childEnv = {
    PATH: process.env.PATH,
    ...runnerVariables(runner, github),
    ...(sim ? sim.env : {}),
    ...inputVariables(stepInputs(MANIFEST, step, github)),
    // The runner hands what the main step saved to the post step as STATE_* variables.
    ...Object.fromEntries(Object.entries(state).map(([name, value]) => [`STATE_${name}`, value])),
    ...standIn.env,
    ...env,
  };
  return new Promise((resolvePromise) => {
    const started = Date.now();
    const child = spawn(node, [...standIn.nodeArgs, ...nodeArgs, join(ROOT, entry)], {
      cwd: runner.workspace,
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    onSpawn?.(child);
    child.on('close', (code, signal) => {
      const read = (file) => readFileSync(file, 'utf8');
      resolvePromise({
        code,
        signal,
        ms: Date.now() - started,
        stdout,
        stderr,
        outputs: parseCommandFile(read(runner.files.GITHUB_OUTPUT)),
        state: parseCommandFile(read(runner.files.GITHUB_STATE)),
        summary: read(runner.files.GITHUB_STEP_SUMMARY),
        commands: workflowCommands(stdout),
        runner,
        tempFiles: readdirSync(runner.temp),
      });
    });
  });
}

/** How the runner stops a step when the job is cancelled: SIGINT, SIGTERM 7.5 s later, then SIGKILL 2.5 s after that. */
export function cancelLikeRunner(child) {
  child.kill('SIGINT');
  const term = setTimeout(() => child.kill('SIGTERM'), 7_500);
  const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
  child.once('close', () => {
    clearTimeout(term);
    clearTimeout(kill);
  });
}

/**
 * A whole step as the runner runs it: the main step, then the post step (`post-if: always()`,
 * whatever the main step's outcome, a cancelled job included) with the same inputs and the
 * STATE_* the main step saved. `cancel: 'pending'` cancels the job the way the runner does once a
 * run is out and waited on.
 * @param {Parameters<typeof runAction>[0] & { cancel?: 'pending' }} options
 * @returns {Promise<{ main: ActionResult, post: ActionResult }>}
 */
export async function runStep({ cancel, ...options }) {
  const runner = options.runner ?? runnerFiles();
  const main = await runAction({
    ...options,
    runner,
    onSpawn: (child) => {
      options.onSpawn?.(child);
      if (cancel === 'pending') whenRunPending(runner, () => cancelLikeRunner(child));
    },
  });
  const post = await runAction({
    ...options,
    runner,
    onSpawn: undefined,
    entry: 'dist/post/index.js',
    state: main.state,
  });
  return { main, post };
}

/** Whether a process is still running (a zombie waiting to be reaped counts as gone). */
export function isAlive(pid) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return true;
  }
}

/**
 * Calls `then` once the action has saved `count` started runs for its post step (the replays are
 * out and the wait has begun): the moment to cancel or kill the job in tests.
 * @param {ReturnType<typeof runnerFiles>} runner
 * @param {() => void} then
 * @param {number} [count]
 * @returns {() => void} stops waiting (for a step that ended first)
 */
export function whenRunPending(runner, then, count = 1) {
  const pending = () => {
    const saved = parseCommandFile(readFileSync(runner.files.GITHUB_STATE, 'utf8'));
    try {
      return saved.cleanup ? JSON.parse(saved.cleanup).pending.length : 0;
    } catch {
      return 0; // read while the action was writing it: read again at the next tick
    }
  };
  const timer = setInterval(() => {
    if (pending() >= count) {
      clearInterval(timer);
      then();
    }
  }, 50);
  return () => clearInterval(timer);
}

/**
 * Stdout as the runner shows it in the job log: commands applied (secrets masked, debug lines
 * hidden, groups and annotations drawn), lines between stop-commands markers left as text.
 * @param {string} stdout
 */
export function jobLogView(stdout) {
  const secrets = [];
  const out = [];
  let stopToken;
  const unescape = (data) => data.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');
  for (const line of stdout.split(/\r?\n/)) {
    if (stopToken) {
      if (line === `::${stopToken}::`) stopToken = undefined;
      else out.push(line);
      continue;
    }
    const command = /^::([A-Za-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!command) {
      out.push(line);
      continue;
    }
    const [, name, properties = '', data = ''] = command;
    if (name === 'add-mask') secrets.push(data);
    else if (name === 'stop-commands') stopToken = data;
    else if (name === 'group') out.push(`▶ ${data}`);
    else if (name === 'endgroup') out.push('◀');
    else if (['error', 'warning', 'notice'].includes(name)) {
      const title = /title=([^,]*)/.exec(properties)?.[1];
      out.push(
        `${name === 'error' ? '❌ Error' : name === 'warning' ? '⚠️ Warning' : 'ℹ️ Notice'}${title ? ` (${unescape(title).replace(/%3A/g, ':').replace(/%2C/g, ',')})` : ''}: ${unescape(data)}`,
      );
    }
  }
  let text = out.join('\n');
  for (const secret of secrets.sort((a, b) => b.length - a.length))
    if (secret) text = text.split(secret).join('***');
  return text;
}
