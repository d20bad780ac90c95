#!/usr/bin/env node
// node scripts/hatchet/blip.mjs [runs] [at-once] [label] — measures the real engine's retry blip: how long
// a task that failed and will be retried reads FAILED (task row, run row) before the retry shows.
// The read model is polled over its REST API back to back (a few ms per read, far denser than the
// CLI can), for a standalone task with `retries: 2` that fails its first execution, triggered and
// then replayed, `at-once` runs side by side. Needs `npm run hatchet:up`; starts its own worker.
// Each set of runs is kept under its label in test/fixtures/traces/retry-blip.json (a set with the
// same label is replaced); the README there sums them up, and they set the verdict's
// confirmFailedMs (src/run/verdict.ts) and the simulator's retryGapMs.
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, VERSION } from './lib.mjs';
import {
  BEHAVIOUR_DIR,
  cli,
  engineState,
  profileHome,
  startWorker,
  triggerOriginal,
} from '../../test/hatchet/engine.mjs';
import { RETRY_TASK, setBehaviour } from '../../test/hatchet/workflows.mjs';

const RUNS = Number(process.argv[2] ?? 40);
const AT_ONCE = Number(process.argv[3] ?? 4);
const LABEL = process.argv[4] ?? 'quiet';
const FIXTURE = join(ROOT, 'test/fixtures/traces/retry-blip.json');
const state = engineState();
const home = profileHome(state);
const worker = await startWorker(state);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function read(runId) {
  const response = await fetch(`${state.serverUrl}/api/v1/stable/workflow-runs/${runId}`, {
    headers: { authorization: `Bearer ${state.token}` },
  });
  if (!response.ok) return undefined;
  const details = await response.json();
  const task = details.tasks?.[0];
  return { run: details.run?.status, task: task?.status, retry: task?.retryCount };
}

/** Reads back to back until the run is COMPLETED for 1 s; returns the FAILED windows seen. */
async function watch(runId, fromRetry) {
  const samples = [];
  const start = performance.now();
  let completedSince;
  while (performance.now() - start < 30_000) {
    const s = await read(runId);
    const t = performance.now() - start;
    if (s) samples.push({ t, ...s });
    if (s?.run === 'COMPLETED' && s.task === 'COMPLETED') completedSince ??= t;
    else completedSince = undefined;
    if (completedSince !== undefined && t - completedSince > 1_000) break;
  }
  const relevant = samples.filter((s) => s.retry === undefined || s.retry >= fromRetry);
  const gaps = relevant.slice(1).map((s, i) => s.t - relevant[i].t);
  return {
    samples: relevant.length,
    medianGapMs: gaps.sort((a, b) => a - b)[Math.floor(gaps.length / 2)] ?? 0,
    taskFailed: windowOf(relevant, (s) => s.task === 'FAILED'),
    runFailed: windowOf(relevant, (s) => s.run === 'FAILED'),
    bothFailed: windowOf(relevant, (s) => s.task === 'FAILED' && s.run === 'FAILED'),
    final: samples.at(-1),
  };
}

/** From the first sample matching to the first after it that does not (0 when never seen). */
function windowOf(samples, match) {
  let total = 0;
  for (let i = 0; i < samples.length; i++) {
    if (!match(samples[i])) continue;
    let j = i;
    while (j < samples.length && match(samples[j])) j++;
    total = Math.max(total, (samples[j]?.t ?? samples.at(-1).t) - samples[i].t);
    i = j;
  }
  return Math.round(total);
}

async function one(n) {
  const key = `blip-${n}-${randomUUID().slice(0, 8)}`;
  setBehaviour(BEHAVIOUR_DIR, key, { [RETRY_TASK]: { mode: 'fail-once', ms: 100 } });
  const runId = await triggerOriginal(state, RETRY_TASK, { key, value: 'blip' });
  const triggered = await watch(runId, 0);
  setBehaviour(
    BEHAVIOUR_DIR,
    key,
    { [RETRY_TASK]: { mode: 'fail-once', ms: 100 } },
    { resetCounts: true },
  );
  const replay = await cli(state, home, ['runs', 'replay', runId]);
  if (replay.code !== 0) throw new Error(`replay ${runId}: ${replay.stderr}`);
  const replayed = await watch(runId, triggered.final?.retry + 1);
  return [
    { kind: 'trigger', runId, ...triggered },
    { kind: 'replay', runId, ...replayed },
  ];
}

const results = [];
try {
  for (let n = 0; n < RUNS; n += AT_ONCE) {
    const batch = [];
    for (let i = n; i < Math.min(RUNS, n + AT_ONCE); i++) {
      batch.push(one(i));
      await sleep(1_200); // the engine drops a replay sent while another is applied
    }
    for (const pair of await Promise.all(batch)) {
      for (const r of pair) {
        results.push(r);
        console.log(
          `${r.kind.padEnd(7)} ${r.runId} samples ${r.samples} (median gap ${r.medianGapMs.toFixed(1)} ms) ` +
            `task FAILED ${r.taskFailed} ms, run FAILED ${r.runFailed} ms, both ${r.bothFailed} ms, ` +
            `final ${r.final?.run}/${r.final?.task}#${r.final?.retry}`,
        );
      }
    }
  }
} finally {
  worker.kill();
}
const max = (key) => Math.max(0, ...results.map((r) => r[key]));
const seen = (key) => results.filter((r) => r[key] > 0).length;
const gaps = results.map((r) => r.medianGapMs).sort((a, b) => a - b);
const medianGap = gaps[Math.floor(gaps.length / 2)] ?? 0;
console.log(
  `\n${results.length} watched attempts (${RUNS} runs, ${AT_ONCE} at once): ` +
    `task row FAILED in ${seen('taskFailed')} (longest ${max('taskFailed')} ms), ` +
    `run row FAILED in ${seen('runFailed')} (longest ${max('runFailed')} ms), ` +
    `both at once in ${seen('bothFailed')} (longest ${max('bothFailed')} ms); ` +
    `median read gap ${medianGap.toFixed(1)} ms`,
);
const sets = existsSync(FIXTURE) ? JSON.parse(readFileSync(FIXTURE, 'utf8')).sets : [];
const set = {
  label: LABEL,
  engine: `hatchet-lite ${VERSION}`,
  recordedAt: new Date().toISOString(),
  runs: RUNS,
  atOnce: AT_ONCE,
  attempts: results.map(({ kind, samples, medianGapMs, taskFailed, runFailed, bothFailed }) => ({
    kind,
    samples,
    medianGapMs: Math.round(medianGapMs * 10) / 10,
    taskFailedMs: taskFailed,
    runFailedMs: runFailed,
    bothFailedMs: bothFailed,
  })),
};
const kept = sets.filter((s) => s.label !== LABEL);
writeFileSync(FIXTURE, `${JSON.stringify({ sets: [...kept, set] }, null, 2)}\n`);
process.exit(0);
