import { describe, expect, it } from 'vitest';
import type { Hatchet } from '../../../src/hatchet/commands.js';
import { HatchetCliError } from '../../../src/hatchet/errors.js';
import { runDetailsSchema, type RunDetails } from '../../../src/hatchet/schemas.js';
import { CANCEL_DEADLINE_MS, cancel, conclude, passes } from '../../../src/run/conclude.js';
import { say } from '../../../src/run/failure.js';
import type { Ended, RunDeps } from '../../../src/run/phases.js';
import type { RunPlan } from '../../../src/run/plan.js';
import { PLAN } from './fixtures.js';
import type { WaitOutcome } from '../../../src/run/wait.js';

const RUN = '0b5e1c6a-2f43-4f0e-9a59-6a1c3e7d9b21';

function details(status: string, output?: Record<string, unknown>): RunDetails {
  return runDetailsSchema.parse({
    run: { metadata: { id: RUN }, status, displayName: 'orders', output },
    tasks: [{ metadata: { id: 'task' }, displayName: 'charge', status, retryCount: 1 }],
  });
}

const plan: RunPlan = { ...PLAN, startTimeoutMs: 10_000 };

/** Deps whose Hatchet only cancels (or fails to), recording calls, settles and log lines. */
function fakeDeps(cancelFails = false) {
  const calls: string[] = [];
  const settled: string[] = [];
  const hatchet = {
    async cancel(id: string, context: { deadlineMs?: number }) {
      calls.push(`cancel ${id} within ${context.deadlineMs}`);
      if (cancelFails) throw new HatchetCliError('refused (status 403)', 'unauthorized', 'x');
      return [id];
    },
  };
  const deps: RunDeps = {
    hatchet: hatchet as unknown as Hatchet,
    clock: { now: () => 0, sleep: async () => {} },
    tempDir: '/tmp',
    linkTo: () => undefined,
    log: (line) => calls.push(`log ${line}`),
    onSettled: (id) => settled.push(id),
  };
  return { deps, calls, settled };
}

const started = { runId: RUN, actedAt: 0, workflow: 'orders' };
const cancelled = [`cancel ${RUN} within ${CANCEL_DEADLINE_MS}`, `log Cancelled run ${RUN}.`];

describe('conclude', () => {
  it.each<[string, WaitOutcome, Partial<Ended>, string[], string[]]>([
    // [name, wait outcome, ended, calls, settled]
    [
      'final: its status, the run settled',
      { kind: 'final', status: 'FAILED', details: details('FAILED') },
      { status: 'FAILED', final: details('FAILED'), notes: [] },
      [],
      [RUN],
    ],
    [
      'undetermined: ERROR with the reason, cancelled',
      { kind: 'undetermined', reason: 'rows disagree', details: details('RUNNING') },
      { status: 'ERROR', message: 'rows disagree', cancelRequested: true },
      cancelled,
      [RUN],
    ],
    [
      'dropped: ERROR, no snapshot, not cancelled',
      { kind: 'dropped', reason: 'not accepted', details: details('FAILED') },
      { status: 'ERROR', message: 'not accepted', notes: [] },
      [],
      [RUN],
    ],
    [
      'timed-out: TIMED_OUT naming `timeout`, cancelled',
      { kind: 'timed-out', details: details('RUNNING') },
      { status: 'TIMED_OUT', message: say.timedOut(RUN, 60_000), cancelRequested: true },
      cancelled,
      [RUN],
    ],
    [
      'start-timeout: TIMED_OUT naming `start-timeout`, cancelled',
      { kind: 'start-timeout' },
      { status: 'TIMED_OUT', message: say.startTimedOut(RUN, 10_000, 'orders') },
      cancelled,
      [RUN],
    ],
    [
      'aborted: ABORTED, cancelled',
      { kind: 'aborted' },
      { status: 'ABORTED', message: say.aborted(RUN), notes: [`Cancelled run ${RUN}.`] },
      cancelled,
      [RUN],
    ],
  ])('%s', async (_name, outcome, ended, calls, settled) => {
    const fake = fakeDeps();
    const result = await conclude(plan, started, outcome, details('FAILED'), fake.deps);
    expect(result).toMatchObject(ended);
    // A dropped replay has no snapshot of its own: the one read shows the previous attempt.
    expect(result.final).toBe(outcome.kind === 'dropped' ? undefined : outcome.details);
    expect(fake.calls).toEqual(calls);
    expect(fake.settled).toEqual(settled);
  });

  it('leaves the run running when cancel-on-abort is false, and says so', async () => {
    const fake = fakeDeps();
    const noCancel = { ...plan, cancelOnAbort: false };
    const ended = await conclude(noCancel, started, { kind: 'timed-out' }, undefined, fake.deps);
    expect(fake.calls).toEqual([]);
    expect(ended.notes).toEqual([say.notCancelled(RUN)]);
    expect(ended.cancelRequested).toBeUndefined();
    expect(fake.settled).toEqual([RUN]);
  });

  it('notes a cancel that failed, and does not count the run as settled', async () => {
    const fake = fakeDeps(true);
    const ended = await conclude(plan, started, { kind: 'aborted' }, undefined, fake.deps);
    expect(ended.notes).toEqual([expect.stringMatching(`^Could not cancel run ${RUN}: `)]);
    expect(ended.cancelRequested).toBeUndefined();
    expect(fake.settled).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>, string, string?]>([
    ['same output: passes', { total: 5 }, { total: 5 }, 'COMPLETED'],
    ['different output: a mismatch', { total: 5 }, { total: 6 }, 'COMPLETED', 'differs'],
    ['original FAILED: nothing compared', { total: 5 }, { total: 6 }, 'FAILED'],
  ])('compare-output, %s', async (_name, before, after, originalStatus, problem) => {
    const fake = fakeDeps();
    const compare = { ...plan, compareOutput: true };
    const original = details(originalStatus, before);
    const outcome: WaitOutcome = {
      kind: 'final',
      status: 'COMPLETED',
      details: details('COMPLETED', after),
    };
    const ended = await conclude(compare, started, outcome, original, fake.deps);
    if (problem) {
      expect(ended.outputMismatch).toBeDefined();
      expect(ended.message).toBe(say.outputDiffers(RUN));
    } else {
      expect(ended.outputMismatch).toBeUndefined();
      expect(ended.message).toBeUndefined();
    }
    expect(passes(compare, ended)).toBe(!problem);
  });
});

describe('passes', () => {
  it.each<[string, Partial<Ended>, boolean]>([
    ['the expected status', { status: 'COMPLETED' }, true],
    ['another status', { status: 'FAILED' }, false],
    ['the expected status with a message', { status: 'COMPLETED', message: 'x' }, false],
    [
      'the expected status with an output mismatch',
      { status: 'COMPLETED', outputMismatch: { original: 1, replayed: 2 } },
      false,
    ],
  ])('%s: %s', (_name, ended, passed) => {
    expect(passes(plan, { status: 'ERROR', notes: [], ...ended })).toBe(passed);
  });
});

describe('cancel', () => {
  it('asks Hatchet with its own short deadline and notes it', async () => {
    const fake = fakeDeps();
    const result = await cancel(plan, RUN, fake.deps);
    expect(fake.calls).toEqual(cancelled);
    expect(result).toEqual({ cancelRequested: true, notes: [`Cancelled run ${RUN}.`] });
  });
});
