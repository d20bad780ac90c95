import { runDetailsSchema } from '../../../src/hatchet/schemas.js';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CleanupTracker, loadCleanupState } from '../../../src/action/state.js';
import { parseCommandFile } from '../../harness/sim.mjs';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

describe('the post step’s state', () => {
  it('saves each change where the runner hands it to the post step, and reads it back', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'state-')), 'state');
    writeFileSync(file, '');
    process.env.GITHUB_STATE = file;
    const tracker = new CleanupTracker();
    tracker.update({ binary: '/bin/hatchet', profile: 'ci', cancelOnAbort: true });
    tracker.started('run-a');
    tracker.started('run-b');
    tracker.settled('run-a');
    const state = parseCommandFile(readFileSync(file, 'utf8')).cleanup as string;
    expect(JSON.parse(state)).toEqual({
      binary: '/bin/hatchet',
      profile: 'ci',
      cancelOnAbort: true,
      pending: ['run-b'],
    });
    process.env.STATE_cleanup = state;
    expect(loadCleanupState()?.pending).toEqual(['run-b']);
  });

  it('records a replay or trigger before it is sent, and hands its run over in one save', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'state-')), 'state');
    writeFileSync(file, '');
    process.env.GITHUB_STATE = file;
    const tracker = new CleanupTracker();
    const before = runDetailsSchema.parse({
      run: { metadata: { id: 'r' }, status: 'FAILED' },
      tasks: [{ metadata: { id: 'a' }, status: 'FAILED', retryCount: 0 }],
    });
    const call = { kind: 'replay' as const, key: 'replay:r', runId: 'r', before };
    tracker.sending(call);
    tracker.childStarted(4242);
    const saved = () => JSON.parse(parseCommandFile(readFileSync(file, 'utf8')).cleanup as string);
    expect(saved()).toMatchObject({ children: [4242], pending: [] });
    // The post step reads back the baseline the main step judged the replay against.
    process.env.STATE_cleanup = JSON.stringify(saved());
    expect(loadCleanupState()?.inFlight).toEqual([call]);
    expect(tracker.idle).toBe(false);
    tracker.childEnded(4242);
    tracker.sent(call, 'r');
    expect(saved()).toMatchObject({ inFlight: [], children: [], pending: ['r'] });
    process.env.STATE_cleanup = JSON.stringify(saved());
    expect(loadCleanupState()?.inFlight).toEqual([]);
  });

  it.each(['', 'not json', '{"pending": "x"}', '{"pending": [1]}'])(
    'ignores a state it cannot read: %j',
    (raw) => {
      process.env.STATE_cleanup = raw;
      expect(loadCleanupState()).toBeUndefined();
    },
  );
});
