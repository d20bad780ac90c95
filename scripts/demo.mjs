// `npm run demo`: runs the bundled action (dist/index.js) the way the GitHub runner does, against
// the Hatchet simulator, on a realistic case: an order-processing DAG run that failed in
// charge-payment is replayed after the fix was merged. Prints the outputs and the job summary.
import { DEMO_RUN_ID, orderProcessingSim } from '../test/harness/scenarios.mjs';
import { jobLogView, makeToken, runAction, runnerFiles } from '../test/harness/sim.mjs';

const sim = orderProcessingSim();

const runner = runnerFiles();
const result = await runAction({
  sim,
  runner,
  inputs: { 'run-id': DEMO_RUN_ID, token: makeToken(), 'poll-interval': '2s', timeout: '2m' },
});

const line = '─'.repeat(72);
console.log(`${line}\nJob log (exit code ${result.code}, ${result.ms} ms)\n${line}`);
console.log(jobLogView(result.stdout));
console.log(`${line}\nOutputs\n${line}`);
for (const [name, value] of Object.entries(result.outputs)) console.log(`${name}: ${value}`);
console.log(`${line}\nJob summary (${Buffer.byteLength(result.summary)} bytes)\n${line}`);
process.stdout.write(result.summary);
const calls = sim
  .calls()
  .filter((c) => c.argv)
  .map((c) => c.argv.slice(0, 2).join(' '));
console.log(
  `${line}\nHatchet CLI calls: ${calls.length} (${[...new Set(calls)].map((c) => `${c} ×${calls.filter((x) => x === c).length}`).join(', ')})`,
);
if (result.code !== 0 || result.outputs.status !== 'COMPLETED') {
  console.error(
    `The demo expected a passing replay; got exit ${result.code}, status ${result.outputs.status}.`,
  );
  console.error(result.stderr);
  process.exit(1);
}
