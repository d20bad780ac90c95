import { describe, expect, it } from 'vitest';
import { loadInputs, type Settings } from '../../../src/settings/load.js';
import { modeOf, planOf } from '../../../src/action/targets.js';

const A = '0b5e1c6a-2f43-4f0e-9a59-6a1c3e7d9b21';
const B = '3e814f9d-5276-4c31-8d8c-9d4f6b0a2e54';
const C = '9f1e2d3c-4b5a-4678-9abc-def012345678';

/** Settings as `loadInputs` reads a step that sets only `run-id` (action.yml's defaults). */
const defaults = loadInputs({ getInput: (name) => (name === 'run-id' ? A : ''), env: {} });
const settings = (overrides: Partial<Settings> = {}): Settings => ({ ...defaults, ...overrides });

const selection = {
  workflow: 'orders',
  statuses: ['FAILED'],
  since: '24h',
  limit: 5,
  onNoMatch: 'fail' as const,
};

describe('modeOf', () => {
  it.each([
    ['no input: replay', {}, 'replay'],
    ['an input and a run: retrigger', { input: { a: 1 } }, 'retrigger'],
    ['cases and a run: retrigger', { cases: [{ name: 'x', input: {} }] }, 'retrigger'],
    ['an input and no run: trigger', { input: { a: 1 }, runIds: [] }, 'trigger'],
    ['cases and no run: trigger', { cases: [{ name: 'x', input: {} }], runIds: [] }, 'trigger'],
  ] as const)('%s', (_name, overrides, mode) => {
    expect(modeOf(settings(overrides as Partial<Settings>))).toBe(mode);
  });
});

describe('planOf', () => {
  it('carries every setting a run needs into the plan', () => {
    const carried = {
      workflow: 'orders',
      expectedStatus: 'FAILED' as const,
      timeoutMs: 120_000,
      pollIntervalMs: 2_000,
      startTimeoutMs: 30_000,
      compareOutput: true,
      compareIgnore: ['/at'],
      cancelOnAbort: false,
      logLines: 7,
      repeat: 1,
    };
    expect(planOf(settings(carried)).plan).toEqual({ mode: 'replay', ...carried, inGate: false });
  });

  it('takes the given runs in order, then the selected ones, each once', () => {
    const { targets } = planOf(settings({ runIds: [B, A] }), [A, C]);
    expect(targets.map((t) => t.originalRunId)).toEqual([B, A, C]);
  });

  it('gives a retrigger’s input to every run', () => {
    const { targets } = planOf(settings({ runIds: [A, B], input: { amount: 5 } }));
    expect(targets).toEqual([
      { originalRunId: A, input: { amount: 5 } },
      { originalRunId: B, input: { amount: 5 } },
    ]);
  });

  it('makes one target per case, all on the first run', () => {
    const cases = [
      { name: 'small', input: { amount: 1 } },
      { name: 'big', input: { amount: 1e6 } },
    ];
    const { plan, targets } = planOf(settings({ runIds: [A, B], cases }));
    expect(targets).toEqual([
      { originalRunId: A, input: { amount: 1 }, caseName: 'small' },
      { originalRunId: A, input: { amount: 1e6 }, caseName: 'big' },
    ]);
    expect(plan.mode).toBe('retrigger');
  });

  it('triggers once with the input when there is no run', () => {
    const { plan, targets } = planOf(settings({ runIds: [], input: { a: 1 } }));
    expect(plan.mode).toBe('trigger');
    expect(targets).toEqual([{ input: { a: 1 } }]);
  });

  it.each([
    ['one run', {}, [], false],
    ['two runs', { runIds: [A, B] }, [], true],
    ['one run repeated', { repeat: 3 }, [], true],
    ['a selection, even of one run', { runIds: [], selection }, [A], true],
  ] as const)('is a gate with %s: %s', (_name, overrides, selected, inGate) => {
    const { plan } = planOf(settings(overrides as Partial<Settings>), selected);
    expect(plan.inGate).toBe(inGate);
  });
});
