// Smoke test of the bundle on the Node that runs this script: a replay passes, a failing replay
// fails the step, and the post step is a no-op without state.
import { SIMPLE_RUN_ID as RUN, simpleSim } from '../test/harness/scenarios.mjs';
import { makeToken, runAction } from '../test/harness/sim.mjs';

const sim = simpleSim();
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
check(
  'the summary was written',
  /^## ✅ Fixed: .* — replay passed/.test(passing.summary.split('\n')[0] ?? ''),
);

const bad = await runAction({ sim, inputs: { 'run-id': 'not-a-uuid', token: makeToken() } });
check('a bad run id fails the step', bad.code === 1 && bad.stdout.includes('`run-id`'));

const post = await runAction({ sim, entry: 'dist/post/index.js', inputs: {} });
check('the post step is a no-op without state', post.code === 0);

if (failures.length) {
  console.error(passing.stdout, passing.stderr);
  process.exit(1);
}
