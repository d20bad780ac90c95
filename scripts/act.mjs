// `npm run test:act`: the README's examples as real workflow files (test/act/workflows), run by a
// runner no one here wrote — nektos/act, on the host (`-P ubuntu-latest=-self-hosted`, no Docker)
// — against the Hatchet simulator. This file finds or builds act (pinned below), finds a Node 24
// for the `node24` action, runs one workflow offline and reads act's JSON log; run as a script it
// runs the suite, test/act/act.test.mjs, with node's test runner.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The one place the act release is pinned: the first with `runs.using: node24` is v0.2.80. */
export const ACT_VERSION = '0.2.89';
export const ACT_MODULE = 'github.com/nektos/act';

/** Built once per machine and kept: CI on the same machine reuses it. */
export const ACT_DIR = join(
  process.env.XDG_CACHE_HOME || join(homedir(), '.cache'),
  'hatchet-replay',
  'act',
);
const ACT_BIN = join(ACT_DIR, process.platform === 'win32' ? 'act.exe' : 'act');

/** The version an act binary reports, or undefined when it does not run. */
function actVersion(bin) {
  const result = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  return /act version (\S+)/.exec(result.stdout ?? '')?.[1];
}

/**
 * The path of act v{ACT_VERSION}, built with `go install` into ACT_DIR when it is missing or
 * another version. Throws, saying why, when it cannot be had.
 */
export function ensureAct({ log = (line) => console.error(line) } = {}) {
  if (existsSync(ACT_BIN) && actVersion(ACT_BIN) === ACT_VERSION) return ACT_BIN;
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.error || go.status !== 0) {
    throw new Error(
      `act v${ACT_VERSION} is not in ${ACT_DIR} and Go is not on PATH to build it ` +
        `(go install ${ACT_MODULE}@v${ACT_VERSION}): install Go, or put act v${ACT_VERSION} at ${ACT_BIN}.`,
    );
  }
  log(`Building act v${ACT_VERSION} into ${ACT_DIR} with ${go.stdout.trim()} (once per machine)…`);
  mkdirSync(ACT_DIR, { recursive: true });
  const install = spawnSync('go', ['install', `${ACT_MODULE}@v${ACT_VERSION}`], {
    env: { ...process.env, GOBIN: ACT_DIR },
    stdio: ['ignore', 'inherit', 'inherit'],
    timeout: 15 * 60_000,
  });
  const found = existsSync(ACT_BIN) ? actVersion(ACT_BIN) : undefined;
  if (install.status !== 0 || found !== ACT_VERSION) {
    throw new Error(
      `go install ${ACT_MODULE}@v${ACT_VERSION} failed (exit ${install.status ?? install.signal}` +
        `${found ? `, ${ACT_BIN} reports ${found}` : ''}): see its output above.`,
    );
  }
  return ACT_BIN;
}

/**
 * A directory holding a Node 24 `node`: act runs a node action with the `node` first on PATH, and
 * the action declares node24. This Node if it is 24, else the `node@24` npm package (npx caches it).
 */
export function node24Dir() {
  if (process.versions.node.split('.')[0] === '24') return dirname(process.execPath);
  let path;
  try {
    path = execFileSync('npx', ['--prefer-offline', '-y', 'node@24', '-p', 'process.execPath'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 5 * 60_000,
    }).trim();
  } catch (error) {
    throw new Error(
      `No Node 24 to run the node24 action with: \`npx -y node@24\` failed: ${error.stderr || error.message}`,
    );
  }
  const version = spawnSync(path, ['--version'], { encoding: 'utf8' }).stdout?.trim();
  if (!version?.startsWith('v24.')) {
    throw new Error(`npx node@24 gave ${path}, which reports ${version ?? 'nothing'}`);
  }
  return dirname(path);
}

let isolation;
/**
 * Whether act can run in a network namespace of its own, where nothing but its own loopback is
 * reachable (Linux, as root or with user namespaces). HATCHET_ACT_NETWORK=host turns it off.
 */
export function canIsolateNetwork() {
  if (process.platform !== 'linux' || process.env.HATCHET_ACT_NETWORK === 'host') return false;
  isolation ??= spawnSync('unshare', ['--net', 'true'], { stdio: 'ignore' }).status === 0;
  return isolation;
}

// Variables of an outer runner or of the developer's shell that would change what the action
// does (inputs, state, a Hatchet token or profile): the job's environment is act's to build.
const INHERITED_NOISE = /^(INPUT_|STATE_|GITHUB_|RUNNER_|ACTIONS_|HATCHET_|ACT_|XDG_)/;

/**
 * Runs one workflow file with act on the host and returns what its JSON log says.
 * @param {{
 *   workflow: string, event: string, payload?: object, secrets?: Record<string, string>,
 *   vars?: Record<string, string>, inputs?: Record<string, string>, env?: Record<string, string>,
 *   act: string, nodeDir: string, base?: string, timeoutMs?: number, isolate?: boolean
 * }} options
 */
export async function runWorkflow({
  workflow,
  event,
  payload,
  secrets = {},
  vars = {},
  inputs = {},
  env = {},
  act,
  nodeDir,
  base = tmpdir(),
  timeoutMs = 120_000,
  isolate = canIsolateNetwork(),
}) {
  const dir = mkdtempSync(join(base, 'act-'));
  const home = join(dir, 'home');
  mkdirSync(home);
  // act reads .env, .secrets, .vars and .input from the work directory (the checkout) unless told
  // otherwise: give it files of our own, so a developer's files never reach the job.
  const file = (name, lines) => {
    writeFileSync(join(dir, name), lines.map((line) => `${line}\n`).join(''));
    return join(dir, name);
  };
  const none = file('none', []);
  const args = [
    event,
    '--workflows',
    resolve(ROOT, workflow),
    '--directory',
    ROOT,
    '--platform',
    'ubuntu-latest=-self-hosted',
    '--json',
    // Offline: no cache or artifact server, no image pull, no Docker socket, no action fetched.
    '--no-cache-server',
    '--pull=false',
    '--action-offline-mode',
    '--container-daemon-socket',
    '-',
    '--action-cache-path',
    join(dir, 'cache'),
    '--env-file',
    none,
    '--var-file',
    none,
    '--input-file',
    none,
    '--secret-file',
    file(
      'secrets',
      Object.entries(secrets).map(([name, value]) => `${name}=${value}`),
    ),
  ];
  if (payload) args.push('--eventpath', file('event.json', [JSON.stringify(payload)]));
  for (const [name, value] of Object.entries(vars)) args.push('--var', `${name}=${value}`);
  for (const [name, value] of Object.entries(inputs)) args.push('--input', `${name}=${value}`);
  for (const [name, value] of Object.entries(env)) args.push('--env', `${name}=${value}`);

  const childEnv = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !INHERITED_NOISE.test(name)),
  );
  Object.assign(childEnv, {
    // No ~/.actrc of the developer's; act's own config and caches in this run's directory.
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_CACHE_HOME: join(home, '.cache'),
    ACT_DISABLE_VERSION_CHECK: '1',
    PATH: `${nodeDir}${delimiter}${process.env.PATH}`,
  });
  const [command, argv] = isolate ? ['unshare', ['--net', act, ...args]] : [act, args];
  const started = Date.now();
  const child = spawn(command, argv, {
    cwd: dir,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    try {
      process.kill(-child.pid, 'SIGKILL'); // act and the step processes it started
    } catch {
      // already gone
    }
  }, timeoutMs);
  const code = await new Promise((done) => child.on('close', (status) => done(status)));
  clearTimeout(timer);
  const log = join(dir, 'act.log');
  writeFileSync(log, `${stdout}${stderr}`);
  return {
    code,
    timedOut,
    ms: Date.now() - started,
    dir,
    log,
    isolated: isolate,
    ...parseLog(`${stdout}\n${stderr}`),
  };
}

/**
 * act's `--json` log, step by step. `steps['Main replay']` is the Main stage of the step whose id
 * is `replay` (an unnamed step's id is its index): its result (`success`/`failure`), outputs
 * (`::set-output::` lines of GITHUB_OUTPUT), job summary (GITHUB_STEP_SUMMARY), log lines and
 * annotations (`::error::` and the like). act's log also holds every `::add-mask::` value in clear:
 * never give this suite a real token.
 */
export function parseLog(text) {
  /**
   * @type {Record<string, {
   *   result?: string, outputs: Record<string, string>, summary: string, lines: string[],
   *   annotations: {level: string, message: string}[]
   * }>}
   */
  const steps = {};
  let jobResult;
  const other = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let entry;
    try {
      entry = JSON.parse(line);
    } catch {
      other.push(line);
      continue;
    }
    if (entry.jobResult) jobResult = entry.jobResult;
    const id = entry.stepID?.[0];
    if (!id || !entry.stage) {
      if (entry.level === 'error' || entry.level === 'fatal') other.push(entry.msg);
      continue;
    }
    const step = (steps[`${entry.stage} ${id}`] ??= {
      outputs: {},
      summary: '',
      lines: [],
      annotations: [],
    });
    if (entry.stepResult) step.result = entry.stepResult;
    if (entry.command === 'set-output') step.outputs[entry.name] = entry.arg;
    else if (entry.command === 'summary') step.summary += entry.content;
    else if (['error', 'warning', 'notice'].includes(entry.command)) {
      step.annotations.push({ level: entry.command, message: entry.arg });
    } else if (entry.raw_output) step.lines.push(String(entry.msg).replace(/\n$/, ''));
  }
  return { steps, jobResult, other };
}

async function main() {
  const started = Date.now();
  try {
    const act = ensureAct();
    console.log(
      `act ${actVersion(act)} at ${act}; the action on ${node24Dir()}/node; ` +
        (canIsolateNetwork()
          ? 'act in a network namespace of its own (no network)'
          : 'act on the host network (no network namespace: nothing should use it)'),
    );
  } catch (error) {
    console.error(`test:act: ${error.message}`);
    process.exit(1);
  }
  const test = spawnSync(
    process.execPath,
    ['--test', '--test-reporter=spec', join(ROOT, 'test/act/act.test.mjs')],
    { cwd: ROOT, stdio: 'inherit' },
  );
  console.log(`test:act: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.exit(test.status ?? 1);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await main();
}
