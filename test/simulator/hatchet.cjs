#!/usr/bin/env node
/*
 * A Hatchet CLI simulator for tests and the demo: the thin front of the `hatchet` command. It parses
 * argv as cobra/pflag do, keeps the history of state-changing calls in $HATCHET_SIM_DIR (state.json,
 * lock-protected), injects faults, logs every call to calls.jsonl and prints what the pure model
 * (model.cjs) says the real CLI prints. The scenario format is documented in README.md here.
 *
 * $HATCHET_SIM_DIR holds scenario.json (written by the test), state.json ({epoch, actions,
 * faultHits}: the first call's time, the replays/cancels/triggers with their times, fault
 * counters) and calls.jsonl (one line per call and per exit).
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');

const VERSION = '0.104.7';

const simDir = process.env.HATCHET_SIM_DIR;
const argv = process.argv.slice(2);
const startedAt = Date.now();

/**
 * The model sits next to this file. A copy of this file packaged alone (a release archive built by
 * an older harness) finds it through HATCHET_SIM_MODEL or the checkout it is run from.
 */
function loadModel() {
  const candidates = [
    path.join(__dirname, 'model.cjs'),
    process.env.HATCHET_SIM_MODEL,
    path.join(process.cwd(), 'test', 'simulator', 'model.cjs'),
  ];
  for (const file of candidates) {
    if (file && fs.existsSync(file)) return require(file);
  }
  throw new Error('the simulator cannot find model.cjs (set HATCHET_SIM_MODEL)');
}

/* ------------------------------------------------------------------ commands and flags */

const PERSISTENT = {
  profile: { short: 'p', type: 'string' },
  output: { short: 'o', type: 'string' },
};
const FILTER_FLAGS = {
  since: { short: 's', type: 'string' },
  until: { type: 'string' },
  workflow: { short: 'w', type: 'string' },
  status: { type: 'slice' },
  yes: { short: 'y', type: 'bool' },
};
/** Each command: its arguments (min, max) and flags, as cmd/hatchet-cli/cli defines them. */
const COMMANDS = {
  'runs list': {
    args: [0, 0],
    flags: {
      ...PERSISTENT,
      since: { short: 's', type: 'string', default: '24h' },
      until: { type: 'string' },
      workflow: { short: 'w', type: 'string' },
      status: { type: 'slice' },
      limit: { type: 'int', default: 50 },
      offset: { type: 'int', default: 0 },
      'only-tasks': { type: 'bool' },
    },
  },
  'runs get': { args: [1, 1], flags: PERSISTENT },
  'runs replay': { args: [0, 1], flags: { ...PERSISTENT, ...FILTER_FLAGS } },
  'runs cancel': { args: [0, 1], flags: { ...PERSISTENT, ...FILTER_FLAGS } },
  'runs logs': {
    args: [1, 1],
    flags: {
      ...PERSISTENT,
      tail: { type: 'int', default: 0 },
      since: { type: 'string' },
      follow: { short: 'f', type: 'bool' },
    },
  },
  'runs events': { args: [1, 1], flags: PERSISTENT },
  'workflows get': { args: [1, 1], flags: PERSISTENT },
  'trigger manual': {
    args: [0, 0],
    flags: {
      ...PERSISTENT,
      workflow: { short: 'w', type: 'string' },
      json: { short: 'j', type: 'string' },
    },
  },
  'profile add': {
    args: [0, 0],
    flags: { token: { short: 't', type: 'string' }, name: { short: 'n', type: 'string' } },
  },
};
const GROUPS = ['runs', 'workflows', 'profile'];
const ALL_VALUE_FLAGS = new Set(['-p', '-o', '-s', '-w', '-j', '-t', '-n']);

function main() {
  if (argv.includes('--version') || argv.includes('-v')) {
    logCall();
    return finish(0, `${VERSION}\n`);
  }
  if (!simDir) return fatal('HATCHET_SIM_DIR is not set: the simulator needs a scenario directory');
  logCall();
  const words = commandWords(argv);
  const name =
    words[0] === 'trigger'
      ? 'trigger manual'
      : GROUPS.includes(words[0])
        ? words.slice(0, 2).join(' ')
        : words[0];
  const spec = COMMANDS[name];
  if (!spec) {
    const parent = GROUPS.includes(words[0]) ? `hatchet ${words[0]}` : 'hatchet';
    return usageError(
      `unknown command "${words[GROUPS.includes(words[0]) ? 1 : 0] ?? ''}" for "${parent}"`,
    );
  }
  const parsed = parseFlags(argv, spec.flags);
  if (parsed.error) return usageError(parsed.error);
  const args = parsed.positional.slice(name.split(' ').length);
  if (name === 'trigger manual' && parsed.positional[1] !== 'manual')
    return fatal('--workflow and --json flags can only be used with manual triggering');
  const [min, max] = spec.args;
  if (args.length < min || args.length > max) {
    return usageError(
      min === max
        ? `accepts ${min} arg(s), received ${args.length}`
        : `accepts at most ${max} arg(s), received ${args.length}`,
    );
  }
  const flags = parsed.flags;
  if (name === 'profile add') return profileAdd(flags);
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

  const scenario = loadScenario();
  const auth = authenticate(scenario, flags.profile);
  if (auth.error) return fatal(auth.error);
  const request = { command: name, args, flags, auth: { valid: auth.valid } };
  if (name === 'trigger manual') request.jsonFile = readJsonFile(flags.json);
  const fault = withState(scenario, (state) => takeFault(scenario, state, name, args[0]));
  if (fault) return applyFault(fault, name, args[0], request, scenario, auth);
  return answer(scenario, request);
}

/** The command words (positional arguments before any that are not command names). */
function commandWords(args) {
  const words = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg.startsWith('-')) {
      const long = arg.startsWith('--');
      const takesValue = long
        ? !arg.includes('=') && !['--only-tasks', '--yes', '--follow'].includes(arg)
        : arg.length === 2 && ALL_VALUE_FLAGS.has(arg);
      if (takesValue) i++;
      continue;
    }
    words.push(arg);
  }
  return words;
}

/**
 * pflag's parsing: `--name value`, `--name=value`, `-n value`, `-nvalue`, booleans without a
 * value, string slices split on commas (and repeatable), int64s checked.
 */
function parseFlags(args, specs) {
  const positional = [];
  const flags = {};
  const byShort = {};
  for (const [name, spec] of Object.entries(specs)) {
    if (spec.short) byShort[spec.short] = name;
    if (spec.default !== undefined) flags[name] = spec.default;
  }
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    let name;
    let value;
    let shown;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      value = eq < 0 ? undefined : arg.slice(eq + 1);
      shown = `--${name}`;
      if (!specs[name]) return { error: `unknown flag: --${name}` };
    } else {
      const short = arg[1];
      name = byShort[short];
      if (!name) return { error: `unknown shorthand flag: '${short}' in ${arg}` };
      const rest = arg.slice(2);
      value = rest === '' ? undefined : rest.startsWith('=') ? rest.slice(1) : rest;
      shown = `'${short}' in -${short}`;
    }
    const spec = specs[name];
    if (spec.type === 'bool') {
      if (
        value !== undefined &&
        !['true', 'false', '1', '0', 't', 'f', 'TRUE', 'FALSE'].includes(value)
      )
        return {
          error: `invalid argument "${value}" for "${arg.startsWith('--') ? `--${name}` : `-${spec.short}, --${name}`}" flag: strconv.ParseBool: parsing "${value}": invalid syntax`,
        };
      flags[name] = value === undefined || ['true', '1', 't', 'TRUE'].includes(value);
      continue;
    }
    if (value === undefined) {
      if (i + 1 >= args.length) return { error: `flag needs an argument: ${shown}` };
      value = args[++i];
    }
    if (spec.type === 'int') {
      if (!/^[+-]?(\d+|0[xX][0-9a-fA-F]+)$/.test(value))
        return {
          error: `invalid argument "${value}" for "${spec.short ? `-${spec.short}, ` : ''}--${name}" flag: strconv.ParseInt: parsing "${value}": invalid syntax`,
        };
      flags[name] = Number(value);
    } else if (spec.type === 'slice') {
      const previous = Array.isArray(flags[name]) ? flags[name] : [];
      flags[name] = [...previous, ...(value === '' ? [] : value.split(','))];
    } else flags[name] = value;
  }
  return { positional, flags };
}

/* ------------------------------------------------------------------ output */

function errorText(message) {
  if (process.env.HATCHET_CLI_LOGGER_FORMAT === 'json') {
    return `${JSON.stringify({ time: new Date().toISOString(), level: 'fatal', msg: message })}\n`;
  }
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}/${p(d.getMonth() + 1)}/${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())} FATA ${message}\n`;
}

function fatal(message) {
  return finish(1, '', errorText(message));
}

/** cobra: `Error: …` and the usage on stderr, the error itself on stdout (Execute's Println). */
function usageError(message) {
  return finish(
    1,
    `${message}\n`,
    `Error: ${message}\nUsage:\n  hatchet [command]\n\nFlags:\n  -h, --help      help for hatchet\n  -v, --version   The version of the hatchet cli.\n`,
  );
}

function finish(code, stdout = '', stderr = '') {
  if (simDir) appendCall({ pid: process.pid, exit: code, t: Date.now() });
  if (stderr) process.stderr.write(stderr);
  process.stdout.write(stdout, () => process.exit(code));
}

/** Prints a model response. */
function render(response) {
  if ('fatal' in response) return fatal(response.fatal);
  return finish(response.exit, response.stdout);
}

/* ------------------------------------------------------------------ call log, state, lock */

function appendCall(entry) {
  fs.appendFileSync(path.join(simDir, 'calls.jsonl'), `${JSON.stringify(entry)}\n`);
}

function logCall() {
  if (!simDir) return;
  const env = process.env;
  appendCall({
    pid: process.pid,
    t: startedAt,
    argv,
    env: {
      telemetry: env.HATCHET_CLI_TELEMETRY_ENABLED,
      logFormat: env.HATCHET_CLI_LOGGER_FORMAT,
      term: env.TERM,
      home: env.HOME,
      clientVars: Object.keys(env).filter((k) => k.startsWith('HATCHET_CLIENT_')),
      inputVars: Object.keys(env).filter((k) => k.startsWith('INPUT_')),
    },
    stdin: stdinState(),
  });
}

function stdinState() {
  try {
    const stat = fs.fstatSync(0);
    return stat.isFIFO() ? 'pipe' : stat.isCharacterDevice() ? 'tty-or-null' : 'other';
  } catch {
    return 'closed';
  }
}

function sleepSync(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Runs `fn(state)` under the lock and saves the state. The state holds explicit fields only
 * (numbers, strings): nothing that JSON would turn into null.
 */
function withState(scenario, fn) {
  const lock = path.join(simDir, 'state.lock');
  const started = Date.now();
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'owner'), String(process.pid));
      break;
    } catch {
      // A call killed while holding the lock (the action kills hung calls) leaves it behind.
      if (Date.now() - started > 5000 || lockOwnerDead(lock)) {
        fs.rmSync(lock, { recursive: true, force: true });
      } else sleepSync(3);
    }
  }
  try {
    const file = path.join(simDir, 'state.json');
    let state;
    try {
      state = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch {
      state = { epoch: Date.now(), actions: [], faultHits: {} };
    }
    const result = fn(state);
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(state));
    fs.renameSync(`${file}.tmp`, file);
    return result;
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

function lockOwnerDead(lock) {
  let owner;
  try {
    owner = Number(fs.readFileSync(path.join(lock, 'owner'), 'utf8'));
  } catch {
    return false; // being created right now
  }
  if (!owner) return false;
  try {
    process.kill(owner, 0);
  } catch (error) {
    return error.code === 'ESRCH';
  }
  // Killed but not yet reaped by its parent: a zombie holds no lock.
  try {
    const stat = fs.readFileSync(`/proc/${owner}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] === 'Z';
  } catch {
    return false;
  }
}

function loadScenario() {
  return JSON.parse(fs.readFileSync(path.join(simDir, 'scenario.json'), 'utf8'));
}

/**
 * Asks the model, under the lock, at the current time, and records the state changes it reports.
 * With `effect: false` nothing is recorded (a failed POST that never reached the engine).
 */
function consult(scenario, request, effect = true) {
  const model = loadModel();
  return withState(scenario, (state) => {
    const response = model.respond(scenario, state, { ...request, t: Date.now() });
    if (effect && response.record) state.actions.push(...response.record);
    return response;
  });
}

function answer(scenario, request) {
  return render(consult(scenario, request));
}

/* ------------------------------------------------------------------ auth and faults */

function decodeToken(token) {
  try {
    const payload = JSON.parse(
      Buffer.from(String(token).split('.')[1], 'base64url').toString('utf8'),
    );
    return typeof payload === 'object' && payload ? payload : undefined;
  } catch {
    return undefined;
  }
}

function readProfiles() {
  const file = path.join(process.env.HOME || '', '.hatchet', 'profiles.yaml');
  const profiles = {};
  let text = '';
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return profiles;
  }
  let current;
  for (const line of text.split('\n')) {
    const head = /^ {4}([a-z0-9_-]+):\s*$/.exec(line);
    if (head) profiles[(current = head[1])] = {};
    const field = /^ {8}([a-z]+):\s*"?([^"]*)"?\s*$/.exec(line);
    if (field && current) profiles[current][field[1]] = field[2];
  }
  return profiles;
}

/** The token this call acts with: HATCHET_CLIENT_TOKEN silently overrides the profile's. */
function authenticate(scenario, profileName) {
  const profile = readProfiles()[String(profileName).toLowerCase()];
  const token = process.env.HATCHET_CLIENT_TOKEN || profile?.token;
  if (!profile && !process.env.HATCHET_CLIENT_TOKEN) {
    return { error: `could not get profile '${profileName}': profile '${profileName}' not found` };
  }
  const claims = decodeToken(token);
  const valid = Boolean(
    claims &&
    claims.sub === scenario.tenantId &&
    !(claims.exp && claims.exp * 1000 < Date.now()) &&
    !(scenario.rejectedTokens || []).includes(token),
  );
  return { valid, claims };
}

/** What `trigger manual` would read from `-j` (the model checks it in the CLI's order). */
function readJsonFile(file) {
  // For the tests (not CLI behaviour): what the input file held, and its mode.
  try {
    const stat = fs.statSync(file);
    const text = fs.readFileSync(file, 'utf8');
    let input = text;
    try {
      input = JSON.parse(text);
    } catch {
      // logged as text
    }
    appendCall({
      pid: process.pid,
      t: Date.now(),
      trigger: { file, mode: (stat.mode & 0o777).toString(8), input },
    });
    return { path: file, text };
  } catch (error) {
    appendCall({ pid: process.pid, t: Date.now(), trigger: { file, missing: true } });
    const reason =
      error.code === 'EISDIR'
        ? 'is a directory'
        : error.code === 'EACCES'
          ? 'permission denied'
          : 'no such file or directory';
    return { path: file, error: reason };
  }
}

/** Counts this call against every fault that matches it, then returns the first one due. */
function takeFault(scenario, state, command, id) {
  const faults = scenario.faults || [];
  let due;
  for (let i = 0; i < faults.length; i++) {
    const fault = faults[i];
    if (fault.command !== command) continue;
    if (fault.runId && fault.runId !== id) continue;
    const hits = (state.faultHits[i] = (state.faultHits[i] || 0) + 1);
    const after = fault.after || 0;
    const count = fault.count === undefined ? 1 : fault.count;
    if (!due && hits > after && (count < 0 || hits <= after + count)) due = fault;
  }
  return due;
}

/**
 * What the CLI prints when the API answers `status` after its retries (GETs retry 429/502/503/504
 * internally, then hand back the last response).
 */
function statusFailure(command, status) {
  switch (command) {
    case 'runs get':
      return { fatal: `run not found (status ${status})` };
    case 'workflows get':
      return { fatal: `workflow not found (status ${status})` };
    case 'runs logs':
    case 'runs events':
      // Both fall back to a task endpoint, whose failure leaves nothing to print.
      return { exit: 0, stdout: 'null\n' };
    case 'trigger manual':
      return { fatal: 'no workflows available. Deploy a workflow first.' };
    default:
      return { fatal: `unexpected response from API (status ${status})` };
  }
}

/** A network failure, worded as the CLI wraps the HTTP client's error. */
function networkFailure(command, id, server, tenant) {
  const api = `${server}/api/v1/stable`;
  const dial = 'dial tcp 10.0.0.1:443: connect: connection refused';
  switch (command) {
    case 'runs get':
      return `failed to get run: Get "${api}/workflow-runs/${id}": ${dial}`;
    case 'runs replay':
      return `failed to replay run: Post "${api}/tenants/${tenant}/tasks/replay": ${dial}`;
    case 'runs cancel':
      return `failed to cancel run: Post "${api}/tenants/${tenant}/tasks/cancel": ${dial}`;
    case 'runs logs':
      return `failed to fetch logs: Get "${api}/tasks/${id}/logs": ${dial}`;
    case 'runs events':
      return `failed to fetch events: Get "${api}/tasks/${id}/task-events?limit=1000&offset=0": ${dial}`;
    case 'runs list':
      return `failed to list runs: Get "${api}/tenants/${tenant}/workflow-runs": ${dial}`;
    case 'workflows get':
      return `failed to get workflow: Get "${server}/api/v1/workflows/${id}": ${dial}`;
    default:
      return `could not fetch workflows: Get "${server}/api/v1/tenants/${tenant}/workflows": ${dial}`;
  }
}

function applyFault(fault, command, id, request, scenario, auth) {
  const server = (auth.claims && auth.claims.server_url) || 'https://sim.hatchet.test';
  const tenant = scenario.tenantId || '00000000-0000-0000-0000-000000000000';
  // A failed POST may still have reached the engine (`tookEffect: true`).
  const effect = () => {
    if (fault.tookEffect) consult(scenario, request);
  };
  switch (fault.kind) {
    case 'network':
      effect();
      return fatal(networkFailure(command, id || '', server, tenant));
    case 'rate-limit':
      effect();
      return render(statusFailure(command, 429));
    case 'server-error':
      effect();
      return render(statusFailure(command, fault.status || 503));
    case 'unauthorized':
      return render(statusFailure(command, 403));
    case 'garbage':
      return finish(0, fault.stdout ?? '{"run": {"metadata": {"id": "oops"');
    case 'empty':
      return finish(0, '');
    case 'shape':
      return finish(0, loadModel().goJson(fault.document ?? { run: { status: 'COMPLETED' } }));
    case 'crash':
      return finish(
        2,
        '',
        'panic: runtime error: invalid memory address or nil pointer dereference\n',
      );
    case 'slow':
      return setTimeout(() => answer(scenario, request), fault.delayMs ?? 1000);
    case 'hang': {
      // `tookEffect`: the engine did it, but the answer never comes (a POST lost on the way back).
      effect();
      // Start a grandchild in the same process group: a deadline must kill it too.
      const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 3600000)'], {
        stdio: 'ignore',
      });
      appendCall({ pid: process.pid, grandchild: child.pid, t: Date.now() });
      setTimeout(() => {}, 3_600_000);
      return undefined;
    }
    default:
      return fatal(`simulator: unknown fault kind ${fault.kind}`);
  }
}

/* ------------------------------------------------------------------ profile add */

function profileAdd(flags) {
  if (!flags.name) return usageError('required flag(s) "name" not set');
  if (!flags.token) return usageError('required flag(s) "token" not set');
  const claims = decodeToken(flags.token);
  if (!claims || !claims.sub || !claims.server_url)
    return fatal('invalid token provided: token is malformed');
  const scenario = loadScenario();
  if (claims.sub !== scenario.tenantId || (scenario.rejectedTokens || []).includes(flags.token)) {
    return fatal(
      `could not connect to Hatchet server with provided token: unexpected status code 403 from ${claims.server_url}/api/v1/tenants/${claims.sub}`,
    );
  }
  const dir = path.join(process.env.HOME || '', '.hatchet');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'profiles.yaml');
  let text = '';
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    text = 'profiles:\n';
  }
  const name = flags.name.toLowerCase();
  // Written as viper does: keys lower-cased, 4-space indentation. Silently overwrites a profile
  // of the same name.
  const kept = text
    .split(/\n(?= {4}[a-z0-9_-]+:)/)
    .filter((block) => !block.startsWith(`    ${name}:`))
    .join('\n');
  const expiresAt = new Date((claims.exp || Date.now() / 1000 + 3600) * 1000).toISOString();
  const block = `    ${name}:\n        apiserverurl: ${claims.server_url}\n        expiresat: ${expiresAt}\n        grpchostport: ${claims.grpc_broadcast_address || ''}\n        name: ${name}\n        tenantid: ${claims.sub}\n        tlsstrategy: tls\n        token: ${flags.token}\n`;
  fs.writeFileSync(file, `${kept.replace(/\n*$/, '\n')}${block}`, { mode: 0o600 });
  fs.writeFileSync(path.join(dir, 'config.yaml'), 'telemetry: false\n');
  return finish(0, `✓ Profile '${flags.name}' added successfully\n`);
}

main();
