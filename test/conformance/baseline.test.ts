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
