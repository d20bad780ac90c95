import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSim, makeToken, runAction } from '../harness/sim.mjs';
import { retryBlips } from '../conformance/traces.mjs';

// The verdict against an engine that behaves as Hatchet's source says: `runs get` is eventually
// consistent, so a replayed run passes through windows that still show the old outcome.

const WF = { id: '5d0c7b3e-8f1a-4c2d-9e6b-3a7f1d2c4b58', name: 'order-processing' };
const RUN = '0b5e1c6a-2f43-4f0e-9a59-6a1c3e7d9b21';
const RUNS = [RUN, '1c6f2d7b-3054-4a1f-8b6a-7b2d4f8e0c32', '2d703e8c-4165-4b20-9c7b-8c3e5a9f1d43'];
const TASKS = ['validate-order', 'charge-payment', 'send-confirmation'];
const token = makeToken();

function dag(id: string, original: object, replay: object) {
  return { id, workflow: WF.name, tasks: TASKS, original, replays: [replay] };
}

/** The accepted replays, as the simulator recorded them. */
function replaysOf(sim: ReturnType<typeof createSim>, id: string): number {
  const state = JSON.parse(readFileSync(join(sim.dir, 'state.json'), 'utf8'));
  return state.actions.filter(
    (a: { type: string; runId: string }) => a.type === 'replay' && a.runId === id,
  ).length;
}

describe.concurrent('the verdict waits for a settled snapshot', () => {
  it('COMPLETED → FAILED in a downstream task, old rows reset late: the step fails (regressed)', async () => {
    const sim = createSim({
      workflows: [WF],
      runs: [
        dag(
          RUN,
          { status: 'COMPLETED' },
          {
            status: 'FAILED',
            failTaskIndex: 2,
            error: 'SmtpError: connection refused',
            durationMs: 900,
            staleMs: 200,
            engine: { path: 'events-first', downstreamResetMs: 1_500 },
          },
        ),
      ],
    });
    const result = await runAction({ sim, inputs: { 'run-id': RUN, token } });
    expect(result.outputs.status).toBe('FAILED');
    expect(result.outputs.change).toBe('regressed');
    expect(result.outputs.passed).toBe('false');
    expect(result.code).toBe(1);
  });

  it('FAILED → COMPLETED with the whole new attempt inside the DAG row’s lag: the step passes', async () => {
    const sim = createSim({
      workflows: [WF],
      runs: [
        dag(
          RUN,
          {
            status: 'FAILED',
            failTaskIndex: 1,
            error: 'PaymentError: amount 129.9 is not in cents',
          },
          {
            status: 'COMPLETED',
            durationMs: 300,
            staleMs: 100,
            engine: { path: 'events-first', dagLagMs: 4_000 },
          },
        ),
      ],
    });
    const result = await runAction({ sim, inputs: { 'run-id': RUN, token } });
    expect(result.outputs.status).toBe('COMPLETED');
    expect(result.outputs.change).toBe('fixed');
    expect(result.code).toBe(0);
  });

  it('a gate of COMPLETED runs with one regression fails with status MIXED', async () => {
    const sim = createSim({
      workflows: [WF],
      engine: { path: 'events-first' },
      runs: [
        dag(
          RUNS[0]!,
          { status: 'COMPLETED' },
          { status: 'COMPLETED', durationMs: 500, staleMs: 100 },
        ),
        dag(
          RUNS[1]!,
          { status: 'COMPLETED' },
          {
            status: 'FAILED',
            failTaskIndex: 2,
            error: 'boom',
            durationMs: 500,
            staleMs: 100,
            downstreamResetMs: 1_000,
          },
        ),
        dag(
          RUNS[2]!,
          { status: 'COMPLETED' },
          { status: 'COMPLETED', durationMs: 500, staleMs: 100 },
        ),
      ],
    });
    const result = await runAction({ sim, inputs: { 'run-id': RUNS.join('\n'), token } });
    expect(result.outputs.status).toBe('MIXED');
    expect(result.outputs.change).toBe('mixed');
    const results = JSON.parse(result.outputs.results as string);
    expect(results.map((r: { change: string }) => r.change)).toEqual([
      'still-passing',
      'regressed',
      'still-passing',
    ]);
    expect(result.code).toBe(1);
  });

  it('names a replay the engine dropped, within the bound (half the timeout here)', async () => {
    const sim = createSim({
      workflows: [WF],
      runs: [dag(RUN, { status: 'FAILED' }, { dropped: true })],
    });
    const result = await runAction({ sim, inputs: { 'run-id': RUN, token, timeout: '8s' } });
    expect(result.code).toBe(1);
    expect(result.outputs.status).toBe('ERROR');
    expect(result.stdout).toMatch(/did not accept the replay/);
    expect(result.stdout).not.toMatch(/no worker picked it up/);
    // Bounded by half of `timeout` (4 s), not the whole timeout.
    const waited = Number(/for (\d+(?:\.\d+)?)s `runs get` showed no/.exec(result.stdout)?.[1]);
    expect(waited).toBeGreaterThanOrEqual(4);
    expect(waited).toBeLessThan(8);
    expect(result.summary).toMatch(/did not accept the replay/);
  });

  it.each([
    [true, 1],
    [false, 2],
  ])(
    'survives a 503 on runs replay (took effect: %s) with exactly one accepted replay',
    async (tookEffect, sent) => {
      const sim = createSim({
        workflows: [WF],
        runs: [
          dag(RUN, { status: 'FAILED' }, { status: 'COMPLETED', durationMs: 300, staleMs: 200 }),
        ],
        faults: [
          { command: 'runs replay', kind: 'server-error', status: 503, count: 1, tookEffect },
        ],
      });
      const result = await runAction({ sim, inputs: { 'run-id': RUN, token } });
      expect(result.outputs.status).toBe('COMPLETED');
      expect(result.code).toBe(0);
      expect(sim.commands('runs replay')).toHaveLength(sent);
      expect(replaysOf(sim, RUN)).toBe(1);
    },
  );

  it.each([
    // Downstream rows reset later than the old 10 s settle period: judged on new rows only.
    [8_000, 'FAILED', 'regressed'],
    [30_000, 'FAILED', 'regressed'],
    // Never reset: the rows never agree, and the timeout ends it as ERROR, never a pass.
    [Infinity, 'ERROR', undefined],
  ])(
    'COMPLETED → FAILED with downstream rows reset after %d ms is never a pass',
    async (resetMs, status, change) => {
      const never = !Number.isFinite(resetMs);
      const sim = createSim({
        workflows: [WF],
        runs: [
          {
            id: RUN,
            workflow: WF.name,
            tasks: ['a', 'b'],
            original: { status: 'COMPLETED' },
            replays: [
              {
                status: 'FAILED',
                failTaskIndex: 1,
                durationMs: 400,
                staleMs: 100,
                ...(never ? { neverResetTask: 'b' } : { downstreamResetMs: resetMs }),
              },
            ],
          },
        ],
      });
      const timeout = never ? '15s' : '2m';
      const result = await runAction({ sim, inputs: { 'run-id': RUN, token, timeout } });
      expect(result.code).toBe(1);
      expect(result.outputs.passed).toBe('false');
      expect(result.outputs.status).toBe(status);
      expect(result.outputs.change).toBe(change ?? '');
      if (status === 'ERROR')
        expect(result.stdout).toMatch(
          /When the timeout came, task 'b' kept its row from before the replay/,
        );
    },
  );

  it.each([
    ['the engine’s typical one', 30],
    ['the longest recorded on the engine', retryBlips().longestMs],
  ])(
    'a task that fails once and is retried is not taken for a FAILED run (blip: %s)',
    async (_name, retryGapMs) => {
      const sim = createSim({
        workflows: [WF],
        runs: [
          dag(
            RUN,
            { status: 'FAILED', failTaskIndex: 1, error: 'PaymentError: declined' },
            {
              status: 'COMPLETED',
              durationMs: 2_500,
              staleMs: 100,
              retries: { 'send-confirmation': 1 },
              // The failed try reads FAILED (task and run row) this long before the retry shows.
              retryGapMs,
              retryError: 'PaymentError: timeout',
            },
          ),
        ],
      });
      const result = await runAction({ sim, inputs: { 'run-id': RUN, token } });
      expect(result.outputs.status).toBe('COMPLETED');
      expect(result.outputs.change).toBe('fixed');
      expect(result.code).toBe(0);
    },
  );

  it.each([
    [
      'gives it no retries: FAILED at the first sighting',
      {},
      /\] FAILED \(no failed task has retries in its workflow/,
    ],
    [
      'gives it one retry (fails, is retried, fails for good): FAILED after a second look',
      { retries: { 'charge-payment': 1 } },
      /\] FAILED \(confirmed by a second look \d+ms later\)/,
    ],
  ])('a failing task whose workflow %s', async (_name, extra, line) => {
    const sim = createSim({
      workflows: [WF],
      runs: [
        dag(
          RUN,
          { status: 'COMPLETED' },
          {
            status: 'FAILED',
            failTaskIndex: 1,
            durationMs: 900,
            staleMs: 100,
            error: 'E: no',
            ...extra,
          },
        ),
      ],
    });
    const result = await runAction({ sim, inputs: { 'run-id': RUN, token } });
    expect(result.outputs.status).toBe('FAILED');
    expect(result.stdout).toMatch(line);
  });
});
