import { describe, expect, it } from 'vitest';
import type { Hatchet } from '../../../src/hatchet/commands.js';
import { realClock } from '../../../src/run/clock.js';
import { gatherDiagnostics } from '../../../src/run/diagnostics.js';
import type { TaskEvent } from '../../../src/hatchet/schemas.js';
import type { Clock } from '../../../src/run/clock.js';
import { ALONGSIDE_CAP, ALONGSIDE_DELAY_MS, Prefetch } from '../../../src/run/prefetch.js';
import { details } from '../../report/fixtures.js';

/**
 * A Hatchet whose `runs logs` records each call (task id, signal) and answers one line, and
 * whose `runs events` records each run id and answers one event.
 */
function fakeLogs() {
  const calls: { taskId: string; signal?: AbortSignal }[] = [];
  const eventCalls: string[] = [];
  const hatchet = {
    logs: (taskId: string, options: { signal?: AbortSignal }) => {
      calls.push({ taskId, signal: options.signal });
      return Promise.resolve([{ message: `log of ${taskId}`, timestamp: undefined }]);
    },
    events: (runId: string) => {
      eventCalls.push(runId);
      return Promise.resolve([{ eventType: 'FAILED', message: `event ${eventCalls.length}` }]);
    },
  } as unknown as Hatchet;
  return { calls, eventCalls, deps: { hatchet, clock: realClock } };
}

// The run before the replay: every task at retryCount 1.
const before = details('FAILED', [
  { name: 'root', status: 'COMPLETED' },
  { name: 'charge', status: 'FAILED' },
  { name: 'ship', status: 'CANCELLED' },
]);
const snapshot = (root: string, charge: string, chargeRetry = 2) =>
  details('RUNNING', [
    { name: 'root', status: root, retryCount: 2 },
    { name: 'charge', status: charge, retryCount: chargeRetry },
    // still its row from before the replay
    { name: 'ship', status: 'CANCELLED', retryCount: 1 },
  ]);
const options = { before, replayed: true, logLines: 10, inGate: false };
// The fixture lists tasks out of order: find them by name.
const taskOf = (run: ReturnType<typeof details>, name: string) =>
  run.tasks.find((task) => task.displayName.startsWith(`${name}-`))!;
const idOf = (run: ReturnType<typeof details>, name: string) => taskOf(run, name).metadata.id;

describe('Prefetch', () => {
  it('fetches a task’s log once, as soon as its new row is final; never an old row’s', async () => {
    const fake = fakeLogs();
    const logs = new Prefetch(options, fake.deps);
    const first = snapshot('COMPLETED', 'RUNNING');
    logs.see(first);
    expect(fake.calls.map((c) => c.taskId)).toEqual([idOf(first, 'root')]);
    const second = snapshot('COMPLETED', 'FAILED');
    logs.see(second);
    logs.see(second);
    expect(fake.calls.map((c) => c.taskId)).toEqual([idOf(first, 'root'), idOf(second, 'charge')]);
    expect((await logs.take(taskOf(second, 'charge')))?.lines.map((l) => l.message)).toEqual([
      `log of ${idOf(second, 'charge')}`,
    ]);
    expect(logs.take(taskOf(second, 'ship'))).toBeUndefined();
  });

  it('holds a log for the attempt it was fetched for (a later retry is another row)', () => {
    const fake = fakeLogs();
    const logs = new Prefetch(options, fake.deps);
    logs.see(snapshot('COMPLETED', 'FAILED', 2));
    const retried = snapshot('COMPLETED', 'COMPLETED', 3);
    expect(logs.take(taskOf(retried, 'charge'))).toBeUndefined();
    logs.see(retried);
    expect(fake.calls).toHaveLength(3);
  });

  it('in a gate, leaves completed tasks alone (a run that passes shows no logs)', () => {
    const fake = fakeLogs();
    const logs = new Prefetch({ ...options, inGate: true }, fake.deps);
    const seen = snapshot('COMPLETED', 'FAILED');
    logs.see(seen);
    expect(fake.calls.map((c) => c.taskId)).toEqual([idOf(seen, 'charge')]);
  });

  it('fetches nothing with log-lines 0', () => {
    const fake = fakeLogs();
    new Prefetch({ ...options, logLines: 0 }, fake.deps).see(snapshot('COMPLETED', 'FAILED'));
    expect(fake.calls).toEqual([]);
  });

  it('close() stops the fetches nobody will read', () => {
    const fake = fakeLogs();
    const logs = new Prefetch(options, fake.deps);
    logs.see(snapshot('COMPLETED', 'RUNNING'));
    expect(fake.calls[0]?.signal?.aborted).toBe(false);
    logs.close();
    expect(fake.calls[0]?.signal?.aborted).toBe(true);
  });

  it('gatherDiagnostics uses a prefetched log and fetches only the others', async () => {
    const fake = fakeLogs();
    const logs = new Prefetch(options, fake.deps);
    logs.see(snapshot('COMPLETED', 'RUNNING'));
    const final = details('FAILED', [
      { name: 'root', status: 'COMPLETED', retryCount: 2 },
      { name: 'charge', status: 'FAILED', retryCount: 2 },
    ]);
    const gathered = await gatherDiagnostics(
      { final, replayed: true, logLines: 10, tasks: final.tasks, prefetched: logs.take },
      fake.deps,
    );
    expect(fake.calls.map((c) => c.taskId)).toEqual([idOf(final, 'root'), idOf(final, 'charge')]);
    expect(gathered.logs.map((l) => l.taskName)).toEqual(
      final.tasks.map((t) => t.displayName.replace(/-\d+$/, '')),
    );
    expect(gathered.logs.map((l) => l.lines.length)).toEqual([1, 1]);
  });

  describe('a standalone task run’s events (runs get carries none)', () => {
    // A standalone task: one task, no events in `runs get`; before the replay at retryCount 1.
    const soloBefore = details('FAILED', [{ name: 'charge', status: 'FAILED', retryCount: 1 }]);
    const solo = (status: string, retryCount: number) =>
      details(status, [{ name: 'charge', status, retryCount }]);
    const soloOptions = { ...options, before: soloBefore };

    it('are fetched once the new row is final, once per row, and used for that row only', async () => {
      const fake = fakeLogs();
      const prefetch = new Prefetch(soloOptions, fake.deps);
      prefetch.see(solo('RUNNING', 2));
      expect(fake.eventCalls).toEqual([]);
      prefetch.see(solo('FAILED', 2));
      prefetch.see(solo('FAILED', 2));
      expect(fake.eventCalls).toHaveLength(1);
      // The FAILED was a blip: the engine retried the task; its events are fetched again.
      expect(prefetch.takeEvents(solo('FAILED', 3))).toBeUndefined();
      prefetch.see(solo('FAILED', 3));
      expect(fake.eventCalls).toHaveLength(2);
      expect((await prefetch.takeEvents(solo('FAILED', 3)))?.map((e) => e.message)).toEqual([
        'event 2',
      ]);
    });

    it('are not fetched for a DAG run (runs get has them); a passed standalone run’s are', () => {
      const fake = fakeLogs();
      const dag = { ...solo('FAILED', 2), taskEvents: [{ eventType: 'FAILED' }] };
      new Prefetch(soloOptions, fake.deps).see(dag as ReturnType<typeof details>);
      expect(fake.eventCalls).toEqual([]);
      // Its events name the worker that ran it: fetched for a pass too.
      new Prefetch(soloOptions, fake.deps).see(solo('COMPLETED', 2));
      expect(fake.eventCalls).toHaveLength(1);
    });

    it('gatherDiagnostics uses prefetched events, and fetches them when none were', async () => {
      const fake = fakeLogs();
      const prefetch = new Prefetch(soloOptions, fake.deps);
      const failed = solo('FAILED', 2);
      prefetch.see(failed);
      const request = { replayed: true, logLines: 0, tasks: [], prefetched: prefetch.take };
      const gathered = await gatherDiagnostics(
        { ...request, final: failed, prefetchedEvents: prefetch.takeEvents },
        fake.deps,
      );
      expect(fake.eventCalls).toHaveLength(1);
      expect(gathered.events.map((e) => e.message)).toEqual(['event 1']);
      // Without them, the events are fetched after the verdict.
      await gatherDiagnostics({ ...request, final: solo('COMPLETED', 3) }, fake.deps);
      expect(fake.eventCalls).toHaveLength(2);
    });

    describe('fetched alongside the checks near the predicted end', () => {
      /** `runs events` answering what `answers` says for its n-th call (from 0), after a sleep. */
      function fakeEvents(answers: (n: number) => TaskEvent[] | Error) {
        const calls: number[] = [];
        const sleeps: number[] = [];
        const clock: Clock = {
          now: () => 0,
          sleep: async (ms) => void sleeps.push(ms),
        };
        const hatchet = {
          events: () => {
            const answer = answers(calls.length);
            calls.push(sleeps.length);
            return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
          },
        } as unknown as Hatchet;
        return { calls, sleeps, deps: { hatchet, clock } };
      }
      const running = solo('RUNNING', 2);
      const taskId = running.tasks[0]!.metadata.id;
      const ended = (eventType: string, retryCount = 2) => [
        { eventType, taskId, retryCount, message: `${eventType} ${retryCount}` },
        { eventType: 'STARTED', taskId, retryCount, message: 'started' },
      ];
      const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

      it('are used for the final row they hold the end of: no call after the verdict', async () => {
        const fake = fakeEvents((n) => (n === 0 ? ended('STARTED') : ended('FINISHED')));
        const prefetch = new Prefetch(soloOptions, fake.deps);
        prefetch.alongside(running);
        prefetch.alongside(running);
        await flush();
        // Each sent a moment after its check, so it sees at least what the check saw.
        expect(fake.sleeps).toEqual([ALONGSIDE_DELAY_MS, ALONGSIDE_DELAY_MS]);
        expect(fake.calls).toHaveLength(2);
        const final = solo('COMPLETED', 2);
        prefetch.see(final);
        const events = await prefetch.takeEvents(final);
        expect(events?.map((e) => e.message)).toEqual(['FINISHED 2', 'started']);
        expect(fake.calls).toHaveLength(2);
      });

      it.each([
        ['the try’s end is not in them', ended('STARTED')],
        ['they end another try', ended('FAILED', 1)],
        ['they end it otherwise', ended('CANCELLED')],
        ['the call failed', new Error('connection refused')],
      ])('are fetched again after the verdict when %s', async (_why, answer) => {
        const fake = fakeEvents((n) => (n === 0 ? answer : ended('FAILED', 2)));
        const prefetch = new Prefetch(soloOptions, fake.deps);
        prefetch.alongside(running);
        await flush();
        const final = solo('FAILED', 2);
        prefetch.see(final);
        expect((await prefetch.takeEvents(final))?.[0]?.message).toBe('FAILED 2');
        expect(fake.calls).toHaveLength(2);
      });

      it(`are fetched for a running standalone run only, at most ${ALONGSIDE_CAP} times`, async () => {
        const fake = fakeEvents(() => ended('STARTED'));
        const prefetch = new Prefetch(soloOptions, fake.deps);
        // A DAG run (runs get has its events), a run whose row is final, a row from before.
        const dag = { ...running, taskEvents: [{ eventType: 'STARTED' }] };
        prefetch.alongside(dag as ReturnType<typeof details>);
        prefetch.alongside(solo('FAILED', 2));
        prefetch.alongside(solo('FAILED', 1));
        await flush();
        expect(fake.calls).toEqual([]);
        for (let i = 0; i < ALONGSIDE_CAP + 3; i++) prefetch.alongside(running);
        await flush();
        expect(fake.calls).toHaveLength(ALONGSIDE_CAP);
      });
    });
  });
});
