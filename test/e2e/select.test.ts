import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSim, makeToken, runAction, runnerFiles } from '../harness/sim.mjs';

// Runs chosen by what they are (`runs list`), replayed N times, or triggered from inputs kept
// in the repository.

const ORDERS = { id: '5d0c7b3e-8f1a-4c2d-9e6b-3a7f1d2c4b58', name: 'order-pipeline' };
const OTHER = { id: '6e1d8c4f-9a2b-4d3e-8f7c-4b8e2d3f5c69', name: 'billing' };
const token = makeToken();
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function run(n: number, workflow: string, status: string, agoMs: number, replay = {}) {
  return {
    id: id(n),
    workflow,
    tasks: ['a', 'b'],
    createdAgoMs: agoMs,
    original: { status, error: status === 'FAILED' ? 'Error: boom' : undefined },
    replays: [{ status: 'COMPLETED', durationMs: 200, staleMs: 100, ...replay }],
  };
}

const replayed = (sim: ReturnType<typeof createSim>) =>
  sim.commands('runs replay').map((argv: string[]) => argv[2]);

describe.concurrent('select, repeat, trigger', () => {
  it('replays exactly the 3 FAILED runs of one workflow among others, newest first', async () => {
    const sim = createSim({
      workflows: [ORDERS, OTHER],
      runs: [
        run(1, 'order-pipeline', 'FAILED', 3 * 3_600_000),
        run(2, 'order-pipeline', 'COMPLETED', 2 * 3_600_000),
        run(3, 'billing', 'FAILED', 3_600_000),
        run(4, 'order-pipeline', 'FAILED', 600_000),
        run(5, 'order-pipeline', 'FAILED', 2 * 86_400_000), // older than 24 h
        run(6, 'order-pipeline', 'FAILED', 60_000),
      ],
    });
    const result = await runAction({ sim, inputs: { 'select-workflow': 'order-pipeline', token } });
    expect(result.code).toBe(0);
    expect(replayed(sim).sort()).toEqual([id(1), id(4), id(6)].sort());
    expect(result.outputs['original-run-id']).toBe([id(6), id(4), id(1)].join('\n'));
    expect(result.outputs.change).toBe('fixed');
    expect(JSON.parse(result.outputs.selected as string)).toMatchObject({
      matched: 3,
      more: false,
      replayed: 3,
    });
    expect(result.summary).toMatch(/Selected by filter/);
    const list = sim.commands('runs list')[0] as string[];
    expect(list).toEqual(
      expect.arrayContaining(['-w', 'order-pipeline', '--status', 'FAILED', '--since', '24h']),
    );
  });

  it.each([
    ['fail', 1],
    ['pass', 0],
  ])('no match is its own outcome (on-no-match: %s)', async (onNoMatch, code) => {
    const sim = createSim({
      workflows: [ORDERS],
      runs: [run(1, 'order-pipeline', 'COMPLETED', 60_000)],
    });
    const result = await runAction({
      sim,
      inputs: { 'select-workflow': 'order-pipeline', 'on-no-match': onNoMatch, token },
    });
    expect(result.code).toBe(code);
    expect(result.outputs.status).toBe('NO_MATCH');
    expect(result.outputs.passed).toBe(String(onNoMatch === 'pass'));
    expect(result.summary).toMatch(/No run matched the filter/);
    expect(result.summary).toMatch(/order-pipeline/);
    expect(result.stdout).toMatch(
      /No run matched the filter: FAILED runs of workflow 'order-pipeline' created in the last 24h/,
    );
    expect(sim.commands('runs replay')).toHaveLength(0);
    expect(JSON.parse(result.outputs.selected as string)).toMatchObject({
      matched: 0,
      replayed: 0,
    });
    expect(JSON.parse(readFileSync(result.outputs.report as string, 'utf8')).runs).toEqual([]);
  });

  it('pages past the CLI’s page and takes the newest select-limit runs', async () => {
    const sim = createSim({
      workflows: [ORDERS],
      runGroups: [
        {
          count: 52,
          workflow: 'order-pipeline',
          idSeed: 'many',
          statuses: ['FAILED'],
          tasks: ['a'],
          replays: [{ status: 'COMPLETED', durationMs: 100, staleMs: 100 }],
        },
      ],
    });
    const result = await runAction({
      sim,
      inputs: {
        'select-workflow': 'order-pipeline',
        'select-limit': '51',
        concurrency: '25',
        token,
      },
    });
    expect(result.code).toBe(0);
    const offsets = sim
      .commands('runs list')
      .map((argv: string[]) => argv[argv.indexOf('--offset') + 1]);
    expect(offsets).toEqual(['0', '50']);
    // The newest 51 of the 52 that match, each replayed.
    expect(new Set(replayed(sim)).size).toBe(51);
    expect(JSON.parse(result.outputs.selected as string)).toMatchObject({
      matched: 52,
      more: true,
      replayed: 51,
    });
  });

  it('repeat: 3 with one failing attempt fails, and says which attempts passed', async () => {
    const sim = createSim({
      workflows: [ORDERS],
      runs: [
        {
          ...run(1, 'order-pipeline', 'FAILED', 60_000),
          replays: [
            { status: 'COMPLETED', durationMs: 200, staleMs: 100 },
            { status: 'FAILED', error: 'Error: flaky', durationMs: 200, staleMs: 100 },
            { status: 'COMPLETED', durationMs: 200, staleMs: 100 },
          ],
        },
      ],
    });
    const result = await runAction({ sim, inputs: { 'run-id': id(1), repeat: '3', token } });
    expect(result.code).toBe(1);
    expect(replayed(sim)).toEqual([id(1), id(1), id(1)]);
    const results = JSON.parse(result.outputs.results as string);
    expect(
      results.map((r: { repetition: number; status: string }) => [r.repetition, r.status]),
    ).toEqual([
      [1, 'COMPLETED'],
      [2, 'FAILED'],
      [3, 'COMPLETED'],
    ]);
    expect(results.map((r: { change: string }) => r.change)).toEqual(
      ['fixed', 'still-failing', 'fixed'].map((c, i) => (i === 1 ? 'fails-differently' : c)),
    );
    expect(result.summary).toMatch(/flaky/i);
    expect(result.summary).toMatch(/2\/3 attempts passed/);
  });

  it('triggers one run per case of a JSON Lines file, with no original run; one failing case fails the gate', async () => {
    const sim = createSim({
      workflows: [ORDERS],
      notFoundAfterTriggerMs: 300,
      triggers: {
        'order-pipeline': {
          tasks: ['validate', 'charge'],
          attempt: { status: 'COMPLETED', durationMs: 200 },
          byInput: [
            {
              match: { amount: 129.9 },
              attempt: {
                status: 'FAILED',
                error: 'PaymentError: amount must be in cents',
                durationMs: 200,
              },
            },
          ],
        },
      },
    });
    const runner = runnerFiles();
    const file = join(runner.dir, 'cases.jsonl');
    writeFileSync(
      file,
      [
        '{"amount": 100}',
        '{"name": "fractional amount", "input": {"amount": 129.9}}',
        '{"amount": 1}',
        '{"name": "big order", "input": {"amount": 99999}}',
      ].join('\n'),
    );
    const result = await runAction({
      sim,
      runner,
      inputs: { workflow: 'order-pipeline', 'input-file': file, token },
    });
    expect(result.code).toBe(1);
    expect(sim.commands('trigger manual')).toHaveLength(4);
    expect(result.outputs.mode).toBe('retrigger');
    expect(result.outputs['original-run-id']).toBe('\n\n\n');
    expect(result.outputs.status).toBe('MIXED');
    expect(result.outputs.change).toBe('');
    const results = JSON.parse(result.outputs.results as string);
    expect(results.map((r: { case: string; status: string }) => [r.case, r.status])).toEqual([
      ['case 1', 'COMPLETED'],
      ['fractional amount', 'FAILED'],
      ['case 3', 'COMPLETED'],
      ['big order', 'COMPLETED'],
    ]);
    expect(
      results.every(
        (r: { originalRunId: null; change: null }) => r.originalRunId === null && r.change === null,
      ),
    ).toBe(true);
    expect(result.summary).toMatch(/fractional amount/);
    // Every input file the action wrote for the CLI is gone.
    expect(result.tempFiles.filter((f) => f.startsWith('hatchet-input-'))).toEqual([]);
  });
});
