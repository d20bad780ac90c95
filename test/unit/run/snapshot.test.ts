import { describe, expect, it } from 'vitest';
import { runDetailsSchema } from '../../../src/hatchet/schemas.js';
import { attemptDurationMs, staleTasks } from '../../../src/run/snapshot.js';

const run = (tasks: { id: string; retryCount: number; startedAt: string; finishedAt: string }[]) =>
  runDetailsSchema.parse({
    run: {
      metadata: { id: 'r' },
      status: 'COMPLETED',
      startedAt: '2026-11-26T09:00:00Z',
      finishedAt: '2026-11-26T10:00:03Z',
    },
    tasks: tasks.map((t) => ({ metadata: { id: t.id }, status: 'COMPLETED', ...t })),
  });

describe('a snapshot with an old row', () => {
  const before = run([
    {
      id: 'a',
      retryCount: 0,
      startedAt: '2026-11-26T09:00:00Z',
      finishedAt: '2026-11-26T09:00:01Z',
    },
    {
      id: 'b',
      retryCount: 0,
      startedAt: '2026-11-26T09:00:01Z',
      finishedAt: '2026-11-26T09:00:02Z',
    },
  ]);
  const current = run([
    {
      id: 'a',
      retryCount: 1,
      startedAt: '2026-11-26T10:00:00Z',
      finishedAt: '2026-11-26T10:00:03Z',
    },
    {
      id: 'b',
      retryCount: 0,
      startedAt: '2026-11-26T09:00:01Z',
      finishedAt: '2026-11-26T09:00:02Z',
    },
  ]);

  it('names the tasks whose row is still the old one', () => {
    expect(staleTasks(before, current).map((t) => t.metadata.id)).toEqual(['b']);
    expect(staleTasks(undefined, current)).toEqual([]);
  });

  it('measures the new attempt from its own rows, not from the old attempt’s start', () => {
    // run.startedAt spans the old attempt (an hour); the new rows ran 3 s.
    expect(attemptDurationMs(current, [])).toBe(3_603_000);
    expect(attemptDurationMs(current, staleTasks(before, current))).toBe(3_000);
  });
});
