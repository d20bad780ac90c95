import { describe, expect, it, test } from 'vitest';
import { runDetailsSchema, type RunDetails } from '../../../src/hatchet/schemas.js';
import {
  judge,
  type Verdict,
  type VerdictMemory,
  type VerdictOptions,
} from '../../../src/run/verdict.js';

const RUN = '0b5e1c6a-2f43-4f0e-9a59-6a1c3e7d9b21';
const MILLIS = '1755871385123';

/** 'COMPLETED@1' → a task row with that status and retryCount. */
function row(name: string, spec: string) {
  const [status, retryCount] = spec.split('@');
  return {
    metadata: { id: `task-${name}` },
    displayName: `${name}-${MILLIS}`,
    status,
    retryCount: Number(retryCount),
  };
}

/** 'RETRIED_BY_USER charge@0' → an event; the id makes the same event equal across snapshots. */
function event(spec: string) {
  const [eventType = '', target = ''] = spec.split(' ');
  const [name, retryCount] = target.split('@');
  return { id: spec, eventType, taskId: `task-${name}`, retryCount: Number(retryCount) };
}

/** A DAG run `fetch → charge`; a task left out has no row yet. */
function dag(status: string, fetch?: string, charge?: string, events: string[] = []): RunDetails {
  const tasks = [fetch && row('fetch', fetch), charge && row('charge', charge)].filter(Boolean);
  return runDetailsSchema.parse({
    run: { metadata: { id: RUN }, status, displayName: `checkout-${MILLIS}` },
    tasks,
    taskEvents: events.map(event),
  });
}

/** A standalone task run: one task, run.status is its status, and never any events (§2, §4.5). */
function solo(spec: string): RunDetails {
  const task = row('send-email', spec);
  return runDetailsSchema.parse({
    run: { metadata: { id: RUN }, status: task.status },
    tasks: [task],
  });
}

function show(verdict: Verdict): string {
  if (verdict.kind === 'settling') return `settling ${verdict.visibleStatus}`;
  return verdict.kind === 'final' ? `final ${verdict.status}` : verdict.kind;
}

type Step = [at: number, current: RunDetails, expected: string];
type Poll = [at: number, current: RunDetails, ...expected: string[]];

/** Judges each snapshot in turn, carrying the memory, as the wait loop does. */
/**
 * The windows below are written a second apart, so their FAILED confirmation is scaled with them
 * (2 s, four times the default); the default itself is tested in 'judge details'.
 */
const WINDOW_OPTIONS: Partial<VerdictOptions> = { confirmFailedMs: 2_000 };

function play(
  before: RunDetails | undefined,
  polls: Poll[],
  options: Partial<VerdictOptions> = WINDOW_OPTIONS,
) {
  let memory: VerdictMemory | undefined;
  return polls.map(([now, current]) => {
    const judged = judge({ before, current, now, startedAt: 0, memory }, options);
    memory = judged.memory;
    return judged.verdict;
  });
}

const ORIGINAL_EVENTS = ['FINISHED charge@0', 'FINISHED fetch@0'];
const OK = dag('COMPLETED', 'COMPLETED@0', 'COMPLETED@0', ORIGINAL_EVENTS);
const R = ['RETRIED_BY_USER charge@0', 'RETRIED_BY_USER fetch@0', ...ORIGINAL_EVENTS];
const BROKE = dag('FAILED', 'COMPLETED@0', 'FAILED@2', ['FAILED charge@2']);
const R2 = ['RETRIED_BY_USER charge@2', 'RETRIED_BY_USER fetch@0', 'FAILED charge@2'];
const STUCK_OK = dag('COMPLETED', 'COMPLETED@1', 'COMPLETED@0', R);
const ROOT_RETRIED = dag('FAILED', 'COMPLETED@3', 'FAILED@0');
const REPLAYED_BEFORE = dag('FAILED', 'COMPLETED@1', 'FAILED@1', ['RETRIED_BY_USER fetch@0']);
const FAILED_AGAIN = dag('FAILED', 'FAILED@1', 'COMPLETED@0', ['FAILED fetch@1', ...R]);
const STUCK_FAILED = dag('FAILED', 'COMPLETED@1', 'FAILED@2', [...R2, 'FINISHED fetch@1']);

/** Name, the run before the replay, the first verdict that is not `settling`, the polls. */
type Scenario = [name: string, before?: RunDetails, first?: string, steps?: Step[]];
const scenario = (...args: Scenario) => args;

const scenarios: Scenario[] = [
  scenario('DAG COMPLETED → FAILED', OK, 'final FAILED', [
    [500, OK, 'settling REPLAY_PENDING'],
    [1000, dag('COMPLETED', 'COMPLETED@0', 'COMPLETED@0', R), 'settling QUEUED'], // events first
    [2000, dag('COMPLETED', 'QUEUED@1', 'COMPLETED@0', R), 'settling QUEUED'], // old run status
    [3000, dag('RUNNING', 'RUNNING@1', 'COMPLETED@0', R), 'settling RUNNING'],
    [4000, STUCK_OK, 'settling RUNNING'], // root new, downstream old, run old
    [5000, dag('RUNNING', 'COMPLETED@1', 'QUEUED@1', R), 'settling RUNNING'],
    [6000, dag('COMPLETED', 'COMPLETED@1', 'FAILED@1', R), 'settling FAILED'], // run row lags (old)
    [7000, dag('RUNNING', 'COMPLETED@1', 'FAILED@1', R), 'settling FAILED'], // run row lags
    [8000, dag('FAILED', 'COMPLETED@1', 'FAILED@1', R), 'settling FAILED'], // first FAILED sighting
    [9000, dag('FAILED', 'COMPLETED@1', 'FAILED@1', R), 'settling FAILED'],
    [10000, dag('FAILED', 'COMPLETED@1', 'FAILED@1', R), 'final FAILED'], // confirmed 2 s later
  ]),
  scenario('DAG FAILED (after task retries) → COMPLETED', BROKE, 'final COMPLETED', [
    [1000, dag('FAILED', 'QUEUED@1', 'FAILED@2', R2), 'settling QUEUED'],
    [2000, dag('FAILED', 'COMPLETED@1', 'FAILED@2', R2), 'settling RUNNING'], // run: old
    [3000, dag('RUNNING', 'COMPLETED@1', 'RUNNING@3', R2), 'settling RUNNING'],
    [4000, dag('FAILED', 'COMPLETED@1', 'COMPLETED@3', R2), 'settling COMPLETED'], // run row lags
    [5000, dag('COMPLETED', 'COMPLETED@1', 'COMPLETED@3', R2), 'final COMPLETED'],
  ]),
  // A retried root (retryCount 3 → 4) must not vouch for the downstream task's old row (0).
  scenario('DAG: each task against its own retryCount', ROOT_RETRIED, 'final COMPLETED', [
    [1000, dag('FAILED', 'COMPLETED@4', 'FAILED@0'), 'settling RUNNING'],
    [3000, dag('FAILED', 'COMPLETED@4', 'FAILED@0'), 'settling RUNNING'],
    [4000, dag('RUNNING', 'COMPLETED@4', 'RUNNING@1'), 'settling RUNNING'],
    [5000, dag('COMPLETED', 'COMPLETED@4', 'COMPLETED@1'), 'final COMPLETED'],
  ]),
  scenario('DAG COMPLETED → FAILED, FAILED then RETRYING', OK, 'final FAILED', [
    [1000, dag('RUNNING', 'COMPLETED@1', 'RUNNING@1', R), 'settling RUNNING'],
    [2000, dag('FAILED', 'COMPLETED@1', 'FAILED@1', R), 'settling FAILED'],
    [4000, dag('RUNNING', 'COMPLETED@1', 'QUEUED@2', R), 'settling RUNNING'], // retried: not final
    [5000, dag('FAILED', 'COMPLETED@1', 'FAILED@2', R), 'settling FAILED'],
    [7500, dag('FAILED', 'COMPLETED@1', 'FAILED@3', R), 'settling FAILED'], // retried between polls
    [9500, dag('FAILED', 'COMPLETED@1', 'FAILED@3', R), 'final FAILED'],
  ]),
  scenario('standalone COMPLETED → FAILED', solo('COMPLETED@0'), 'final FAILED', [
    [1000, solo('COMPLETED@0'), 'settling REPLAY_PENDING'],
    [2000, solo('QUEUED@1'), 'settling QUEUED'],
    [3000, solo('RUNNING@1'), 'settling RUNNING'],
    [4000, solo('FAILED@1'), 'settling FAILED'],
    [5000, solo('FAILED@1'), 'settling FAILED'],
    [6000, solo('FAILED@1'), 'final FAILED'],
  ]),
  scenario('standalone FAILED → COMPLETED after a retry', solo('FAILED@2'), 'final COMPLETED', [
    [1000, solo('QUEUED@3'), 'settling QUEUED'],
    [2000, solo('FAILED@3'), 'settling FAILED'],
    [3000, solo('QUEUED@4'), 'settling RUNNING'], // retried: the run was picked up
    [4000, solo('COMPLETED@4'), 'final COMPLETED'],
  ]),
  scenario('DAG FAILED → CANCELLED, no confirmation', BROKE, 'final CANCELLED', [
    [1000, dag('CANCELLED', 'CANCELLED@1', 'CANCELLED@3', R2), 'final CANCELLED'],
  ]),
  // Never a verdict from a task that did not run again: the rows disagree, the wait goes on.
  scenario('an old row never reset: no verdict, ever', OK, undefined, [
    [1000, STUCK_OK, 'settling RUNNING'],
    [11000, STUCK_OK, 'settling RUNNING'],
    [600000, STUCK_OK, 'settling RUNNING'],
  ]),
  // Nor a failure from it: the run row counts the old FAILED row, which says nothing new.
  scenario('an old FAILED row never reset', BROKE, undefined, [
    [1000, dag('FAILED', 'COMPLETED@1', 'FAILED@2', R2), 'settling RUNNING'],
    [3000, STUCK_FAILED, 'settling RUNNING'],
    [600000, STUCK_FAILED, 'settling RUNNING'],
  ]),
  // A task that failed again: the verdict waits for the row below it to reset (CANCELLED).
  scenario('a new failure above an old row', OK, 'final FAILED', [
    [1000, FAILED_AGAIN, 'settling RUNNING'],
    [30000, FAILED_AGAIN, 'settling RUNNING'],
    [31000, dag('FAILED', 'FAILED@1', 'CANCELLED@1', R), 'settling FAILED'],
    [33000, dag('FAILED', 'FAILED@1', 'CANCELLED@1', R), 'final FAILED'],
  ]),
  scenario('an old row while the run reads RUNNING: no decision', OK, undefined, [
    [30000, dag('RUNNING', 'COMPLETED@1', 'COMPLETED@0', R), 'settling RUNNING'],
  ]),
  scenario('dropped replay', solo('FAILED@0'), 'dropped', [
    [1000, solo('FAILED@0'), 'settling REPLAY_PENDING'],
    [59999, solo('FAILED@0'), 'settling REPLAY_PENDING'],
    [60000, solo('FAILED@0'), 'dropped'],
  ]),
  scenario("an earlier replay's RETRIED_BY_USER event", REPLAYED_BEFORE, 'dropped', [
    [1000, REPLAYED_BEFORE, 'settling REPLAY_PENDING'],
    [60000, REPLAYED_BEFORE, 'dropped'],
  ]),
  scenario('accepted (events only), then silent: not dropped', OK, undefined, [
    [1000, dag('COMPLETED', 'COMPLETED@0', 'COMPLETED@0', R), 'settling QUEUED'],
    [90000, dag('COMPLETED', 'COMPLETED@0', 'COMPLETED@0', R), 'settling QUEUED'],
  ]),
  scenario('triggered DAG run', undefined, 'final COMPLETED', [
    [300, dag('QUEUED'), 'settling QUEUED'],
    [1000, dag('COMPLETED'), 'settling QUEUED'], // no task rows yet: not finished
    [1500, dag('QUEUED', 'QUEUED@0'), 'settling QUEUED'],
    [2000, dag('RUNNING', 'RUNNING@0'), 'settling RUNNING'],
    [3000, dag('RUNNING', 'COMPLETED@0'), 'settling COMPLETED'], // run row lags
    [3500, dag('RUNNING', 'COMPLETED@0', 'BACKOFF@0'), 'settling BACKOFF'], // unknown: not terminal
    [4000, dag('RUNNING', 'COMPLETED@0', 'COMPLETED@0'), 'settling COMPLETED'],
    [5000, dag('COMPLETED', 'COMPLETED@0', 'COMPLETED@0'), 'final COMPLETED'],
  ]),
  scenario('triggered standalone run: FAILED, then retried', undefined, 'final COMPLETED', [
    [1000, solo('FAILED@0'), 'settling FAILED'],
    [2000, solo('QUEUED@1'), 'settling RUNNING'],
    [3000, solo('COMPLETED@1'), 'final COMPLETED'],
  ]),
  scenario('triggered standalone run: FAILED, confirmed', undefined, 'final FAILED', [
    [1000, solo('FAILED@0'), 'settling FAILED'],
    [3000, solo('FAILED@0'), 'final FAILED'],
  ]),
];

describe('judge, window by window', () => {
  test.each(scenarios)('%s', (_name, before, _first, steps = []) => {
    const verdicts = play(before, steps);
    expect(verdicts.map(show)).toEqual(steps.map(([, , expected]) => expected));
  });
});

describe('judge over a replay polled every 250 ms', () => {
  // The same timelines at a different cadence: the first verdict that is not `settling` must
  // be the right one (no early verdict on a stale snapshot), and come no earlier than scripted.
  test.each(scenarios)('%s', (_name, before, first, steps = []) => {
    const end = Math.max(...steps.map(([at]) => at));
    const times = [end];
    for (let now = steps[0]?.[0] ?? 0; now < end; now += 250) times.push(now);
    const polls = times
      .sort((a, b) => a - b)
      .map((now): Poll | undefined => {
        const current = steps.filter(([at]) => at <= now).at(-1)?.[1];
        return current && [now, current];
      })
      .filter((poll) => poll !== undefined);
    const verdicts = play(before, polls).map(show);
    expect(verdicts.find((shown) => !shown.startsWith('settling'))).toBe(first);
  });
});

describe('judge details', () => {
  it('confirms a FAILED by default with a second snapshot 0.25 s later, not sooner', () => {
    const verdicts = play(
      undefined,
      [
        [1000, solo('FAILED@0')],
        [1200, solo('FAILED@0')],
        [1250, solo('FAILED@0')],
      ],
      {},
    );
    expect(verdicts.map(show)).toEqual(['settling FAILED', 'settling FAILED', 'final FAILED']);
  });

  describe('a FAILED task the engine cannot retry (its workflow gives it no retries)', () => {
    /** The send-email task with this workflow config (`Tasks[]` entries by action). */
    const configured = (spec: string, tasks?: unknown[]) => {
      const failed = solo(spec);
      return runDetailsSchema.parse({
        ...failed,
        tasks: failed.tasks.map((t) => ({ ...t, actionId: 'notify:send-email' })),
        workflowConfig: tasks === undefined ? undefined : { Name: 'notify', Tasks: tasks },
      });
    };
    const entry = (action: string, retries: unknown) => ({ Action: action, Retries: retries });

    it.each([
      ['Retries: 0', [entry('notify:send-email', 0)], 'final FAILED'],
      ['Retries: 2', [entry('notify:send-email', 2)], 'settling FAILED'],
      ['no Retries', [{ Action: 'notify:send-email' }], 'settling FAILED'],
      ['another task’s entry only', [entry('notify:render', 0)], 'settling FAILED'],
      ['no config', undefined, 'settling FAILED'],
      ['a config of another shape', 'odd', 'settling FAILED'],
    ])('%s: %s at the first sighting', (_name, tasks, expected) => {
      const current = configured('FAILED@0', tasks as unknown[] | undefined);
      const [verdict] = play(undefined, [[1000, current]], {});
      expect(show(verdict!)).toBe(expected);
    });
  });

  it('asks for a recheck soon enough to confirm a FAILED snapshot', () => {
    const [first, second] = play(
      undefined,
      [
        [1000, solo('FAILED@0')],
        [1500, solo('FAILED@0')],
      ],
      {
        confirmFailedMs: 800,
      },
    );
    expect(first).toMatchObject({ kind: 'settling', recheckInMs: 800 });
    expect(second).toMatchObject({ kind: 'settling', recheckInMs: 300 });
  });

  it('names the task that kept its old row, for the timeout to report', () => {
    const verdicts = play(OK, [
      [1000, STUCK_OK],
      [60000, STUCK_OK],
    ]);
    expect(verdicts[1]).toMatchObject({ kind: 'settling' });
    expect(verdicts[1]?.kind === 'settling' && verdicts[1].undecided).toMatch(
      /task 'charge' kept its row from before the replay while every task that ran again had finished/,
    );
  });

  it('says why a replay was dropped and what to check, at the bound it is given', () => {
    const [verdict] = play(solo('FAILED@0'), [[10000, solo('FAILED@0')]], { dropAfterMs: 10000 });
    expect(verdict?.kind === 'dropped' && verdict.reason).toMatch(
      /did not accept the replay of run 0b5e1c6a.*retry pending.*retention/s,
    );
  });
});

describe('a run row that never catches up', () => {
  const lagging = dag('RUNNING', 'COMPLETED@1', 'COMPLETED@1', R);

  it.each([
    ['RUNNING', lagging],
    ['the old FAILED', dag('FAILED', 'COMPLETED@1', 'COMPLETED@1', R)],
  ])('reading %s while every task completed: no side is picked, ever', (_name, current) => {
    let memory: VerdictMemory | undefined;
    for (const now of [1_000, 11_000, 60_000, 600_000]) {
      const judged = judge({ before: OK, current, now, startedAt: 0, memory });
      expect(judged.verdict).toMatchObject({
        kind: 'settling',
        undecided: expect.stringMatching(/the tasks say COMPLETED but the run row still reads/),
      });
      memory = judged.memory;
    }
  });

  it('keeps waiting while a task of the DAG’s shape has no row yet', () => {
    const partial = runDetailsSchema.parse({
      ...dag('COMPLETED', 'COMPLETED@0'),
      shape: [{ taskName: 'fetch' }, { taskName: 'charge' }],
    });
    let memory: VerdictMemory | undefined;
    for (const now of [1_000, 10_000, 60_000]) {
      const judged = judge({ before: undefined, current: partial, now, startedAt: 0, memory });
      expect(judged.verdict.kind).toBe('settling');
      memory = judged.memory;
    }
  });
});

describe('acceptance', () => {
  const failedOnce = dag('FAILED', 'COMPLETED@0', 'FAILED@0', ['FAILED charge@0']);

  it("does not take the engine's own retry (a RETRYING event) for the replay", () => {
    const retried = dag('RUNNING', 'COMPLETED@0', 'QUEUED@1', [
      'RETRYING charge@1',
      'FAILED charge@0',
    ]);
    const verdicts = play(failedOnce, [
      [1000, retried],
      [60000, dag('FAILED', 'COMPLETED@0', 'FAILED@1', ['FAILED charge@1', 'RETRYING charge@1'])],
    ]);
    expect(verdicts.map(show)).toEqual(['settling REPLAY_PENDING', 'dropped']);
  });

  it('takes a RETRIED_BY_USER event the baseline did not have', () => {
    const [verdict] = play(failedOnce, [
      [
        1000,
        dag('FAILED', 'COMPLETED@0', 'FAILED@0', ['RETRIED_BY_USER charge@0', 'FAILED charge@0']),
      ],
    ]);
    expect(verdict).toMatchObject({ kind: 'settling', accepted: true });
  });

  it('takes a rise of a task that had completed (the engine never retries one by itself)', () => {
    const [verdict] = play(OK, [
      [1000, dag('COMPLETED', 'QUEUED@1', 'COMPLETED@0', ORIGINAL_EVENTS)],
    ]);
    expect(verdict).toMatchObject({ kind: 'settling', accepted: true });
  });
});
