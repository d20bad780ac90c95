#!/usr/bin/env node
/*
 * A Hatchet CLI simulator for tests and the demo. It behaves like the real `hatchet` as described
 * in shared/hatchet-cli.md: the same JSON shapes (alphabetical keys, `\u003c` escapes, zero
 * times), error lines and exit codes, and its quirks: the stale status after an in-place replay,
 * the 404 window after a trigger, `null` logs and events, displayName suffixes, `taskEvents: []`
 * for standalone runs, and a workflow lookup that only sees the first 50 workflows.
 *
 * State lives in $HATCHET_SIM_DIR: scenario.json (written by the test), state.json (runs,
 * attempts, fault counters; lock-protected) and calls.jsonl (one line per call and per exit).
 * Self-contained CommonJS so it can be packaged as a release archive's `hatchet` binary.
 *
 * scenario.json:
 *   tenantId                 the tenant a token's `sub` must name (else 403s)
 *   workflows: [{id, name}]  in list order (trigger only searches the first 50)
 *   runs: [{
 *     id, workflow, workflowId?, kind: 'dag' | 'task', tasks: [names] | taskName, input,
 *     payloadsRestricted?,
 *     original: Attempt (+ ageMs: how long ago it ended),
 *     replays: [Attempt]     one per replay, the last one repeats
 *   }]
 *   triggers: {workflowName: {kind?, tasks?, attempt: Attempt, fail?: message}}
 *   notFoundAfterTriggerMs   how long a new run answers 404 (default 1500)
 *   rejectedTokens: [token]  tokens refused although well-formed
 *   faults: [{command: 'runs get', kind, after?: n, count?: n (-1 = forever), runId?}]
 *     kind: network | rate-limit | server-error | unauthorized | garbage | empty | shape |
 *           crash | slow (delayMs) | hang (also starts a grandchild that must be killed)
 * Attempt: {status: COMPLETED | FAILED | CANCELLED | RUNNING (never ends) | QUEUED (never
 *   starts) | anything else (ends in that unknown status), durationMs, staleMs (replay
 *   invisible this long), queuedMs, failTaskIndex, error, output, taskOutputs,
 *   logs: {task: [lines]} | logLines: n (generated on demand, millions are fine)}
 * Tasks of an attempt run one after another; a failing task cancels the ones after it.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { createHash } = require('node:crypto');
const { spawn } = require('node:child_process');

const VERSION = '0.104.7';
const ZERO_TIME = '0001-01-01T00:00:00Z';
const HOUR = 3_600_000;

const simDir = process.env.HATCHET_SIM_DIR;
const argv = process.argv.slice(2);
const now = Date.now();

function main() {
  if (argv[0] === '--version' || argv[0] === '-v') {
    logCall();
    return finish(0, `${VERSION}\n`);
  }
  if (!simDir) return fatal('HATCHET_SIM_DIR is not set: the simulator needs a scenario directory');
  logCall();
  const { positional, flags, error } = parseArgs(argv);
  if (error) return usageError(error);
  const command = positional.slice(0, 2).join(' ');
  const known = [
    'profile add',
    'runs get',
    'runs replay',
    'runs cancel',
    'runs logs',
    'runs events',
    'trigger manual',
    'workflows get',
  ];
  if (!known.includes(command))
    return usageError(`unknown command "${positional.join(' ')}" for "hatchet"`);

  if (command === 'profile add') return profileAdd(flags);
  const needsId = command !== 'trigger manual';
  if (needsId && positional.length !== 3)
    return usageError(`accepts 1 arg(s), received ${positional.length - 2}`);
  if (!flags.p)
    return fatal(
      'could not select a profile: no TTY available for the interactive picker (pass -p)',
    );
  if (process.env.TERM === 'dumb')
    process.stdout.write('? Select a profile: (dumb terminal, picking the default)\n');

  const scenario = loadScenario();
  withState(
    scenario,
    (state) => {
      const fault = takeFault(scenario, state, command, positional[2]);
      const auth = authenticate(scenario, flags.p);
      return { fault, auth };
    },
    ({ fault, auth }) => {
      if (fault)
        return applyFault(fault, command, positional[2], () =>
          dispatch(command, positional[2], flags, auth, scenario),
        );
      return dispatch(command, positional[2], flags, auth, scenario);
    },
  );
}

/* ------------------------------------------------------------------ arguments */

function parseArgs(args) {
  const positional = [];
  const flags = {};
  const withValue = {
    '-p': 'p',
    '--profile': 'p',
    '-o': 'o',
    '--output': 'o',
    '--tail': 'tail',
    '-w': 'w',
    '--workflow': 'w',
    '-j': 'j',
    '--json': 'j',
    '--name': 'name',
    '--token': 'token',
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg.startsWith('-')) {
      const [name, inline] = arg.split(/=(.*)/s, 2);
      const key = withValue[name];
      if (!key) return { error: `unknown flag: ${name}` };
      const value = inline !== undefined ? inline : args[++i];
      if (value === undefined) return { error: `flag needs an argument: ${name}` };
      flags[key] = value;
    } else positional.push(arg);
  }
  return { positional, flags };
}

/* ------------------------------------------------------------------ output helpers */

function goJson(value) {
  const sorted = (v) => {
    if (Array.isArray(v)) return v.map(sorted);
    if (v && typeof v === 'object') {
      const out = {};
      for (const key of Object.keys(v).sort()) if (v[key] !== undefined) out[key] = sorted(v[key]);
      return out;
    }
    return v;
  };
  // Go's encoder escapes <, > and & inside strings (outside strings they cannot occur).
  return `${JSON.stringify(sorted(value), null, 2).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026')}\n`;
}

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

function usageError(message) {
  return finish(
    1,
    `Run 'hatchet --help' for usage.\n`,
    `Error: ${message}\nUsage:\n  hatchet [command]\n\nFlags:\n  -h, --help   help for hatchet\n`,
  );
}

function finish(code, stdout = '', stderr = '') {
  if (simDir) appendCall({ pid: process.pid, exit: code, t: Date.now() });
  if (stderr) process.stderr.write(stderr);
  process.stdout.write(stdout, () => process.exit(code));
}

function iso(ms) {
  return ms === undefined || ms === null
    ? ZERO_TIME
    : new Date(ms).toISOString().replace(/\.?0*Z$/, 'Z');
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
    t: now,
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

function withState(scenario, mutate, then) {
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
  let result;
  try {
    const file = path.join(simDir, 'state.json');
    let state;
    try {
      state = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch {
      state = initialState(scenario);
    }
    globalState = state;
    result = mutate(state);
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(state));
    fs.renameSync(`${file}.tmp`, file);
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
  return then(result);
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

let globalState;

/** Commands that change state take the lock again (rare: replay, cancel, trigger). */
function mutateState(scenario, fn) {
  return withState(scenario, fn, (r) => r);
}

function loadScenario() {
  return JSON.parse(fs.readFileSync(path.join(simDir, 'scenario.json'), 'utf8'));
}

function uuid(seed) {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function initialState(scenario) {
  const state = { runs: {}, faultHits: {}, created: now };
  for (const spec of scenario.runs || []) {
    const run = createRun(scenario, spec, spec.id, spec.createdAt ?? now - 2 * HOUR);
    const original = spec.original || { status: 'COMPLETED' };
    const duration = original.durationMs ?? 3000;
    let startAt;
    let endAt;
    if (original.status === 'QUEUED') startAt = endAt = null;
    else if (original.status === 'RUNNING') {
      startAt = now - 10_000;
      endAt = null;
    } else {
      endAt = now - (original.ageMs ?? HOUR);
      startAt = endAt - duration;
    }
    run.attempts.push(realize(original, -Infinity, startAt, endAt, run.taskNames.length));
    state.runs[run.id] = run;
  }
  return state;
}

function createRun(scenario, spec, id, createdAt) {
  const kind = spec.kind || 'dag';
  const taskNames =
    kind === 'task' ? [spec.taskName || spec.tasks?.[0] || 'task'] : spec.tasks || ['step'];
  return {
    id,
    kind,
    tenantId: scenario.tenantId,
    workflowId:
      spec.workflowId ||
      (scenario.workflows || []).find((w) => w.name === spec.workflow)?.id ||
      uuid(`wf:${spec.workflow}`),
    workflowName: spec.workflow,
    taskNames,
    // A standalone task run's id is its task's id.
    taskIds: taskNames.map((name, i) => (kind === 'task' ? id : uuid(`${id}:task:${i}`))),
    stepIds: taskNames.map((name, i) => uuid(`${id}:step:${i}`)),
    input: spec.input || {},
    additionalMetadata: spec.additionalMetadata || {},
    payloadsRestricted: Boolean(spec.payloadsRestricted),
    createdAt,
    replays: spec.replays || [],
    attempts: [],
  };
}

/** Fixes an attempt's timeline: tasks run one after another, a failing task ends the run. */
function realize(spec, visibleAt, startAt, endAt, taskCount) {
  const failIndex =
    spec.status === 'FAILED'
      ? Math.max(0, Math.min(taskCount - 1, spec.failTaskIndex ?? taskCount - 1))
      : -1;
  return { spec, visibleAt, startAt, endAt, failIndex, cancelAt: null };
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
  const valid =
    claims &&
    claims.sub === scenario.tenantId &&
    !(claims.exp && claims.exp * 1000 < Date.now()) &&
    !(scenario.rejectedTokens || []).includes(token);
  return { valid, token };
}

/** Counts this call against every fault that matches it, then applies the first one due. */
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

function applyFault(fault, command, id, proceed) {
  const what =
    command === 'runs get'
      ? 'get run'
      : command === 'runs replay'
        ? 'replay run'
        : command.replace(/^runs /, '') + ' run';
  const url = `https://sim.hatchet.test/api/v1/stable/workflow-runs/${id || ''}`;
  switch (fault.kind) {
    case 'network':
      return fatal(
        `failed to ${what}: Get "${url}": dial tcp 10.0.0.1:443: connect: connection refused`,
      );
    case 'rate-limit':
      return fatal(`failed to ${what}: unexpected response from API (status 429)`);
    case 'server-error':
      return fatal(`failed to ${what}: unexpected response from API (status 503)`);
    case 'unauthorized':
      return fatal(`run not found (status 403)`);
    case 'garbage':
      return finish(0, fault.stdout ?? '{"run": {"metadata": {"id": "oops"');
    case 'empty':
      return finish(0, '');
    case 'shape':
      return finish(0, goJson(fault.document ?? { run: { status: 'COMPLETED' } }));
    case 'crash':
      return finish(
        2,
        '',
        'panic: runtime error: invalid memory address or nil pointer dereference\n',
      );
    case 'slow':
      return setTimeout(proceed, fault.delayMs ?? 1000);
    case 'hang': {
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

/* ------------------------------------------------------------------ commands */

function dispatch(command, id, flags, auth, scenario) {
  if (auth.error) return fatal(auth.error);
  const state = globalState;
  switch (command) {
    case 'runs get': {
      if (!/^[0-9a-f-]{36}$/i.test(id))
        return fatal(`invalid run ID "${id}": invalid UUID length: ${id.length}`);
      if (!auth.valid) return fatal('run not found (status 403)');
      const run = state.runs[id];
      if (!run || (run.notFoundUntil && Date.now() < run.notFoundUntil))
        return fatal('run not found (status 404)');
      return finish(0, goJson(runDetails(run, Date.now())));
    }
    case 'runs replay': {
      if (!auth.valid) return fatal('unexpected response from API (status 403)');
      const ids = mutateState(scenario, (s) => replay(s.runs[id], Date.now()));
      return finish(0, goJson({ ids }));
    }
    case 'runs cancel': {
      if (!auth.valid) return fatal('unexpected response from API (status 403)');
      const ids = mutateState(scenario, (s) => cancel(s.runs[id], Date.now()));
      return finish(0, goJson({ ids }));
    }
    case 'runs logs': {
      if (!auth.valid) return finish(0, 'null\n');
      const lines = logs(
        state,
        id,
        flags.tail === undefined ? undefined : Number(flags.tail),
        Date.now(),
      );
      return finish(0, lines.length ? goJson(lines) : 'null\n');
    }
    case 'runs events': {
      const run = state.runs[id];
      if (!auth.valid || !run) return finish(0, 'null\n');
      const events = taskEvents(run, Date.now());
      return finish(0, events.length ? goJson(events) : 'null\n');
    }
    case 'workflows get': {
      if (!auth.valid) return fatal('workflow not found (status 403)');
      const workflow = (scenario.workflows || []).find((w) => w.id === id);
      if (!workflow) return fatal('workflow not found (status 404)');
      return finish(
        0,
        goJson({
          metadata: {
            id: workflow.id,
            createdAt: iso(now - 30 * 24 * HOUR),
            updatedAt: iso(now - 24 * HOUR),
          },
          name: workflow.name,
          description: workflow.description,
          tenantId: scenario.tenantId,
          isPaused: false,
        }),
      );
    }
    case 'trigger manual':
      return trigger(flags, auth, scenario);
  }
  return fatal('simulator: unreachable');
}

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

function trigger(flags, auth, scenario) {
  if (!flags.w) return usageError('required flag(s) "workflow" not set');
  // For the tests (not CLI behaviour): what the input file held, and its mode.
  try {
    const stat = fs.statSync(flags.j);
    const held = fs.readFileSync(flags.j, 'utf8');
    let input = held;
    try {
      input = JSON.parse(held);
    } catch {
      // logged as text
    }
    appendCall({
      pid: process.pid,
      t: Date.now(),
      trigger: { file: flags.j, mode: (stat.mode & 0o777).toString(8), input },
    });
  } catch {
    appendCall({ pid: process.pid, t: Date.now(), trigger: { file: flags.j, missing: true } });
  }
  // The CLI's order: list workflows (a refused token reads as "no workflows"), find the name
  // among the first page (50 in v0.104.7: an upstream bug), then read and check the file.
  if (!auth.valid) return fatal('no workflows available. Deploy a workflow first.');
  const workflow = (scenario.workflows || []).slice(0, 50).find((w) => w.name === flags.w);
  if (!workflow) return fatal(`workflow '${flags.w}' not found`);
  let text;
  try {
    text = fs.readFileSync(flags.j, 'utf8');
  } catch {
    return fatal(
      `could not read JSON file '${flags.j}': open ${flags.j}: no such file or directory`,
    );
  }
  let input;
  try {
    input = JSON.parse(text);
  } catch (error) {
    return fatal(`invalid JSON in file '${flags.j}': ${error.message}`);
  }
  if (!input || typeof input !== 'object' || Array.isArray(input)) {
    return fatal(
      `invalid JSON in file '${flags.j}': json: cannot unmarshal ${Array.isArray(input) ? 'array' : typeof input} into Go value of type map[string]interface {}`,
    );
  }
  const template = (scenario.triggers || {})[workflow.name] || {};
  if (template.fail) return fatal(template.fail);
  const runId = mutateState(scenario, (s) => {
    s.seq = (s.seq || 0) + 1;
    const id = uuid(`trigger:${s.seq}:${Date.now()}:${process.pid}`);
    const created = Date.now();
    const run = createRun(
      scenario,
      { ...template, workflow: workflow.name, workflowId: workflow.id, input },
      id,
      created,
    );
    const spec = template.attempt || { status: 'COMPLETED', durationMs: 1000 };
    const startAt = spec.status === 'QUEUED' ? null : created + (spec.queuedMs ?? 100);
    const endAt =
      spec.status === 'QUEUED' || spec.status === 'RUNNING'
        ? null
        : startAt + (spec.durationMs ?? 1000);
    run.attempts.push(realize(spec, -Infinity, startAt, endAt, run.taskNames.length));
    // The new run's records are written asynchronously: `runs get` answers 404 for a while.
    run.notFoundUntil = created + (scenario.notFoundAfterTriggerMs ?? 1500);
    s.runs[id] = run;
    return id;
  });
  return finish(0, goJson({ runId, workflow: workflow.name }));
}

/* ------------------------------------------------------------------ the run model */

/** Which attempt `runs get` shows at time t: a replay stays invisible during its stale window. */
function visibleAttempt(run, t) {
  let index = 0;
  run.attempts.forEach((a, i) => {
    if (a.visibleAt === null || a.visibleAt <= t) index = i;
  });
  return index;
}

function attemptEnd(attempt) {
  if (attempt.startAt === null || attempt.endAt === null) return null;
  return attempt.endAt;
}

/** Per task: start, end and status of one attempt at time t. Tasks run one after another. */
function taskTimeline(run, attempt, t) {
  const n = run.taskNames.length;
  const upTo = attempt.failIndex >= 0 ? attempt.failIndex + 1 : n;
  const end = attempt.startAt === null ? null : attempt.endAt;
  // A hanging attempt (no end) gives each task 5 s and never finishes the last one.
  const slot = attempt.startAt !== null && end !== null ? (end - attempt.startAt) / upTo : 5000;
  const cancelledAt = attempt.cancelAt !== null ? attempt.cancelAt + 200 : null;
  return run.taskNames.map((name, i) => {
    const task = { name, status: 'QUEUED', startedAt: null, finishedAt: null, error: '' };
    if (i >= upTo) task.status = 'CANCELLED';
    else if (attempt.startAt !== null) {
      const start = attempt.startAt + i * slot;
      const finish = end === null && i === upTo - 1 ? Infinity : start + slot;
      if (t >= start) {
        task.startedAt = start;
        task.status = 'RUNNING';
      }
      if (t >= finish) {
        task.finishedAt = finish;
        task.status = i === attempt.failIndex ? 'FAILED' : 'COMPLETED';
        if (task.status === 'FAILED') task.error = attempt.spec.error || 'Error: task failed';
      }
    }
    if (
      cancelledAt !== null &&
      t >= cancelledAt &&
      (task.status === 'QUEUED' || task.status === 'RUNNING')
    ) {
      task.status = 'CANCELLED';
      task.finishedAt = task.startedAt !== null ? cancelledAt : null;
    }
    return task;
  });
}

function runStatus(run, attempt, t) {
  const end = attemptEnd(attempt);
  let status;
  if (attempt.startAt === null || t < attempt.startAt) status = 'QUEUED';
  else if (end === null || t < end) status = 'RUNNING';
  else status = attempt.spec.status;
  const cancelledAt = attempt.cancelAt !== null ? attempt.cancelAt + 200 : null;
  if (cancelledAt !== null && t >= cancelledAt && (status === 'QUEUED' || status === 'RUNNING'))
    return { status: 'CANCELLED', finishedAt: cancelledAt };
  return { status, finishedAt: status === 'QUEUED' || status === 'RUNNING' ? null : end };
}

function runDetails(run, t) {
  const index = visibleAttempt(run, t);
  const attempt = run.attempts[index];
  const { status, finishedAt } = runStatus(run, attempt, t);
  const tasks = taskTimeline(run, attempt, t);
  const terminal = ['COMPLETED', 'FAILED', 'CANCELLED'].includes(status);
  // errorMessage keeps an older attempt's error after a later attempt succeeded.
  const errors = run.attempts
    .slice(0, index + 1)
    .map((a) => (a.spec.status === 'FAILED' ? a.spec.error || 'Error: task failed' : ''));
  const errorMessage = status === 'FAILED' ? errors[index] : errors.filter(Boolean).pop() || '';
  const startedAt = attempt.startAt !== null && t >= attempt.startAt ? attempt.startAt : null;
  const millis = run.createdAt;
  const displayName = `${run.kind === 'task' ? run.taskNames[0] : run.workflowName}-${millis}`;
  const duration =
    terminal && startedAt !== null
      ? finishedAt - startedAt
      : startedAt === null
        ? 0
        : -9_223_372_036_854;
  const common = {
    workflowId: run.workflowId,
    workflowVersionId: uuid(`${run.workflowId}:v1`),
    tenantId: run.tenantId,
  };
  return {
    run: {
      metadata: { id: run.id, createdAt: iso(run.createdAt), updatedAt: iso(run.createdAt) },
      status,
      displayName,
      ...common,
      // A tenant that restricts payloads shows `{}` for input and output.
      input: run.payloadsRestricted ? {} : run.input,
      output: status === 'COMPLETED' && !run.payloadsRestricted ? attempt.spec.output || {} : {},
      ...(run.payloadsRestricted ? { payloadsRestricted: true } : {}),
      errorMessage,
      startedAt: iso(startedAt),
      finishedAt: iso(finishedAt),
      createdAt: iso(run.createdAt),
      duration,
      additionalMetadata: run.additionalMetadata,
    },
    shape:
      run.kind === 'task'
        ? []
        : run.taskNames.map((name, i) => ({
            taskExternalId: run.taskIds[i],
            stepId: run.stepIds[i],
            childrenStepIds: i + 1 < run.taskNames.length ? [run.stepIds[i + 1]] : [],
            taskName: name,
          })),
    taskEvents: run.kind === 'task' ? [] : taskEvents(run, t),
    tasks: tasks.map((task, i) => ({
      metadata: {
        id: run.taskIds[i],
        createdAt: iso(run.createdAt),
        updatedAt: iso(run.createdAt),
      },
      taskExternalId: run.taskIds[i],
      displayName: `${task.name}-${millis}`,
      status: task.status,
      errorMessage: task.error,
      retryCount: index,
      attempt: index + 1,
      input: i === 0 ? run.input : {},
      output: task.status === 'COMPLETED' ? (attempt.spec.taskOutputs || {})[task.name] || {} : {},
      ...common,
      workflowRunExternalId: run.id,
      stepId: run.stepIds[i],
      actionId: `${run.workflowName}:${task.name}`,
      type: 'TASK',
      taskInsertedAt: iso(run.createdAt),
      createdAt: ZERO_TIME,
      ...(task.startedAt !== null ? { startedAt: iso(task.startedAt) } : {}),
      ...(task.finishedAt !== null
        ? { finishedAt: iso(task.finishedAt), duration: task.finishedAt - task.startedAt }
        : {}),
    })),
    workflowConfig: {},
  };
}

function taskEvents(run, t) {
  const events = [];
  let id = 1;
  run.attempts.forEach((attempt, index) => {
    if (attempt.visibleAt !== -Infinity && attempt.visibleAt !== null && attempt.visibleAt > t)
      return;
    const at =
      attempt.visibleAt === -Infinity ? (attempt.startAt ?? run.createdAt) - 50 : attempt.visibleAt;
    taskTimeline(run, attempt, t).forEach((task, i) => {
      const base = {
        taskId: run.taskIds[i],
        retryCount: index,
        attempt: index + 1,
        taskDisplayName: `${task.name}-${run.createdAt}`,
        errorMessage: '',
        message: '',
      };
      const push = (timestamp, eventType, extra = {}) => {
        if (timestamp <= t)
          events.push({ id: id++, timestamp: iso(timestamp), eventType, ...base, ...extra });
      };
      if (index > 0)
        push(at, 'RETRIED_BY_USER', {
          retryCount: index - 1,
          attempt: index,
          message: 'Task was retried by a user',
        });
      push(at + 1, 'QUEUED', { message: 'Task was queued' });
      if (task.startedAt !== null) {
        push(task.startedAt - 2, 'ASSIGNED', {
          message: 'Assigned to worker',
          workerId: uuid('worker'),
        });
        push(task.startedAt, 'STARTED', { message: 'Task started' });
      }
      if (task.finishedAt !== null) {
        if (task.status === 'FAILED')
          push(task.finishedAt, 'FAILED', { errorMessage: task.error, message: 'Task failed' });
        else if (task.status === 'COMPLETED')
          push(task.finishedAt, 'FINISHED', { message: 'Task completed' });
        else if (task.status === 'CANCELLED')
          push(task.finishedAt, 'CANCELLED', { message: 'Task was cancelled' });
      }
    });
  });
  return events.sort((a, b) => Date.parse(b.timestamp) - Date.parse(a.timestamp) || b.id - a.id);
}

function replay(run, t) {
  if (!run) return [];
  const current = run.attempts[run.attempts.length - 1];
  const { status } = runStatus(run, current, t);
  const ids = run.kind === 'task' ? [run.id] : [...run.taskIds].reverse();
  // Replaying a run that is not terminal (or whose last replay is not visible yet) is dropped.
  if (
    !['COMPLETED', 'FAILED', 'CANCELLED'].includes(status) ||
    (current.visibleAt !== -Infinity && current.visibleAt > t)
  )
    return ids;
  const k = run.attempts.length - 1;
  const spec = run.replays.length
    ? run.replays[Math.min(k, run.replays.length - 1)]
    : { status: 'COMPLETED', durationMs: 1000 };
  const visibleAt = t + (spec.staleMs ?? 1000);
  const startAt = spec.status === 'QUEUED' ? null : visibleAt + (spec.queuedMs ?? 100);
  const endAt =
    spec.status === 'QUEUED' || spec.status === 'RUNNING'
      ? null
      : startAt + (spec.durationMs ?? 1000);
  run.attempts.push(realize(spec, visibleAt, startAt, endAt, run.taskNames.length));
  return ids;
}

function cancel(run, t) {
  if (!run) return [];
  const attempt = run.attempts[run.attempts.length - 1];
  const { status } = runStatus(
    run,
    attempt,
    Math.max(t, attempt.visibleAt === -Infinity ? t : attempt.visibleAt),
  );
  if (
    ['COMPLETED', 'FAILED', 'CANCELLED'].includes(status) &&
    (attempt.visibleAt === -Infinity || attempt.visibleAt <= t)
  )
    return [];
  attempt.cancelAt = t;
  if (attempt.visibleAt !== -Infinity && attempt.visibleAt > t) attempt.visibleAt = t;
  return run.kind === 'task' ? [run.id] : [...run.taskIds];
}

/** Log lines of one task in one attempt, generated on demand (a task may offer millions). */
function taskLogLines(run, attempt, index, taskIndex, t) {
  const task = taskTimeline(run, attempt, t)[taskIndex];
  if (task.startedAt === null) return { count: 0, line: () => undefined };
  const name = task.name;
  const given = (attempt.spec.logs || {})[name];
  const count = given ? given.length : (attempt.spec.logLines ?? 4);
  const end = task.finishedAt ?? Math.max(t, task.startedAt + 1);
  const failed = task.status === 'FAILED';
  const line = (i) => {
    const timestamp = task.startedAt + Math.floor(((i + 1) / (count + 1)) * (end - task.startedAt));
    if (timestamp > t) return undefined;
    const last = i === count - 1;
    const message = given
      ? given[i]
      : last && failed
        ? `${name} failed: ${(attempt.spec.error || 'task failed').split('\n')[0]}`
        : `${name}: step ${i + 1} of ${count} (attempt ${index + 1})`;
    return {
      task: `${name}-${run.createdAt}`,
      timestamp: iso(timestamp),
      level: last && failed ? 'ERROR' : 'INFO',
      message,
    };
  };
  return { count, line };
}

/**
 * `runs logs ID [--tail N]`, as the CLI does it: for a run id (DAG or standalone task run) it
 * reads each task's log, for another id (a task of a DAG) it falls back to that task's log.
 * Each task's log mixes all attempts. With `--tail N` it gives the newest N lines per task, without
 * it the server's default: the oldest 50. Lines come out oldest first.
 */
function logs(state, id, tail, t) {
  for (const run of Object.values(state.runs)) {
    const taskIndex = run.taskIds.indexOf(id);
    const isRun = run.id === id && !(run.notFoundUntil && t < run.notFoundUntil);
    if (!isRun && taskIndex < 0) continue;
    const attempts = run.attempts.slice(0, visibleAttempt(run, t) + 1);
    const tasks = isRun ? run.taskNames.map((_, i) => i) : [taskIndex];
    const out = [];
    for (const ti of tasks) {
      const lines =
        tail > 0 ? newestLines(run, attempts, ti, tail, t) : oldestLines(run, attempts, ti, 50, t);
      // The run path names the task; the task-id fallback leaves the name empty.
      out.push(...lines.map((line) => ({ ...line, task: isRun ? line.task : '' })));
    }
    return out.sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
  }
  return [];
}

function newestLines(run, attempts, taskIndex, want, t) {
  const lines = [];
  for (let ai = attempts.length - 1; ai >= 0 && lines.length < want; ai--) {
    const { count, line } = taskLogLines(run, attempts[ai], ai, taskIndex, t);
    for (let i = count - 1; i >= 0 && lines.length < want; i--) {
      const l = line(i);
      if (l) lines.push(l);
    }
  }
  return lines.reverse();
}

function oldestLines(run, attempts, taskIndex, want, t) {
  const lines = [];
  attempts.forEach((attempt, ai) => {
    const { count, line } = taskLogLines(run, attempt, ai, taskIndex, t);
    for (let i = 0; i < count && lines.length < want; i++) {
      const l = line(i);
      if (l) lines.push(l);
    }
  });
  return lines;
}

main();
