import { describe, expect, it } from 'vitest';
import type { Hatchet } from '../../../src/hatchet/commands.js';
import { realClock } from '../../../src/run/clock.js';
import { gatherDiagnostics } from '../../../src/run/diagnostics.js';
import { LogPrefetch } from '../../../src/run/prefetch.js';
import { details } from '../../report/fixtures.js';

/** A Hatchet whose `runs logs` records each call (task id, signal) and answers one line. */
function fakeLogs() {
  const calls: { taskId: string; signal?: AbortSignal }[] = [];
  const hatchet = {
    logs: (taskId: string, options: { signal?: AbortSignal }) => {
      calls.push({ taskId, signal: options.signal });
      return Promise.resolve([{ message: `log of ${taskId}`, timestamp: undefined }]);
    },
    events: () => Promise.resolve([]),
  } as unknown as Hatchet;
  return { calls, deps: { hatchet, clock: realClock } };
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

describe('LogPrefetch', () => {
  it('fetches a task’s log once, as soon as its new row is final; never an old row’s', async () => {
    const fake = fakeLogs();
    const logs = new LogPrefetch(options, fake.deps);
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
    const logs = new LogPrefetch(options, fake.deps);
    logs.see(snapshot('COMPLETED', 'FAILED', 2));
    const retried = snapshot('COMPLETED', 'COMPLETED', 3);
    expect(logs.take(taskOf(retried, 'charge'))).toBeUndefined();
    logs.see(retried);
    expect(fake.calls).toHaveLength(3);
  });

  it('in a gate, leaves completed tasks alone (a run that passes shows no logs)', () => {
    const fake = fakeLogs();
    const logs = new LogPrefetch({ ...options, inGate: true }, fake.deps);
    const seen = snapshot('COMPLETED', 'FAILED');
    logs.see(seen);
    expect(fake.calls.map((c) => c.taskId)).toEqual([idOf(seen, 'charge')]);
  });

  it('fetches nothing with log-lines 0', () => {
    const fake = fakeLogs();
    new LogPrefetch({ ...options, logLines: 0 }, fake.deps).see(snapshot('COMPLETED', 'FAILED'));
    expect(fake.calls).toEqual([]);
  });

  it('close() stops the fetches nobody will read', () => {
    const fake = fakeLogs();
    const logs = new LogPrefetch(options, fake.deps);
    logs.see(snapshot('COMPLETED', 'RUNNING'));
    expect(fake.calls[0]?.signal?.aborted).toBe(false);
    logs.close();
    expect(fake.calls[0]?.signal?.aborted).toBe(true);
  });

  it('gatherDiagnostics uses a prefetched log and fetches only the others', async () => {
    const fake = fakeLogs();
    const logs = new LogPrefetch(options, fake.deps);
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
});
