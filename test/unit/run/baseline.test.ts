import { describe, expect, it, test } from 'vitest';
import type { RunDetails } from '../../../src/hatchet/schemas.js';
import { run } from './runs.js';
import {
  needsConfirmation,
  acceptanceBaseline,
  replayAccepted,
  runningOnItsOwn,
  unsettledBecause,
} from '../../../src/run/baseline.js';

const DONE = ['FINISHED a@0@1000', 'FINISHED b@0@2000'];

describe('unsettledBecause: what keeps a run from being a baseline for a replay', () => {
  test.each<[string, RunDetails, RegExp | undefined]>([
    ['settled', run('COMPLETED', 'COMPLETED@0', 'COMPLETED@0', DONE), undefined],
    [
      'a task still queued',
      run('COMPLETED', 'QUEUED@1', 'COMPLETED@0', DONE),
      /task 'a' is QUEUED/,
    ],
    [
      'the run row lags',
      run('RUNNING', 'COMPLETED@0', 'COMPLETED@0', DONE),
      /run row reads RUNNING/,
    ],
    [
      'the run row disagrees',
      run('FAILED', 'COMPLETED@0', 'COMPLETED@0', DONE),
      /tasks say COMPLETED/,
    ],
    [
      'an earlier replay still resetting (events first)',
      run('COMPLETED', 'COMPLETED@0', 'COMPLETED@0', [
        ...DONE,
        'RETRIED_BY_USER a@0@3000',
        'RETRIED_BY_USER b@0@3000',
      ]),
      /tasks 'a', 'b' have events newer than their row/,
    ],
    [
      'a retry on its way (RETRYING before the row)',
      run('FAILED', 'COMPLETED@0', 'FAILED@0', [
        'FINISHED a@0@1000',
        'FAILED b@0@2000',
        'RETRYING b@1@2300',
      ]),
      /task 'b' has events newer than its row/,
    ],
    [
      "the real engine's order: QUEUED stamped after FINISHED, STARTED tying FINISHED",
      run('COMPLETED', 'COMPLETED@0', 'COMPLETED@1', [
        'STARTED a@0@1000',
        'FINISHED a@0@1100',
        'QUEUED a@0@1200',
        'RETRIED_BY_USER b@0@1500',
        'FINISHED b@1@2000',
        'STARTED b@1@2000',
      ]),
      undefined,
    ],
    [
      'a standalone-like run without events',
      run('COMPLETED', 'COMPLETED@0', 'COMPLETED@0'),
      undefined,
    ],
  ])('%s', (_name, details, expected) => {
    const problem = unsettledBecause(details);
    if (expected) expect(problem).toMatch(expected);
    else expect(problem).toBeUndefined();
  });

  it('tells a run in its first attempt (fail at once) from one being replayed (wait)', () => {
    expect(runningOnItsOwn(run('RUNNING', 'RUNNING@0', 'QUEUED@0', []))).toBe(true);
    expect(
      runningOnItsOwn(run('RUNNING', 'RUNNING@1', 'COMPLETED@0', ['RETRIED_BY_USER a@0@3000'])),
    ).toBe(false);
  });

  it('confirms only a FAILED that ended recently', () => {
    const now = Date.parse('2026-08-22T14:00:00Z');
    const failed = (ago: number) =>
      run('FAILED', 'COMPLETED@0', 'FAILED@0', [], new Date(now - ago).toISOString());
    expect(needsConfirmation(failed(5_000), now)).toBe(true);
    expect(needsConfirmation(failed(3_600_000), now)).toBe(false);
    expect(needsConfirmation(run('COMPLETED', 'COMPLETED@0', 'COMPLETED@0'), now)).toBe(false);
  });
});

describe('replayAccepted', () => {
  const failed = run('FAILED', 'COMPLETED@0', 'FAILED@0', ['FINISHED a@0@1000', 'FAILED b@0@2000']);

  test.each<[string, RunDetails, boolean]>([
    ['nothing new', failed, false],
    [
      'a new RETRIED_BY_USER event',
      run('FAILED', 'COMPLETED@0', 'FAILED@0', ['RETRIED_BY_USER b@0@5000', 'FAILED b@0@2000']),
      true,
    ],
    [
      'a completed task reset (never retried by the engine)',
      run('RUNNING', 'QUEUED@1', 'FAILED@0', ['FAILED b@0@2000']),
      true,
    ],
    [
      "the engine's own retry of the failed task",
      run('RUNNING', 'COMPLETED@0', 'QUEUED@1', ['FAILED b@0@2000', 'RETRYING b@1@2300']),
      false,
    ],
    [
      'an event older than the baseline, only visible now',
      run('FAILED', 'COMPLETED@0', 'FAILED@0', ['RETRIED_BY_USER b@0@500', 'FAILED b@0@2000']),
      false,
    ],
  ])('%s → %s', (_name, current, accepted) => {
    expect(replayAccepted(failed, current)).toBe(accepted);
    // The post step judges with the baseline the main step saved: the same answer.
    expect(replayAccepted(acceptanceBaseline(failed), current)).toBe(accepted);
  });

  it('keeps of a baseline only what the judgement reads (no input, output or messages)', () => {
    const big = { ...failed, run: { ...failed.run, input: { card: 'x'.repeat(1000) } } };
    const kept = acceptanceBaseline(big);
    expect(kept.run.input).toEqual({});
    expect(kept.taskEvents.map((e) => e.eventType)).toEqual(['FAILED']);
    expect(kept.tasks.map((t) => [t.metadata.id, t.retryCount, t.status])).toEqual(
      failed.tasks.map((t) => [t.metadata.id, t.retryCount, t.status]),
    );
  });
});
