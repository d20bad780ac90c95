import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { readTrace, retryBlips, traceFiles } from './traces.mjs';
import { WINDOWS, classify, sequence, shortName } from './windows.mjs';

// The simulator against the real engine (no engine needed): for each recorded scenario
// (test/fixtures/traces), the same scenario in the simulator's terms, read with `runs get` every
// 50 ms as the recorder reads the engine, must show the windows the real engine showed, in the
// same order, and no window the real engine never showed. The windows are classified by the
// classifier of the traces' table (windows.mjs).
//
// A trace's calls overlap (up to 5 in flight) and can be answered out of order: a call sent
// first may read the engine after a later one. The trace is read in the order the answers
// arrived, which is the order in which the engine was read within one call's time. One
// recording's poll spacing (~190 ms) misses windows shorter than that (a run row lagging its
// tasks for ~120 ms), so the simulator, read every 50 ms, must show the windows of every
// recording of the scenario, opening in the order they opened there (two that opened at the
// same answer are in no order), and nothing outside them.
const require = createRequire(import.meta.url);
const model = require('../simulator/model.cjs') as typeof import('../simulator/model.cjs');

type Scenario = import('../simulator/model.cjs').Scenario;
type Attempt = NonNullable<import('../simulator/model.cjs').RunSpec['original']>;
type Action = import('../simulator/model.cjs').Action;
interface Snapshot {
  sent: number;
  t: number;
  code: number;
  details?: unknown;
}
interface Trace {
  file: string;
  header: { kind: string; before?: unknown; settled: { status: string } };
  snapshots: Snapshot[];
}

const EPOCH = Date.UTC(2026, 11, 6, 1);
const R = EPOCH + 10_000; // when `runs replay` or `trigger manual` is sent
const RUN = '3c2b6f0e-8d41-4a7c-9e15-2f6a0b9d7c43';
const TENANT = '707d0855-80ab-4e1f-a156-f1c4546cbf52';
const POLL_MS = 50;
const READ_MS = 15_000;

/** The DAG of test/hatchet/workflows.mjs: root, then left and right, then join. */
const DAG = {
  workflow: 'replay-dag',
  tasks: ['root', 'left', 'right', 'join'],
  parents: { left: ['root'], right: ['root'], join: ['left', 'right'] },
};
const TASK = { workflow: 'replay-task', kind: 'task', taskName: 'replay-task' };
const RETRY_TASK = { workflow: 'replay-retry', kind: 'task', taskName: 'replay-retry' };
const index = (name: string) => DAG.tasks.indexOf(name);

/**
 * Each recorded scenario as the simulator's: the original as the recorder left it (finished a
 * few seconds before), then the replay or the trigger. Durations are the worker's (each task
 * works 300 ms) plus the engine's hops as the traces show them.
 */
const SCENARIOS: Record<string, { kind: 'replay' | 'trigger'; scenario: Scenario }> = {
  'dag-fail-to-ok': replay(DAG, { status: 'FAILED', failTaskIndex: index('left') }, {}),
  'dag-ok-to-fail-downstream': replay(
    DAG,
    { status: 'COMPLETED' },
    { status: 'FAILED', failTaskIndex: index('join'), error: 'JoinError: regressed' },
  ),
  'dag-fanout': replay(
    DAG,
    { status: 'FAILED', failTaskIndex: index('right') },
    { durationMs: 2_400 },
  ),
  'task-fail-to-ok': replay(TASK, { status: 'FAILED' }, { durationMs: 300 }),
  'retry-replay': replay(
    RETRY_TASK,
    { status: 'COMPLETED', retries: { 'replay-retry': 1 } },
    { durationMs: 700, retries: { 'replay-retry': 1 } },
  ),
  'dag-trigger': trigger(DAG, { durationMs: 1_600 }),
};

function replay(
  shape: Record<string, unknown>,
  original: Attempt,
  again: Attempt,
): { kind: 'replay'; scenario: Scenario } {
  return {
    kind: 'replay',
    scenario: {
      tenantId: TENANT,
      runs: [
        {
          id: RUN,
          ...shape,
          original: { durationMs: 1_500, ageMs: 5_000, ...original },
          replays: [{ durationMs: 1_600, staleMs: 150, queuedMs: 100, ...again }],
        },
      ],
    },
  };
}

function trigger(
  shape: Record<string, unknown>,
  attempt: Attempt,
): { kind: 'trigger'; scenario: Scenario } {
  const { workflow, ...rest } = shape as { workflow: string };
  return {
    kind: 'trigger',
    scenario: {
      tenantId: TENANT,
      workflows: [{ id: '9a3e1f7c-2b6d-4e80-a1c5-7f0d3b9e2a64', name: workflow }],
      triggers: { [workflow]: { ...rest, attempt: { queuedMs: 100, ...attempt } } },
    },
  };
}

const auth = { valid: true };
function runsGet(scenario: Scenario, actions: Action[], id: string, t: number) {
  const answer = model.respond(
    scenario,
    { epoch: EPOCH, actions },
    { command: 'runs get', args: [id], flags: { output: 'json' }, t, auth },
  );
  if ('fatal' in answer) return { code: 1, error: answer.fatal };
  return { code: answer.exit, details: JSON.parse(answer.stdout) as unknown };
}

/** The simulator read as the recorder reads the engine: `runs get` every 50 ms from the call. */
export function simulate(name: string): Trace {
  const { kind, scenario } = SCENARIOS[name]!;
  let actions: Action[];
  let id = RUN;
  let before: unknown;
  if (kind === 'replay') {
    before = runsGet(scenario, [], RUN, R - 1).details;
    actions = [{ type: 'replay', runId: RUN, t: R }];
  } else {
    const made = model.respond(
      scenario,
      { epoch: EPOCH, actions: [] },
      {
        command: 'trigger manual',
        args: [],
        flags: { workflow: 'replay-dag', json: 'input.json' },
        t: R,
        auth,
        jsonFile: { path: 'input.json', text: '{"key": "k"}' },
      },
    );
    if ('fatal' in made || !made.record) throw new Error(`trigger failed: ${JSON.stringify(made)}`);
    actions = made.record;
    id = (JSON.parse(made.stdout) as { runId: string }).runId;
  }
  const snapshots: Snapshot[] = [];
  for (let at = 0; at <= READ_MS; at += POLL_MS) {
    snapshots.push({ sent: at, t: at, ...runsGet(scenario, actions, id, R + at) });
  }
  const last = snapshots.at(-1)?.details as { run: { status: string } } | undefined;
  return {
    file: `simulator/${name}`,
    header: { kind, before, settled: { status: last?.run.status ?? 'UNSETTLED' } },
    snapshots,
  };
}

/** A recording read in the order its answers arrived. */
function byAnswer(trace: Trace): Trace {
  const snapshots = trace.snapshots
    .map((s) => ({ ...s, sent: s.t }))
    .sort((a, b) => a.sent - b.sent);
  return { ...trace, snapshots };
}

const recordings = (name: string): Trace[] =>
  traceFiles()
    .map((file: string) => readTrace(file) as Trace)
    .filter((trace: Trace) => trace.file.split('/')[0] === name)
    .map(byAnswer);

/**
 * Pairs of windows that opened in one order in the recording and in the other in the simulator
 * (windows that opened at the same answer are in no order).
 */
function outOfOrder(recorded: Trace, simulated: Trace): string[] {
  const real = classify(recorded).first as Record<string, number>;
  const sim = classify(simulated).first as Record<string, number>;
  const wrong: string[] = [];
  for (const a of Object.keys(real)) {
    for (const b of Object.keys(real)) {
      if (real[a]! < real[b]! && !(sim[a]! <= sim[b]!))
        wrong.push(`${shortName(a)} before ${shortName(b)}`);
    }
  }
  return wrong;
}

const short = (names: string[]) => names.map(shortName);

/**
 * Windows of a recording the simulator does not show, and why (listed in the report of issue 20
 * as differences). dag-fanout/1: once in 12 DAG replays, the run row kept the old FAILED for
 * 477 ms while `left` and `right` were QUEUED again (otherwise a new QUEUED or RUNNING row came
 * with a RUNNING run row: 75 of 76 answers); the simulator moves the run row with a task that
 * starts at once.
 */
const KNOWN: Record<string, string[]> = {
  'dag-fanout/1.jsonl': ['old terminal run status while the new attempt runs'],
};

const RETRY_BLIP = 'retry blip (a task reads FAILED, then is retried)';
const BLIPS = retryBlips();

/**
 * Every window some recording of the real engine showed; and the retry blip, too short for the
 * CLI's reads, which reading the engine's API every ~5 ms showed (scripts/hatchet/blip.mjs).
 */
const ANYWHERE = new Set([
  ...traceFiles().flatMap((file: string) => sequence(byAnswer(readTrace(file) as Trace))),
  ...(BLIPS.attempts.some((a) => a.bothFailedMs > 0) ? [RETRY_BLIP] : []),
]);

/** The median spacing of the recordings' answers (a window shorter than it can go unseen). */
function pollSpacing(traces: Trace[]): number {
  const gaps = traces
    .flatMap((trace) => trace.snapshots.slice(1).map((s, i) => s.sent - trace.snapshots[i]!.sent))
    .sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)] ?? 0;
}

describe('the simulator shows the windows the real engine showed, in the same order', () => {
  it.each(Object.keys(SCENARIOS))('%s', (name) => {
    const real = recordings(name);
    expect(real.length).toBeGreaterThan(0);
    const simulation = simulate(name);
    const simulated = sequence(simulation);
    const seen = new Set(real.flatMap((trace) => sequence(trace)));
    // Nothing the real engine never showed in this scenario, but a window it showed elsewhere
    // that is shorter than this scenario's poll spacing: its recordings may have missed it.
    const gap = pollSpacing(real);
    const durations = classify(simulation).found as Record<string, number>;
    // (A duration read every POLL_MS is up to one poll longer than the window.)
    const extra = simulated.filter(
      (w) => !seen.has(w) && !(ANYWHERE.has(w) && (durations[w] ?? 0) - POLL_MS < gap),
    );
    expect(short(extra), `poll spacing ${gap} ms`).toEqual([]);
    // Every window of every recording, opening in that recording's order.
    for (const trace of real) {
      const why = `${trace.file}: ${short(sequence(trace)).join(' → ')}\nsimulator: ${short(simulated).join(' → ')}`;
      const missing = sequence(trace).filter((w) => !simulated.includes(w));
      expect(short(missing), why).toEqual(KNOWN[trace.file] ?? []);
      const known = new Set(KNOWN[trace.file] ?? []);
      expect(
        outOfOrder(trace, simulation).filter((pair) => ![...known].some((k) => pair.includes(k))),
        why,
      ).toEqual([]);
    }
  });

  it('shows a retry blip within what the engine was measured to show', () => {
    const { retryGapMs } = model.engineOptions({}, undefined, {});
    // The engine showed one in about half of the retried tries: the default is not none.
    expect(BLIPS.attempts.filter((a) => a.bothFailedMs > 0).length).toBeGreaterThan(
      BLIPS.attempts.length / 4,
    );
    expect(retryGapMs).toBeGreaterThan(0);
    expect(retryGapMs).toBeLessThanOrEqual(BLIPS.longestMs);
  });

  it('classifies with the windows of the traces table', () => {
    expect(Object.keys(WINDOWS)).toHaveLength(8);
  });
});
