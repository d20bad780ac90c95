// `npm run demo`: runs the bundled action (dist/index.js) the way the GitHub runner does, against
// the Hatchet simulator, on a realistic case: an order-processing DAG run that failed in
// charge-payment is replayed after the fix was merged. Prints the outputs and the job summary.
import { createSim, makeToken, runAction, runnerFiles } from '../test/harness/sim.mjs';

const WORKFLOW_ID = '5d0c7b3e-8f1a-4c2d-9e6b-3a7f1d2c4b58';
const RUN_ID = '0b5e1c6a-2f43-4f0e-9a59-6a1c3e7d9b21';

const sim = createSim({
  workflows: [{ id: WORKFLOW_ID, name: 'order-processing' }],
  runs: [
    {
      id: RUN_ID,
      workflow: 'order-processing',
      tasks: ['validate-order', 'reserve-inventory', 'charge-payment', 'send-confirmation'],
      input: { orderId: 'ord_7Hq2', customerId: 'cus_481', amount: 129.9, currency: 'EUR' },
      original: {
        status: 'FAILED',
        failTaskIndex: 2,
        durationMs: 4100,
        error:
          'PaymentProviderError: amount must be an integer number of cents (got 129.9)\n  at chargePayment (src/tasks/charge.ts:42:11)\n  at processTicksAndRejections (node:internal/process/task_queues:95:5)',
        logs: {
          'validate-order': ['validating order ord_7Hq2', 'order ord_7Hq2 is valid'],
          'reserve-inventory': ['reserving 3 items', 'reserved sku-19, sku-27, sku-31'],
          'charge-payment': [
            'charging 129.9 EUR to cus_481',
            'provider answered 400 invalid_amount',
          ],
        },
      },
      replays: [
        {
          status: 'COMPLETED',
          staleMs: 1200,
          queuedMs: 300,
          durationMs: 2600,
          output: {
            orderId: 'ord_7Hq2',
            status: 'confirmed',
            chargeId: 'ch_3PqX9',
            amountCents: 12990,
          },
          logs: {
            'validate-order': ['validating order ord_7Hq2', 'order ord_7Hq2 is valid'],
            'reserve-inventory': ['reserving 3 items', 'reserved sku-19, sku-27, sku-31'],
            'charge-payment': ['charging 12990 cents EUR to cus_481', 'charge ch_3PqX9 succeeded'],
            'send-confirmation': ['sending confirmation to cus_481', 'email queued'],
          },
        },
      ],
    },
  ],
});

const runner = runnerFiles();
const result = await runAction({
  sim,
  runner,
  inputs: { 'run-id': RUN_ID, token: makeToken(), 'poll-interval': '2s', timeout: '2m' },
});

const line = '─'.repeat(72);
console.log(`${line}\nJob log (exit code ${result.code}, ${result.ms} ms)\n${line}`);
process.stdout.write(result.stdout);
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
