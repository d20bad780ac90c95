import { describe, expect, it } from 'vitest';
import { runDetailsSchema } from '../../../src/hatchet/schemas.js';
import { outputOf, subjectOf, type RunResult } from '../../../src/run/result.js';

const RUN = '0b5e1c6a-2f43-4f0e-9a59-6a1c3e7d9b21';
const ORIGINAL = '9b5e1c6a-2f43-4f0e-9a59-6a1c3e7d9b29';

const result = (extra: Partial<RunResult> = {}): RunResult => ({
  mode: 'replay',
  status: 'COMPLETED',
  expectedStatus: 'COMPLETED',
  passed: true,
  events: [],
  logs: [],
  notes: [],
  ...extra,
});

describe('outputOf', () => {
  it.each<[string, RunResult, Record<string, unknown>]>([
    [
      'the final run’s output',
      result({
        final: runDetailsSchema.parse({
          run: { metadata: { id: RUN }, status: 'COMPLETED', output: { ok: true } },
        }),
      }),
      { ok: true },
    ],
    [
      'not the original run’s',
      result({
        original: runDetailsSchema.parse({
          run: { metadata: { id: RUN }, status: 'FAILED', output: { old: 1 } },
        }),
      }),
      {},
    ],
    ['{} without a final run', result(), {}],
  ])('%s', (_name, given, output) => {
    expect(outputOf(given)).toEqual(output);
  });
});

describe('subjectOf', () => {
  it.each<[string, Parameters<typeof subjectOf>[0], string]>([
    ['the run waited on first', { runId: RUN, originalRunId: ORIGINAL, caseName: 'c' }, RUN],
    ['else the original run', { originalRunId: ORIGINAL, caseName: 'c' }, ORIGINAL],
    ['else the case', { caseName: 'big order' }, 'big order'],
    ['else “run”', {}, 'run'],
  ])('%s', (_name, given, subject) => {
    expect(subjectOf(given)).toBe(subject);
  });
});
