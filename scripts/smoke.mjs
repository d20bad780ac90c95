// Smoke test of the bundle on the Node that runs this script, through the runner contract (every
// input of action.yml filled as the runner fills it): the README's Quick start step passes and its
// post step has nothing to do; a bad run id fails the step before any Hatchet call.
import { SIMPLE_RUN_ID as RUN, simpleSim } from '../test/harness/scenarios.mjs';
import { makeToken, runAction, runStep } from '../test/harness/sim.mjs';

const sim = simpleSim();
const failures = [];
const check = (what, ok) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
};

const { main: passing, post } = await runStep({
  sim,
  inputs: { 'run-id': RUN, token: makeToken() },
});
check(
  `replay passes on Node ${process.versions.node}`,
  passing.code === 0 && passing.outputs.status === 'COMPLETED',
);
check(
  'the summary was written',
  /^## ✅ Fixed: .* — replay passed/.test(passing.summary.split('\n')[0] ?? ''),
);

const bad = await runAction({ sim, inputs: { 'run-id': 'not-a-uuid', token: makeToken() } });
check(
  'a bad run id fails the step before any Hatchet call',
  bad.code === 1 &&
    bad.stdout.includes('`run-id`') &&
    !sim.calls().some((c) => c.argv?.[0] === 'runs' && c.argv?.[2] === 'not-a-uuid'),
);

check('the post step that follows has nothing to do', post.code === 0 && post.stdout === '');

if (failures.length) {
  console.error(passing.stdout, passing.stderr);
  process.exit(1);
}
