import { randomUUID } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { runAction, runnerFiles, runStep } from '../harness/sim.mjs';
import {
  BEHAVIOUR_DIR,
  cli,
  cliEnv,
  engineState,
  profileHome,
  triggerOriginal,
  waitFinished,
} from './engine.mjs';
import { DAG, ORPHAN, RETRY_TASK, SELECT, TASK, setBehaviour } from './workflows.mjs';

// The bundled action (dist/index.js, dist/post/index.js) through the runner contract against the
// real engine (hatchet-lite v0.104.7, plaintext gRPC), the real CLI (on PATH, install: false) and
// the real worker. Each scenario runs 3 times; every time must give the right outcome.

type State = ReturnType<typeof engineState>;
let state: State;
let home: string;
const TIMES = [1, 2, 3];

beforeAll(() => {
  state = engineState();
  home = profileHome(state);
});

const fail = (error: string) => ({ mode: 'fail', error });
const newKey = (name: string) => `${name}-${randomUUID().slice(0, 8)}`;

/** The action with the real CLI first on PATH and the token input (the profile it writes). */
async function action(
  inputs: Record<string, string>,
  options: Parameters<typeof runAction>[0] = {},
  /** Puts back what the first try changed (a worker's counter), before it is run again. */
  beforeAgain?: () => void,
) {
  const run = async () => {
    await turn();
    return runAction({
      ...options,
      inputs: {
        install: 'false',
        token: state.token,
        'poll-interval': '1s',
        timeout: '3m',
        ...inputs,
      },
      env: { PATH: `${state.bin}${delimiter}${process.env.PATH}`, ...options.env },
    });
  };
  const from = logSize();
  const result = await run();
  // The engine drops a replay silently when replays sent at once contend for its advisory lock
  // (its log: LOCK_ERROR; `runs replay` exits 0, nothing ever changes). The action must name
  // that (ERROR, "did not accept the replay"), which it did; the scenario is then run once more.
  if (/did not accept the replay/.test(result.stdout) && logSince(from).includes(LOCK_ERROR)) {
    console.warn(`test:hatchet: the engine dropped a replay (${LOCK_ERROR}); running it again`);
    beforeAgain?.();
    return Object.assign(await run(), { again: true });
  }
  return Object.assign(result, { again: false });
}

/**
 * Steps start at least STAGGER_MS apart. The engine holds one advisory lock per tenant while it
 * applies a replay and drops any replay that finds it taken; scenarios running side by side
 * would otherwise send theirs in the same instant far more often than users' steps do.
 */
const STAGGER_MS = 1_000;
let lastStart = 0;
async function turn() {
  const at = Math.max(Date.now(), lastStart + STAGGER_MS);
  lastStart = at;
  await new Promise((resolve) => setTimeout(resolve, at - Date.now()));
}

const LOCK_ERROR = 'could not acquire advisory lock for replaying tasks';
const logSize = () => (existsSync(state.log) ? statSync(state.log).size : 0);
function logSince(offset: number): string {
  const size = logSize();
  if (size <= offset) return '';
  const buffer = Buffer.alloc(size - offset);
  const fd = openSync(state.log, 'r');
  try {
    readSync(fd, buffer, 0, buffer.length, offset);
  } finally {
    closeSync(fd);
  }
  return buffer.toString('utf8');
}

/** An original run with `first`, finished; then `second` is set (the fix is merged). */
async function original(
  name: string,
  workflow: string,
  first: Record<string, unknown>,
  second: Record<string, unknown>,
  input: Record<string, unknown> = {},
) {
  const key = newKey(name);
  setBehaviour(BEHAVIOUR_DIR, key, first);
  const runId = await triggerOriginal(state, workflow, { key, value: name, ...input });
  const details = await waitFinished(state, home, runId);
  setBehaviour(BEHAVIOUR_DIR, key, second, { resetCounts: true });
  return { key, runId, details };
}

const why = (result: { stdout: string; stderr: string }) =>
  `${result.stdout.slice(-3000)}\n${result.stderr.slice(-1000)}`;

describe.concurrent('replay against the real engine', () => {
  it.each(TIMES)('FAILED → fixed (DAG, left failed): passes, change=fixed (#%i)', async () => {
    const { runId } = await original('fixed', DAG, { left: fail('LeftError: boom') }, {});
    const result = await action({ 'run-id': runId });
    expect(result.outputs, why(result)).toMatchObject({
      'run-id': runId,
      mode: 'replay',
      workflow: DAG,
      'original-status': 'FAILED',
      status: 'COMPLETED',
      passed: 'true',
      change: 'fixed',
    });
    expect(result.code).toBe(0);
    expect(result.outputs.url).toBe(`${state.serverUrl}/tenants/${state.tenantId}/runs/${runId}`);
  });

  it.each(TIMES)('COMPLETED → regressed in a downstream task (join) (#%i)', async () => {
    const { runId } = await original('regressed', DAG, {}, { join: fail('JoinError: regressed') });
    const result = await action({ 'run-id': runId });
    expect(result.outputs, why(result)).toMatchObject({
      'original-status': 'COMPLETED',
      status: 'FAILED',
      passed: 'false',
      change: 'regressed',
    });
    expect(result.code).toBe(1);
    expect(result.summary).toContain('JoinError: regressed');
  });

  it.each(TIMES)('still failing: same task, same error (#%i)', async () => {
    const error = fail('RightError: still');
    const { runId } = await original('still', DAG, { right: error }, { right: error });
    const result = await action({ 'run-id': runId });
    expect(result.outputs, why(result)).toMatchObject({
      status: 'FAILED',
      passed: 'false',
      change: 'still-failing',
    });
    // join, below the failed task, is cancelled before a worker takes it. When the events read
    // with the verdict show its CANCELLED (the summary's events table; the engine can write that
    // event after the row), its log is not asked for and the summary says why; else it is.
    const cancelShown = /\| join \| CANCELLED \|/.test(result.summary);
    const note = 'Log of join: It was cancelled before a worker took it in this attempt';
    expect(result.summary.includes(note), why(result)).toBe(cancelShown);
    const logged = result.stdout.matchAll(/^::debug::hatchet runs logs (\S+)/gm);
    const tasksLogged = new Set([...logged].map((m) => m[1])).size;
    expect(tasksLogged, why(result)).toBe(cancelShown ? 3 : 4);
  });

  it.each(TIMES)('the summary shows the failed task’s log of this attempt only (#%i)', async () => {
    // The original's join wrote 30 lines, the replay's 5: `--tail 21` returns both attempts'.
    const failing = (lines: number) => ({ join: { ...fail('JoinError: still'), lines } });
    const { runId } = await original('log', DAG, failing(30), failing(5));
    const result = await action({ 'run-id': runId, 'log-lines': '20' });
    expect(result.outputs, why(result)).toMatchObject({
      status: 'FAILED',
      change: 'still-failing',
    });
    expect(result.stdout).toMatch(/^::debug::hatchet runs logs \S+ .*--tail 21/m);
    for (const n of [1, 2, 3, 4, 5]) expect(result.summary).toContain(`join line ${n} of 5`);
    expect(result.summary).not.toContain('of 30');
  });

  it.each(TIMES)('fails differently: another task, another error (#%i)', async () => {
    const { runId } = await original(
      'differently',
      DAG,
      { left: fail('LeftError: before') },
      { right: fail('RightError: after') },
    );
    const result = await action({ 'run-id': runId });
    expect(result.outputs, why(result)).toMatchObject({
      status: 'FAILED',
      change: 'fails-differently',
    });
  });

  it.each(TIMES)('a standalone task’s log: this attempt’s lines only (#%i)', async () => {
    // A standalone run's id takes the CLI's run path: the server's oldest lines of every attempt.
    const failing = (lines: number) => ({ [TASK]: { ...fail('TaskError: still'), lines } });
    const { runId } = await original('task-log', TASK, failing(3), failing(2));
    const result = await action({ 'run-id': runId });
    expect(result.outputs, why(result)).toMatchObject({ status: 'FAILED', workflow: TASK });
    for (const n of [1, 2]) expect(result.summary).toContain(`${TASK} line ${n} of 2`);
    expect(result.summary).not.toContain('of 3');
  });

  it.each(TIMES)('a standalone task: FAILED → fixed (#%i)', async () => {
    const { runId } = await original('task-fixed', TASK, { [TASK]: fail('TaskError: no') }, {});
    const result = await action({ 'run-id': runId });
    expect(result.outputs, why(result)).toMatchObject({
      status: 'COMPLETED',
      change: 'fixed',
      workflow: TASK,
    });
  });

  it.each(TIMES)('expected-status FAILED: a replay that fails passes (#%i)', async () => {
    const { runId } = await original('expect-failed', TASK, {}, { [TASK]: fail('TaskError: x') });
    const result = await action({ 'run-id': runId, 'expected-status': 'FAILED' });
    expect(result.outputs, why(result)).toMatchObject({ status: 'FAILED', passed: 'true' });
    expect(result.code).toBe(0);
    // The task has `retries: 0` in its workflow's config: believed at the first sighting.
    expect(result.stdout).toMatch(/\] FAILED \(no failed task has retries in its workflow/);
  });

  it.each(TIMES)('a task with retries that fails once is retried: never FAILED (#%i)', async () => {
    // Its failed try reads FAILED for up to ~120 ms before the retry shows (retry-blip.json).
    const { runId } = await original(
      'retried-ok',
      RETRY_TASK,
      {},
      { [RETRY_TASK]: { mode: 'fail-once', ms: 100 } },
    );
    const result = await action({ 'run-id': runId });
    expect(result.outputs, why(result)).toMatchObject({ status: 'COMPLETED', passed: 'true' });
  });

  it.each(TIMES)('a task with retries that fails for good: FAILED, confirmed (#%i)', async () => {
    const { runId } = await original(
      'retried-failed',
      RETRY_TASK,
      {},
      {
        [RETRY_TASK]: fail('TaskError: always'),
      },
    );
    const result = await action({ 'run-id': runId, 'expected-status': 'FAILED' });
    expect(result.outputs, why(result)).toMatchObject({ status: 'FAILED', passed: 'true' });
    expect(result.stdout).toMatch(/\] FAILED \(confirmed by a second look \d+ms later\)/);
  });

  it.each(TIMES)('compare-output: same output passes, a changed one fails (#%i)', async () => {
    const same = await original('compare-same', DAG, {}, {});
    const changed = await original(
      'compare-changed',
      DAG,
      {},
      { join: { mode: 'ok', tag: 'new' } },
    );
    const [a, b] = await Promise.all([
      action({ 'run-id': same.runId, 'compare-output': 'true' }),
      action({ 'run-id': changed.runId, 'compare-output': 'true' }),
    ]);
    expect(a.outputs, why(a)).toMatchObject({ status: 'COMPLETED', passed: 'true' });
    expect(b.outputs, why(b)).toMatchObject({ status: 'COMPLETED', passed: 'false' });
    expect(b.code).toBe(1);
  });

  it.each(TIMES)('repeat 3 with a task that fails one time in three (#%i)', async () => {
    // Executions 1, 4, 7 … of the key fail; the counter is reset after the original (which
    // failed as execution 1), so the three replays are executions 1 (fails), 2 and 3.
    const every = { [TASK]: { mode: 'fail-every', every: 3, error: 'Flaky: one in three' } };
    const { key, runId, details } = await original('repeat', TASK, every, every);
    expect(details.run.status).toBe('FAILED');
    const result = await action({ 'run-id': runId, repeat: '3' }, {}, () =>
      setBehaviour(BEHAVIOUR_DIR, key, every, { resetCounts: true }),
    );
    expect(result.outputs.passed, why(result)).toBe('false');
    expect(result.code).toBe(1);
    const statuses = JSON.parse(result.outputs.results!).map((r: { status: string }) => r.status);
    expect(statuses).toEqual(['FAILED', 'COMPLETED', 'COMPLETED']);
  });

  it.each(TIMES)('a gate of 10 runs, concurrency 5 (#%i)', async () => {
    const runs = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        original(`gate-${i}`, DAG, { root: fail('Root: x') }, {}),
      ),
    );
    const ids = runs.map((r) => r.runId);
    const from = logSize();
    const result = await action({ 'run-id': ids.join('\n'), concurrency: '5' });
    expect(result.outputs['run-id']!.split('\n')).toEqual(ids);
    // No wrong outcome, run by run: each change follows from its own original (a second try of
    // the scenario replays runs the first try fixed: still-passing), and a run is ERROR only
    // where the engine dropped its replay (LOCK_ERROR in its log) and the action said so.
    const dropped = logSince(from).includes(LOCK_ERROR);
    const results = JSON.parse(result.outputs.results!) as {
      originalStatus: string;
      status: string;
      change: string;
    }[];
    for (const r of results) {
      if (r.status === 'ERROR' && dropped) {
        expect(result.stdout).toMatch(/did not accept the replay/);
        continue;
      }
      expect(r.status, why(result)).toBe('COMPLETED');
      expect(r.change).toBe(r.originalStatus === 'COMPLETED' ? 'still-passing' : 'fixed');
    }
    if (!dropped) expect(result.outputs, why(result)).toMatchObject({ passed: 'true' });
  });

  it.each(TIMES)(
    'a runner profile made by `hatchet profile add` (no token input) (#%i)',
    async () => {
      const { runId } = await original('profile', TASK, { [TASK]: fail('TaskError: p') }, {});
      const runner = runnerFiles();
      const added = spawnSync(
        state.cli,
        ['profile', 'add', '--name', 'ci', '--token', state.token],
        {
          env: cliEnv(runner.home),
          encoding: 'utf8',
        },
      );
      expect(added.status, added.stderr).toBe(0);
      const result = await action({ 'run-id': runId, token: '' }, { runner });
      expect(result.outputs, why(result)).toMatchObject({ status: 'COMPLETED', change: 'fixed' });
    },
  );
});

describe.concurrent(
  're-trigger and trigger mode (plaintext gRPC: the profile the action writes)',
  () => {
    it.each(TIMES)('re-trigger with new input (#%i)', async () => {
      const { runId, key } = await original('retrigger', DAG, {}, {});
      const result = await action({
        'run-id': runId,
        input: JSON.stringify({ key, value: 'new' }),
      });
      expect(result.outputs, why(result)).toMatchObject({
        mode: 'retrigger',
        'original-run-id': runId,
        workflow: DAG,
        status: 'COMPLETED',
        passed: 'true',
      });
      expect(result.outputs['run-id']).not.toBe(runId);
      expect(result.tempFiles.filter((f) => f.includes('input'))).toEqual([]);
    });

    it.each(TIMES)('trigger mode from a cases file (#%i)', async () => {
      const key = newKey('cases');
      setBehaviour(BEHAVIOUR_DIR, key, {});
      const dir = mkdtempSync(join(tmpdir(), 'cases-'));
      const file = join(dir, 'cases.json');
      writeFileSync(
        file,
        JSON.stringify([
          { name: 'first', input: { key, value: 1 } },
          { name: 'second', input: { key, value: 2 } },
        ]),
      );
      const result = await action({ workflow: TASK, 'input-file': file });
      // SPEC.md: `mode` is `replay` or `retrigger`; a workflow triggered with input and no
      // original run is a re-trigger too (with an empty `original-run-id`).
      expect(result.outputs, why(result)).toMatchObject({
        mode: 'retrigger',
        'original-run-id': '\n',
        workflow: TASK,
        status: 'COMPLETED',
        passed: 'true',
      });
      expect(JSON.parse(result.outputs.results!)).toHaveLength(2);
    });

    it.each(TIMES)('no worker serves the workflow: start-timeout (#%i)', async () => {
      const result = await action({
        workflow: ORPHAN,
        input: JSON.stringify({ key: newKey('orphan') }),
        'start-timeout': '6s',
      });
      expect(result.outputs.passed, why(result)).toBe('false');
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/no worker picked it up/);
      // cancel-on-abort (default true): the queued run is cancelled.
      const details = await waitFinished(state, home, result.outputs['run-id']!, { quietMs: 500 });
      expect(details.run.status).toBe('CANCELLED');
    });
  },
);

describe('selection by filter', () => {
  it.each(TIMES)('replays the failed runs of a workflow, and only those (#%i)', async () => {
    const runs = await Promise.all(
      [1, 2].map((i) => original(`select-${i}`, SELECT, { [SELECT]: fail('SelectError') }, {})),
    );
    const ok = await original('select-ok', SELECT, {}, {});
    const result = await action({ 'select-workflow': SELECT, 'select-since': '1h' });
    expect(result.outputs, why(result)).toMatchObject({
      status: 'COMPLETED',
      passed: 'true',
      change: 'fixed',
    });
    const picked = result.outputs['original-run-id']!.split('\n').sort();
    // Run again after a dropped replay, it finds only the runs the first try did not fix.
    if (result.again) expect(runs.map((r) => r.runId)).toEqual(expect.arrayContaining(picked));
    else expect(picked).toEqual(runs.map((r) => r.runId).sort());
    expect(picked).not.toContain(ok.runId);
  });
});

/**
 * A whole step (main + post) on a new original run whose replay hangs, then the run once it is
 * final. When the engine dropped the replay (LOCK_ERROR in its log since the step began: a replay
 * sent beside another scenario's), the run never left its original COMPLETED, and the scenario
 * tested nothing: it is run once more.
 */
async function hangingStep(name: string, inputs: Record<string, string>, cancel?: 'pending') {
  const once = async () => {
    const { runId } = await original(name, DAG, {}, { root: { mode: 'hang' } });
    const runner = runnerFiles();
    const from = logSize();
    await turn();
    const started = Date.now();
    const { main, post } = await runStep({
      runner,
      cancel,
      inputs: { install: 'false', token: state.token, 'run-id': runId, ...inputs },
      env: { PATH: `${state.bin}${delimiter}${process.env.PATH}` },
    });
    const tookMs = Date.now() - started;
    const details = await waitFinished(state, home, runId, { quietMs: 500 });
    const dropped = details.run.status === 'COMPLETED' && logSince(from).includes(LOCK_ERROR);
    return { runner, main, post, tookMs, details, dropped };
  };
  const first = await once();
  if (!first.dropped) return first;
  console.warn(`test:hatchet: the engine dropped a replay (${LOCK_ERROR}); running it again`);
  return once();
}

describe.concurrent('stopping: timeout, the job cancelled, the post step', () => {
  it.each(TIMES)(
    'timeout: TIMED_OUT, the run cancelled, the post step has nothing left (#%i)',
    async () => {
      const { main, post, details } = await hangingStep('timeout', {
        timeout: '8s',
        'poll-interval': '1s',
      });
      expect(main.outputs, why(main)).toMatchObject({ status: 'TIMED_OUT', passed: 'false' });
      expect(main.code).toBe(1);
      expect(post.code, why(post)).toBe(0);
      expect(details.run.status).toBe('CANCELLED');
    },
  );

  it.each(TIMES)('the job cancelled mid-wait: ABORTED, the run cancelled (#%i)', async () => {
    const { runner, main, post, tookMs, details } = await hangingStep(
      'abort',
      { 'poll-interval': '1s' },
      'pending',
    );
    expect(main.outputs, why(main)).toMatchObject({ status: 'ABORTED', passed: 'false' });
    expect(main.code).not.toBe(0);
    expect(tookMs).toBeLessThan(60_000);
    expect(post.code, why(post)).toBe(0);
    expect(details.run.status).toBe('CANCELLED');
    expect(existsSync(join(runner.temp, 'hatchet-home'))).toBe(false);
  });
});

// Keep the CLI helper referenced for debugging sessions (`cli(state, home, [...])`).
void cli;
