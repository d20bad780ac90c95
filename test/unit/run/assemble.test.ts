import { describe, expect, it } from 'vitest';
import { withOutcomes } from '../../../src/run/assemble.js';
import { details, result } from '../../report/fixtures.js';

const failedOriginal = details('FAILED', [
  { name: 'validate', status: 'COMPLETED', retryCount: 0 },
  { name: 'charge', status: 'FAILED', error: 'CardError: declined ch_1a2b3c', retryCount: 0 },
]);
const chargeId = failedOriginal.tasks.find((t) => t.displayName.startsWith('charge-'))!.metadata.id;

describe('withOutcomes', () => {
  it('works out both outcomes once, with the task that decides each, and the change', () => {
    const r = withOutcomes(result({ original: failedOriginal, change: undefined }));
    expect(r.originalOutcome).toEqual({
      status: 'FAILED',
      failedTask: 'charge',
      failedTaskId: chargeId,
      errorSignature: 'CardError: declined ch_<id>',
    });
    expect(r.outcome).toEqual({ status: 'COMPLETED' });
    expect(r.change).toBe('fixed');
  });

  it('gives no new outcome (and no change) for an attempt that did not end', () => {
    const r = withOutcomes(result({ original: failedOriginal, status: 'TIMED_OUT' }));
    expect(r.outcome).toBeUndefined();
    expect(r.change).toBeUndefined();
    expect(r.originalOutcome?.status).toBe('FAILED');
  });

  it('names the new attempt’s failure with the result’s status', () => {
    const final = details('FAILED', [
      { name: 'validate', status: 'COMPLETED' },
      { name: 'charge', status: 'FAILED', error: 'CardError: expired' },
    ]);
    const r = withOutcomes(result({ original: failedOriginal, final, status: 'FAILED' }));
    expect(r.outcome).toMatchObject({ status: 'FAILED', failedTask: 'charge' });
    expect(r.change).toBe('fails-differently');
  });
});
