// The benchmark against the Hatchet simulator: the bundle (and the baseline bundle) started through
// the runner contract (test/harness/sim.mjs), the reference loop on the same scenarios.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SIM_BIN, createSim, makeToken, runAction, runnerFiles } from '../test/harness/sim.mjs';
import {
  PROBE_ARGS,
  callFacts,
  cliBusyMs,
  pairCalls,
  peakConcurrency,
  probeOf,
  referenceLoop,
  rssMb,
} from './lib.mjs';

export const WF = { id: '5d0c7b3e-8f1a-4c2d-9e6b-3a7f1d2c4b58', name: 'order-processing' };
export const STALE_MS = 500;
export const QUEUED_MS = 100;
const token = makeToken();
export const uuid = (n) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** A run that failed in charge-payment (its tasks took `originalMs`) and whose replay ends `status`. */
export function runSpec(id, durationMs, extra = {}) {
  return {
    id,
    workflow: WF.name,
    tasks: ['validate-order', 'charge-payment', 'ship'],
    original: { status: 'FAILED', error: 'PaymentError', durationMs: Math.max(300, durationMs) },
    replays: [
      { status: 'COMPLETED', staleMs: STALE_MS, queuedMs: QUEUED_MS, durationMs, ...extra },
    ],
  };
}

/** The replay's ending: FAILED in charge-payment, after `retries` tries the engine retried. */
function attemptOf(status, retries) {
  if (status !== 'FAILED') return {};
  return {
    status,
    error: 'PaymentError: card declined',
    failTaskIndex: 1,
    ...(retries && { retries }),
  };
}

/** A scenario plus a runner whose HOME already holds the profile (the same setup for every side). */
export function setup(runs) {
  const sim = createSim({ workflows: [WF], runs });
  const runner = runnerFiles();
  execFileSync(join(SIM_BIN, 'hatchet'), ['profile', 'add', '--name', 'ci', '--token', token], {
    env: { ...process.env, ...sim.env, HOME: runner.home },
  });
  return { sim, runner };
}

/** When the new attempt ended, from the replay call the simulator logged. */
export function runEnd(sim, id, durationMs) {
  const replay = sim.calls().find((c) => c.argv?.[1] === 'replay' && c.argv[2] === id);
  return replay.t + STALE_MS + QUEUED_MS + durationMs;
}

/**
 * When the run ended, as on the real engine: the latest `finishedAt` of its tasks (a task
 * cancelled after its parent failed ends after the failed one), read once every side is done
 * (so after their call logs were read). Falls back to `runEnd` while a task has not finished.
 */
function lastFinished(sim, runner, id, durationMs) {
  const details = JSON.parse(
    execFileSync(join(SIM_BIN, 'hatchet'), ['runs', 'get', id, '-p', 'ci', '-o', 'json'], {
      env: { ...process.env, ...sim.env, HOME: runner.home },
      encoding: 'utf8',
    }),
  );
  const ends = details.tasks.map((t) => Date.parse(t.finishedAt ?? ''));
  return ends.length > 0 && ends.every(Number.isFinite)
    ? Math.max(...ends)
    : runEnd(sim, id, durationMs);
}

/** One replay waited on by `entry` (dist/index.js or the baseline bundle). */
export async function actionOnce(
  entry,
  durationMs,
  { status = 'COMPLETED', retries, inputs = {} } = {},
) {
  const id = uuid(1);
  const extra = attemptOf(status, retries);
  const { sim, runner } = setup([runSpec(id, durationMs, extra)]);
  const result = await runAction({
    sim,
    runner,
    entry,
    inputs: { 'run-id': id, 'poll-interval': '5s', 'expected-status': status, ...inputs },
  });
  const exitedAt = Date.now();
  if (result.code !== 0)
    throw new Error(`action failed: ${result.stdout.slice(-3000)}\n${result.stderr}`);
  const facts = callFacts(pairCalls(sim.calls()), id);
  const end = lastFinished(sim, runner, id, durationMs);
  return { latency: exitedAt - end, ...facts, stderr: result.stderr };
}

/** The reference loop on the same scenario. */
export async function loopOnce(durationMs, { status = 'COMPLETED', retries } = {}) {
  const id = uuid(1);
  const extra = attemptOf(status, retries);
  const { sim, runner } = setup([runSpec(id, durationMs, extra)]);
  const { exitedAt, status: printed } = await referenceLoop(id, { ...sim.env, HOME: runner.home });
  const facts = callFacts(pairCalls(sim.calls()), id);
  // The loop believes the run row: it can stop on a FAILED that the run reads between two tasks.
  const fooled = printed === status ? undefined : printed;
  const end = lastFinished(sim, runner, id, durationMs);
  return { latency: exitedAt - end, ...facts, fooled };
}

/**
 * Module load (Node ready → the action's first line, from the probe) and, from the action's own
 * debug lines as they arrive, process start → the first CLI call and the first API call, and
 * whether that API call was sent before the version check answered.
 */
export async function startupOnce(entry, inputs = {}, warm = false) {
  const id = uuid(1);
  const { sim, runner } = setup([runSpec(id, 100)]);
  // A warm install: an earlier job on the runner filled the tool cache.
  if (warm) {
    const fill = setup([runSpec(id, 0)]);
    await runAction({ sim: fill.sim, runner, inputs: { 'run-id': id, ...inputs } });
  }
  let started = 0;
  const seen = {};
  const watch = (child) => {
    started = Date.now();
    let buffer = '';
    child.stdout.on('data', (data) => {
      buffer += data;
      const now = Date.now();
      for (const [key, pattern] of Object.entries(LINES))
        if (!seen[key] && pattern.test(buffer))
          seen[key] = { at: now, index: buffer.search(pattern) };
    });
  };
  const result = await runAction({
    sim,
    runner,
    entry,
    nodeArgs: PROBE_ARGS,
    inputs: { 'run-id': id, ...inputs },
    onSpawn: watch,
  });
  if (result.code !== 0) throw new Error(`start-up run failed: ${result.stdout.slice(-2000)}`);
  return {
    ...probeOf(result.stderr),
    firstCall: seen.call.at - started,
    firstApiCall: seen.api.at - started,
    versionInParallel: seen.api.index < seen.checked.index,
  };
}

const LINES = {
  call: /::debug::hatchet /,
  api: /::debug::hatchet (runs|workflows|trigger) /,
  checked: /^Hatchet CLI \S+ \(/m,
};

/** A run whose tasks offer 1,000,000 log lines, a 5 MB error and a 5 MB original output. */
export async function largeRun(entry) {
  const id = uuid(1);
  const huge = 'x'.repeat(5 * 1024 * 1024);
  const durationMs = 1_000;
  const { sim, runner } = setup([
    {
      ...runSpec(id, durationMs, {
        status: 'FAILED',
        error: `TimeoutError: ${huge}`,
        logLines: 1_000_000,
      }),
      original: { status: 'COMPLETED', output: { blob: huge }, logLines: 1_000_000 },
    },
  ]);
  const timeFile = join(mkdtempSync(join(tmpdir(), 'bench-')), 'time');
  const result = await runAction({
    sim,
    runner,
    entry,
    node: '/usr/bin/time',
    nodeArgs: ['-f', '%M', '-o', timeFile, process.execPath],
    inputs: { 'run-id': id, 'expected-status': 'FAILED', 'poll-interval': '5s' },
  });
  const exitedAt = Date.now();
  if (result.code !== 0) throw new Error(`large run failed: ${result.stdout.slice(-2000)}`);
  const end = runEnd(sim, id, durationMs);
  // The simulator prints each `runs get` of this run (the 5 MB error several times over) in a
  // Node process of its own: what is left once its calls are taken out is the action's work.
  const cliMs = cliBusyMs(pairCalls(sim.calls()), end, exitedAt);
  return { latency: exitedAt - end, own: exitedAt - end - cliMs, rssMb: rssMb(timeFile) };
}

/** Runs 1–6 s long, created a minute apart. */
export const varied = (count) =>
  Array.from({ length: count }, (_, i) => ({
    ...runSpec(uuid(i + 1), 1_000 + ((i * 97) % 50) * 100),
    createdAgoMs: 60_000 * (i + 1),
  }));

/** The action over many runs: wall time − the end of the slowest, calls, warnings, peak RSS. */
export async function batch(entry, runs, inputs) {
  const { sim, runner } = setup(runs);
  const timeFile = join(mkdtempSync(join(tmpdir(), 'bench-')), 'time');
  const started = Date.now();
  const result = await runAction({
    sim,
    runner,
    entry,
    node: '/usr/bin/time',
    nodeArgs: ['-f', '%M', '-o', timeFile, process.execPath],
    inputs: { 'poll-interval': '5s', ...inputs },
  });
  const wall = Date.now() - started;
  // A run that did not pass is reported with the figures (the simulator itself can fail a call
  // under this load), not thrown: the timing is still the batch's.
  const failed =
    result.code === 0 ? [] : result.stdout.split('\n').filter((l) => l.startsWith('::error::'));
  const ids = new Set(sim.commands('runs replay').map((argv) => argv[2]));
  const slowest =
    Math.max(
      ...runs.filter((r) => ids.has(r.id)).map((r) => runEnd(sim, r.id, r.replays[0].durationMs)),
    ) - started;
  const pairs = pairCalls(sim.calls());
  return {
    overhead: wall - slowest,
    wall,
    slowest,
    workflowsGet: sim.commands('workflows get').length,
    warnings: (result.stderr.match(/Warning/g) ?? []).length,
    stderr: result.stderr,
    rssMb: rssMb(timeFile),
    peak: peakConcurrency(pairs),
    calls: pairs.length,
    failed,
  };
}
