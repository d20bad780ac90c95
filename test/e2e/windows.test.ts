import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WINDOWS, WINDOW_RUN as RUN } from '../harness/scenarios.mjs';
import { SIM_BIN, createSim, isAlive, makeToken, runAction, runnerFiles } from '../harness/sim.mjs';

// Issue 21's windows, end to end: each scenario once fooled the verdict, hung past `timeout` or
// left a run going. The bundle runs as the runner runs it, against the simulator.

const MAIN = 'dist/index.js';
const POST = 'dist/post/index.js';
const token = makeToken();
type Sim = ReturnType<typeof createSim>;
type Result = Awaited<ReturnType<typeof runAction>>;

/** Every action the simulated engine recorded (replays, cancels, triggers). */
function actions(sim: Sim): { type: string; runId: string; t: number }[] {
  const file = join(sim.dir, 'state.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).actions : [];
}

/** Calls `then` once the simulator has received a call of `command`. */
function whenCalled(sim: Sim, command: string, then: () => void) {
  const timer = setInterval(() => {
    if (sim.commands(command).length === 0) return;
    clearInterval(timer);
    then();
  }, 50);
}

const results = (result: Result) =>
  JSON.parse(result.outputs.results as string) as { status: string; change: string }[];

/** Nothing the action started is still alive. */
function expectNoProcessLeft(sim: Sim) {
  const pids = sim
    .calls()
    .flatMap((c) => [c.pid, c.grandchild])
    .filter(Boolean) as number[];
  expect(pids.filter(isAlive)).toEqual([]);
}

describe.concurrent('the verdict never picks a side', () => {
  it('a fix whose run row reads the old FAILED past the settle period passes', async () => {
    const sim = createSim(WINDOWS.runRowLagsPastSettle);
    const result = await runAction({ sim, entry: MAIN, inputs: { 'run-id': RUN, token } });
    expect(result.outputs.status).toBe('COMPLETED');
    expect(result.outputs.change).toBe('fixed');
    expect(result.code).toBe(0);
  });

  it('a fix whose downstream row resets after 12.7 s passes, not ERROR', async () => {
    const sim = createSim(WINDOWS.slowDownstreamReset);
    const result = await runAction({ sim, entry: MAIN, inputs: { 'run-id': RUN, token } });
    expect(result.outputs.status).toBe('COMPLETED');
    expect(result.outputs.change).toBe('fixed');
    expect(result.code).toBe(0);
  });

  it('a new failure above an old row is told from the original failure', async () => {
    const sim = createSim(WINDOWS.newFailureAboveOldRow);
    const result = await runAction({ sim, entry: MAIN, inputs: { 'run-id': RUN, token } });
    expect(result.outputs.status).toBe('FAILED');
    expect(result.outputs.change).toBe('fails-differently');
    const errors = result.commands.filter((c) => c.name === 'error').map((c) => c.data);
    expect(errors.join('\n')).toMatch(/ValidationError/);
    expect(errors.join('\n')).not.toMatch(/CardError/);
  });

  it('the same error with another charge id is still-failing', async () => {
    const sim = createSim(WINDOWS.sameErrorOtherId);
    const result = await runAction({ sim, entry: MAIN, inputs: { 'run-id': RUN, token } });
    expect(result.outputs.status).toBe('FAILED');
    expect(result.outputs.change).toBe('still-failing');
  });
});

describe.concurrent('a settled baseline', () => {
  it('repeat: a repetition starts only once the previous one has finished resetting', async () => {
    const sim = createSim(WINDOWS.repeatWhileResetting);
    const result = await runAction({
      sim,
      entry: MAIN,
      inputs: { 'run-id': RUN, token, repeat: '2' },
    });
    expect(results(result).map((r) => r.status)).toEqual(['FAILED', 'FAILED']);
    expect(results(result).map((r) => r.change)).toEqual(['regressed', 'regressed']);
    expect(result.outputs.status).toBe('FAILED');
  });

  it('a replay sent by another step a moment before is waited out, not taken for ours', async () => {
    const sim = createSim(WINDOWS.replayedBackToBack);
    const other = spawnSync(
      join(SIM_BIN, 'hatchet'),
      ['runs', 'replay', RUN, '-p', 'x', '-o', 'json'],
      {
        env: { ...process.env, ...sim.env, HATCHET_CLIENT_TOKEN: token },
      },
    );
    expect(other.status).toBe(0);
    const result = await runAction({ sim, entry: MAIN, inputs: { 'run-id': RUN, token } });
    expect(result.outputs.status).toBe('COMPLETED');
    expect(result.code).toBe(0);
    expect(actions(sim).filter((a) => a.type === 'replay')).toHaveLength(2);
  });

  it("the engine's own retry of the original is not the replay's acceptance", async () => {
    const sim = createSim(WINDOWS.retryPendingDropsReplay);
    const result = await runAction({
      sim,
      entry: MAIN,
      inputs: { 'run-id': RUN, token, 'expected-status': 'FAILED', timeout: '20s' },
    });
    // The replay was sent while a retry was pending (so dropped), or after the retry ended.
    const replayedAt = actions(sim).find((a) => a.type === 'replay')?.t ?? 0;
    const epoch = JSON.parse(readFileSync(join(sim.dir, 'state.json'), 'utf8')).epoch as number;
    if (replayedAt - epoch < 5_000) {
      expect(result.outputs.status).toBe('ERROR');
      expect(result.stdout).toMatch(/did not accept the replay/);
      expect(result.code).toBe(1);
    } else expect(result.outputs.status).toBe('FAILED');
  });
});

describe.concurrent('timeout bounds the whole run', () => {
  it.each(['runs get', 'runs replay'])(
    'a hanging `%s` with timeout 10s ends the step within seconds of it',
    async (command) => {
      const sim = createSim({
        ...WINDOWS.neverEnds,
        faults: [{ command, kind: 'hang', count: -1 }],
      });
      const result = await runAction({
        sim,
        entry: MAIN,
        inputs: { 'run-id': RUN, token, timeout: '10s' },
      });
      expect(result.ms).toBeLessThan(20_000);
      expect(result.outputs.status).toBe('TIMED_OUT');
      expect(sim.commands('runs replay').length).toBeLessThanOrEqual(1);
      expectNoProcessLeft(sim);
    },
    60_000,
  );

  it('events 2.5 s late with start-timeout 2s: the replay is accepted, not called dropped', async () => {
    const sim = createSim(WINDOWS.lateEvents);
    const result = await runAction({
      sim,
      entry: MAIN,
      inputs: { 'run-id': RUN, token, 'start-timeout': '2s' },
    });
    expect(result.stdout).not.toMatch(/did not accept the replay/);
    expect(result.outputs.status).toBe('COMPLETED');
  });

  it('a re-triggered run that answers 404 past the grace period is followed to its end', async () => {
    const sim = createSim(WINDOWS.notFoundPastGrace);
    const result = await runAction({
      sim,
      entry: MAIN,
      inputs: { 'run-id': RUN, token, input: '{"retry": true}', timeout: '60s' },
    });
    expect(result.stdout).not.toMatch(/Hatchet has no run/);
    expect(result.commands.filter((c) => c.name === 'error').map((c) => c.data)).toEqual([]);
    expect(result.outputs.status).toBe('COMPLETED');
    expect(result.code).toBe(0);
  }, 90_000);
});

describe.concurrent('nothing left running', () => {
  it('the job cancelled while `runs replay` is in flight: the replay that took effect is cancelled', async () => {
    const sim = createSim({
      ...WINDOWS.neverEnds,
      faults: [{ command: 'runs replay', kind: 'hang', tookEffect: true }],
    });
    const runner = runnerFiles();
    const main = await runAction({
      sim,
      runner,
      entry: MAIN,
      inputs: { 'run-id': RUN, token },
      onSpawn: (child) =>
        whenCalled(sim, 'runs replay', () => setTimeout(() => child.kill('SIGINT'), 500)),
    });
    expect(main.outputs.status).toBe('ABORTED');
    expect(main.summary).toMatch(/cut off in flight and may have taken effect/);
    const post = await runAction({ sim, runner, entry: POST, state: main.state });
    expect(post.stdout).toMatch(/Cancelled run .*, which the main step left running/);
    const cancels = actions(sim).filter((a) => a.type === 'cancel');
    expect(cancels.map((a) => a.runId)).toEqual([RUN]);
    expectNoProcessLeft(sim);
  }, 60_000);

  it('the step killed while `trigger` is in flight: the post step stops it and removes the input file', async () => {
    const sim = createSim({
      ...WINDOWS.neverEnds,
      faults: [{ command: 'trigger manual', kind: 'slow', delayMs: 4_000 }],
    });
    const runner = runnerFiles();
    const main = await runAction({
      sim,
      runner,
      entry: MAIN,
      inputs: { 'run-id': RUN, token, input: '{"retry": true}' },
      onSpawn: (child) =>
        whenCalled(sim, 'trigger manual', () => setTimeout(() => child.kill('SIGKILL'), 300)),
    });
    expect(main.signal).toBe('SIGKILL');
    const post = await runAction({ sim, runner, entry: POST, state: main.state });
    expect(post.code).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    expect(actions(sim).filter((a) => a.type === 'trigger')).toEqual([]);
    expect(post.tempFiles.filter((f) => f.startsWith('hatchet-input-'))).toEqual([]);
    expectNoProcessLeft(sim);
  }, 60_000);
});
