import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simpleSim, SIMPLE_RUN_ID as RUN } from '../harness/scenarios.mjs';
import { makeToken, runStep } from '../harness/sim.mjs';

// A whole step as the runner runs it: the main step, then the post step with the same inputs and
// the state the main step saved, whatever the outcome (post-if: always()).
const token = makeToken();

describe.concurrent('a step, main and post', () => {
  it('after a failed replay, the post step runs and leaves nothing behind', async () => {
    const sim = simpleSim({ status: 'FAILED', error: 'Error: still broken' });
    const { main, post } = await runStep({ sim, inputs: { 'run-id': RUN, token } });
    expect(main.code).toBe(1);
    expect(main.outputs.status).toBe('FAILED');
    expect(post.code).toBe(0);
    expect(sim.commands('runs cancel')).toEqual([]);
    expect(post.tempFiles.filter((f) => f.startsWith('hatchet-home-'))).toEqual([]);
  });

  it('when the job is cancelled mid-wait, the run is cancelled once and the post step cleans up', async () => {
    const sim = simpleSim({ status: 'RUNNING' });
    const { main, post } = await runStep({
      sim,
      inputs: { 'run-id': RUN, token },
      cancel: 'pending',
    });
    expect(main.code).not.toBe(0);
    expect(main.outputs.status).toBe('ABORTED');
    expect(sim.commands('runs cancel')).toHaveLength(1);
    expect(post.code).toBe(0);
    const saved = JSON.parse(main.state.cleanup ?? '{}');
    if (saved.home) expect(existsSync(saved.home)).toBe(false);
  });
});
