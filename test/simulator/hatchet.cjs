#!/usr/bin/env node
// @ts-check
/*
 * A Hatchet CLI simulator for tests and the demo: the thin front of the `hatchet` command. It parses
 * argv as cobra/pflag do (front/argv.cjs), keeps the history of state-changing calls in
 * $HATCHET_SIM_DIR (front/state.cjs: state.json, lock-protected), injects faults (front/faults.cjs),
 * logs every call to calls.jsonl (front/calls.cjs) and prints what the pure model (model.cjs) says
 * the real CLI prints. The scenario format is documented in README.md here.
 *
 * $HATCHET_SIM_DIR holds scenario.json (written by the test), state.json ({epoch, actions,
 * faultHits}: the first call's time, the replays/cancels/triggers with their times, fault
 * counters) and calls.jsonl (one line per call and per exit).
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const VERSION = '0.104.7';

const simDir = process.env.HATCHET_SIM_DIR;
const argv = process.argv.slice(2);
const startedAt = Date.now();

/**
 * @typedef {import('./model.cjs').Scenario} Scenario
 * @typedef {import('./model.cjs').Request} Request
 * @typedef {import('./model.cjs').Response} Response
 * @typedef {import('./model.cjs').FlagValue} FlagValue
 * @typedef {import('./front/faults.cjs').Fault} Fault
 * @typedef {import('./front/faults.cjs').Output} Output
 */

/**
 * The rest of the simulator (model.cjs with model/, and front/) sits next to this file. A copy of
 * this file packaged alone (a release archive built by an older harness) finds it through
 * HATCHET_SIM_MODEL (the path of a model.cjs) or the checkout it is run from.
 */
function simulatorDir() {
  const model = process.env.HATCHET_SIM_MODEL;
  const candidates = [
    __dirname,
    model && path.dirname(model),
    path.join(process.cwd(), 'test', 'simulator'),
  ];
  for (const dir of candidates) {
    if (dir && fs.existsSync(path.join(dir, 'model.cjs')) && fs.existsSync(path.join(dir, 'front')))
      return dir;
  }
  throw new Error('the simulator cannot find model.cjs (set HATCHET_SIM_MODEL)');
}

const SIM = simulatorDir();
/** @type {typeof import('./front/argv.cjs')} */
const cli = require(path.join(SIM, 'front', 'argv.cjs'));
/** @type {typeof import('./front/calls.cjs')} */
const calls = require(path.join(SIM, 'front', 'calls.cjs'));
/** @type {typeof import('./front/state.cjs')} */
const store = require(path.join(SIM, 'front', 'state.cjs'));
/** @type {typeof import('./front/auth.cjs')} */
const auth = require(path.join(SIM, 'front', 'auth.cjs'));
/** @type {typeof import('./front/faults.cjs')} */
const faults = require(path.join(SIM, 'front', 'faults.cjs'));
/** @returns {typeof import('./model.cjs')} */
const loadModel = () => require(path.join(SIM, 'model.cjs'));

function main() {
  if (argv.includes('--version') || argv.includes('-v')) {
    calls.logCall(simDir, argv, startedAt);
    return finish(0, `${VERSION}\n`);
  }
  if (!simDir) return fatal('HATCHET_SIM_DIR is not set: the simulator needs a scenario directory');
  calls.logCall(simDir, argv, startedAt);
  const command = cli.parseCommand(argv);
  if ('usage' in command) return usageError(command.usage);
  if ('fatal' in command) return fatal(command.fatal);
  const { name, args, flags } = command;
  if (name === 'profile add') return profileAdd(simDir, flags);
  if (name === 'trigger manual' && (!flags.workflow || !flags.json))
    return fatal(
      'both --workflow and --json flags are required for non-interactive manual triggering',
    );
  if (!flags.profile)
    return fatal(
      'could not select a profile: no TTY available for the interactive picker (pass -p)',
    );
  if (process.env.TERM === 'dumb')
    process.stdout.write('? Select a profile: (dumb terminal, picking the default)\n');

  const scenario = store.loadScenario(simDir);
  const who = auth.authenticate(scenario, flags.profile);
  if ('error' in who) return fatal(who.error);
  /** @type {Omit<Request, 't'>} */
  const request = { command: name, args, flags, auth: { valid: who.valid } };
  if (name === 'trigger manual') request.jsonFile = calls.readJsonFile(simDir, String(flags.json));
  const fault = store.withState(simDir, (state) =>
    faults.takeFault(scenario, state, name, args[0]),
  );
  if (fault) return applyFault(simDir, fault, request, scenario, who.claims);
  return answer(simDir, scenario, request);
}

/* ------------------------------------------------------------------ output */

/** @param {string} message */
function errorText(message) {
  if (process.env.HATCHET_CLI_LOGGER_FORMAT === 'json') {
    return `${JSON.stringify({ time: new Date().toISOString(), level: 'fatal', msg: message })}\n`;
  }
  const d = new Date();
  const p = (/** @type {number} */ n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}/${p(d.getMonth() + 1)}/${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())} FATA ${message}\n`;
}

/** @param {string} message */
function fatal(message) {
  return finish(1, '', errorText(message));
}

/**
 * cobra: `Error: …` and the usage on stderr, the error itself on stdout (Execute's Println).
 * @param {string} message
 */
function usageError(message) {
  return finish(
    1,
    `${message}\n`,
    `Error: ${message}\nUsage:\n  hatchet [command]\n\nFlags:\n  -h, --help      help for hatchet\n  -v, --version   The version of the hatchet cli.\n`,
  );
}

/** @param {number} code @param {string} [stdout] @param {string} [stderr] */
function finish(code, stdout = '', stderr = '') {
  if (stderr) process.stderr.write(stderr);
  // The exit is logged once stdout is written: a large answer's transfer is the call's time.
  process.stdout.write(stdout, () => {
    if (simDir) calls.appendCall(simDir, { pid: process.pid, exit: code, t: Date.now() });
    process.exit(code);
  });
}

/**
 * Prints a model response (or a fault's output).
 * @param {Response | Output} response
 */
function render(response) {
  if ('fatal' in response) return fatal(response.fatal);
  return finish(response.exit, response.stdout, 'stderr' in response ? response.stderr : '');
}

/* ------------------------------------------------------------------ the model */

/**
 * Asks the model, under the lock, at the current time, and records the state changes it reports.
 * @param {string} dir @param {Scenario} scenario @param {Omit<Request, 't'>} request
 */
function consult(dir, scenario, request) {
  const model = loadModel();
  return store.withState(dir, (state) => {
    const response = model.respond(scenario, state, { ...request, t: Date.now() });
    if (response.record) state.actions.push(...response.record);
    return response;
  });
}

/**
 * A replay answers once the engine applied it, holding the tenant's replay lock meanwhile
 * (model/timeline.cjs): a replay sent before this one answered may be dropped.
 * @param {string} dir @param {Scenario} scenario @param {Omit<Request, 't'>} request
 */
function answer(dir, scenario, request) {
  const response = consult(dir, scenario, request);
  if (request.command !== 'runs replay' || 'fatal' in response) return render(response);
  return setTimeout(() => render(response), loadModel().replayLockMs(scenario));
}

/**
 * A call that meets a fault. A failed POST may still have reached the engine (`tookEffect`);
 * without it, nothing is recorded.
 * @param {string} dir @param {Fault} fault @param {Omit<Request, 't'>} request
 * @param {Scenario} scenario @param {import('./front/auth.cjs').Claims | undefined} claims
 */
function applyFault(dir, fault, request, scenario, claims) {
  const outcome = faults.faultOutcome(fault, request.command, request.args[0], scenario, claims);
  if ('slow' in outcome) return setTimeout(() => answer(dir, scenario, request), outcome.slow);
  if (outcome.effect && fault.tookEffect) consult(dir, scenario, request);
  if ('output' in outcome) return render(outcome.output);
  // A hang never answers, and starts a grandchild in the same process group: a deadline must
  // kill it too.
  // (child_process is required here only: loading it costs every other call ~10 ms.)
  const { spawn } = require('node:child_process');
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 3600000)'], {
    stdio: 'ignore',
  });
  calls.appendCall(dir, { pid: process.pid, grandchild: child.pid, t: Date.now() });
  setTimeout(() => {}, 3_600_000);
  return undefined;
}

/** @param {string} dir @param {Record<string, FlagValue>} flags */
function profileAdd(dir, flags) {
  const outcome = auth.addProfile(flags, () => store.loadScenario(dir));
  if ('usage' in outcome) return usageError(outcome.usage);
  if ('fatal' in outcome) return fatal(outcome.fatal);
  return finish(0, outcome.stdout);
}

main();
