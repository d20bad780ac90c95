#!/usr/bin/env node
// node scripts/hatchet/record.mjs [name-filter] — records traces of the real read model into
// test/fixtures/traces/<scenario>/<n>.jsonl (see test/hatchet/recorder.mjs for the format; the
// window table in test/fixtures/traces/README.md comes from node scripts/hatchet/windows.mjs).
// Needs `npm run hatchet:up`; starts its own worker.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { ROOT } from './lib.mjs';
import {
  BEHAVIOUR_DIR,
  cli,
  engineState,
  profileHome,
  startWorker,
  triggerOriginal,
  waitFinished,
} from '../../test/hatchet/engine.mjs';
import { record, replayAct } from '../../test/hatchet/recorder.mjs';
import { DAG, DAG_TASKS, RETRY_TASK, TASK, setBehaviour } from '../../test/hatchet/workflows.mjs';

const OUT = join(ROOT, 'test/fixtures/traces');
const filter = process.argv[2] ?? '';
const state = engineState();
const home = profileHome(state);
const worker = await startWorker(state);
const key = (name) => `${name}-${randomUUID().slice(0, 8)}`;
/** Every task works 300 ms unless told otherwise: real tasks take time. */
const WORK_MS = 300;
const withWork = (behaviour) =>
  Object.fromEntries(
    [...DAG_TASKS, TASK, RETRY_TASK].map((task) => [
      task,
      { mode: 'ok', ...behaviour[task], ms: behaviour[task]?.ms ?? WORK_MS },
    ]),
  );

/** A trace as JSON Lines: the header (everything but the snapshots), then one snapshot a line. */
function save(trace, file) {
  const path = join(OUT, file);
  mkdirSync(join(path, '..'), { recursive: true });
  const { snapshots, ...header } = trace;
  const lines = [header, ...snapshots].map((value) => JSON.stringify(value));
  writeFileSync(path, `${lines.join('\n')}\n`);
  const changes = trace.snapshots.filter((s) => !s.same).length;
  console.log(
    `${file}: ${trace.settled.status}, ${trace.snapshots.length} polls (${changes} distinct), last at ${trace.snapshots.at(-1)?.t} ms`,
  );
}

/** Original run with `first`, then the fix (`second`), then a recorded replay. */
async function replayScenario(name, workflow, first, second, { resetCounts = false } = {}) {
  const k = key(name);
  setBehaviour(BEHAVIOUR_DIR, k, withWork(first));
  const runId = await triggerOriginal(state, workflow, { key: k, value: name });
  await waitFinished(state, home, runId);
  setBehaviour(BEHAVIOUR_DIR, k, withWork(second), { resetCounts });
  return record({ state, home, name, kind: 'replay', runId, act: replayAct(state, home, runId) });
}

async function triggerScenario(name, workflow, behaviour) {
  const k = key(name);
  setBehaviour(BEHAVIOUR_DIR, k, withWork(behaviour));
  const file = join(tmpdir(), `input-${k}.json`);
  writeFileSync(file, JSON.stringify({ key: k, value: name }));
  const trace = await record({
    state,
    home,
    name,
    kind: 'trigger',
    act: async () => {
      const result = await cli(state, home, ['trigger', 'manual', '-w', workflow, '-j', file]);
      if (result.code !== 0) throw new Error(`trigger ${workflow}: ${result.stderr}`);
      const output = JSON.parse(result.stdout);
      return { runId: output.runId, output };
    },
  });
  rmSync(file, { force: true });
  return trace;
}

const fail = (error) => ({ mode: 'fail', error });
const scenarios = {
  'dag-fail-to-ok': () =>
    replayScenario('dag-fail-to-ok', DAG, { left: fail('LeftError: boom') }, {}),
  'dag-ok-to-fail-downstream': () =>
    replayScenario('dag-ok-to-fail-downstream', DAG, {}, { join: fail('JoinError: regressed') }),
  'dag-still-failing': () =>
    replayScenario(
      'dag-still-failing',
      DAG,
      { right: fail('RightError: x') },
      { right: fail('RightError: x') },
    ),
  'dag-fanout': () =>
    replayScenario(
      'dag-fanout',
      DAG,
      { right: fail('RightError: fan-out') },
      { left: { mode: 'slow', ms: 1_200 }, right: { mode: 'slow', ms: 800 } },
    ),
  'task-fail-to-ok': () =>
    replayScenario('task-fail-to-ok', TASK, { [TASK]: fail('TaskError: no') }, {}),
  'task-ok-to-fail': () =>
    replayScenario('task-ok-to-fail', TASK, {}, { [TASK]: fail('TaskError: now') }),
  'retry-replay': () =>
    replayScenario(
      'retry-replay',
      RETRY_TASK,
      { [RETRY_TASK]: { mode: 'fail-once', error: 'Flaky: once' } },
      { [RETRY_TASK]: { mode: 'fail-once', error: 'Flaky: once' } },
      { resetCounts: true },
    ),
  'retry-trigger': () =>
    triggerScenario('retry-trigger', RETRY_TASK, {
      [RETRY_TASK]: { mode: 'fail-once', error: 'Flaky: once' },
    }),
  'dag-trigger': () => triggerScenario('dag-trigger', DAG, {}),
  'dag-trigger-fail': () =>
    triggerScenario('dag-trigger-fail', DAG, { left: fail('LeftError: t') }),
};

try {
  for (const [name, scenario] of Object.entries(scenarios)) {
    if (filter && !name.includes(filter)) continue;
    for (let i = 1; i <= 3; i++) save(await scenario(), `${name}/${i}.jsonl`);
  }
  if (!filter || filter === 'load-20') {
    // 20 replays at once: 20 failed DAG runs, fixed, replayed together, each one recorded.
    const runs = [];
    for (let i = 0; i < 20; i++) {
      const k = key(`load-${i}`);
      setBehaviour(BEHAVIOUR_DIR, k, withWork({ root: fail('RootError: load') }));
      runs.push({ k, runId: await triggerOriginal(state, DAG, { key: k, value: i }) });
    }
    for (const { runId } of runs) await waitFinished(state, home, runId, { quietMs: 500 });
    for (const { k } of runs) setBehaviour(BEHAVIOUR_DIR, k, withWork({}));
    const traces = await Promise.all(
      runs.map(({ runId }, i) =>
        record({
          state,
          home,
          name: `load-20-${String(i + 1).padStart(2, '0')}`,
          kind: 'replay',
          runId,
          pollMs: 100,
          act: replayAct(state, home, runId),
        }),
      ),
    );
    traces.forEach((trace, i) => save(trace, `load-20/${String(i + 1).padStart(2, '0')}.jsonl`));
  }
} finally {
  worker.kill('SIGTERM');
}
process.exit(0);
