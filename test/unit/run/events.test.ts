import { describe, expect, it } from 'vitest';
import type { Hatchet } from '../../../src/hatchet/commands.js';
import { HatchetCliError } from '../../../src/hatchet/errors.js';
import { eventsOfNewAttempt, runEvents } from '../../../src/run/events.js';
import { details } from '../../report/fixtures.js';

describe('the new attempt’s events', () => {
  it('keeps the events of the latest attempt of each task (and the retry that started it)', () => {
    const final = details('COMPLETED', [{ name: 'a', status: 'COMPLETED', retryCount: 2 }]);
    const taskId = final.tasks[0]?.metadata.id;
    const events = [
      { taskId, timestamp: undefined, retryCount: 1, eventType: 'FAILED', message: 'old' },
      {
        taskId,
        timestamp: undefined,
        retryCount: 1,
        eventType: 'RETRIED_BY_USER',
        message: 'retry',
      },
      { taskId, timestamp: undefined, retryCount: 2, eventType: 'STARTED', message: 'new' },
      {
        taskId: 'unknown',
        timestamp: undefined,
        retryCount: 0,
        eventType: 'STARTED',
        message: 'kept',
      },
    ];
    expect(eventsOfNewAttempt(events, final).map((e) => e.message)).toEqual([
      'retry',
      'new',
      'kept',
    ]);
  });

  it('with the run before the replay, keeps every try of the new attempt (a retried one too)', () => {
    const before = details('FAILED', [{ name: 'a', status: 'FAILED', retryCount: 0 }]);
    const final = details('COMPLETED', [{ name: 'a', status: 'COMPLETED', retryCount: 2 }]);
    const taskId = final.tasks[0]?.metadata.id;
    const at = (retryCount: number, eventType: string) => ({
      taskId,
      timestamp: undefined,
      retryCount,
      eventType,
      message: `${eventType}@${retryCount}`,
    });
    const events = [
      at(0, 'FAILED'),
      at(0, 'RETRIED_BY_USER'),
      at(1, 'STARTED'),
      at(1, 'FAILED'),
      at(2, 'RETRYING'),
      at(2, 'FINISHED'),
    ];
    expect(eventsOfNewAttempt(events, final, before).map((e) => e.message)).toEqual([
      'RETRIED_BY_USER@0',
      'STARTED@1',
      'FAILED@1',
      'RETRYING@2',
      'FINISHED@2',
    ]);
  });
});

describe('runEvents', () => {
  it('asks `runs events` for the run, with the job’s signal, retrying a failure', async () => {
    const final = details('FAILED', [{ name: 'a', status: 'FAILED' }]);
    const signal = new AbortController().signal;
    const calls: { runId: string; signal?: AbortSignal }[] = [];
    const hatchet = {
      events: async (runId: string, context: { signal?: AbortSignal }) => {
        calls.push({ runId, signal: context.signal });
        if (calls.length === 1)
          throw new HatchetCliError('status 503', 'transient', 'hatchet runs events');
        return [{ eventType: 'FAILED' }];
      },
    } as unknown as Hatchet;
    const retry = { sleep: async () => undefined, policy: { budget: 2, baseMs: 1, maxMs: 1 } };
    const events = await runEvents(final, { hatchet, signal }, retry);
    expect(events).toEqual([{ eventType: 'FAILED' }]);
    expect(calls).toEqual([
      { runId: final.run.metadata.id, signal },
      { runId: final.run.metadata.id, signal },
    ]);
  });
});
