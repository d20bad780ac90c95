import { describe, expect, it } from 'vitest';
import type { Hatchet } from '../../../src/hatchet/commands.js';
import { realClock } from '../../../src/run/clock.js';
import { gatherDiagnostics } from '../../../src/run/diagnostics.js';
import type { TaskEvent } from '../../../src/hatchet/schemas.js';
import { Prefetch } from '../../../src/run/prefetch.js';
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

  describe('a task cancelled before a worker took it (its events say so)', () => {
    // A FAILED DAG as the real engine shows it (test/fixtures/traces/dag-still-failing): the
    // task below the failed one is CANCELLED at the new retryCount, with no start time, and its
    // only event since the replay is CANCELLED.
    const finalWith = (shipEvents: string[], shipStartedAt = '') => {
      const final = details('FAILED', [
        { name: 'root', status: 'COMPLETED', retryCount: 2 },
        { name: 'charge', status: 'FAILED', retryCount: 2 },
        { name: 'ship', status: 'CANCELLED', retryCount: 2, startedAt: shipStartedAt },
      ]);
      const ship = taskOf(final, 'ship');
      const event = (eventType: string, retryCount: number) => ({
        taskId: ship.taskExternalId,
        timestamp: undefined,
        eventType,
        retryCount,
        message: '',
      });
      // The old attempt's events (retryCount 1, before the replay) never count.
      const old = [event('STARTED', 1), event('RETRIED_BY_USER', 1)];
      return { ...final, taskEvents: [...old, ...shipEvents.map((type) => event(type, 2))] };
    };
    const gather = async (final: ReturnType<typeof finalWith>) => {
      const fake = fakeLogs();
      const logs = new Prefetch(options, fake.deps);
      logs.see(final);
      const gathered = await gatherDiagnostics(
        { final, before, replayed: true, logLines: 10, tasks: final.tasks, prefetched: logs.take },
        fake.deps,
      );
      const fetched = fake.calls.map((c) => c.taskId);
      return { fetched, ship: gathered.logs.find((l) => l.taskName === 'ship')! };
    };

    it('gets no log call, and a note that says why it has none', async () => {
      const final = finalWith(['CANCELLED']);
      const { fetched, ship } = await gather(final);
      expect(fetched.sort()).toEqual([idOf(final, 'root'), idOf(final, 'charge')].sort());
      expect(ship).toMatchObject({
        lines: [],
        unread: true,
        note: expect.stringMatching(/before a worker took it/),
      });
    });

    it('is fetched when a worker took it, when it has a start time, or without its events', async () => {
      for (const final of [
        finalWith(['QUEUED', 'ASSIGNED', 'STARTED', 'CANCELLED']),
        finalWith(['SENT_TO_WORKER', 'CANCELLED']),
        finalWith(['CANCELLED'], '2026-11-26T10:00:02Z'),
        { ...finalWith(['CANCELLED']), taskEvents: [] },
      ]) {
        const { fetched, ship } = await gather(final);
        expect(fetched).toContain(idOf(final, 'ship'));
        expect(ship.lines).toHaveLength(1);
      }
    });
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

    describe('asked instead of the run near its predicted end (probe)', () => {
      /** `runs events` answering what `answers` says for its n-th call (from 0). */
      function fakeEvents(answers: (n: number) => TaskEvent[] | Error) {
        const calls: { deadlineMs?: number }[] = [];
        const logCalls: string[] = [];
        const hatchet = {
          events: (_runId: string, context: { deadlineMs?: number }) => {
            const answer = answers(calls.length);
            calls.push(context);
            return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
          },
          logs: (taskId: string) => {
            logCalls.push(taskId);
            return Promise.resolve([{ message: `log of ${taskId}`, timestamp: undefined }]);
          },
        } as unknown as Hatchet;
        return { calls, logCalls, deps: { hatchet, clock: realClock } };
      }
      /** A snapshot whose workflow gives its task no retries: its FAILED is final at once. */
      const noRetries = (run: ReturnType<typeof solo>) => ({
        ...run,
        tasks: run.tasks.map((task) => ({ ...task, actionId: 'acme:charge' })),
        workflowConfig: { Tasks: [{ Action: 'acme:charge', Retries: 0 }] },
      });
      const running = noRetries(solo('RUNNING', 2));
      const taskId = running.tasks[0]!.metadata.id;
      const event = (eventType: string, retryCount = 2) => ({
        eventType,
        taskId,
        retryCount,
        message: `${eventType} ${retryCount}`,
        timestamp: undefined,
      });
      const call = { deadlineMs: 5_000 };

      it('says when the try’s end shows, then fetches its log; the verdict needs no call', async () => {
        const fake = fakeEvents((n) =>
          n === 0 ? [event('STARTED')] : [event('FINISHED'), event('STARTED')],
        );
        const prefetch = new Prefetch(soloOptions, fake.deps);
        expect(await prefetch.probe(running, call)).toBe(false);
        expect(fake.logCalls).toEqual([]);
        expect(await prefetch.probe(running, call)).toBe(true);
        expect(fake.calls.map((c) => c.deadlineMs)).toEqual([5_000, 5_000]);
        // Sent just after the answer (the read of the run that it calls for goes first).
        expect(fake.logCalls).toEqual([]);
        await new Promise((resolve) => setTimeout(resolve, 0));
        expect(fake.logCalls).toEqual([taskId]);
        const final = solo('COMPLETED', 2);
        prefetch.see(final);
        expect((await prefetch.takeEvents(final))?.map((e) => e.message)).toEqual([
          'FINISHED 2',
          'STARTED 2',
        ]);
        expect((await prefetch.take(final.tasks[0]!))?.lines).toHaveLength(1);
        expect(fake.calls).toHaveLength(2);
        expect(fake.logCalls).toHaveLength(1);
      });

      it('is not fooled by an older try’s end; a try the row has not shown yet sends the wait to the run', async () => {
        const retried = [event('QUEUED', 3), event('RETRYING'), event('FAILED')];
        const fake = fakeEvents((n) => (n === 0 ? [event('FAILED', 1)] : retried));
        const prefetch = new Prefetch(soloOptions, fake.deps);
        expect(await prefetch.probe(running, call)).toBe(false);
        expect(await prefetch.probe(running, call)).toBeUndefined();
        // The rows still lag: the run is read again, with no probe before it.
        expect(await prefetch.probe(running, call)).toBeUndefined();
        expect(fake.calls).toHaveLength(2);
        await new Promise((resolve) => setTimeout(resolve, 0));
        expect(fake.logCalls).toEqual([]);
      });

      describe('a task whose workflow gives it retries', () => {
        const mayRetry = solo('RUNNING', 2);

        it('is probed for a completed end like any other', async () => {
          const fake = fakeEvents((n) => (n === 0 ? [event('STARTED')] : [event('FINISHED')]));
          const prefetch = new Prefetch(soloOptions, fake.deps);
          expect(await prefetch.probe(mayRetry, call)).toBe(false);
          expect(await prefetch.probe(mayRetry, call)).toBe(true);
          await new Promise((resolve) => setTimeout(resolve, 0));
          expect(fake.logCalls).toEqual([taskId]);
          const final = solo('COMPLETED', 2);
          prefetch.see(final);
          expect((await prefetch.takeEvents(final))?.map((e) => e.message)).toEqual(['FINISHED 2']);
          expect(fake.calls).toHaveLength(2);
        });

        it.each(['FAILED', 'TIMED_OUT'])(
          'a %s try sends the wait to the run (its FAILED needs a second read), until another try shows',
          async (end) => {
            const fake = fakeEvents((n) => (n === 0 ? [event(end)] : [event('STARTED', 3)]));
            const prefetch = new Prefetch(soloOptions, fake.deps);
            expect(await prefetch.probe(mayRetry, call)).toBeUndefined();
            expect(await prefetch.probe(mayRetry, call)).toBeUndefined();
            expect(fake.calls).toHaveLength(1);
            await new Promise((resolve) => setTimeout(resolve, 0));
            expect(fake.logCalls).toEqual([]);
            // The retry shows in the rows: its try is probed.
            expect(await prefetch.probe(solo('RUNNING', 3), call)).toBe(false);
            expect(fake.calls).toHaveLength(2);
            // The events the probe saw are the FAILED row's: nothing to fetch again.
            const failed = solo('FAILED', 2);
            prefetch.see(failed);
            expect((await prefetch.takeEvents(failed))?.map((e) => e.message)).toEqual([
              `${end} 2`,
            ]);
            expect(fake.calls).toHaveLength(2);
          },
        );
      });

      it('knows a task by either of its ids, and a timed-out try as ended', async () => {
        const external = running;
        const task = { ...external.tasks[0]!, taskExternalId: 'ext-1' };
        const byExternal = { ...external, tasks: [task] };
        const timedOut = [{ ...event('TIMED_OUT'), taskId: 'ext-1' }];
        const fake = fakeEvents(() => timedOut);
        const prefetch = new Prefetch(soloOptions, fake.deps);
        expect(await prefetch.probe(byExternal, call)).toBe(true);
        const final = { ...byExternal, tasks: [{ ...task, status: 'FAILED' as const }] };
        prefetch.see(final);
        expect(await prefetch.takeEvents(final)).toEqual(timedOut);
        expect(fake.calls).toHaveLength(1);
      });

      it.each([
        ['a later try ended the row', [event('FAILED', 2)], solo('FAILED', 3)],
        ['they end it otherwise', [event('CANCELLED')], solo('FAILED', 2)],
        ['the call failed', new Error('connection refused'), solo('FAILED', 2)],
      ])('the events are fetched after the verdict when %s', async (_why, answer, final) => {
        const fake = fakeEvents((n) =>
          n === 0 ? answer : [event('FAILED', final.tasks[0]!.retryCount)],
        );
        const prefetch = new Prefetch(soloOptions, fake.deps);
        await prefetch.probe(running, call);
        prefetch.see(final);
        expect((await prefetch.takeEvents(final))?.[0]?.message).toBe(
          `FAILED ${final.tasks[0]!.retryCount}`,
        );
        expect(fake.calls).toHaveLength(2);
      });

      it('cannot tell for other runs, nor after a failed call', async () => {
        const fake = fakeEvents(() => [event('STARTED')]);
        const prefetch = new Prefetch(soloOptions, fake.deps);
        // A DAG run (runs get has its events), a run not running, a row from before the replay.
        const dag = { ...running, taskEvents: [event('STARTED')] };
        expect(await prefetch.probe(dag, call)).toBeUndefined();
        expect(await prefetch.probe(noRetries(solo('QUEUED', 2)), call)).toBeUndefined();
        expect(await prefetch.probe(noRetries(solo('RUNNING', 1)), call)).toBeUndefined();
        expect(fake.calls).toEqual([]);
        const failing = fakeEvents(() => new Error('connection refused'));
        const once = new Prefetch(soloOptions, failing.deps);
        expect(await once.probe(running, call)).toBeUndefined();
        expect(await once.probe(running, call)).toBeUndefined();
        expect(failing.calls).toHaveLength(1);
      });
    });
  });
});
