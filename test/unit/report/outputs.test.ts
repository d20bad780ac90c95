import { describe, expect, it, vi } from 'vitest';
import { outputsFor } from '../../../src/report/outputs.js';
import { redact } from '../../../src/text/secrets.js';
import { NEW_RUN, RUN, result } from '../../report/fixtures.js';

const OUTPUTS = [
  'run-id',
  'original-run-id',
  'mode',
  'workflow',
  'status',
  'original-status',
  'passed',
  'duration-ms',
  'output',
  'url',
  'results',
  'change',
];

describe('outputsFor', () => {
  it('gives one run’s values', () => {
    const outputs = outputsFor([result()]);
    expect(Object.keys(outputs).sort()).toEqual([...OUTPUTS].sort());
    expect(outputs).toMatchObject({
      'run-id': RUN,
      status: 'COMPLETED',
      passed: 'true',
      'duration-ms': '4500',
      change: 'fixed',
      output: '{"orderId":"ord_1","status":"confirmed"}',
    });
    expect(JSON.parse(outputs.results as string)[0]).toMatchObject({
      change: 'fixed',
      passed: true,
    });
  });

  it('lists several runs in order; MIXED and mixed when they differ; the longest duration', () => {
    const outputs = outputsFor([
      result(),
      result({
        runId: NEW_RUN,
        status: 'FAILED',
        passed: false,
        change: 'still-failing',
        durationMs: 9_000,
      }),
    ]);
    expect(outputs).toMatchObject({
      'run-id': `${RUN}\n${NEW_RUN}`,
      status: 'MIXED',
      passed: 'false',
      change: 'mixed',
      'duration-ms': '9000',
      output: '{}',
    });
  });

  it('names a trigger with no original run a re-trigger (SPEC: replay or retrigger)', () => {
    const trigger = outputsFor([result({ mode: 'trigger', originalRunId: undefined })]);
    expect(trigger).toMatchObject({ mode: 'retrigger', 'original-run-id': '' });
    expect(outputsFor([result()]).mode).toBe('replay');
  });

  it('sets every output even with no result (status ERROR)', () => {
    const outputs = outputsFor([]);
    expect(Object.keys(outputs).sort()).toEqual([...OUTPUTS].sort());
    expect(outputs).toMatchObject({ status: 'ERROR', passed: 'false', results: '[]', change: '' });
  });

  it('names cases and repetitions in `results`, and redacts secrets', async () => {
    // The secret registry is one per process: register in fresh copies of the modules, so
    // that no other test sees this secret masked (the next test checks it).
    vi.resetModules();
    const fresh = {
      ...(await import('../../../src/report/outputs.js')),
      ...(await import('../../../src/text/secrets.js')),
    };
    vi.resetModules();
    fresh.registerSecret('sk_live_output_secret', () => {});
    const outputs = fresh.outputsFor([
      result({
        caseName: 'big order',
        repetition: 2,
        final: {
          ...result().final!,
          run: { ...result().final!.run, output: { key: 'sk_live_output_secret' } },
        },
      }),
    ]);
    expect(JSON.parse(outputs.results as string)[0]).toMatchObject({
      case: 'big order',
      repetition: 2,
    });
    expect(outputs.output).toBe('{"key":"***"}');
  });

  it('leaves the secret registered above to that test alone', () => {
    expect(redact('sk_live_output_secret')).toBe('sk_live_output_secret');
    const outputs = outputsFor([
      result({
        final: {
          ...result().final!,
          run: { ...result().final!.run, output: { key: 'sk_live_output_secret' } },
        },
      }),
    ]);
    expect(outputs.output).toBe('{"key":"sk_live_output_secret"}');
  });
});
