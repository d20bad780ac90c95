// The demo's story, shared by the demo, CI's `uses: ./` job and the README screenshot: an
// order-processing DAG run failed in charge-payment; the fix is merged and the run is replayed.
import { createSim } from './sim.mjs';

export const DEMO_WORKFLOW_ID = '5d0c7b3e-8f1a-4c2d-9e6b-3a7f1d2c4b58';
export const DEMO_RUN_ID = '0b5e1c6a-2f43-4f0e-9a59-6a1c3e7d9b21';

export function orderProcessingSim(base) {
  return createSim(
    {
      workflows: [{ id: DEMO_WORKFLOW_ID, name: 'order-processing' }],
      runs: [
        {
          id: DEMO_RUN_ID,
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
                'charge-payment': [
                  'charging 12990 cents EUR to cus_481',
                  'charge ch_3PqX9 succeeded',
                ],
                'send-confirmation': ['sending confirmation to cus_481', 'email queued'],
              },
            },
          ],
        },
      ],
    },
    base,
  );
}

export const SIMPLE_RUN_ID = '0b5e1c6a-2f43-4f0e-9a59-6a1c3e7d9b21';

/**
 * The smallest useful case: a one-task run of workflow `orders` that failed, and whose replay
 * completes after a short stale window. `replay` overrides the replay's attempt.
 * @param {Record<string, unknown>} [replay]
 */
export function simpleSim(replay = {}) {
  return createSim({
    workflows: [{ id: DEMO_WORKFLOW_ID, name: 'orders' }],
    runs: [
      {
        id: SIMPLE_RUN_ID,
        workflow: 'orders',
        tasks: ['a'],
        original: { status: 'FAILED' },
        replays: [{ status: 'COMPLETED', staleMs: 200, durationMs: 200, ...replay }],
      },
    ],
  });
}
