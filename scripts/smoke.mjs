// Smoke test of the bundle on the Node that runs this script: a replay passes, a failing replay
// fails the step, and the post step is a no-op without state.
import { createSim, makeToken, runAction } from '../test/harness/sim.mjs';

const RUN = '0b5e1c6a-2f43-4f0e-9a59-6a1c3e7d9b21';
const sim = createSim({
  workflows: [{ id: '5d0c7b3e-8f1a-4c2d-9e6b-3a7f1d2c4b58', name: 'orders' }],
  runs: [
    {
      id: RUN,
      workflow: 'orders',
      tasks: ['a', 'b'],
      original: { status: 'FAILED' },
      replays: [{ status: 'COMPLETED', staleMs: 300, durationMs: 300 }],
    },
  ],
});
const failures = [];
const check = (what, ok) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
};

const passing = await runAction({ sim, inputs: { 'run-id': RUN, token: makeToken() } });
check(
  `replay passes on Node ${process.versions.node}`,
  passing.code === 0 && passing.outputs.status === 'COMPLETED',
);
check('the summary was written', passing.summary.includes('Replay passed'));

const bad = await runAction({ sim, inputs: { 'run-id': 'not-a-uuid', token: makeToken() } });
check('a bad run id fails the step', bad.code === 1 && bad.stdout.includes('`run-id`'));

const post = await runAction({ sim, entry: 'dist/post/index.js', inputs: {} });
check('the post step is a no-op without state', post.code === 0);

if (failures.length) {
  console.error(passing.stdout, passing.stderr);
  process.exit(1);
}
