// The demo's story (test/harness/scenarios.mjs) as RunResults, built in-process with the real
// outcome and change functions: an order-processing run failed in charge-payment and is
// replayed after a fix. Each variant is what the replay can say about that fix. Used by the
// rendered-summary tests and by `npm run screenshot`.
import { createHash } from 'node:crypto';
import { runDetailsSchema, type RunDetails, type TaskEvent } from '../../src/hatchet/schemas.js';
import { classifyChange, outcomeOf } from '../../src/run/change.js';
import type { RunResult, TaskLog } from '../../src/run/result.js';

export const DEMO_RUN_ID = '0b5e1c6a-2f43-4f0e-9a59-6a1c3e7d9b21';
export const TENANT = '7a1f3c52-9d0e-4b6a-8f21-0c3d5e7f9a11';
export const SERVER = 'https://hatchet.example.com';
const WORKFLOW_ID = '5d0c7b3e-8f1a-4c2d-9e6b-3a7f1d2c4b58';
const TASKS = ['validate-order', 'reserve-inventory', 'charge-payment', 'send-confirmation'];
const SLOT_MS = 650;
const CREATED = '1795665077986';

export const PAYMENT_ERROR = (amount: string) =>
  `PaymentProviderError: amount must be an integer number of cents (got ${amount})\n  at chargePayment (src/tasks/charge.ts:42:11)\n  at processTicksAndRejections (node:internal/process/task_queues:95:5)`;
export const TEMPLATE_ERROR =
  'TemplateError: missing variable "amountCents" in template order-confirmed\n  at render (src/mail/render.ts:18:9)';
export const STOCK_ERROR =
  "InventoryError: not enough stock for 'sku-27' (requested 3, available 0)\n  at reserve (src/tasks/inventory.ts:31:13)";

/** A stable UUID-shaped id from a seed, so the rendered markdown is the same on every run. */
export function idFrom(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** How one attempt of the four tasks went: the failing task (by index) and its error. */
export interface AttemptSpec {
  fail?: { task: number; error: string };
  /** When it started (ISO), and how many tries came before (0 for the original run). */
  startedAt: string;
  retryCount: number;
  worker: string;
  amount: string;
}

interface Built {
  details: RunDetails;
  events: TaskEvent[];
  logs: TaskLog[];
}

const LOGS: Record<string, (spec: AttemptSpec) => [string, string][]> = {
  'validate-order': () => [
    ['INFO', 'validating order ord_7Hq2'],
    ['INFO', 'order ord_7Hq2 is valid'],
  ],
  'reserve-inventory': () => [
    ['INFO', 'reserving 3 items'],
    ['INFO', 'reserved sku-19, sku-27, sku-31'],
  ],
  'charge-payment': (spec) => [
    ['INFO', `charging ${spec.amount} EUR to cus_481`],
    ['DEBUG', 'POST https://api.payments.example/v1/charges'],
    ['WARN', 'provider answered 400 invalid_amount'],
  ],
  'send-confirmation': () => [
    ['INFO', 'sending confirmation to cus_481'],
    ['INFO', 'email queued'],
  ],
};

/** One attempt of the demo run: its details as `runs get` prints them, its events and logs. */
export function attempt(runId: string, spec: AttemptSpec): Built {
  const start = Date.parse(spec.startedAt);
  const iso = (ms: number) => new Date(ms).toISOString();
  const failAt = spec.fail?.task ?? TASKS.length;
  const events: TaskEvent[] = [];
  const logs: TaskLog[] = [];
  let id = spec.retryCount * 100;
  const event = (task: number, type: string, at: number, extra: Partial<TaskEvent> = {}) =>
    events.push({
      id: ++id,
      taskId: idFrom(`${runId}/${TASKS[task]}`),
      timestamp: iso(at),
      eventType: type,
      message: extra.message ?? '',
      retryCount: spec.retryCount,
      attempt: spec.retryCount + 1,
      taskDisplayName: `${TASKS[task]}-${CREATED}`,
      ...extra,
    });
  const tasks = TASKS.map((name, i) => {
    const taskId = idFrom(`${runId}/${name}`);
    const from = start + i * SLOT_MS;
    const to = from + SLOT_MS;
    if (spec.retryCount > 0) {
      event(i, 'RETRIED_BY_USER', start - 300, {
        message: 'Task was replayed, resetting task result.',
        retryCount: spec.retryCount - 1,
      });
    }
    if (i > failAt) {
      event(i, 'CANCELLED', start + (failAt + 1) * SLOT_MS + 12, {
        message: 'Task was cancelled because an upstream task failed',
      });
      return { name, taskId, status: 'CANCELLED', error: '' };
    }
    const failed = i === failAt;
    const worker = { workerId: spec.worker };
    event(i, 'QUEUED', from - 1, { message: 'Task was queued' });
    event(i, 'ASSIGNED', from, { message: 'Assigned to worker', ...worker });
    event(i, 'STARTED', from + 1, { message: 'Task started', ...worker });
    event(i, failed ? 'FAILED' : 'FINISHED', to, {
      message: failed ? 'Task failed' : 'Task completed',
      ...(failed ? { errorMessage: spec.fail?.error } : {}),
      ...worker,
    });
    const lines = (LOGS[name]?.(spec) ?? []).slice(0, failed ? undefined : 2);
    logs.push({
      taskId,
      taskName: name,
      lines: lines.map(([level, message], n) => ({
        timestamp: iso(from + 40 + n * Math.floor((SLOT_MS - 80) / lines.length)),
        level,
        message,
      })),
    });
    return {
      name,
      taskId,
      status: failed ? 'FAILED' : 'COMPLETED',
      error: failed ? spec.fail?.error : '',
      from,
      to,
    };
  });
  const end = start + Math.min(failAt + 1, TASKS.length) * SLOT_MS;
  const details = runDetailsSchema.parse({
    run: {
      metadata: { id: runId },
      status: spec.fail ? 'FAILED' : 'COMPLETED',
      displayName: `order-processing-${CREATED}`,
      workflowId: WORKFLOW_ID,
      tenantId: TENANT,
      input: { orderId: 'ord_7Hq2', customerId: 'cus_481', amount: 129.9, currency: 'EUR' },
      output: spec.fail
        ? {}
        : { orderId: 'ord_7Hq2', status: 'confirmed', chargeId: 'ch_3PqX9', amountCents: 12990 },
      errorMessage: spec.fail?.error ?? '',
      startedAt: iso(start),
      finishedAt: iso(end + 15),
    },
    tasks: tasks.map((t) => ({
      metadata: { id: t.taskId },
      taskExternalId: t.taskId,
      displayName: `${t.name}-${CREATED}`,
      status: t.status,
      errorMessage: t.error ?? '',
      retryCount: spec.retryCount,
      attempt: spec.retryCount + 1,
      ...(t.from !== undefined ? { startedAt: iso(t.from), finishedAt: iso(t.to) } : {}),
    })),
    taskEvents: [...events].reverse(),
    shape: TASKS.map((name, i) => ({
      taskExternalId: idFrom(`${runId}/${name}`),
      stepId: `step-${i}`,
      childrenStepIds: i + 1 < TASKS.length ? [`step-${i + 1}`] : [],
      taskName: name,
    })),
  });
  return { details, events, logs };
}

export type Story = 'fixed' | 'still-failing' | 'fails-differently' | 'regressed' | 'still-passing';

export interface ReplayOptions {
  runId?: string;
  /** The amount the order was placed with: the error text carries it, the signature does not. */
  amount?: string;
  /** The new attempt starts this many minutes after the original. */
  laterMinutes?: number;
  repetition?: number;
  expectedStatus?: RunResult['expectedStatus'];
}

/** A replay of the demo run that says `story` about the fix, exactly as the action reports it. */
export function replay(story: Story, options: ReplayOptions = {}): RunResult {
  const runId = options.runId ?? DEMO_RUN_ID;
  const amount = options.amount ?? '129.9';
  const originalStart = Date.parse('2026-11-26T09:12:03.120Z');
  const newStart = originalStart + (options.laterMinutes ?? 89) * 60_000 + 14_360;
  const payment = { task: 2, error: PAYMENT_ERROR(amount) };
  const originalFail = story === 'regressed' || story === 'still-passing' ? undefined : payment;
  const newFail = {
    fixed: undefined,
    'still-passing': undefined,
    'still-failing': payment,
    'fails-differently': { task: 3, error: TEMPLATE_ERROR },
    regressed: { task: 1, error: STOCK_ERROR },
  }[story];
  const original = attempt(runId, {
    fail: originalFail,
    startedAt: new Date(originalStart).toISOString(),
    retryCount: 0,
    worker: idFrom(`worker-a/${runId}`),
    amount,
  });
  const final = attempt(runId, {
    fail: newFail,
    startedAt: new Date(newStart).toISOString(),
    retryCount: 1,
    worker: idFrom(`worker-b/${runId}`),
    amount,
  });
  const status = final.details.run.status as 'COMPLETED' | 'FAILED';
  const expectedStatus = options.expectedStatus ?? 'COMPLETED';
  const url = `${SERVER}/tenants/${TENANT}/runs/${runId}`;
  return {
    originalRunId: runId,
    runId,
    mode: 'replay',
    repetition: options.repetition,
    workflow: 'order-processing',
    originalStatus: original.details.run.status,
    status,
    expectedStatus,
    passed: status === expectedStatus,
    change: classifyChange(outcomeOf(original.details), { ...outcomeOf(final.details), status }),
    durationMs: Date.parse(final.details.run.finishedAt ?? '') - newStart,
    url,
    originalUrl: url,
    original: original.details,
    final: final.details,
    actedAt: newStart - 1_500,
    endedAt: newStart + 4_000,
    events: final.events,
    logs: final.logs,
    notes: [],
  };
}

/**
 * A gate of `size` runs of the demo workflow after a fix: `counts` says how many of each story,
 * the rest are fixed. Still-failing runs carry different amounts (same signature, other text).
 */
export function gate(size: number, counts: Partial<Record<Story, number>>): RunResult[] {
  const stories: Story[] = [];
  for (const [story, n] of Object.entries(counts) as [Story, number][])
    for (let i = 0; i < n; i++) stories.push(story);
  while (stories.length < size) stories.push('fixed');
  // Spread the failures through the input, as a real selection returns them.
  const order = stories.map((story, i) => ({ story, at: (i * 37) % size }));
  order.sort((a, b) => a.at - b.at);
  return order.map(({ story }, i) =>
    replay(story, {
      runId: idFrom(`gate-run-${i}`),
      amount: `${(100 + i * 7.3).toFixed(1)}`,
      laterMinutes: 60 + i,
    }),
  );
}
