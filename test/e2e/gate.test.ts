import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createSim, makeToken, runAction, runnerFiles, whenRunPending } from '../harness/sim.mjs';

// Several runs in one step: a regression gate.

const WF = { id: '5d0c7b3e-8f1a-4c2d-9e6b-3a7f1d2c4b58', name: 'order-processing' };
const IDS = [
  '0b5e1c6a-2f43-4f0e-9a59-6a1c3e7d9b21',
  '1c6f2d7b-3054-4a1f-8b6a-7b2d4f8e0c32',
  '2d703e8c-4165-4b20-9c7b-8c3e5a9f1d43',
] as const;
const token = makeToken();

function run(
  id: string,
  replay: Record<string, unknown>,
  original: Record<string, unknown> = { status: 'FAILED' },
) {
  return {
    id,
    workflow: WF.name,
    tasks: ['a', 'b'],
    original,
    replays: [{ staleMs: 200, durationMs: 1_500, ...replay }],
  };
}

/** Start and end times of each run's handling, from the call log. */
function spans(sim: ReturnType<typeof createSim>) {
  return IDS.map((id) => {
    const calls = sim
      .calls()
      .filter((c) => c.argv?.includes(id) && (c.argv[1] === 'replay' || c.argv[1] === 'get'));
    const replay = calls.find((c) => c.argv[1] === 'replay');
    return { start: replay.t as number, end: Math.max(...calls.map((c) => c.t as number)) };
  });
}

describe.concurrent('regression gate', () => {
  it('replays three runs at once; one failing fails the step with status MIXED', async () => {
    const sim = createSim({
      workflows: [WF],
      runs: [
        run(IDS[0], { status: 'COMPLETED' }),
        run(IDS[1], { status: 'FAILED', error: 'still broken' }),
        run(IDS[2], { status: 'COMPLETED' }),
      ],
    });
    const result = await runAction({
      sim,
      inputs: { 'run-id': `${IDS[0]}\n${IDS[1]}, ${IDS[2]}`, token },
    });
    expect(result.code).toBe(1);
    expect(result.outputs.status).toBe('MIXED');
    expect(result.outputs.passed).toBe('false');
    expect(result.outputs['run-id']).toBe(IDS.join('\n'));
    expect(result.outputs['original-run-id']).toBe(IDS.join('\n'));
    const results = JSON.parse(result.outputs.results as string);
    expect(results.map((r: { originalRunId: string }) => r.originalRunId)).toEqual([...IDS]);
    expect(results.map((r: { status: string }) => r.status)).toEqual([
      'COMPLETED',
      'FAILED',
      'COMPLETED',
    ]);
    expect(results.map((r: { passed: boolean }) => r.passed)).toEqual([true, false, true]);
    expect(results[0]).toMatchObject({
      runId: IDS[0],
      workflow: WF.name,
      originalStatus: 'FAILED',
      durationMs: 1_500,
    });
    expect(result.summary.split('\n')[0]).toBe(
      '## ❌ 1 of 3 runs did not pass — 1 failing differently · 2 fixed',
    );
    // One row per run, the failed one first; its details follow, not folded away.
    const rows = result.summary.match(/^\| \[#\d\]\(.*$/gm) ?? [];
    expect(rows.map((row) => /\[#(\d)\]/.exec(row)?.[1])).toEqual(['2', '1', '3']);
    expect(rows[0]).toMatch(/\| \*\*fails-differently\*\* \| ❌ FAILED \| b \| still broken \|/);
    expect(result.summary).toMatch(/#### ❌ b failed\n[^]*```\nstill broken\n```/);
    expect(result.summary).not.toMatch(/<details open>/);
    // Concurrent: every replay was sent before any run was done.
    const s = spans(sim);
    expect(Math.max(...s.map((x) => x.start))).toBeLessThan(Math.min(...s.map((x) => x.end)));
  });

  it('with `concurrency: 1`, handles one run after the other', async () => {
    const sim = createSim({
      workflows: [WF],
      runs: IDS.map((id) => run(id, { status: 'COMPLETED', durationMs: 300 })),
    });
    const result = await runAction({
      sim,
      inputs: { 'run-id': IDS.join(' '), token, concurrency: '1' },
    });
    expect(result.code).toBe(0);
    expect(result.outputs.status).toBe('COMPLETED');
    expect(result.outputs.passed).toBe('true');
    const s = spans(sim);
    expect(s[1]!.start).toBeGreaterThan(s[0]!.end);
    expect(s[2]!.start).toBeGreaterThan(s[1]!.end);
  });

  it('`compare-output` fails a run whose output changed and passes an equal one, key order aside', async () => {
    const sim = createSim({
      workflows: [WF],
      runs: [
        run(
          IDS[0],
          { status: 'COMPLETED', output: { total: 12, currency: 'EUR' } },
          { status: 'COMPLETED', output: { total: 10, currency: 'EUR' } },
        ),
        run(
          IDS[1],
          { status: 'COMPLETED', output: { b: { y: 2, x: 1 }, a: [1, 2] } },
          { status: 'COMPLETED', output: { a: [1, 2], b: { x: 1, y: 2 } } },
        ),
      ],
    });
    const result = await runAction({
      sim,
      inputs: { 'run-id': `${IDS[0]} ${IDS[1]}`, token, 'compare-output': 'true' },
    });
    expect(result.code).toBe(1);
    const results = JSON.parse(result.outputs.results as string);
    expect(results.map((r: { status: string; passed: boolean }) => [r.status, r.passed])).toEqual([
      ['COMPLETED', false],
      ['COMPLETED', true],
    ]);
    expect(result.summary).toContain('Output differs from the original');
    // A DAG's outputs are compared task by task: `b` is the leaf that gives the total.
    expect(result.summary).toContain('- $.b.total: 10\n+ $.b.total: 12');
    const report = JSON.parse(readFileSync(result.outputs.report as string, 'utf8'));
    expect(report.runs[0].outputMismatch.original.b).toEqual({ currency: 'EUR', total: 10 });
    expect(report.runs[0].outputMismatch.replayed.b).toEqual({ currency: 'EUR', total: 12 });
  });

  it('`start-timeout` stops waiting on a run no worker picks up, says so, and cancels it', async () => {
    const sim = createSim({
      workflows: [WF],
      runs: [
        run(IDS[0], { status: 'QUEUED' }),
        run(IDS[1], { status: 'COMPLETED', durationMs: 300 }),
      ],
    });
    const result = await runAction({
      sim,
      inputs: { 'run-id': `${IDS[0]} ${IDS[1]}`, token, 'start-timeout': '2s' },
    });
    expect(result.code).toBe(1);
    const results = JSON.parse(result.outputs.results as string);
    expect(results.map((r: { status: string }) => r.status)).toEqual(['TIMED_OUT', 'COMPLETED']);
    expect(result.summary).toMatch(
      /still QUEUED after 2s .*no worker picked it up.*workflow &#39;order-processing&#39;/,
    );
    expect(sim.commands('runs cancel')).toEqual([
      ['runs', 'cancel', IDS[0], '-p', 'ci', '-o', 'json'],
    ]);
  });

  it('on job cancellation, cancels every run still going, once each', async () => {
    const sim = createSim({
      workflows: [WF],
      runs: IDS.map((id) => run(id, { status: 'RUNNING' })),
    });
    const runner = runnerFiles();
    const result = await runAction({
      sim,
      runner,
      inputs: { 'run-id': IDS.join(' '), token },
      // Once every replay is out (they are sent one at a time), however slow the machine.
      onSpawn: (child) => {
        const stop = whenRunPending(
          runner,
          () => setTimeout(() => child.kill('SIGINT'), 300),
          IDS.length,
        );
        child.on('close', stop);
      },
    });
    expect(result.code).not.toBe(0);
    expect(result.outputs.status).toBe('ABORTED');
    const cancelled = sim.commands('runs cancel').map((argv) => argv[2]);
    expect(cancelled.sort()).toEqual([...IDS].sort());
  });

  it('`compare-output` does not pass a run whose payloads Hatchet hides', async () => {
    const sim = createSim({
      workflows: [WF],
      runs: [
        {
          ...run(
            IDS[0],
            { status: 'COMPLETED', output: { a: 1 } },
            { status: 'COMPLETED', output: { a: 2 } },
          ),
          payloadsRestricted: true,
        },
      ],
    });
    const result = await runAction({
      sim,
      inputs: { 'run-id': IDS[0], token, 'compare-output': 'true' },
    });
    expect(result.code).toBe(1);
    expect(result.outputs).toMatchObject({ status: 'COMPLETED', passed: 'false' });
    expect(result.summary.split('\n')[0]).toBe(
      '## ❌ Still passing: completed, as the original run did — replay failed: COMPLETED as expected, but its output could not be checked',
    );
    expect(result.summary).toMatch(/cannot be compared&#58; Hatchet does not show its payloads/);
  });
});
