import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runDetailsSchema, type RunDetails } from '../../../src/hatchet/schemas.js';
import { judge, type Verdict, type VerdictMemory } from '../../../src/run/verdict.js';
import { retryBlips } from '../../conformance/traces.mjs';

// The pure verdict against generated replays of a chain of tasks. Each case starts from a
// settled outcome (what every task ends as, with retries) and plays it out the way hatchet-cli.md
// §4 says the read model shows it: events first, task rows `rowLag` later, the run row counted
// over the task rows (old rows included) `runLag` later, the root reset at once and each
// downstream row only after its parent finished plus a late-reset delay, retried tasks reading
// FAILED for a moment. Polled at random times, the verdict may stay `settling` as long as it
// likes, but once it is not, it must be the settled outcome; and polled after everything is
// visible, it must get there.

const N = 4;
const BASE = Date.parse('2026-08-22T14:00:00Z');
const TERMINAL = ['COMPLETED', 'FAILED', 'CANCELLED'];
const iso = (ms: number) => new Date(BASE + ms).toISOString();
const four = <T>(arb: fc.Arbitrary<T>) => fc.array(arb, { minLength: N, maxLength: N });

const caseArb = fc.record({
  n: fc.integer({ min: 1, max: N }),
  /** -1: the original completed; else the index (mod n) of the task that failed. */
  original: fc.integer({ min: -1, max: N - 1 }),
  /** -1: the replay completes; else the index (mod n) of the task that fails in it. */
  outcome: fc.integer({ min: -1, max: N - 1 }),
  cancelled: fc.boolean(),
  baseRetries: four(fc.integer({ min: 0, max: 3 })),
  retries: four(fc.integer({ min: 0, max: 2 })),
  runMs: four(fc.integer({ min: 20, max: 3_000 })),
  /**
   * How long a failed try reads FAILED before its RETRYING event: up to the longest the real
   * engine was measured to show (test/fixtures/traces/retry-blip.json); the confirmation is
   * justified by that bound, not beyond it.
   */
  blipMs: four(fc.integer({ min: 0, max: retryBlips().longestMs })),
  /** Downstream rows reset this long after their parent finished (late resets). */
  resetMs: four(fc.integer({ min: 0, max: 15_000 })),
  acceptMs: fc.integer({ min: 0, max: 3_000 }),
  rowLag: fc.integer({ min: 0, max: 3_000 }),
  runLag: fc.integer({ min: 0, max: 15_000 }),
  polls: fc.array(fc.integer({ min: 0, max: 90_000 }), { minLength: 1, maxLength: 80 }),
});
type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

/** A task row change (an event, and the row it becomes `rowLag` later). */
interface Step {
  at: number;
  task: number;
  status: string;
  retryCount: number;
  eventType: string;
}

const EVENT_OF: Record<string, string> = {
  QUEUED: 'QUEUED',
  RUNNING: 'STARTED',
  COMPLETED: 'FINISHED',
  FAILED: 'FAILED',
  CANCELLED: 'CANCELLED',
};

/** Each task's final status for a chain whose task `failed` (-1: none) ends `status`. */
function statuses(n: number, failed: number, status: string): string[] {
  return Array.from({ length: n }, (_, i) =>
    failed < 0 || i < failed ? 'COMPLETED' : i === failed ? status : 'CANCELLED',
  );
}

/** The new attempt, task by task down the chain. */
function play(c: Case, finals: string[]): Step[] {
  const steps: Step[] = [];
  let parentEnd = c.acceptMs;
  finals.forEach((final, i) => {
    const reset = i === 0 ? c.acceptMs : parentEnd + (c.resetMs[i] ?? 0);
    let r = (c.baseRetries[i] ?? 0) + 1;
    const cascade = final === 'CANCELLED' && finals.slice(0, i).some((s) => s !== 'COMPLETED');
    if (cascade) {
      steps.push({
        at: reset,
        task: i,
        status: 'CANCELLED',
        retryCount: r,
        eventType: 'CANCELLED',
      });
      parentEnd = reset;
      return;
    }
    let t = reset;
    const push = (status: string, eventType = EVENT_OF[status] ?? status) =>
      steps.push({ at: t, task: i, status, retryCount: r, eventType });
    push('QUEUED');
    for (let k = 0; k <= (c.retries[i] ?? 0); k++) {
      t += 10;
      push('RUNNING');
      t += c.runMs[i] ?? 0;
      if (k === (c.retries[i] ?? 0)) break;
      push('FAILED');
      t += c.blipMs[i] ?? 0;
      r += 1;
      push('QUEUED', 'RETRYING');
    }
    push(final);
    parentEnd = t;
  });
  return steps;
}

/** The chain's run row rule (UpdateDAGStatuses over every row, old ones included). */
function dagRule(rows: string[], previous: string): string {
  if (rows.every((s) => s === 'QUEUED')) return previous;
  if (rows.some((s) => s === 'RUNNING' || s === 'QUEUED')) return 'RUNNING';
  if (rows.includes('FAILED')) return 'FAILED';
  if (rows.includes('CANCELLED')) return 'CANCELLED';
  return 'COMPLETED';
}

function implied(rows: string[]): string {
  return rows.includes('FAILED')
    ? 'FAILED'
    : rows.includes('CANCELLED')
      ? 'CANCELLED'
      : 'COMPLETED';
}

/** `runs get` at time t. */
function snapshotAt(c: Case, old: string[], steps: Step[], t: number): RunDetails {
  const rowsAt = (u: number) =>
    old.map((status, i) => {
      const last = steps.filter((s) => s.task === i && s.at + c.rowLag <= u).at(-1);
      return last ?? { status, retryCount: c.baseRetries[i] ?? 0 };
    });
  let runStatus = implied(old);
  const changes = [...new Set(steps.map((s) => s.at + c.rowLag))].sort((a, b) => a - b);
  for (const u of changes) {
    if (u + c.runLag > t) break;
    runStatus = dagRule(
      rowsAt(u).map((row) => row.status),
      runStatus,
    );
  }
  const rows = rowsAt(t);
  const replayed = old.map((_, i) => ({
    at: c.acceptMs,
    task: i,
    retryCount: c.baseRetries[i] ?? 0,
    eventType: 'RETRIED_BY_USER',
  }));
  const events = [...originalEvents(c, old), ...replayed, ...steps]
    .map((e, order) => ({ ...e, order }))
    .filter((e) => e.at <= t)
    .sort((a, b) => a.at - b.at || a.order - b.order)
    .map((e, i) => ({
      id: i + 1,
      taskId: `task-${e.task}`,
      eventType: e.eventType,
      retryCount: e.retryCount,
      timestamp: iso(e.at),
    }))
    .reverse();
  return runDetailsSchema.parse({
    run: { metadata: { id: 'run' }, status: runStatus },
    tasks: rows.map((row, i) => ({
      metadata: { id: `task-${i}` },
      actionId: `chain:t${i}`,
      displayName: `t${i}-1755871385123`,
      status: row.status,
      retryCount: row.retryCount,
    })),
    taskEvents: events,
    shape: old.map((_, i) => ({ taskName: `t${i}` })),
    // The workflow gives each task the retries it makes here: a task with none is never retried.
    workflowConfig: {
      Tasks: old.map((_, i) => ({ Action: `chain:t${i}`, Retries: c.retries[i] })),
    },
  });
}

/** The settled original: each task's final event, long before the replay. */
function originalEvents(c: Case, old: string[]) {
  return old.map((status, i) => ({
    at: -60_000 + i,
    task: i,
    retryCount: c.baseRetries[i] ?? 0,
    eventType: EVENT_OF[status] ?? status,
  }));
}

function check(c: Case) {
  const old = statuses(c.n, c.original < 0 ? -1 : c.original % c.n, 'FAILED');
  const finals = statuses(
    c.n,
    c.outcome < 0 ? -1 : c.outcome % c.n,
    c.cancelled ? 'CANCELLED' : 'FAILED',
  );
  const expected = implied(finals);
  const steps = play(c, finals);
  // Read before the replay: none of its events yet.
  const before = snapshotAt(c, old, [], -1);
  const settledAt = Math.max(...steps.map((s) => s.at)) + c.rowLag + c.runLag;
  // Random polls, then polls every 500 ms for 6 s once everything is visible.
  const tail = Array.from({ length: 13 }, (_, k) => settledAt + k * 500);
  // Also the moment each change is visible in the rows and the run row: short windows (a retry
  // blip) are read, not only hit by chance.
  const shown = steps.map((s) => s.at + c.rowLag + c.runLag);
  const polls = [...c.polls, ...shown]
    .filter((p) => p < settledAt)
    .concat(tail)
    .sort((a, b) => a - b);
  let memory: VerdictMemory | undefined;
  let verdict: Verdict | undefined;
  for (const now of polls) {
    const judged = judge({
      before,
      current: snapshotAt(c, old, steps, now),
      now,
      startedAt: 0,
      memory,
    });
    memory = judged.memory;
    verdict = judged.verdict;
    if (verdict.kind !== 'settling') break;
  }
  expect(verdict).toMatchObject({ kind: 'final', status: expected });
  expect(TERMINAL).toContain(expected);
}

describe('the verdict, property: never a final verdict other than the settled outcome', () => {
  it('holds over generated interleavings of events, task rows, the run row, retries and late resets', () => {
    fc.assert(fc.property(caseArb, check), { numRuns: 400 });
  });

  it('is not vacuous: a verdict that picked the run row’s side would be caught', () => {
    // The run row reads the old FAILED long after every task completed (runLag 15 s).
    const c: Case = {
      n: 2,
      original: 1,
      outcome: -1,
      cancelled: false,
      baseRetries: [0, 0, 0, 0],
      retries: [0, 0, 0, 0],
      runMs: [100, 100, 100, 100],
      blipMs: [0, 0, 0, 0],
      resetMs: [12_000, 0, 0, 0],
      acceptMs: 100,
      rowLag: 0,
      runLag: 15_000,
      polls: [1_000, 5_000, 11_000, 20_000],
    };
    const old = statuses(2, 1, 'FAILED');
    const steps = play(c, statuses(2, -1, 'FAILED'));
    const lagging = snapshotAt(c, old, steps, 13_000);
    expect(lagging.run.status).toBe('FAILED');
    expect(lagging.tasks.map((t) => t.status)).toEqual(['COMPLETED', 'COMPLETED']);
    check(c);
  });
});
