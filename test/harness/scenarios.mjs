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

/*
 * The windows of issue 21: each one a run whose `runs get` passes through a state that fooled an
 * earlier verdict. Each is a plain scenario (pass it to `createSim`); test/e2e/windows.test.ts
 * says what the action must conclude from it.
 */
export const WINDOW_WORKFLOW = { id: DEMO_WORKFLOW_ID, name: 'order-processing' };
export const WINDOW_RUN = SIMPLE_RUN_ID;

/** @param {Record<string, unknown>} original @param {Record<string, unknown>[]} replays */
function windowRun(original, replays, tasks = ['validate', 'charge'], extra = {}) {
  return {
    workflows: [WINDOW_WORKFLOW],
    runs: [{ id: WINDOW_RUN, workflow: WINDOW_WORKFLOW.name, tasks, original, replays }],
    triggers: { [WINDOW_WORKFLOW.name]: { attempt: { status: 'COMPLETED', durationMs: 300 } } },
    ...extra,
  };
}

export const WINDOWS = {
  /** A fix: every task row is new and COMPLETED while the DAG row reads the old FAILED for 14 s. */
  runRowLagsPastSettle: windowRun({ status: 'FAILED', error: 'CardError: declined' }, [
    {
      status: 'COMPLETED',
      staleMs: 100,
      durationMs: 400,
      engine: { path: 'events-first', dagLagMs: 14_000 },
    },
  ]),
  /** A fix whose downstream row keeps its old FAILED for 12.7 s after its parent finished (the longest
   * old-downstream-row window recorded on the real engine, test/fixtures/traces). */
  slowDownstreamReset: windowRun({ status: 'FAILED', error: 'CardError: declined' }, [
    { status: 'COMPLETED', staleMs: 100, durationMs: 400, downstreamResetMs: 12_700 },
  ]),
  /** Each replay fails in the root; the downstream row is cancelled only 5 s later (repeat: 2). */
  repeatWhileResetting: windowRun({ status: 'COMPLETED' }, [
    {
      status: 'FAILED',
      failTaskIndex: 0,
      error: 'ValidationError: no items',
      staleMs: 100,
      durationMs: 300,
      downstreamResetMs: 5_000,
    },
  ]),
  /**
   * Another step replayed the run a moment ago (events first): its attempt fails; the action's
   * own replay, sent once that attempt is over, completes.
   */
  replayedBackToBack: windowRun(
    { status: 'COMPLETED' },
    [
      {
        status: 'FAILED',
        failTaskIndex: 1,
        error: 'CardError: declined',
        staleMs: 100,
        durationMs: 6_000,
      },
      { status: 'COMPLETED', staleMs: 100, durationMs: 500 },
    ],
    ['validate', 'charge'],
    { engine: { path: 'events-first' } },
  ),
  /**
   * The original's only task failed and the engine retries it 6 s later: a replay sent in the
   * gap is dropped, and the engine's own retry (a retryCount rise) is not the replay.
   */
  retryPendingDropsReplay: windowRun(
    {
      status: 'FAILED',
      retries: { charge: 1 },
      retryGapMs: 6_000,
      durationMs: 6_500,
      ageMs: -5_000,
      error: 'CardError: declined',
      retryError: 'CardError: declined',
    },
    [{ status: 'FAILED', staleMs: 100, durationMs: 300, error: 'CardError: declined' }],
    ['charge'],
  ),
  /** The original failed downstream; the replay fails in the root, the old row resets 5 s later. */
  newFailureAboveOldRow: windowRun(
    { status: 'FAILED', failTaskIndex: 1, error: 'CardError: card ch_41 declined' },
    [
      {
        status: 'FAILED',
        failTaskIndex: 0,
        error: 'ValidationError: order has no items',
        staleMs: 100,
        durationMs: 300,
        downstreamResetMs: 5_000,
      },
    ],
  ),
  /** The same failure with another charge id. */
  sameErrorOtherId: windowRun(
    {
      status: 'FAILED',
      failTaskIndex: 1,
      error: 'PaymentError: charge ch_9f8e7d6c5b4a was declined',
    },
    [
      {
        status: 'FAILED',
        failTaskIndex: 1,
        error: 'PaymentError: charge ch_1a2b3c4d5e6f was declined',
        staleMs: 100,
        durationMs: 300,
      },
    ],
  ),
  /** Events (and so everything) show 2.5 s late. */
  lateEvents: windowRun({ status: 'FAILED' }, [
    { status: 'COMPLETED', staleMs: 300, durationMs: 300, eventLagMs: 2_500 },
  ]),
  /** The replay never ends (for cancel tests). */
  neverEnds: windowRun({ status: 'COMPLETED' }, [{ status: 'RUNNING', staleMs: 100 }]),
  /** A re-triggered run answers 404 for 35 s, past the action's 30 s grace period. */
  notFoundPastGrace: windowRun({ status: 'FAILED' }, [], ['validate', 'charge'], {
    notFoundAfterTriggerMs: 35_000,
  }),
};
