import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDetailsSchema } from '../../src/hatchet/schemas.js';
import { unsettledBecause } from '../../src/run/baseline.js';
import { readTrace, traceFiles } from './traces.mjs';

// The settled-baseline check against the real engine (no engine needed): a run the recorder saw
// finished and unchanged (the snapshot before a replay, and the last snapshot once the run had
// settled: the next repetition's baseline) must read as settled. A false alarm here holds every
// replay of such a run for the settle period and then fails it with ERROR.
const files = traceFiles();

describe('the settled baseline against traces of the real engine', () => {
  it.each(files.map((file) => [readTrace(file).file, file]))('%s', (_name, file) => {
    const trace = readTrace(file);
    const problems: string[] = [];
    if (trace.header.before) {
      const why = unsettledBecause(runDetailsSchema.parse(trace.header.before));
      if (why) problems.push(`before the replay: ${why}`);
    }
    const last = [...trace.snapshots].reverse().find((s) => s.code === 0 && s.details);
    if (trace.header.settled.status !== 'UNSETTLED' && last) {
      const why = unsettledBecause(runDetailsSchema.parse(last.details));
      if (why) problems.push(`once settled: ${why}`);
    }
    expect(problems).toEqual([]);
  });
});

// Finished runs as `runs get` showed them on the real engine during `npm run test:hatchet`, whose
// events read out of order by timestamp: a QUEUED or ASSIGNED stamped after the task's FINISHED,
// a STARTED with FINISHED's millisecond and a higher id. The baseline used to take the newest
// event by timestamp as the task's state and held these runs as "still being applied" until it
// gave up with ERROR (fails-differently, timeout).
const REAL_RUNS = join(import.meta.dirname, 'real-runs');

describe('finished runs of the real engine with events out of order read as settled', () => {
  it.each(readdirSync(REAL_RUNS).filter((file) => file.endsWith('.json')))('%s', (file) => {
    const details = runDetailsSchema.parse(JSON.parse(readFileSync(join(REAL_RUNS, file), 'utf8')));
    const outOfOrder = details.tasks.some((task) => {
      const mine = details.taskEvents.filter((event) => event.taskId === task.metadata.id);
      const newest = mine.reduce<(typeof mine)[number] | undefined>(
        (best, event) =>
          !best ||
          (event.timestamp ?? '') > (best.timestamp ?? '') ||
          (event.timestamp === best.timestamp && (event.id ?? 0) > (best.id ?? 0))
            ? event
            : best,
        undefined,
      );
      return newest && !['FINISHED', 'FAILED', 'CANCELLED'].includes(newest.eventType);
    });
    expect(outOfOrder).toBe(true);
    expect(unsettledBecause(details)).toBeUndefined();
  });
});
