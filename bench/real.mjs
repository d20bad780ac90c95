// The benchmark against the real engine (`npm run hatchet:up`: hatchet-lite, the real CLI, the
// real worker of test/hatchet/worker.mjs): the bundle, the baseline bundle and the reference loop
// on the same scenarios. The real CLI is wrapped by a shell script that logs each call's start and
// end (bash's own clock, no `date` process: a few ms per call, the same for every side); the run's
// end is the engine's own: the latest `finishedAt` of its tasks.
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { runAction } from '../test/harness/sim.mjs';
import {
  BEHAVIOUR_DIR,
  cli,
  profileHome,
  startWorker,
  triggerOriginal,
  waitFinished,
} from '../test/hatchet/engine.mjs';
import { DAG, DAG_TASKS, RETRY_TASK, TASK, setBehaviour } from '../test/hatchet/workflows.mjs';
import { callFacts, cliBusyMs, pairCalls, referenceLoop, rssMb } from './lib.mjs';

/** A directory with `hatchet`: the real CLI behind a logger of its calls. */
function wrappedCli(state) {
  const bin = mkdtempSync(join(tmpdir(), 'bench-cli-'));
  const log = join(bin, 'calls.jsonl');
  writeFileSync(
    join(bin, 'hatchet'),
    `#!/usr/bin/env bash
t=\${EPOCHREALTIME//[!0-9]/}
printf '{"pid":%d,"t":%s,"argv":["%s","%s","%s"]}\\n' $$ "\${t:0:13}" "$1" "$2" "$3" >> '${log}'
'${state.cli}' "$@"
rc=$?
t=\${EPOCHREALTIME//[!0-9]/}
printf '{"pid":%d,"exit":%d,"t":%s}\\n' $$ $rc "\${t:0:13}" >> '${log}'
exit $rc
`,
    { mode: 0o755 },
  );
  writeFileSync(log, '');
  return {
    bin,
    calls: () =>
      readFileSync(log, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line)),
  };
}

const lastEnd = (details) =>
  Math.max(...details.tasks.map((t) => Date.parse(t.finishedAt ?? t.run?.finishedAt ?? 0)));

export class RealBench {
  constructor(state) {
    this.state = state;
    this.home = profileHome(state);
    this.n = 0;
  }

  async start() {
    this.worker = await startWorker(this.state);
  }

  stop() {
    this.worker?.kill();
  }

  /**
   * An original run of a standalone task (`TASK`, or `RETRY_TASK` with `retries: 2`) that failed,
   * at once or after `originalMs`; then its replay works `ms` and ends `status`. With `task: DAG`,
   * the DAG (root → left, right → join): every task works `originalMs`, `join` then fails; in the
   * replay every task works `ms` (and `join` ends `status`).
   */
  async original({ ms, status = 'COMPLETED', task = TASK, originalMs }) {
    const key = `bench-${process.pid}-${++this.n}`;
    const error = 'PaymentError: card declined';
    const first = originalMs ? { mode: 'fail', ms: originalMs, error } : { mode: 'fail', error };
    const ok = (workMs) => ({ mode: 'ok', ms: workMs });
    const upstream = (workMs) =>
      task === DAG ? Object.fromEntries(DAG_TASKS.slice(0, -1).map((t) => [t, ok(workMs)])) : {};
    const failing = task === DAG ? 'join' : task;
    setBehaviour(BEHAVIOUR_DIR, key, { ...upstream(originalMs), [failing]: first });
    const runId = await triggerOriginal(this.state, task, { key, value: 'bench' });
    await waitFinished(this.state, this.home, runId, {
      quietMs: 500,
      timeoutMs: 60_000 + 2 * (originalMs ?? 0),
    });
    const replay =
      status === 'FAILED' ? { mode: 'fail', ms, error: 'PaymentError: still' } : ok(ms);
    setBehaviour(BEHAVIOUR_DIR, key, { ...upstream(ms), [failing]: replay }, { resetCounts: true });
    return runId;
  }

  /** Settled details of a run (after the side that waited on it exited). */
  async finished(runId) {
    return waitFinished(this.state, this.home, runId, { quietMs: 500, timeoutMs: 180_000 });
  }

  /** One replay of the scenario (see `original`), waited on by `entry`. */
  async action(entry, scenario, extra = {}) {
    const runId = await this.original(scenario);
    return this.replay(entry, runId, scenario.status, extra);
  }

  /**
   * A large log: the DAG's original passed, `join` returning a `blobBytes` output; in the replay
   * `join` writes `lines` log lines (the CLI returns the newest 10,000 at most, the server's
   * limit, and the action asks for them all) and fails with an error of `errorBytes`. Run end →
   * exit, the part of it with no CLI call running (the action's own work), peak RSS.
   */
  async largeRun(entry, { lines, errorBytes, blobBytes }) {
    const key = `bench-${process.pid}-${++this.n}`;
    setBehaviour(BEHAVIOUR_DIR, key, { join: { mode: 'ok', blobBytes } });
    const runId = await triggerOriginal(this.state, DAG, { key, value: 'bench' });
    await waitFinished(this.state, this.home, runId, { quietMs: 500, timeoutMs: 120_000 });
    const error = `TimeoutError: ${'x'.repeat(errorBytes)}`;
    setBehaviour(
      BEHAVIOUR_DIR,
      key,
      { join: { mode: 'fail', error, lines } },
      { resetCounts: true },
    );
    // The most lines the action asks for (log-lines 10000: `--tail 10000`, the server's limit).
    const result = await this.replay(entry, runId, 'FAILED', { 'log-lines': '10000' });
    const { pairs, end, exitedAt } = result.trace;
    return { ...result, own: result.latency - cliBusyMs(pairs, end, exitedAt) };
  }

  /** The replay of `runId`, waited on by `entry`, expecting `status`. */
  async replay(entry, runId, status = 'COMPLETED', extra = {}) {
    const wrapped = wrappedCli(this.state);
    const timeFile = join(mkdtempSync(join(tmpdir(), 'bench-')), 'time');
    const result = await runAction({
      entry,
      node: '/usr/bin/time',
      nodeArgs: ['-f', '%M', '-o', timeFile, process.execPath],
      inputs: {
        install: 'false',
        token: this.state.token,
        'run-id': runId,
        'expected-status': status,
        ...extra,
      },
      env: { PATH: `${wrapped.bin}${delimiter}${process.env.PATH}` },
    });
    const exitedAt = Date.now();
    if (result.code !== 0) throw new Error(`action failed: ${result.stdout.slice(-3000)}`);
    const details = await this.finished(runId);
    const pairs = pairCalls(wrapped.calls());
    return {
      latency: exitedAt - lastEnd(details),
      ...callFacts(pairs, runId),
      // For tracing one run (.tmp scripts): every call and the two moments it is measured by.
      trace: { pairs, end: lastEnd(details), exitedAt, details },
      rssMb: rssMb(timeFile),
      stderr: result.stderr,
    };
  }

  /** The reference loop on the same scenario, with the real CLI. */
  async loop(scenario) {
    const runId = await this.original(scenario);
    const wrapped = wrappedCli(this.state);
    const { exitedAt, status: printed } = await referenceLoop(runId, {
      HOME: this.home,
      PATH: `${wrapped.bin}${delimiter}${process.env.PATH}`,
    });
    const status = scenario.status ?? 'COMPLETED';
    const details = await this.finished(runId);
    return {
      latency: exitedAt - lastEnd(details),
      ...callFacts(pairCalls(wrapped.calls()), runId),
      // The loop believes the run row: it can stop on a FAILED read between two tasks.
      fooled: printed === status ? undefined : printed,
    };
  }

  /** `count` failed originals at once, then their replays take 1–6 s each. */
  async originals(count) {
    const keys = Array.from({ length: count }, () => `bench-${process.pid}-${++this.n}`);
    for (const key of keys)
      setBehaviour(BEHAVIOUR_DIR, key, { [TASK]: { mode: 'fail', error: 'E' } });
    const ids = await Promise.all(
      keys.map((key) => triggerOriginal(this.state, TASK, { key, value: 'gate' })),
    );
    await pooled(ids, 8, (id) =>
      waitFinished(this.state, this.home, id, { quietMs: 0, timeoutMs: 180_000 }),
    );
    keys.forEach((key, i) =>
      setBehaviour(
        BEHAVIOUR_DIR,
        key,
        { [TASK]: { mode: 'ok', ms: 1_000 + ((i * 97) % 50) * 100 } },
        { resetCounts: true },
      ),
    );
    return ids;
  }

  /** A gate of `count` runs at `concurrency`: wall time − the slowest run's end, calls, RSS. */
  async gate(entry, count, concurrency) {
    const ids = await this.originals(count);
    const wrapped = wrappedCli(this.state);
    const timeFile = join(mkdtempSync(join(tmpdir(), 'bench-')), 'time');
    const started = Date.now();
    const result = await runAction({
      entry,
      node: '/usr/bin/time',
      nodeArgs: ['-f', '%M', '-o', timeFile, process.execPath],
      inputs: {
        install: 'false',
        token: this.state.token,
        'run-id': ids.join('\n'),
        concurrency: String(concurrency),
        timeout: '10m',
      },
      env: { PATH: `${wrapped.bin}${delimiter}${process.env.PATH}` },
    });
    const exitedAt = Date.now();
    // Under a gate's load the engine drops some replays silently (test/fixtures/traces, load-20):
    // the action says so per run; the figures are still the gate's.
    const failed = result.stdout.split('\n').filter((line) => /^(❌|⚠️) /.test(line));
    const dropped = (result.stdout.match(/Hatchet did not accept the replay/g) ?? []).length;
    const details = await pooled(ids, 8, (id) => this.finished(id));
    const slowest = Math.max(...details.map(lastEnd));
    const calls = wrapped.calls().filter((c) => c.argv);
    return {
      overhead: exitedAt - slowest,
      wall: exitedAt - started,
      slowest: slowest - started,
      workflowsGet: calls.filter((c) => c.argv[0] === 'workflows').length,
      warnings: (result.stderr.match(/Warning/g) ?? []).length,
      stderr: result.stderr,
      rssMb: rssMb(timeFile),
      failed: failed.length
        ? [
            `${failed.length} of ${count} runs did not pass (${dropped} replays dropped by the engine)`,
          ]
        : [],
    };
  }
}

async function pooled(items, limit, work) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i]);
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

/** The engine from `npm run hatchet:up`, when it is running. */
export function realEngine() {
  const file = join(process.cwd(), '.tmp/hatchet/state.json');
  if (!existsSync(file)) return undefined;
  const state = JSON.parse(readFileSync(file, 'utf8'));
  try {
    process.kill(state.pid, 0);
  } catch {
    return undefined;
  }
  return state;
}

export { cli, DAG, RETRY_TASK };
