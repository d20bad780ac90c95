// `npm run local-action`: runs the action from its TypeScript source (src/action/main.ts, through
// @github/local-action, which stubs @actions/core and runs TypeScript with tsx) against the Hatchet
// simulator, so that a debugger can step through a replay (see CONTRIBUTING.md). It copies
// .env.example to .env when there is none, writes the demo's scenario into HATCHET_SIM_DIR,
// empties the job summary, puts the simulator first on PATH and runs
// `local-action run . src/action/main.ts .env`. Extra arguments go to local-action, except
// `--inspect-brk[=port]` / `--inspect[=port]`, which turn on Node's inspector (see below).
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { orderProcessingSim } from '../test/harness/scenarios.mjs';
import { actionManifest, inputVariables, stepInputs } from '../test/harness/runner.mjs';
import { ROOT, SIM_BIN } from '../test/harness/sim.mjs';

// `LOCAL_ACTION_ENV_FILE` names another dotenv file (the tests use one of their own).
const ENV_FILE = resolve(ROOT, process.env.LOCAL_ACTION_ENV_FILE ?? '.env');

/** `KEY=value` lines of a dotenv file (comments and blank lines skipped, no expansion). */
function readEnvFile(file) {
  const values = {};
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const match = /^\s*([\w.-]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (match && !line.trimStart().startsWith('#'))
      values[match[1]] = match[2].replace(/^(['"])(.*)\1$/, '$2');
  }
  return values;
}

if (!existsSync(ENV_FILE) && !process.env.LOCAL_ACTION_ENV_FILE) {
  copyFileSync(join(ROOT, '.env.example'), ENV_FILE);
  console.log('Created .env from .env.example (edit it to try other inputs).');
}
const dotenv = readEnvFile(ENV_FILE);

const simDir = dotenv.HATCHET_SIM_DIR ? resolve(ROOT, dotenv.HATCHET_SIM_DIR) : undefined;
if (simDir) {
  rmSync(simDir, { recursive: true, force: true });
  mkdirSync(dirname(simDir), { recursive: true });
  renameSync(orderProcessingSim(dirname(simDir)).dir, simDir);
}
if (dotenv.RUNNER_TEMP) mkdirSync(resolve(ROOT, dotenv.RUNNER_TEMP), { recursive: true });
if (dotenv.GITHUB_STEP_SUMMARY) {
  const summary = resolve(ROOT, dotenv.GITHUB_STEP_SUMMARY);
  mkdirSync(dirname(summary), { recursive: true });
  writeFileSync(summary, '');
}

// On Windows the simulator runs through a launcher that CI builds (see .github/workflows/e2e.yml).
const bin = process.platform === 'win32' ? join(ROOT, 'test/simulator/bin-windows') : SIM_BIN;
// The runner contract (test/harness/runner.mjs): the .env's INPUT_* lines are the step's `with:`,
// and every other input of action.yml arrives with its default, as on GitHub's runner.
const manifest = actionManifest(ROOT);
const byVariable = new Map(
  Object.keys(manifest.inputs).map((name) => [
    Object.keys(inputVariables({ [name]: '' }))[0],
    name,
  ]),
);
const step = {};
for (const [key, value] of Object.entries(dotenv)) {
  if (!key.startsWith('INPUT_')) continue;
  const name = byVariable.get(key.toUpperCase());
  if (!name) {
    console.error(`.env sets ${key}, but action.yml declares no such input.`);
    process.exit(2);
  }
  step[name] = value;
}
const env = {
  ...process.env,
  ...inputVariables(stepInputs(manifest, step)),
  PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`,
};
const LOCAL_ACTION = join(ROOT, 'node_modules/@github/local-action');
const args = process.argv.slice(2);
const inspect = args.filter((a) => a.startsWith('--inspect'));
const rest = args.filter((a) => !a.startsWith('--inspect'));
// One Node process runs local-action and the action: what local-action's launcher does
// (`tsx <local-action>/src/index.ts run …` with these variables), minus its process chain, so
// that `--inspect-brk` (or `--inspect`) lets any debugger attach, and so that the action's
// failure (local-action's stub of core.setFailed only records it) becomes the exit code.
const tsx = createRequire(join(LOCAL_ACTION, 'package.json')).resolve('tsx');
const result = spawnSync(
  process.execPath,
  [
    ...inspect,
    '--import',
    pathToFileURL(tsx).href,
    '--import',
    pathToFileURL(join(ROOT, 'scripts/local-action-exit.mjs')).href,
    join(LOCAL_ACTION, 'src/index.ts'),
    ...['run', '.', 'src/action/main.ts', ENV_FILE, ...rest],
  ],
  {
    cwd: ROOT,
    stdio: 'inherit',
    env: {
      ...env,
      TARGET_ACTION_PATH: ROOT,
      NODE_PACKAGE_MANAGER: 'npm',
      NODE_NO_WARNINGS: '1',
      LOCAL_ACTION_CORE_STUB: pathToFileURL(join(LOCAL_ACTION, 'src/stubs/core/core.ts')).href,
    },
  },
);

if (simDir && existsSync(join(simDir, 'calls.jsonl'))) {
  const calls = readFileSync(join(simDir, 'calls.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line))
    .filter((call) => call.argv)
    .map((call) => call.argv.slice(0, 2).join(' '));
  const counts = [...new Set(calls)].map((c) => `${c} ×${calls.filter((x) => x === c).length}`);
  console.log(`Hatchet simulator calls: ${counts.join(', ')}`);
}
if (dotenv.GITHUB_STEP_SUMMARY) console.log(`Job summary: ${dotenv.GITHUB_STEP_SUMMARY}`);
if (result.status !== 0)
  console.error(`The action failed (exit code ${result.status ?? result.signal}).`);
process.exit(result.status ?? 1);
