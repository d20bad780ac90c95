// @ts-check
'use strict';
/*
 * The Hatchet simulator's model: pure functions from (scenario, history, request) to exactly what
 * the `hatchet` CLI prints. No I/O, no clock, no global state: the CLI front (hatchet.cjs) reads the
 * files, keeps the history of state-changing calls and prints what this module returns.
 *
 * The model follows the engine's source (hatchet-dev/hatchet v0.104.7): an engine timeline of task
 * events per run (replays, retries, cancellations), and from it the eventually consistent read
 * model the CLI reads: events visible after a lag, task rows folded from events with the OLAP
 * rules (a newer retry count always wins; at the same retry count only a higher status priority),
 * and a DAG row counted over its task rows (pkg/repository/sqlcv1/olap.sql, UpdateDAGStatuses).
 * The scenario format is documented in README.md next to this file.
 */
const { createHash } = require('node:crypto');

const ZERO_TIME = '0001-01-01T00:00:00Z';
const NIL_UUID = '00000000-0000-0000-0000-000000000000';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Go's time.Duration saturates: a zero finishedAt minus a real startedAt, in milliseconds.
const SATURATED_MS = 9_223_372_036_854;
// A retried try is picked up this long after its RETRYING event.
const RETRY_PICKUP_MS = 20;
const TERMINAL = ['COMPLETED', 'FAILED', 'CANCELLED'];
const KNOWN_STATUSES = ['QUEUED', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED'];
/** v1_status_to_priority; an unknown (future) status outranks them all. */
const PRIORITY = /** @type {Record<string, number>} */ ({
  QUEUED: 1,
  RUNNING: 2,
  EVICTED: 3,
  CANCELLED: 4,
  FAILED: 5,
  COMPLETED: 6,
});
/** The readable status each event type gives its task row (olap controller). */
const EVENT_STATUS = /** @type {Record<string, string>} */ ({
  QUEUED: 'QUEUED',
  RETRIED_BY_USER: 'QUEUED',
  RETRYING: 'QUEUED',
  ASSIGNED: 'RUNNING',
  STARTED: 'RUNNING',
  FINISHED: 'COMPLETED',
  FAILED: 'FAILED',
  CANCELLED: 'CANCELLED',
});
const ENGINE_KEYS = /** @type {const} */ ([
  'path',
  'eventLagMs',
  'taskLagMs',
  'dagLagMs',
  'jobIntervalMs',
  'downstreamResetMs',
  'retryGapMs',
  'cancelDelayMs',
]);
/**
 * As traces of a real engine show it (test/fixtures/traces, test/conformance/simulator.test.ts):
 * the DAG row follows a task that ends ~120 ms later (one that starts, at once), a child is reset
 * ~270 ms after its parents finished, and a task that will be retried goes from its failed try
 * straight to the next one (its row never reads FAILED).
 * @type {Engine}
 */
const TRANSACTION_DEFAULTS = {
  path: 'transaction',
  eventLagMs: 0,
  taskLagMs: 0,
  dagLagMs: 120,
  jobIntervalMs: 0,
  downstreamResetMs: 270,
  retryGapMs: 0,
  cancelDelayMs: 200,
};
/** The older path: separate jobs every 2 s write task rows, then DAG rows (one job later). */
/** @type {Engine} */
const EVENTS_FIRST_DEFAULTS = {
  ...TRANSACTION_DEFAULTS,
  path: 'events-first',
  dagLagMs: 2000,
  jobIntervalMs: 2000,
};

/**
 * @typedef {'transaction' | 'events-first'} EnginePath
 * @typedef {{
 *   path: EnginePath, eventLagMs: number, taskLagMs: number, dagLagMs: number,
 *   jobIntervalMs: number, downstreamResetMs: number, retryGapMs: number, cancelDelayMs: number
 * }} Engine
 * @typedef {Record<string, unknown>} Json
 * @typedef {Partial<Engine> & {
 *   status?: string, durationMs?: number, queuedMs?: number, staleMs?: number, ageMs?: number,
 *   failTaskIndex?: number, error?: string, output?: Json, taskOutputs?: Record<string, Json>,
 *   logs?: Record<string, string[]>, logLines?: number, retries?: Record<string, number>,
 *   retryError?: string, dropped?: boolean, neverResetTask?: string, engine?: Partial<Engine>
 * }} AttemptSpec
 * @typedef {{
 *   id: string, workflow?: string, workflowId?: string, kind?: string, tasks?: string[],
 *   taskName?: string, parents?: Record<string, string[]>, input?: Json, additionalMetadata?: Json,
 *   payloadsRestricted?: boolean, createdAt?: number, createdAgoMs?: number,
 *   original?: AttemptSpec, replays?: AttemptSpec[], engine?: Partial<Engine>
 * }} RunSpec
 * @typedef {{
 *   count: number, idSeed?: string, workflow?: string, workflowId?: string, kind?: string,
 *   tasks?: string[], taskName?: string, newestAgoMs?: number, everyMs?: number,
 *   statuses?: string[], original?: AttemptSpec, replays?: AttemptSpec[],
 *   engine?: Partial<Engine>, input?: Json, additionalMetadata?: Json
 * }} RunGroup
 * @typedef {{
 *   kind?: string, tasks?: string[], taskName?: string, parents?: Record<string, string[]>,
 *   attempt?: AttemptSpec, byInput?: { match: Json, attempt: AttemptSpec }[],
 *   replays?: AttemptSpec[], fail?: string, engine?: Partial<Engine>,
 *   payloadsRestricted?: boolean, additionalMetadata?: Json
 * }} TriggerTemplate
 * @typedef {{ id: string, name: string, description?: string }} Workflow
 * @typedef {{
 *   tenantId?: string, workflows?: Workflow[], runs?: RunSpec[], runGroups?: RunGroup[],
 *   triggers?: Record<string, TriggerTemplate>, notFoundAfterTriggerMs?: number,
 *   engine?: Partial<Engine>, rejectedTokens?: string[], faults?: unknown[]
 * }} Scenario
 * @typedef {{ type: 'replay', runId: string, t: number }
 *   | { type: 'cancel', runId: string, t: number }
 *   | { type: 'trigger', runId: string, workflow: string, workflowId: string, input: Json, t: number }
 * } Action
 * @typedef {{ epoch: number, actions: Action[] }} History
 * @typedef {{
 *   id: string, kind: 'dag' | 'task', workflowName: string, workflowId: string,
 *   workflowNamed: boolean, taskNames: string[], parents: number[][], children: number[][],
 *   taskIds: string[], stepIds: string[], input: Json, additionalMetadata: Json,
 *   payloadsRestricted: boolean, createdAt: number, visibleFrom: number, firstStart: number | null,
 *   original: AttemptSpec, originalDurationMs: number, replays: AttemptSpec[],
 *   engine: Partial<Engine> | undefined
 * }} RunDef
 * @typedef {{
 *   seq: number, id: number, attempt: number, task: number, retryCount: number, type: string,
 *   status: string, at: number, visibleAt: number, rowAt: number | null, dagAt: number | null,
 *   message: string, error: string, output: Json | undefined, worker: boolean
 * }} TaskEvent
 * @typedef {{
 *   attempt: number, task: number, retryCount: number, start: number, logEnd: number,
 *   cut: number, failed: boolean, error: string, spec: AttemptSpec
 * }} Try
 * @typedef {{
 *   index: number, spec: AttemptSpec, opts: Engine, processedAt: number,
 *   firstStart: number | null, defaultDurationMs: number, base: number[], end: number
 * }} Attempt
 * @typedef {{ def: RunDef, events: TaskEvent[], tries: Try[], attempts: Attempt[] }} Timeline
 * @typedef {{ status: string, retryCount: number, createdAt: number }} Row
 * @typedef {string | number | boolean | string[] | undefined} FlagValue
 * @typedef {{
 *   command: string, args: string[], flags: Record<string, FlagValue>, t: number,
 *   auth: { valid: boolean }, jsonFile?: { path: string, text?: string, error?: string }
 * }} Request
 * @typedef {{ exit: number, stdout: string, record?: Action[] } | { fatal: string, record?: Action[] }} Response
 */

/* ------------------------------------------------------------------ formatting */

/**
 * JSON as Go's encoder prints it: 2-space indent, `<`, `>`, `&` escaped, a trailing newline.
 * Keys are sorted (the CLI's API structs have alphabetical fields) unless `sortKeys` is false.
 * @param {unknown} value
 * @param {boolean} [sortKeys]
 */
function goJson(value, sortKeys = true) {
  /** @param {unknown} v @returns {unknown} */
  const order = (v) => {
    if (Array.isArray(v)) return v.map(order);
    if (v && typeof v === 'object') {
      /** @type {Record<string, unknown>} */
      const out = {};
      const record = /** @type {Record<string, unknown>} */ (v);
      const keys = sortKeys ? Object.keys(record).sort() : Object.keys(record);
      for (const key of keys) if (record[key] !== undefined) out[key] = order(record[key]);
      return out;
    }
    return v;
  };
  const escapes = /** @type {Record<string, string>} */ ({
    '<': '\\u003c',
    '>': '\\u003e',
    '&': '\\u0026',
  });
  // One pass: documents can be tens of MB.
  return `${JSON.stringify(order(value), null, 2).replace(/[<>&]/g, (c) => escapes[c] ?? c)}\n`;
}

/**
 * RFC 3339 with trailing zeros of the fraction trimmed; never set → Go's zero time.
 * @param {number | null | undefined} ms
 */
function iso(ms) {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return ZERO_TIME;
  return new Date(ms).toISOString().replace(/\.?0*Z$/, 'Z');
}

/** @param {string} seed a deterministic UUID (v4 layout) */
function uuid(seed) {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * google/uuid's Parse: the error text the CLI prints, or the canonical form.
 * @param {string} text
 * @returns {{ id: string } | { error: string }}
 */
function parseUuid(text) {
  let s = text;
  if (s.length === 45) {
    if (s.slice(0, 9).toLowerCase() !== 'urn:uuid:')
      return { error: `invalid urn prefix: "${s.slice(0, 9)}"` };
    s = s.slice(9);
  } else if (s.length === 38) {
    if (s[0] !== '{' || s[37] !== '}') return { error: 'invalid UUID format' };
    s = s.slice(1, 37);
  } else if (s.length === 32) {
    if (!/^[0-9a-f]{32}$/i.test(s)) return { error: 'invalid UUID format' };
    s = `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  } else if (s.length !== 36) return { error: `invalid UUID length: ${text.length}` };
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s))
    return { error: 'invalid UUID format' };
  return { id: s.toLowerCase() };
}

/**
 * Go's time.ParseDuration, in milliseconds (fractions kept); undefined when invalid.
 * @param {string} s
 */
function parseGoDuration(s) {
  const units = /** @type {Record<string, number>} */ ({
    ns: 1e-6,
    us: 1e-3,
    µs: 1e-3,
    μs: 1e-3,
    ms: 1,
    s: 1000,
    m: 60_000,
    h: HOUR,
  });
  let rest = s;
  let sign = 1;
  if (rest[0] === '-' || rest[0] === '+') {
    if (rest[0] === '-') sign = -1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') return undefined;
  let total = 0;
  while (rest !== '') {
    const match = /^(\d*)(?:\.(\d*))?([^\d.]+)/.exec(rest);
    if (!match || (match[1] === '' && (match[2] ?? '') === '')) return undefined;
    const unit = units[match[3] ?? ''];
    if (unit === undefined) {
      // The unit runs up to the next digit or dot.
      return undefined;
    }
    total += Number(`${match[1] || '0'}.${match[2] ?? ''}0`) * unit;
    rest = rest.slice(match[0].length);
  }
  // Beyond ±2^63 ns Go reports an invalid duration.
  if (total * 1e6 > 9.223372036854775e18) return undefined;
  return sign * total;
}

/**
 * The CLI's parseSinceDuration: a Go duration or `Nd`, as a point in the past.
 * @param {string} s
 * @param {number} now
 * @returns {{ at: number } | { error: string }}
 */
function parseSince(s, now) {
  if (s === '') return { error: 'duration cannot be empty' };
  const ms = parseGoDuration(s);
  if (ms !== undefined) {
    if (ms <= 0) return { error: 'duration must be positive (e.g. 1h, 24h)' };
    return { at: now - ms };
  }
  if (s.endsWith('d')) {
    const days = s.slice(0, -1);
    if (/^[+-]?\d+$/.test(days) && Number(days) > 0 && Number(days) <= Number.MAX_SAFE_INTEGER)
      return { at: now - Number(days) * DAY };
  }
  return { error: `invalid duration ${JSON.stringify(s)} (use e.g. 1h, 24h, 7d)` };
}

/* ------------------------------------------------------------------ scenario → run definitions */

/**
 * The engine options of one attempt: defaults of its path, then scenario, run and attempt layers.
 * @param {Scenario} scenario
 * @param {Partial<Engine> | undefined} runEngine
 * @param {AttemptSpec} spec
 * @returns {Engine}
 */
function engineOptions(scenario, runEngine, spec) {
  /** @type {Partial<Engine>} */
  const flat = {};
  for (const key of ENGINE_KEYS) {
    if (spec[key] !== undefined) Object.assign(flat, { [key]: spec[key] });
  }
  const layers = [scenario.engine, runEngine, spec.engine, flat];
  let path = /** @type {EnginePath} */ ('transaction');
  for (const layer of layers) if (layer?.path) path = layer.path;
  const out = { ...(path === 'events-first' ? EVENTS_FIRST_DEFAULTS : TRANSACTION_DEFAULTS) };
  for (const layer of layers) {
    if (!layer) continue;
    for (const key of ENGINE_KEYS) {
      const value = layer[key];
      if (key !== 'path' && typeof value === 'number' && Number.isFinite(value))
        Object.assign(out, { [key]: Math.max(0, value) });
    }
  }
  out.path = path;
  return out;
}

/**
 * Every workflow of the tenant: the scenario's list, then one per workflow name its runs use
 * without naming an id (an explicit workflowId missing from the list is a deleted workflow).
 * @param {Scenario} scenario
 * @returns {Workflow[]}
 */
function allWorkflows(scenario) {
  const list = [...(scenario.workflows ?? [])];
  const names = new Set(list.map((w) => w.name));
  const specs = [...(scenario.runs ?? []), ...(scenario.runGroups ?? [])];
  for (const spec of specs) {
    if (spec.workflowId || !spec.workflow || names.has(spec.workflow)) continue;
    names.add(spec.workflow);
    list.push({ id: uuid(`wf:${spec.workflow}`), name: spec.workflow });
  }
  return list;
}

/**
 * Run specs of the scenario, groups expanded (a group declares many runs in one entry).
 * @param {Scenario} scenario
 * @returns {RunSpec[]}
 */
function runSpecs(scenario) {
  const specs = [...(scenario.runs ?? [])];
  (scenario.runGroups ?? []).forEach((group, g) => {
    const statuses = group.statuses?.length ? group.statuses : ['COMPLETED'];
    for (let k = 0; k < Math.max(0, Math.floor(group.count)); k++) {
      specs.push({
        id: uuid(`group:${group.idSeed ?? g}:${k}`),
        workflow: group.workflow,
        workflowId: group.workflowId,
        kind: group.kind,
        tasks: group.tasks,
        taskName: group.taskName,
        input: group.input,
        additionalMetadata: group.additionalMetadata,
        engine: group.engine,
        createdAgoMs: (group.newestAgoMs ?? 60_000) + k * (group.everyMs ?? 60_000),
        original: {
          durationMs: 1000,
          ...group.original,
          status: statuses[k % statuses.length],
        },
        replays: group.replays,
      });
    }
  });
  return specs;
}

/**
 * @param {Scenario} scenario
 * @param {RunSpec} spec
 * @param {{ createdAt: number, firstStart: number | null, visibleFrom: number, originalDurationMs: number }} times
 * @param {Workflow[]} workflows every workflow of the tenant (allWorkflows)
 * @returns {RunDef}
 */
function defineRun(scenario, spec, times, workflows) {
  const kind = spec.kind === 'task' ? 'task' : 'dag';
  const taskNames =
    kind === 'task'
      ? [spec.taskName || spec.tasks?.[0] || 'task']
      : spec.tasks?.length
        ? spec.tasks
        : ['step'];
  // Tasks are listed parents first; without `parents` they form a chain.
  const parents = taskNames.map((name, i) => {
    if (!spec.parents) return i > 0 ? [i - 1] : [];
    return (spec.parents[name] ?? [])
      .map((p) => taskNames.indexOf(p))
      .filter((p) => p >= 0 && p < i);
  });
  const children = taskNames.map((_, i) =>
    taskNames.map((__, j) => j).filter((j) => (parents[j] ?? []).includes(i)),
  );
  const id = spec.id.toLowerCase();
  const known = workflows.find((w) =>
    spec.workflowId ? w.id === spec.workflowId : w.name === spec.workflow,
  );
  const workflowName = known?.name ?? spec.workflow ?? 'workflow';
  return {
    id,
    kind,
    workflowName,
    workflowId: spec.workflowId || known?.id || uuid(`wf:${workflowName}`),
    workflowNamed: Boolean(known) || !spec.workflowId,
    taskNames,
    parents,
    children,
    // A standalone task run's id is its task's id.
    taskIds: taskNames.map((_, i) => (kind === 'task' ? id : uuid(`${id}:task:${i}`))),
    stepIds: taskNames.map((_, i) => uuid(`${id}:step:${i}`)),
    input: spec.input ?? {},
    additionalMetadata: spec.additionalMetadata ?? {},
    payloadsRestricted: Boolean(spec.payloadsRestricted),
    createdAt: times.createdAt,
    visibleFrom: times.visibleFrom,
    firstStart: times.firstStart,
    original: spec.original ?? { status: 'COMPLETED' },
    originalDurationMs: times.originalDurationMs,
    replays: spec.replays ?? [],
    engine: spec.engine,
  };
}

/**
 * When a scenario run was created and started, relative to the first call (`epoch`).
 * @param {RunSpec} spec
 * @param {number} epoch
 */
function originalTimes(spec, epoch) {
  const original = spec.original ?? {};
  const status = original.status ?? 'COMPLETED';
  const queued = original.queuedMs ?? 100;
  const duration = original.durationMs ?? 3000;
  const given =
    spec.createdAt ?? (spec.createdAgoMs !== undefined ? epoch - spec.createdAgoMs : undefined);
  /** @type {number} */
  let createdAt;
  /** @type {number | null} */
  let firstStart;
  if (status === 'QUEUED') {
    createdAt = given ?? epoch - 10_000;
    firstStart = null;
  } else if (status === 'RUNNING') {
    createdAt = given ?? epoch - 10_000 - queued;
    firstStart = createdAt + queued;
  } else if (original.ageMs === undefined && given !== undefined) {
    createdAt = given;
    firstStart = createdAt + queued;
  } else {
    // ageMs: how long ago the original attempt ended.
    firstStart = epoch - (original.ageMs ?? HOUR) - duration;
    createdAt = given ?? firstStart - queued;
  }
  return { createdAt, firstStart, visibleFrom: createdAt, originalDurationMs: duration };
}

/**
 * The definition of a run by id: a scenario run or a run made by `trigger manual`.
 * @param {Scenario} scenario
 * @param {History} history
 * @param {string} id
 * @param {number} t
 * @returns {RunDef | undefined}
 */
function findRun(scenario, history, id, t) {
  const wanted = id.toLowerCase();
  const workflows = allWorkflows(scenario);
  const spec = runSpecs(scenario).find((s) => s.id.toLowerCase() === wanted);
  if (spec) return defineRun(scenario, spec, originalTimes(spec, history.epoch), workflows);
  const trigger = history.actions.find(
    (a) => a.type === 'trigger' && a.runId === wanted && a.t <= t,
  );
  return trigger && trigger.type === 'trigger'
    ? triggeredRun(scenario, trigger, workflows)
    : undefined;
}

/**
 * @param {Scenario} scenario
 * @param {History} history
 * @param {number} t
 * @returns {RunDef[]}
 */
function allRuns(scenario, history, t) {
  const workflows = allWorkflows(scenario);
  const defs = runSpecs(scenario).map((spec) =>
    defineRun(scenario, spec, originalTimes(spec, history.epoch), workflows),
  );
  for (const action of history.actions) {
    if (action.type === 'trigger' && action.t <= t)
      defs.push(triggeredRun(scenario, action, workflows));
  }
  return defs;
}

/**
 * Whether every key of `pattern` has the same value in `input` (compared as JSON).
 * @param {Json} input
 * @param {Json} pattern
 */
function matches(input, pattern) {
  return Object.entries(pattern).every(
    ([key, value]) => JSON.stringify(input?.[key]) === JSON.stringify(value),
  );
}

/**
 * @param {Scenario} scenario
 * @param {{ runId: string, workflow: string, workflowId: string, input: Json, t: number }} action
 * @param {Workflow[]} workflows
 * @returns {RunDef}
 */
function triggeredRun(scenario, action, workflows) {
  const template = scenario.triggers?.[action.workflow] ?? {};
  // `byInput`: the first entry whose `match` is part of the run's input decides its attempt.
  const chosen = (template.byInput ?? []).find((entry) => matches(action.input, entry.match));
  const attempt = chosen?.attempt ?? template.attempt ?? { status: 'COMPLETED', durationMs: 1000 };
  const queued = attempt.queuedMs ?? 100;
  return defineRun(
    scenario,
    {
      id: action.runId,
      workflow: action.workflow,
      workflowId: action.workflowId,
      kind: template.kind,
      tasks: template.tasks,
      taskName: template.taskName,
      parents: template.parents,
      input: action.input,
      additionalMetadata: template.additionalMetadata,
      payloadsRestricted: template.payloadsRestricted,
      original: attempt,
      replays: template.replays,
      engine: template.engine,
    },
    {
      createdAt: action.t,
      firstStart: attempt.status === 'QUEUED' ? null : action.t + queued,
      // A real engine answers at once (traces); `notFoundAfterTriggerMs` makes it answer 404 a while.
      visibleFrom: action.t + (scenario.notFoundAfterTriggerMs ?? 0),
      originalDurationMs: attempt.durationMs ?? 1000,
    },
    workflows,
  );
}

/* ------------------------------------------------------------------ the engine timeline */

/**
 * Every engine event of a run, given the replays and cancels recorded up to `t`.
 * @param {Scenario} scenario
 * @param {History} history
 * @param {RunDef} def
 * @param {number} t
 * @returns {Timeline}
 */
function realize(scenario, history, def, t) {
  /** @type {Timeline} */
  const timeline = { def, events: [], tries: [], attempts: [] };
  planAttempt(timeline, def.original, {
    index: 0,
    processedAt: def.createdAt,
    firstStart: def.firstStart,
    opts: engineOptions(scenario, def.engine, def.original),
    defaultDurationMs: def.originalDurationMs,
  });
  let consumed = 0;
  const actions = history.actions
    .filter((a) => a.runId === def.id && a.t <= t && a.type !== 'trigger')
    .sort((a, b) => a.t - b.t);
  for (const action of actions) {
    const current = /** @type {Attempt} */ (timeline.attempts[timeline.attempts.length - 1]);
    if (action.type === 'replay') {
      // The engine drops a replay of a run that has not finished (or whose replay is pending).
      if (current.processedAt > action.t || current.end > action.t) continue;
      const spec = def.replays.length
        ? /** @type {AttemptSpec} */ (def.replays[Math.min(consumed, def.replays.length - 1)])
        : { status: 'COMPLETED', durationMs: 1000 };
      consumed++;
      if (spec.dropped) continue;
      const processedAt = action.t + (spec.staleMs ?? 1000);
      planAttempt(timeline, spec, {
        index: timeline.attempts.length,
        processedAt,
        firstStart: spec.status === 'QUEUED' ? null : processedAt + (spec.queuedMs ?? 100),
        opts: engineOptions(scenario, def.engine, spec),
        defaultDurationMs: 1000,
      });
    } else if (action.type === 'cancel') {
      cancel(timeline, action.t);
    }
  }
  timeline.events.sort((a, b) => a.at - b.at || a.seq - b.seq);
  timeline.events.forEach((event, i) => (event.id = i + 1));
  return timeline;
}

/** @param {RunDef} def @param {number} i @returns {number[]} */
function descendants(def, i) {
  const out = new Set();
  const stack = [...(def.children[i] ?? [])];
  while (stack.length) {
    const j = /** @type {number} */ (stack.pop());
    if (out.has(j)) continue;
    out.add(j);
    stack.push(...(def.children[j] ?? []));
  }
  return [...out];
}

/**
 * Plans one attempt (the original, a trigger or a replay) and appends its events.
 * @param {Timeline} timeline
 * @param {AttemptSpec} spec
 * @param {{ index: number, processedAt: number, firstStart: number | null, opts: Engine, defaultDurationMs: number }} p
 */
function planAttempt(timeline, spec, p) {
  const { def } = timeline;
  const { opts } = p;
  const n = def.taskNames.length;
  // The retry count each task had before this attempt (engine truth, per task).
  const previous = def.taskNames.map((_, i) =>
    timeline.events.reduce((max, e) => (e.task === i ? Math.max(max, e.retryCount) : max), -1),
  );
  const base = previous.map((r) => r + 1);
  const status = spec.status ?? 'COMPLETED';
  const target = Math.max(0, Math.min(n - 1, Math.floor(spec.failTaskIndex ?? n - 1)));
  const below = new Set(descendants(def, target));
  /** @type {string[]} final outcome per task: a status, 'RUNNING', 'CASCADE', 'QUEUED' or 'NONE' */
  const outcome = def.taskNames.map((_, i) => {
    const root = (def.parents[i] ?? []).length === 0;
    if (status === 'QUEUED') return root ? 'QUEUED' : 'NONE';
    if (status === 'COMPLETED') return 'COMPLETED';
    if (i === target) return status;
    if (below.has(i)) return status === 'FAILED' || status === 'CANCELLED' ? 'CASCADE' : 'NONE';
    return 'COMPLETED';
  });
  const runs = (/** @type {number} */ i) =>
    !['CASCADE', 'QUEUED', 'NONE'].includes(outcome[i] ?? '');
  const retries = def.taskNames.map((name, i) =>
    runs(i) ? Math.max(0, Math.floor(spec.retries?.[name] ?? 0)) : 0,
  );
  const slot = slotLength(def, spec.durationMs ?? p.defaultDurationMs, runs, retries, opts);

  /** @type {Attempt} */
  const attempt = {
    index: p.index,
    spec,
    opts,
    processedAt: p.processedAt,
    firstStart: p.firstStart,
    defaultDurationMs: p.defaultDurationMs,
    base,
    end: 0,
  };
  timeline.attempts.push(attempt);
  const frozen =
    p.index > 0 && spec.neverResetTask ? def.taskNames.indexOf(spec.neverResetTask) : -1;
  /**
   * @param {number} task @param {number} retryCount @param {string} type @param {number} at
   * @param {{ message?: string, error?: string, output?: Json, worker?: boolean }} [extra]
   */
  const emit = (task, retryCount, type, at, extra = {}) => {
    const time = Math.round(at);
    const visibleAt = time + opts.eventLagMs;
    const tick = (/** @type {number} */ x) =>
      opts.jobIntervalMs > 0 ? Math.ceil(x / opts.jobIntervalMs) * opts.jobIntervalMs : x;
    const rowAt =
      task === frozen
        ? null
        : opts.path === 'transaction'
          ? visibleAt
          : tick(visibleAt + opts.taskLagMs);
    // On the transaction path the DAG row follows a task that starts at once and one that ends
    // dagLagMs later (traces: a new RUNNING row never read with an old terminal run status; a
    // run row RUNNING ~120 ms after its last task finished).
    const status = EVENT_STATUS[type] ?? type;
    const ends = TERMINAL.includes(status) || isUnknown(status);
    const dagAt =
      rowAt === null
        ? null
        : opts.path === 'transaction'
          ? rowAt + (ends ? opts.dagLagMs : 0)
          : tick(rowAt + opts.dagLagMs);
    timeline.events.push({
      seq: timeline.events.length,
      id: 0,
      attempt: p.index,
      task,
      retryCount,
      type,
      status: EVENT_STATUS[type] ?? type,
      at: time,
      visibleAt,
      rowAt,
      dagAt,
      message: extra.message ?? '',
      error: extra.error ?? '',
      output: extra.output,
      worker: Boolean(extra.worker),
    });
  };

  // A replay: every replayed task gets RETRIED_BY_USER at its pre-replay retry count.
  if (p.index > 0) {
    previous.forEach((r, i) => {
      if (r >= 0)
        emit(i, r, 'RETRIED_BY_USER', p.processedAt, {
          message: 'Task was replayed, resetting task result.',
        });
    });
  }
  /** @type {(number | null)[]} when each task's last try ended (Infinity: never) */
  const ends = def.taskNames.map(() => /** @type {number | null} */ (null));
  /** @type {number[]} when each task's outcome is final (Infinity: never) */
  const finals = [];
  for (let i = 0; i < n; i++) {
    const name = /** @type {string} */ (def.taskNames[i]);
    const parents = def.parents[i] ?? [];
    const result = outcome[i] ?? 'NONE';
    if (result === 'NONE' || result === 'CASCADE') continue;
    // Roots are reset at once; a task whose parent is replayed keeps its old row until then.
    /** @type {number} */
    let ready;
    if (parents.length === 0) ready = p.processedAt;
    else {
      const parentEnds = parents.map((j) => ends[j] ?? Infinity);
      ready = Math.max(...parentEnds) + opts.downstreamResetMs;
    }
    if (!Number.isFinite(ready)) continue;
    emit(i, /** @type {number} */ (base[i]), 'QUEUED', ready, { message: 'Task was queued' });
    if (result === 'QUEUED' || (parents.length === 0 && p.firstStart === null)) {
      finals[i] = Infinity;
      continue;
    }
    let start =
      parents.length === 0 ? Math.max(/** @type {number} */ (p.firstStart), ready) : ready;
    const tries = /** @type {number} */ (retries[i]);
    for (let j = 0; j <= tries; j++) {
      const retryCount = /** @type {number} */ (base[i]) + j;
      const last = j === tries;
      const forever = last && result === 'RUNNING';
      const end = forever ? Infinity : start + slot;
      emit(i, retryCount, 'ASSIGNED', start, { message: 'Assigned to worker', worker: true });
      emit(i, retryCount, 'STARTED', start, { message: 'Task started', worker: true });
      const failed = !last || result === 'FAILED';
      const error = !last
        ? (spec.retryError ?? `${name}: transient failure (try ${j + 1})`)
        : (spec.error ?? 'Error: task failed');
      timeline.tries.push({
        attempt: p.index,
        task: i,
        retryCount,
        start: Math.round(start),
        logEnd: Math.round(forever ? start + slot : end),
        cut: Infinity,
        failed,
        error,
        spec,
      });
      if (forever) break;
      if (!last) {
        emit(i, retryCount, 'FAILED', end, { message: 'Task failed', error, worker: true });
        const retryAt = end + opts.retryGapMs;
        emit(i, retryCount + 1, 'RETRYING', retryAt, { message: `This is retry number ${j + 1}.` });
        start = retryAt + RETRY_PICKUP_MS;
        continue;
      }
      if (result === 'COMPLETED') {
        const output =
          spec.taskOutputs?.[name] ??
          ((def.children[i] ?? []).length === 0 ? spec.output : undefined) ??
          {};
        emit(i, retryCount, 'FINISHED', end, { message: 'Task completed', output, worker: true });
      } else if (result === 'FAILED')
        emit(i, retryCount, 'FAILED', end, { message: 'Task failed', error, worker: true });
      else if (result === 'CANCELLED')
        emit(i, retryCount, 'CANCELLED', end, { message: 'Task was cancelled' });
      // An unknown (future) status: the task ends in it.
      else emit(i, retryCount, result, end, { message: `Task ended ${result}` });
    }
    // Kept unrounded: rounding each hop would drift the attempt's total duration.
    ends[i] = result === 'RUNNING' ? Infinity : start + slot;
    finals[i] = /** @type {number} */ (ends[i]);
  }
  // Tasks below a failed or cancelled one are cancelled (at N+1 on a replay).
  const targetEnd = ends[target];
  for (let i = 0; i < n; i++) {
    if (outcome[i] !== 'CASCADE' || targetEnd === null || targetEnd === undefined) continue;
    const at = Math.round(targetEnd + opts.downstreamResetMs);
    emit(i, /** @type {number} */ (base[i]), 'CANCELLED', at, {
      message: 'Task was cancelled because an upstream task failed',
    });
    finals[i] = at;
  }
  attempt.end = attemptEnd(timeline, attempt, finals);
}

/**
 * When an attempt is over in the engine (Infinity while a task runs or waits forever).
 * @param {Timeline} timeline @param {Attempt} attempt @param {number[]} finals
 */
function attemptEnd(timeline, attempt, finals) {
  if (finals.some((f) => f === Infinity)) return Infinity;
  // A task that never ran (below a task that runs forever) keeps the attempt open too.
  const outcomeOpen = timeline.def.taskNames.some((_, i) => {
    const mine = timeline.events.filter((e) => e.attempt === attempt.index && e.task === i);
    return (
      mine.length > 0 &&
      !TERMINAL.includes(mine[mine.length - 1]?.status ?? '') &&
      !isUnknown(mine[mine.length - 1]?.status ?? '')
    );
  });
  if (outcomeOpen) return Infinity;
  const times = timeline.events.filter((e) => e.attempt === attempt.index).map((e) => e.at);
  return Math.max(attempt.processedAt, ...times);
}

/** @param {string} status */
function isUnknown(status) {
  return !KNOWN_STATUSES.includes(status) && status !== 'EVICTED';
}

/**
 * How long one try runs, so that the longest path of the attempt (tries, retry gaps and the
 * downstream reset delays) takes `durationMs`.
 * @param {RunDef} def @param {number} durationMs @param {(i: number) => boolean} runs
 * @param {number[]} retries @param {Engine} opts
 */
function slotLength(def, durationMs, runs, retries, opts) {
  let best = Infinity;
  /** @param {number} i @param {number} tries @param {number} gaps */
  const walk = (i, tries, gaps) => {
    const r = retries[i] ?? 0;
    const t = tries + r + 1;
    const g =
      gaps +
      r * (opts.retryGapMs + RETRY_PICKUP_MS) +
      ((def.parents[i] ?? []).length > 0 ? opts.downstreamResetMs : 0);
    const next = (def.children[i] ?? []).filter(runs);
    if (next.length === 0) best = Math.min(best, (durationMs - g) / t);
    for (const j of next) walk(j, t, g);
  };
  def.taskNames.forEach((_, i) => {
    if (runs(i) && (def.parents[i] ?? []).length === 0) walk(i, 0, 0);
  });
  return Number.isFinite(best) ? Math.max(1, best) : Math.max(1, durationMs);
}

/**
 * `runs cancel` at time c: the engine cancels every task of the current attempt still going
 * `cancelDelayMs` later (a replay still pending takes effect at once, then is cancelled).
 * @param {Timeline} timeline @param {number} c
 */
function cancel(timeline, c) {
  let attempt = /** @type {Attempt} */ (timeline.attempts[timeline.attempts.length - 1]);
  if (attempt.processedAt > c) {
    timeline.events = timeline.events.filter((e) => e.attempt !== attempt.index);
    timeline.tries = timeline.tries.filter((t) => t.attempt !== attempt.index);
    timeline.attempts.pop();
    planAttempt(timeline, attempt.spec, {
      index: attempt.index,
      processedAt: c,
      firstStart: attempt.firstStart === null ? null : c + (attempt.spec.queuedMs ?? 100),
      opts: attempt.opts,
      defaultDurationMs: attempt.defaultDurationMs,
    });
    attempt = /** @type {Attempt} */ (timeline.attempts[timeline.attempts.length - 1]);
  }
  const at = c + attempt.opts.cancelDelayMs;
  if (attempt.end <= at) return;
  const index = attempt.index;
  timeline.def.taskNames.forEach((_, i) => {
    const mine = timeline.events.filter((e) => e.attempt === index && e.task === i);
    const last = mine[mine.length - 1];
    if (last && last.at <= at && (TERMINAL.includes(last.status) || isUnknown(last.status))) return;
    timeline.events = timeline.events.filter(
      (e) => !(e.attempt === index && e.task === i && e.at > at),
    );
    const kept = timeline.events.filter(
      (e) => e.attempt === index && e.task === i && e.type !== 'RETRIED_BY_USER',
    );
    const retryCount = kept.length
      ? /** @type {TaskEvent} */ (kept[kept.length - 1]).retryCount
      : /** @type {number} */ (attempt.base[i]);
    const opts = attempt.opts;
    const visibleAt = at + opts.eventLagMs;
    const tick = (/** @type {number} */ x) =>
      opts.jobIntervalMs > 0 ? Math.ceil(x / opts.jobIntervalMs) * opts.jobIntervalMs : x;
    const frozen = index > 0 && attempt.spec.neverResetTask === timeline.def.taskNames[i];
    const rowAt = frozen
      ? null
      : opts.path === 'transaction'
        ? visibleAt
        : tick(visibleAt + opts.taskLagMs);
    timeline.events.push({
      seq: timeline.events.length,
      id: 0,
      attempt: index,
      task: i,
      retryCount,
      type: 'CANCELLED',
      status: 'CANCELLED',
      at,
      visibleAt,
      rowAt,
      dagAt:
        rowAt === null
          ? null
          : opts.path === 'transaction'
            ? rowAt + opts.dagLagMs
            : tick(rowAt + opts.dagLagMs),
      message: 'Task was cancelled',
      error: '',
      output: undefined,
      worker: false,
    });
    for (const attemptTry of timeline.tries) {
      if (attemptTry.attempt === index && attemptTry.task === i)
        attemptTry.cut = Math.min(attemptTry.cut, at);
    }
    timeline.tries = timeline.tries.filter(
      (x) => !(x.attempt === index && x.task === i && x.start > at),
    );
  });
  attempt.end = at;
}

/* ------------------------------------------------------------------ the read model */

/**
 * Task rows as the OLAP tables hold them at time t (null: no row yet).
 * @param {Timeline} timeline @param {number} t
 * @returns {(Row | null)[]}
 */
function rowsAt(timeline, t) {
  /** @type {(Row | null)[]} */
  const rows = timeline.def.taskNames.map(() => null);
  const updates = timeline.events
    .filter((e) => e.rowAt !== null && e.rowAt <= t)
    .sort(
      (a, b) =>
        /** @type {number} */ (a.rowAt) - /** @type {number} */ (b.rowAt) ||
        a.at - b.at ||
        a.seq - b.seq,
    );
  for (const e of updates) {
    const row = rows[e.task];
    if (!row) {
      rows[e.task] = { status: e.status, retryCount: e.retryCount, createdAt: e.at };
      continue;
    }
    // A newer retry count always applies; at the same one only a higher priority does.
    const newer = e.retryCount > row.retryCount;
    const higher = e.retryCount === row.retryCount && priority(e.status) > priority(row.status);
    if (newer || higher) {
      row.status = e.status;
      row.retryCount = e.retryCount;
    }
  }
  return rows;
}

/** @param {string} status */
function priority(status) {
  return PRIORITY[status] ?? 7;
}

/**
 * The DAG row's status, as UpdateDAGStatuses counts it over the task rows (old rows included).
 * @param {(Row | null)[]} rows @param {string} previous
 */
function dagRule(rows, previous) {
  const present = /** @type {Row[]} */ (rows.filter(Boolean));
  const count = (/** @type {string} */ s) => present.filter((r) => r.status === s).length;
  const unknown = present.find((r) => isUnknown(r.status));
  if (unknown) return unknown.status;
  const queued = count('QUEUED');
  // Only queued rows: the status stays what it was (the old terminal one after a replay).
  if (queued === present.length) return previous;
  if (present.length !== rows.length && ['FAILED', 'CANCELLED'].includes(previous)) return previous;
  if (present.length !== rows.length) return 'RUNNING';
  if (count('RUNNING') > 0 || queued > 0) return 'RUNNING';
  if (count('FAILED') > 0) return 'FAILED';
  if (count('CANCELLED') > 0) return 'CANCELLED';
  if (count('COMPLETED') === present.length) return 'COMPLETED';
  return 'RUNNING';
}

/**
 * The run's own status at t: a DAG's row (updated when its task rows change, late on the older
 * path), or a standalone task's row.
 * @param {Timeline} timeline @param {number} t
 */
function runStatusAt(timeline, t) {
  if (timeline.def.kind === 'task') return rowsAt(timeline, t)[0]?.status ?? 'QUEUED';
  const points = [
    ...new Set(
      timeline.events
        .map((e) => e.dagAt)
        .filter((/** @type {number | null} */ u) => u !== null && u <= t),
    ),
  ].sort((a, b) => /** @type {number} */ (a) - /** @type {number} */ (b));
  let status = 'QUEUED';
  for (const u of points) status = dagRule(rowsAt(timeline, /** @type {number} */ (u)), status);
  return status;
}

/**
 * Events the read model shows at t.
 * @param {Timeline} timeline @param {number} t
 */
function visibleEvents(timeline, t) {
  return timeline.events.filter((e) => e.visibleAt <= t);
}

/**
 * created/started/finished times from events at the highest retry count, per task (runs get) or
 * per run (runs list), as ReadWorkflowRunByExternalId and PopulateDAGMetadata compute them.
 * @param {TaskEvent[]} events @param {boolean} perTask
 */
function eventTimes(events, perTask) {
  /** @type {Map<number, number>} */
  const max = new Map();
  for (const e of events) {
    const key = perTask ? e.task : 0;
    max.set(key, Math.max(max.get(key) ?? -1, e.retryCount));
  }
  const latest = events.filter((e) => e.retryCount === max.get(perTask ? e.task : 0));
  const running = latest.filter((e) => e.status === 'RUNNING').map((e) => e.visibleAt);
  const done = latest.filter((e) => TERMINAL.includes(e.status)).map((e) => e.visibleAt);
  return {
    createdAt: latest.length ? Math.min(...latest.map((e) => e.visibleAt)) : null,
    startedAt: running.length ? Math.min(...running) : null,
    finishedAt: done.length ? Math.max(...done) : null,
    retryCount: max.size ? Math.max(...max.values()) : 0,
  };
}

/** @param {number | null} finishedAt @param {number | null} startedAt */
function durationOf(finishedAt, startedAt) {
  if (finishedAt === null && startedAt === null) return 0;
  if (finishedAt === null) return -SATURATED_MS;
  if (startedAt === null) return SATURATED_MS;
  return finishedAt - startedAt;
}

/** @param {TaskEvent[]} events */
function errorOf(events) {
  const failed = events
    .filter((e) => e.status === 'FAILED')
    .sort((a, b) => b.retryCount - a.retryCount || b.at - a.at);
  return failed[0]?.error ?? '';
}

/** @param {TaskEvent[]} events */
function newestOutput(events) {
  const finished = events
    .filter((e) => e.type === 'FINISHED')
    .sort((a, b) => b.visibleAt - a.visibleAt || b.id - a.id);
  return finished[0]?.output;
}

/**
 * One task's summary (V1TaskSummary of a task row).
 * @param {Timeline} timeline @param {number} i @param {Row} row @param {TaskEvent[]} events
 * @param {Scenario} scenario @param {boolean} withName
 */
function taskSummary(timeline, i, row, events, scenario, withName) {
  const { def } = timeline;
  const name = /** @type {string} */ (def.taskNames[i]);
  const mine = events.filter((e) => e.task === i);
  const top = Math.max(-1, ...mine.map((e) => e.retryCount));
  const latest = mine.filter((e) => e.retryCount === top);
  const started = latest.filter((e) => e.type === 'STARTED').map((e) => e.at);
  const done = latest.filter((e) => TERMINAL.includes(e.status)).map((e) => e.at);
  const startedAt = started.length ? Math.max(...started) : null;
  const finishedAt = done.length ? Math.max(...done) : null;
  const restricted = def.payloadsRestricted;
  const output = [...mine]
    .filter((e) => e.type === 'FINISHED')
    .sort((a, b) => b.at - a.at)[0]?.output;
  return {
    actionId: `${def.workflowName}:${name}`,
    additionalMetadata: def.additionalMetadata,
    attempt: row.retryCount + 1,
    createdAt: ZERO_TIME,
    displayName: `${name}-${def.createdAt}`,
    ...(startedAt !== null && finishedAt !== null ? { duration: finishedAt - startedAt } : {}),
    errorMessage: errorOf(latest),
    ...(finishedAt !== null ? { finishedAt: iso(finishedAt) } : {}),
    input: restricted || i !== 0 ? {} : def.input,
    isDurable: false,
    isEvicted: false,
    metadata: { id: def.taskIds[i], createdAt: iso(row.createdAt), updatedAt: iso(row.createdAt) },
    numSpawnedChildren: 0,
    output: restricted ? {} : (output ?? {}),
    ...(restricted ? { payloadsRestricted: true } : {}),
    retryCount: row.retryCount,
    ...(startedAt !== null ? { startedAt: iso(startedAt) } : {}),
    status: row.status,
    stepId: def.stepIds[i],
    taskExternalId: def.taskIds[i],
    taskId: taskNumber(def, i),
    taskInsertedAt: iso(row.createdAt),
    tenantId: scenario.tenantId ?? NIL_UUID,
    type: 'TASK',
    workflowId: def.workflowId,
    ...(withName ? { workflowName: def.workflowNamed ? def.workflowName : '' } : {}),
    workflowRunExternalId: def.id,
    workflowVersionId: uuid(`${def.workflowId}:v1`),
  };
}

/** @param {RunDef} def @param {number} i a stable internal task id */
function taskNumber(def, i) {
  return (parseInt(def.id.replace(/-/g, '').slice(0, 7), 16) % 1_000_000) * 100 + i + 1;
}

/**
 * One event as the API prints it.
 * @param {Timeline} timeline @param {TaskEvent} e
 */
function eventJson(timeline, e) {
  const { def } = timeline;
  return {
    attempt: e.retryCount + 1,
    errorMessage: e.error,
    eventType: e.type,
    id: e.id,
    message: e.message,
    ...(e.type === 'FINISHED' && !def.payloadsRestricted
      ? { output: JSON.stringify(e.output ?? {}) }
      : {}),
    retryCount: e.retryCount,
    taskDisplayName: `${def.taskNames[e.task]}-${def.createdAt}`,
    taskId: def.taskIds[e.task],
    timestamp: iso(e.at),
    ...(e.worker ? { workerId: uuid('worker') } : {}),
  };
}

/** @param {Timeline} timeline @param {TaskEvent[]} events newest first */
function eventsNewestFirst(timeline, events) {
  return [...events].sort((a, b) => b.at - a.at || b.id - a.id).map((e) => eventJson(timeline, e));
}

/**
 * What `runs get` prints for a run at time t.
 * @param {Scenario} scenario @param {Timeline} timeline @param {number} t
 */
function runDetails(scenario, timeline, t) {
  const { def } = timeline;
  const events = visibleEvents(timeline, t);
  const rows = rowsAt(timeline, t);
  const times = eventTimes(events, true);
  const restricted = def.payloadsRestricted;
  const common = {
    tenantId: scenario.tenantId ?? NIL_UUID,
    workflowId: def.workflowId,
    workflowVersionId: uuid(`${def.workflowId}:v1`),
  };
  // Task rows newest first, as PopulateTaskRunData orders them.
  const present = rows
    .map((row, i) => ({ row, i }))
    .filter((x) => x.row !== null)
    .sort(
      (a, b) =>
        /** @type {Row} */ (b.row).createdAt - /** @type {Row} */ (a.row).createdAt || b.i - a.i,
    );
  return {
    run: {
      additionalMetadata: def.additionalMetadata,
      createdAt: iso(times.createdAt),
      displayName: `${def.kind === 'task' ? def.taskNames[0] : def.workflowName}-${def.createdAt}`,
      duration: durationOf(times.finishedAt, times.startedAt),
      errorMessage: errorOf(events),
      finishedAt: iso(times.finishedAt),
      // A tenant that restricts payloads shows `{}` for input and output.
      input: restricted ? {} : def.input,
      metadata: { createdAt: iso(def.createdAt), id: def.id, updatedAt: iso(def.createdAt) },
      output: restricted ? {} : (newestOutput(events) ?? {}),
      ...(restricted ? { payloadsRestricted: true } : {}),
      startedAt: iso(times.startedAt),
      status: runStatusAt(timeline, t),
      ...common,
    },
    shape:
      def.kind === 'task'
        ? []
        : def.taskNames.map((name, i) => ({
            childrenStepIds: (def.children[i] ?? []).map((j) => def.stepIds[j]),
            stepId: def.stepIds[i],
            // A step without a task row yet maps to the zero UUID.
            taskExternalId: rows[i] ? def.taskIds[i] : NIL_UUID,
            taskName: name,
          })),
    // Only DAG runs carry events here; a standalone task's come from `runs events`.
    taskEvents: def.kind === 'task' ? [] : eventsNewestFirst(timeline, events),
    tasks: present.map(({ row, i }) =>
      taskSummary(timeline, i, /** @type {Row} */ (row), events, scenario, false),
    ),
    workflowConfig: {},
  };
}

/* ------------------------------------------------------------------ logs */

/**
 * Log lines of one try, generated on demand (a task may print millions).
 * @param {Timeline} timeline @param {Try} x
 */
function tryLines(timeline, x) {
  const name = /** @type {string} */ (timeline.def.taskNames[x.task]);
  const given = x.spec.logs?.[name];
  const count = given ? given.length : Math.max(0, Math.floor(x.spec.logLines ?? 4));
  const span = Math.max(1, x.logEnd - x.start);
  /** @param {number} i */
  const timestamp = (i) => x.start + Math.floor(((i + 1) / (count + 1)) * span);
  /** @param {number} i */
  const line = (i) => {
    const last = i === count - 1;
    const failing = last && x.failed;
    const message = given
      ? /** @type {string} */ (given[i])
      : failing
        ? `${name} failed: ${x.error.split('\n')[0]}`
        : `${name}: step ${i + 1} of ${count} (attempt ${x.retryCount + 1})`;
    return {
      timestamp: timestamp(i),
      level: failing ? 'ERROR' : 'INFO',
      message,
      retryCount: x.retryCount,
    };
  };
  return { count, timestamp, line };
}

/**
 * The log list endpoint for one task: lines newer than `since` and printed by t, oldest first
 * (the first `limit`) or newest first (`desc`).
 * @param {Timeline} timeline @param {number} task @param {number} t
 * @param {{ since?: number, limit: number, desc: boolean }} q
 */
function taskLogs(timeline, task, t, q) {
  const tries = timeline.tries.filter((x) => x.task === task).sort((a, b) => a.start - b.start);
  /** @type {{ timestamp: number, level: string, message: string, retryCount: number }[]} */
  const out = [];
  const ordered = q.desc ? [...tries].reverse() : tries;
  for (const x of ordered) {
    if (out.length >= q.limit) break;
    const { count, timestamp, line } = tryLines(timeline, x);
    const until = Math.min(t, x.cut);
    // Lines are in time order: find the visible range [from, to) by binary search.
    const from =
      q.since === undefined
        ? 0
        : firstIndex(count, (i) => timestamp(i) > /** @type {number} */ (q.since));
    const to = firstIndex(count, (i) => timestamp(i) > until);
    if (q.desc) for (let i = to - 1; i >= from && out.length < q.limit; i--) out.push(line(i));
    else for (let i = from; i < to && out.length < q.limit; i++) out.push(line(i));
  }
  return out;
}

/**
 * The first index in [0, n) for which `test` holds (test is monotonic), or n.
 * @param {number} n @param {(i: number) => boolean} test
 */
function firstIndex(n, test) {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (test(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/* ------------------------------------------------------------------ runs list */

/**
 * A run as `runs list` shows it (the DAG path renders every run, standalone tasks included,
 * with type DAG).
 * @param {Scenario} scenario @param {Timeline} timeline @param {number} t
 */
function runSummary(scenario, timeline, t) {
  const { def } = timeline;
  const events = visibleEvents(timeline, t);
  const rows = rowsAt(timeline, t);
  const restricted = def.payloadsRestricted;
  const isTask = def.kind === 'task';
  const task =
    isTask && rows[0] ? taskSummary(timeline, 0, rows[0], events, scenario, true) : undefined;
  const times = eventTimes(events, isTask);
  const startedAt = isTask ? (task?.startedAt ?? null) : iso(times.startedAt);
  const finishedAt = isTask ? (task?.finishedAt ?? null) : iso(times.finishedAt);
  const started = isTask ? (task?.startedAt ? Date.parse(task.startedAt) : null) : times.startedAt;
  const finished = isTask
    ? task?.finishedAt
      ? Date.parse(task.finishedAt)
      : null
    : times.finishedAt;
  const children = rows
    .map((row, i) => ({ row, i }))
    .filter((x) => x.row !== null)
    .map(({ row, i }) =>
      taskSummary(timeline, i, /** @type {Row} */ (row), events, scenario, true),
    );
  const retryCount = isTask ? (rows[0]?.retryCount ?? 0) : times.retryCount;
  return {
    actionId: '',
    additionalMetadata: def.additionalMetadata,
    attempt: retryCount + 1,
    ...(isTask ? {} : { children }),
    createdAt: iso(isTask ? def.createdAt : times.createdAt),
    displayName: `${isTask ? def.taskNames[0] : def.workflowName}-${def.createdAt}`,
    ...(started !== null && finished !== null ? { duration: finished - started } : {}),
    errorMessage: errorOf(events),
    ...(finished !== null ? { finishedAt } : {}),
    input: {},
    metadata: { createdAt: iso(def.createdAt), id: def.id, updatedAt: iso(def.createdAt) },
    numSpawnedChildren: 0,
    output: {},
    ...(restricted ? { payloadsRestricted: true } : {}),
    retryCount,
    ...(started !== null ? { startedAt } : {}),
    status: runStatusAt(timeline, t),
    stepId: isTask ? def.stepIds[0] : NIL_UUID,
    taskExternalId: def.id,
    taskId: isTask ? taskNumber(def, 0) : 0,
    taskInsertedAt: iso(def.createdAt),
    tenantId: scenario.tenantId ?? NIL_UUID,
    type: 'DAG',
    workflowId: def.workflowId,
    ...(def.workflowNamed ? { workflowName: def.workflowName } : {}),
    workflowRunExternalId: def.id,
    workflowVersionId: uuid(`${def.workflowId}:v1`),
  };
}

/**
 * The runs (or, with onlyTasks, task rows) `runs list` / bulk replay and cancel select.
 * @param {Scenario} scenario @param {History} history @param {number} t
 * @param {{ since: number, until?: number, workflowId?: string, statuses: string[], onlyTasks: boolean }} f
 */
function selectRuns(scenario, history, t, f) {
  const matches = [];
  for (const def of allRuns(scenario, history, t)) {
    if (t < def.visibleFrom) continue;
    if (f.workflowId && def.workflowId !== f.workflowId) continue;
    if (
      !f.onlyTasks &&
      (def.createdAt < f.since || (f.until !== undefined && def.createdAt > f.until))
    )
      continue;
    const timeline = realize(scenario, history, def, t);
    if (f.onlyTasks) {
      const rows = rowsAt(timeline, t);
      rows.forEach((row, i) => {
        if (!row) return;
        if (row.createdAt < f.since || (f.until !== undefined && row.createdAt > f.until)) return;
        if (f.statuses.length && !f.statuses.includes(row.status)) return;
        matches.push({ timeline, task: i, createdAt: row.createdAt, id: def.taskIds[i] ?? '' });
      });
      continue;
    }
    if (f.statuses.length && !f.statuses.includes(runStatusAt(timeline, t))) continue;
    matches.push({ timeline, task: -1, createdAt: def.createdAt, id: def.id });
  }
  return matches.sort(
    (a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
  );
}

/* ------------------------------------------------------------------ commands */

/** @param {string} message @param {Action[]} [record] @returns {Response} */
function fatal(message, record) {
  return record ? { fatal: message, record } : { fatal: message };
}

/** @param {unknown} value @param {boolean} [sortKeys] @returns {Response} */
function print(value, sortKeys = true) {
  return { exit: 0, stdout: value === null ? 'null\n' : goJson(value, sortKeys) };
}

/**
 * What the CLI prints for one call. `record` lists the state changes the front must append to
 * the history (a replay, a cancel, a trigger).
 * @param {Scenario} scenario @param {History} history @param {Request} request
 * @returns {Response}
 */
function respond(scenario, history, request) {
  switch (request.command) {
    case 'runs get':
      return runsGet(scenario, history, request);
    case 'runs replay':
    case 'runs cancel':
      return replayOrCancel(scenario, history, request);
    case 'runs logs':
      return runsLogs(scenario, history, request);
    case 'runs events':
      return runsEvents(scenario, history, request);
    case 'runs list':
      return runsList(scenario, history, request);
    case 'workflows get':
      return workflowsGet(scenario, request);
    case 'trigger manual':
      return triggerManual(scenario, history, request);
    default:
      return fatal(`simulator: unknown command ${request.command}`);
  }
}

/**
 * A run the API can read at t (a triggered run answers 404 for a while).
 * @param {Scenario} scenario @param {History} history @param {string} id @param {number} t
 */
function readableRun(scenario, history, id, t) {
  const def = findRun(scenario, history, id, t);
  return def && t >= def.visibleFrom ? realize(scenario, history, def, t) : undefined;
}

/** @param {Scenario} scenario @param {History} history @param {Request} request */
function runsGet(scenario, history, request) {
  const raw = request.args[0] ?? '';
  const parsed = parseUuid(raw);
  if ('error' in parsed) return fatal(`invalid run ID ${JSON.stringify(raw)}: ${parsed.error}`);
  if (!request.auth.valid) return fatal('run not found (status 403)');
  const timeline = readableRun(scenario, history, parsed.id, request.t);
  if (!timeline) return fatal('run not found (status 404)');
  return print(runDetails(scenario, timeline, request.t));
}

/**
 * The ids `runs replay` prints for one run (its task ids; a standalone run's own id).
 * @param {RunDef} def
 */
function replayIds(def) {
  return def.kind === 'task' ? [def.id] : [...def.taskIds].reverse();
}

/** @param {Scenario} scenario @param {History} history @param {Request} request */
function replayOrCancel(scenario, history, request) {
  const isReplay = request.command === 'runs replay';
  const verb = isReplay ? 'replay' : 'cancel';
  const t = request.t;
  if (request.args.length > 0) {
    const raw = request.args[0] ?? '';
    const parsed = parseUuid(raw);
    if ('error' in parsed) return fatal(`invalid run ID ${JSON.stringify(raw)}: ${parsed.error}`);
    if (!request.auth.valid) return fatal('unexpected response from API (status 403)');
    const def = findRun(scenario, history, parsed.id, t);
    if (!isReplay) {
      // Cancel answers with the ids it was given, whatever the run's state.
      /** @type {Action[]} */
      const record = def ? [{ type: 'cancel', runId: def.id, t }] : [];
      return { exit: 0, stdout: goJson({ ids: [parsed.id] }), record };
    }
    if (!def) return print({ ids: [] });
    /** @type {Action[]} */
    const record = [{ type: 'replay', runId: def.id, t }];
    return { exit: 0, stdout: goJson({ ids: replayIds(def) }), record };
  }
  // Bulk form: everything that matches a filter, in one call.
  const since = request.flags.since;
  if (typeof since !== 'string' || since === '')
    return fatal(`--since is required for bulk ${verb} (or provide a run ID as argument)`);
  const filter = listFilter(scenario, request);
  if ('error' in filter) return fatal(filter.error);
  if (!request.auth.valid) return fatal('unexpected response from API (status 403)');
  const matches = selectRuns(scenario, history, t, { ...filter, onlyTasks: false });
  /** @type {Action[]} */
  const record = matches.map((m) => ({
    type: isReplay ? 'replay' : 'cancel',
    runId: m.timeline.def.id,
    t,
  }));
  const ids = isReplay
    ? matches.flatMap((m) => replayIds(m.timeline.def))
    : matches.map((m) => m.id);
  return { exit: 0, stdout: goJson({ ids }), record };
}

/**
 * Flags shared by `runs list` and the bulk forms, checked in the CLI's order.
 * @param {Scenario} scenario @param {Request} request
 * @returns {{ since: number, until?: number, workflowId?: string, statuses: string[] } | { error: string }}
 */
function listFilter(scenario, request) {
  const t = request.t;
  const flags = request.flags;
  const since = parseSince(String(flags.since ?? '24h'), t);
  if ('error' in since) return { error: `invalid --since value: ${since.error}` };
  /** @type {number | undefined} */
  let until;
  if (typeof flags.until === 'string' && flags.until !== '') {
    const parsed = parseSince(flags.until, t);
    if ('error' in parsed) return { error: `invalid --until value: ${parsed.error}` };
    until = parsed.at;
  }
  /** @type {string | undefined} */
  let workflowId;
  if (typeof flags.workflow === 'string' && flags.workflow !== '') {
    const asId = parseUuid(flags.workflow);
    if ('id' in asId) workflowId = asId.id;
    else {
      // A name goes through the server's name search: a refused token finds nothing.
      const found = request.auth.valid
        ? allWorkflows(scenario).find((w) => w.name === flags.workflow)
        : undefined;
      if (!found)
        return {
          error: `could not resolve workflow: workflow ${JSON.stringify(flags.workflow)} not found`,
        };
      workflowId = found.id;
    }
  }
  /** @type {string[]} */
  const statuses = [];
  for (const s of Array.isArray(flags.status) ? flags.status : []) {
    const upper = s.toUpperCase();
    if (!KNOWN_STATUSES.includes(upper))
      return {
        error: `invalid status ${JSON.stringify(s)} (valid: QUEUED,RUNNING,COMPLETED,FAILED,CANCELLED)`,
      };
    if (!statuses.includes(upper)) statuses.push(upper);
  }
  return { since: since.at, until, workflowId, statuses };
}

/** @param {Scenario} scenario @param {History} history @param {Request} request */
function runsList(scenario, history, request) {
  const filter = listFilter(scenario, request);
  if ('error' in filter) return fatal(filter.error);
  if (!request.auth.valid) return fatal('unexpected response from API (status 403)');
  const limit = typeof request.flags.limit === 'number' ? request.flags.limit : 50;
  const offset = typeof request.flags.offset === 'number' ? request.flags.offset : 0;
  // limit 0 divides by zero in the server's paging, a negative one is an SQL error: both 500.
  if (limit <= 0 || offset < 0) return fatal('unexpected response from API (status 500)');
  const onlyTasks = request.flags['only-tasks'] === true;
  const matches = selectRuns(scenario, history, request.t, { ...filter, onlyTasks });
  const page = matches.slice(offset, offset + limit);
  const rows = page.map((m) => {
    if (m.task < 0) return runSummary(scenario, m.timeline, request.t);
    const row = /** @type {Row} */ (rowsAt(m.timeline, request.t)[m.task]);
    return taskSummary(
      m.timeline,
      m.task,
      row,
      visibleEvents(m.timeline, request.t),
      scenario,
      true,
    );
  });
  const current = Math.floor(offset / limit) + 1;
  return print({
    pagination: {
      current_page: current,
      next_page: current + 1,
      num_pages: Math.ceil(matches.length / limit),
    },
    rows,
  });
}

/** @param {Scenario} scenario @param {History} history @param {Request} request */
function runsLogs(scenario, history, request) {
  const raw = request.args[0] ?? '';
  const parsed = parseUuid(raw);
  if ('error' in parsed) return fatal(`invalid run ID ${JSON.stringify(raw)}: ${parsed.error}`);
  const t = request.t;
  const tail = typeof request.flags.tail === 'number' ? request.flags.tail : 0;
  /** @type {number | undefined} */
  let since;
  if (typeof request.flags.since === 'string' && request.flags.since !== '') {
    const s = parseSince(request.flags.since, t);
    if ('error' in s) return fatal(`invalid --since value: ${s.error}`);
    since = s.at;
  }
  // A refused token: every API call fails, and the CLI prints null.
  if (!request.auth.valid) return print(null);
  const run = readableRun(scenario, history, parsed.id, t);
  if (run) {
    // The run path: the server's first 50 lines of each task (all attempts), merged, then --tail.
    const details = runDetails(scenario, run, t);
    /** @type {{ task: string, timestamp: number, level: string, message: string }[]} */
    const all = [];
    for (const task of details.tasks) {
      const i = run.def.taskIds.indexOf(task.taskExternalId ?? '');
      for (const line of taskLogs(run, i, t, { since, limit: 50, desc: false }))
        all.push({
          task: task.displayName,
          timestamp: line.timestamp,
          level: line.level,
          message: line.message,
        });
    }
    all.sort((a, b) => a.timestamp - b.timestamp);
    const cut = tail > 0 && all.length > tail ? all.slice(all.length - tail) : all;
    return printLogs(cut);
  }
  // The task path: the id is taken as a task's id (a DAG's task).
  const owner = allRuns(scenario, history, t).find((def) => def.taskIds.includes(parsed.id));
  if (!owner || t < owner.visibleFrom) return print(null);
  // The server rejects a limit above 10000: no rows, and the CLI prints null.
  if (tail > 10_000) return print(null);
  const timeline = realize(scenario, history, owner, t);
  const i = owner.taskIds.indexOf(parsed.id);
  const lines =
    tail > 0
      ? taskLogs(timeline, i, t, { since, limit: tail, desc: true }).reverse()
      : taskLogs(timeline, i, t, { since, limit: 50, desc: false });
  return printLogs(
    lines.map((l) => ({ task: '', timestamp: l.timestamp, level: l.level, message: l.message })),
  );
}

/**
 * Log entries in the CLI's own struct order (task, timestamp, level, message); none → null.
 * @param {{ task: string, timestamp: number, level: string, message: string }[]} lines
 */
function printLogs(lines) {
  if (lines.length === 0) return print(null);
  return print(
    lines.map((l) => ({
      task: l.task,
      timestamp: iso(l.timestamp),
      ...(l.level ? { level: l.level } : {}),
      message: l.message,
    })),
    false,
  );
}

/** @param {Scenario} scenario @param {History} history @param {Request} request */
function runsEvents(scenario, history, request) {
  const raw = request.args[0] ?? '';
  const parsed = parseUuid(raw);
  if ('error' in parsed) return fatal(`invalid run ID ${JSON.stringify(raw)}: ${parsed.error}`);
  if (!request.auth.valid) return print(null);
  const t = request.t;
  const run = readableRun(scenario, history, parsed.id, t);
  if (run && run.def.kind === 'dag') {
    const events = visibleEvents(run, t);
    if (events.length > 0) return print(eventsNewestFirst(run, events));
  }
  // Falls back to the task events endpoint (a standalone run's id is its task's id).
  const owner = allRuns(scenario, history, t).find((def) => def.taskIds.includes(parsed.id));
  if (!owner || t < owner.visibleFrom) return print(null);
  const timeline = realize(scenario, history, owner, t);
  const i = owner.taskIds.indexOf(parsed.id);
  const events = visibleEvents(timeline, t).filter((e) => e.task === i);
  return print(eventsNewestFirst(timeline, events).slice(0, 1000));
}

/** @param {Scenario} scenario @param {Request} request */
function workflowsGet(scenario, request) {
  const raw = request.args[0] ?? '';
  const parsed = parseUuid(raw);
  if ('error' in parsed)
    return fatal(`invalid workflow ID ${JSON.stringify(raw)}: ${parsed.error}`);
  if (!request.auth.valid) return fatal('workflow not found (status 403)');
  const workflow = allWorkflows(scenario).find((w) => w.id.toLowerCase() === parsed.id);
  if (!workflow) return fatal('workflow not found (status 404)');
  return print({
    description: workflow.description,
    isPaused: false,
    metadata: {
      createdAt: iso(request.t - 30 * DAY),
      id: workflow.id,
      updatedAt: iso(request.t - DAY),
    },
    name: workflow.name,
    tenantId: scenario.tenantId ?? NIL_UUID,
  });
}

/** @param {Scenario} scenario @param {History} history @param {Request} request */
function triggerManual(scenario, history, request) {
  const name = typeof request.flags.workflow === 'string' ? request.flags.workflow : '';
  const file = request.jsonFile;
  // The CLI's order: list workflows (a refused token reads as "no workflows"), find the name
  // among the first page (50 in v0.104.7: an upstream bug), then read and check the file.
  if (!request.auth.valid) return fatal('no workflows available. Deploy a workflow first.');
  const workflows = allWorkflows(scenario);
  if (workflows.length === 0) return fatal('no workflows available. Deploy a workflow first.');
  const workflow = workflows.slice(0, 50).find((w) => w.name === name);
  if (!workflow) return fatal(`workflow '${name}' not found`);
  if (!file || file.text === undefined) {
    const path = file?.path ?? '';
    return fatal(
      `could not read JSON file '${path}': open ${path}: ${file?.error ?? 'no such file or directory'}`,
    );
  }
  /** @type {unknown} */
  let input;
  try {
    input = JSON.parse(file.text);
  } catch (error) {
    return fatal(
      `invalid JSON in file '${file.path}': ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!input || typeof input !== 'object' || Array.isArray(input)) {
    const kind = Array.isArray(input) ? 'array' : input === null ? 'null' : typeof input;
    return fatal(
      `error triggering workflow: could not parse JSON input: json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`,
    );
  }
  const template = scenario.triggers?.[workflow.name];
  if (template?.fail) return fatal(template.fail);
  const count = history.actions.filter((a) => a.type === 'trigger').length;
  const runId = uuid(`trigger:${count}:${request.t}`);
  /** @type {Action[]} */
  const record = [
    {
      type: 'trigger',
      runId,
      workflow: workflow.name,
      workflowId: workflow.id,
      input: /** @type {Json} */ (input),
      t: request.t,
    },
  ];
  return { exit: 0, stdout: goJson({ runId, workflow: workflow.name }), record };
}

module.exports = {
  ZERO_TIME,
  NIL_UUID,
  goJson,
  iso,
  uuid,
  parseUuid,
  parseGoDuration,
  parseSince,
  engineOptions,
  allWorkflows,
  runSpecs,
  findRun,
  realize,
  rowsAt,
  runStatusAt,
  dagRule,
  runDetails,
  taskLogs,
  selectRuns,
  respond,
};
