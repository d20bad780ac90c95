import { describe, expect, it } from 'vitest';
import { runDetailsSchema, type RunDetails } from '../../src/hatchet/schemas.js';
import { DEFAULT_VERDICT_OPTIONS, judge, type VerdictMemory } from '../../src/run/verdict.js';
import { readTrace, retryBlips, traceFiles } from './traces.mjs';

// Conformance with the real engine (no engine needed): every trace recorded from hatchet-lite
// v0.104.7 by scripts/hatchet/record.mjs is fed, snapshot by snapshot, to the pure verdict, as
// the action's wait loop would see it (only answers to calls sent after the replay or trigger
// command returned; `now` = when each answer arrived). The verdict must never be final with a
// status other than the one the run settled on, never give up (dropped/undetermined), and must
// reach a final verdict with the settled status within the trace (which goes on 4 s after the
// run settled: longer than the 0.25 s a FAILED verdict waits for its confirming snapshot).

const files = traceFiles();

describe('the FAILED confirmation against the retry blips measured on the real engine', () => {
  it('waits at least twice the longest blip recorded', () => {
    const { attempts, longestMs } = retryBlips();
    expect(attempts.length).toBeGreaterThanOrEqual(100);
    expect(longestMs).toBeGreaterThan(0);
    expect(DEFAULT_VERDICT_OPTIONS.confirmFailedMs).toBeGreaterThanOrEqual(2 * longestMs);
  });
});

describe('the verdict against traces of the real engine', () => {
  it('has traces to check', () => {
    expect(files.length).toBeGreaterThanOrEqual(30);
  });

  it.each(files.map((file) => [readTrace(file).file, file]))('%s', (_name, file) => {
    const trace = readTrace(file);
    // UNSETTLED: the engine dropped the replay (`runs replay` exited 0 with the task ids, the
    // engine logged "failed to replay task: could not acquire advisory lock for replaying
    // tasks", and the run never changed in 90 s): the verdict must say `dropped`, never final.
    const expected: string = trace.header.settled.status;
    const dropped = expected === 'UNSETTLED';
    expect(['COMPLETED', 'FAILED', 'CANCELLED', 'UNSETTLED']).toContain(expected);
    const before: RunDetails | undefined = trace.header.before
      ? runDetailsSchema.parse(trace.header.before)
      : undefined;
    let memory: VerdictMemory | undefined;
    let now = 0;
    let last: ReturnType<typeof judge>['verdict'] | undefined;
    const wrong: string[] = [];
    for (const [index, snapshot] of trace.snapshots.entries()) {
      if (snapshot.early || snapshot.code !== 0) continue;
      now = Math.max(now, snapshot.t);
      const current = runDetailsSchema.parse(snapshot.details);
      const result = judge({ before, current, now, startedAt: 0, memory });
      memory = result.memory;
      last = result.verdict;
      if (last.kind === 'final' && last.status !== expected) {
        wrong.push(`#${index} at ${now} ms: final ${last.status}, settled ${expected}`);
      }
      const kind: string = last.kind;
      if ((kind === 'dropped' && !dropped) || kind === 'undetermined') {
        wrong.push(`#${index} at ${now} ms: ${kind}: ${last.reason}`);
      }
      if (kind === 'final' && dropped) wrong.push(`#${index} at ${now} ms: final, but dropped`);
      // The wait loop stops at the first verdict that is not `settling`.
      if (last.kind !== 'settling') break;
    }
    expect(wrong).toEqual([]);
    expect(last).toMatchObject(dropped ? { kind: 'dropped' } : { kind: 'final', status: expected });
  });
});
