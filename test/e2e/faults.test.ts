import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  createSim,
  isAlive,
  makeToken,
  whenRunPending,
  runAction,
  runnerFiles,
} from '../harness/sim.mjs';

// The fault matrix: one test per guarantee, each checking the exit code, the `status` output,
// the simulator's call log, the temp directory, leftover processes and the token.

const WF = { id: '5d0c7b3e-8f1a-4c2d-9e6b-3a7f1d2c4b58', name: 'order-processing' };
const RUN = '0b5e1c6a-2f43-4f0e-9a59-6a1c3e7d9b21';
const HUNG = '2d703e8c-4165-4b20-9c7b-8c3e5a9f1d43';

function scenario(extra: Record<string, unknown> = {}, replay: Record<string, unknown> = {}) {
  return {
    workflows: [WF],
    runs: [
      {
        id: RUN,
        workflow: WF.name,
        tasks: ['validate', 'charge'],
        original: { status: 'FAILED', error: 'E' },
        replays: [{ status: 'COMPLETED', staleMs: 300, durationMs: 1_200, ...replay }],
      },
      {
        id: HUNG,
        workflow: WF.name,
        tasks: ['forever'],
        original: { status: 'COMPLETED' },
        replays: [{ status: 'RUNNING', staleMs: 100 }],
      },
    ],
    triggers: { [WF.name]: { attempt: { status: 'COMPLETED', durationMs: 300 } } },
    ...extra,
  };
}

type Result = Awaited<ReturnType<typeof runAction>>;
type Sim = ReturnType<typeof createSim>;

/** Nothing lost, nothing leaked, nothing left running. */
function expectClean(result: Result, sim: Sim, token: string) {
  expect(result.tempFiles.filter((f) => !f.startsWith('hatchet-replay-report-'))).toEqual([]);
  const pids = sim
    .calls()
    .flatMap((c) => [c.pid, c.grandchild])
    .filter(Boolean) as number[];
  expect(pids.filter(isAlive)).toEqual([]);
  const printed = result.stdout.split('\n').filter((line) => line.includes(token));
  expect(printed.every((line) => line.startsWith('::add-mask::'))).toBe(true);
  expect(result.stdout.indexOf(`::add-mask::${token}`)).toBe(0);
  expect(result.summary).not.toContain(token);
  expect(JSON.stringify(result.outputs)).not.toContain(token);
  if (result.outputs.report)
    expect(readFileSync(result.outputs.report, 'utf8')).not.toContain(token);
}

const errorOf = (result: Result) =>
  result.commands
    .filter((c) => c.name === 'error' && !c.properties)
    .map((c) => c.data)
    .join('\n');

describe.concurrent('fault matrix', () => {
  it('transient failures while polling and fetching logs are retried, and the run still passes', async () => {
    const token = makeToken();
    const sim = createSim(
      scenario({
        faults: [
          { command: 'runs get', kind: 'network', after: 1, count: 1 },
          { command: 'runs get', kind: 'rate-limit', after: 2, count: 1 },
          { command: 'runs get', kind: 'server-error', after: 3, count: 1 },
          { command: 'runs get', kind: 'crash', after: 4, count: 1 },
          { command: 'runs logs', kind: 'network', count: 1 },
        ],
      }),
    );
    const result = await runAction({
      sim,
      inputs: { 'run-id': RUN, token, 'poll-interval': '1s' },
    });
    expect(result.code).toBe(0);
    expect(result.outputs.status).toBe('COMPLETED');
    expect(result.stdout).toMatch(/dial tcp .*checking again \(1\)/);
    expect(result.stdout).toMatch(/exited with code 2: panic.*checking again \(4\)/);
    expect(result.stdout).toMatch(/status 429/);
    // Both tasks' logs arrived despite the failed first attempt.
    const report = JSON.parse(readFileSync(result.outputs.report as string, 'utf8'));
    expect(report.runs[0].logs.every((l: { lines: unknown[] }) => l.lines.length > 0)).toBe(true);
    expectClean(result, sim, token);
  });

  it('a permanent failure (token refused) ends the wait at once with a clear error', async () => {
    const token = makeToken();
    const sim = createSim(
      scenario({ faults: [{ command: 'runs get', kind: 'unauthorized', after: 2, count: -1 }] }),
    );
    const result = await runAction({ sim, inputs: { 'run-id': RUN, token } });
    expect(result.code).toBe(1);
    expect(result.outputs.status).toBe('ERROR');
    expect(sim.commands('runs get')).toHaveLength(3);
    expect(errorOf(result)).toMatch(/Hatchet refused the token for run 0b5e1c6a.*status 403/);
    expectClean(result, sim, token);
  });

  it('a trigger that fails is never retried', async () => {
    const token = makeToken();
    const sim = createSim(scenario({ faults: [{ command: 'trigger manual', kind: 'network' }] }));
    const result = await runAction({ sim, inputs: { 'run-id': RUN, token, input: '{"a": 1}' } });
    expect(result.code).toBe(1);
    expect(result.outputs.status).toBe('ERROR');
    expect(sim.commands('trigger manual')).toHaveLength(1);
    expect(errorOf(result)).toMatch(
      /not retried: it is not idempotent, and a run may have been created anyway/,
    );
    expectClean(result, sim, token);
  });

  it('a hanging CLI call is killed with what it started, and the timeout holds', async () => {
    const token = makeToken();
    const sim = createSim(
      scenario({ faults: [{ command: 'runs get', kind: 'hang', after: 1, count: -1 }] }),
    );
    const result = await runAction({ sim, inputs: { 'run-id': HUNG, token, timeout: '3s' } });
    expect(result.code).toBe(1);
    expect(result.outputs.status).toBe('TIMED_OUT');
    expect(result.ms).toBeLessThan(15_000);
    expect(sim.calls().some((c) => c.grandchild)).toBe(true);
    expect(sim.commands('runs cancel')).toHaveLength(1);
    expectClean(result, sim, token);
  });

  it.each(['garbage', 'empty', 'shape'])(
    '%s output: a clear error with an excerpt, never a stack trace or a verdict',
    async (kind) => {
      const token = makeToken();
      const sim = createSim(
        scenario({ faults: [{ command: 'runs get', kind, after: 1, count: -1 }] }),
      );
      const result = await runAction({
        sim,
        inputs: { 'run-id': RUN, token, 'poll-interval': '1s' },
      });
      expect(result.code).toBe(1);
      expect(result.outputs.status).toBe('ERROR');
      expect(errorOf(result)).toMatch(
        /printed (output that is not JSON|JSON of an unexpected shape)/,
      );
      expect(result.stdout).not.toMatch(/^\s+at .*\(.*:\d+:\d+\)$/m);
      // Retried within the budget before giving up.
      expect(sim.commands('runs get').length).toBe(8);
      expectClean(result, sim, token);
    },
  );

  it('an unknown status is not taken as finished', async () => {
    const token = makeToken();
    const sim = createSim(scenario({}, { status: 'BACKOFF', durationMs: 200 }));
    // `timeout` counts from the first call: room for the read and the replay on a busy machine.
    const result = await runAction({ sim, inputs: { 'run-id': RUN, token, timeout: '6s' } });
    expect(result.outputs.status).toBe('TIMED_OUT');
    expect(result.stdout).toMatch(/BACKOFF/);
    expectClean(result, sim, token);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)(
    'job cancellation (%s): stops, cancels the run, writes the summary, exits non-zero within 7 s',
    async (signal) => {
      const token = makeToken();
      const sim = createSim(scenario());
      const runner = runnerFiles();
      let signalledAt = 0;
      const result = await runAction({
        sim,
        runner,
        inputs: { 'run-id': HUNG, token },
        onSpawn: (child) =>
          whenRunPending(runner, () =>
            setTimeout(() => {
              signalledAt = Date.now();
              child.kill(signal);
            }, 500),
          ),
      });
      const took = Date.now() - signalledAt;
      expect(result.code).not.toBe(0);
      expect(took).toBeLessThan(7_000);
      expect(result.outputs.status).toBe('ABORTED');
      expect(sim.commands('runs cancel')).toEqual([
        ['runs', 'cancel', HUNG, '-p', 'ci', '-o', 'json'],
      ]);
      expect(result.summary).toMatch(/ABORTED/);
      expect(result.summary).toMatch(/job was cancelled/);
      // The main step clears the run from what the post step cancels once Hatchet answered its
      // cancel. On a machine too busy to answer within the cancel's 4 s deadline, the run is left
      // to the post step instead: either way the summary must say which, and nothing is lost.
      const pending = JSON.parse(result.state.cleanup as string).pending;
      if (pending.length === 0) {
        expect(result.summary).toContain(`Cancelled run ${HUNG}.`);
        expectClean(result, sim, token);
        return;
      }
      expect(pending).toEqual([HUNG]);
      expect(result.summary).toMatch(/Could not cancel run .* did not answer within 4s/);
      const post = await runAction({
        sim,
        runner,
        entry: 'dist/post/index.js',
        state: result.state,
      });
      expect(post.stdout).toContain(`Cancelled run ${HUNG}`);
      expectClean({ ...result, tempFiles: readdirSync(runner.temp) }, sim, token);
    },
  );

  it('the token is masked first and redacted from Hatchet text everywhere', async () => {
    const token = makeToken();
    const leak = `connecting with ${token} failed`;
    const sim = createSim(
      scenario(
        {},
        {
          status: 'FAILED',
          error: leak,
          logs: { charge: [leak], validate: ['ok'] },
          output: { t: token },
        },
      ),
    );
    const result = await runAction({ sim, inputs: { 'run-id': RUN, token } });
    expect(result.code).toBe(1);
    expect(result.summary).toContain('connecting with *** failed');
    const annotations = result.commands.filter((c) => c.name === 'error');
    expect(annotations.length).toBeGreaterThan(0);
    expect(JSON.stringify(annotations)).not.toContain(token);
    expectClean(result, sim, token);
  });

  it('an unexpected exception ends in one error with a useful message, and nothing left behind', async () => {
    const token = makeToken();
    const sim = createSim(scenario());
    const runner = runnerFiles();
    // RUNNER_TEMP is a file: the private CLI home cannot be created.
    const result = await runAction({
      sim,
      runner,
      inputs: { 'run-id': RUN, token },
      env: { RUNNER_TEMP: runner.files.GITHUB_OUTPUT.replace(/output$/, 'summary.md') },
    });
    expect(result.code).toBe(1);
    const errors = result.commands.filter((c) => c.name === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.data).toMatch(/ENOTDIR/);
    expect(result.outputs.status).toBe('ERROR');
    expect(sim.calls().filter((c) => c.argv && c.argv[0] !== '--version')).toEqual([]);
    expectClean(result, sim, token);
  });
});
