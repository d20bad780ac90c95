import type { TestCase, TestReport } from '../../src/report/cases.js';
import type { Limits } from '../../src/report/summary/limits.js';
import { runDetailsSchema, type RunDetails } from '../../src/hatchet/schemas.js';
import type { RunResult } from '../../src/run/result.js';

export const RUN = '0b5e1c6a-2f43-4f0e-9a59-6a1c3e7d9b21';
export const NEW_RUN = '3e814f9d-5276-4c31-8d8c-9d4f6b0a2e54';
export const TENANT = '7a1f3c52-9d0e-4b6a-8f21-0c3d5e7f9a11';

interface TaskSpec {
  name: string;
  status: string;
  error?: string;
  startedAt?: string;
  finishedAt?: string;
  retryCount?: number;
}

export function details(
  status: string,
  tasks: TaskSpec[],
  extra: Record<string, unknown> = {},
): RunDetails {
  const ids = tasks.map((_, i) => `00000000-0000-4000-8000-00000000000${i}`);
  return runDetailsSchema.parse({
    run: {
      metadata: { id: RUN },
      status,
      displayName: 'order-processing-1795665077986',
      workflowId: '5d0c7b3e-8f1a-4c2d-9e6b-3a7f1d2c4b58',
      tenantId: TENANT,
      input: { orderId: 'ord_1' },
      output: {},
      errorMessage: '',
      startedAt: '2026-11-26T10:00:00Z',
      finishedAt: '2026-11-26T10:00:04.5Z',
      ...extra,
    },
    // Listed out of order on purpose: the summary sorts by the DAG.
    tasks: tasks
      .map((task, i) => ({
        metadata: { id: ids[i] },
        taskExternalId: ids[i],
        displayName: `${task.name}-1795665077986`,
        status: task.status,
        errorMessage: task.error ?? '',
        retryCount: task.retryCount ?? 1,
        attempt: (task.retryCount ?? 1) + 1,
        startedAt: task.startedAt ?? `2026-11-26T10:00:0${i}Z`,
        finishedAt: task.finishedAt ?? `2026-11-26T10:00:0${i + 1}Z`,
      }))
      .reverse(),
    shape: tasks.map((task, i) => ({
      taskExternalId: ids[i],
      stepId: `step-${i}`,
      childrenStepIds: i + 1 < tasks.length ? [`step-${i + 1}`] : [],
      taskName: task.name,
    })),
    taskEvents: [],
  });
}

export function result(overrides: Partial<RunResult> = {}): RunResult {
  const original = details(
    'FAILED',
    [
      { name: 'validate-order', status: 'COMPLETED', retryCount: 0 },
      {
        name: 'charge-payment',
        status: 'FAILED',
        error: 'PaymentError: declined\n  at charge (charge.ts:1)',
        retryCount: 0,
      },
    ],
    {
      errorMessage: 'PaymentError: declined',
      startedAt: '2026-11-26T09:00:00Z',
      finishedAt: '2026-11-26T09:00:02Z',
    },
  );
  const final = details(
    'COMPLETED',
    [
      { name: 'validate-order', status: 'COMPLETED' },
      { name: 'charge-payment', status: 'COMPLETED' },
    ],
    { output: { orderId: 'ord_1', status: 'confirmed' } },
  );
  return {
    originalRunId: RUN,
    runId: RUN,
    mode: 'replay',
    workflow: 'order-processing',
    originalStatus: 'FAILED',
    status: 'COMPLETED',
    expectedStatus: 'COMPLETED',
    passed: true,
    change: 'fixed',
    durationMs: 4_500,
    url: `https://hatchet.example.com/tenants/${TENANT}/runs/${RUN}`,
    originalUrl: `https://hatchet.example.com/tenants/${TENANT}/runs/${RUN}`,
    original,
    final,
    events: [
      {
        id: 2,
        taskId: '00000000-0000-4000-8000-000000000000',
        timestamp: '2026-11-26T10:00:01Z',
        eventType: 'FINISHED',
        message: 'done',
        taskDisplayName: 'validate-order-1795665077986',
      },
      {
        id: 1,
        taskId: '00000000-0000-4000-8000-000000000000',
        timestamp: '2026-11-26T10:00:00Z',
        eventType: 'STARTED',
        message: 'started',
        taskDisplayName: 'validate-order-1795665077986',
      },
    ],
    logs: [
      {
        taskId: '00000000-0000-4000-8000-000000000000',
        taskName: 'validate-order',
        lines: [{ timestamp: '2026-11-26T10:00:00.5Z', level: 'INFO', message: 'order is valid' }],
      },
      { taskId: '00000000-0000-4000-8000-000000000001', taskName: 'charge-payment', lines: [] },
    ],
    notes: [],
    ...overrides,
  };
}

/** A replay whose charge-payment task failed again with `error`. */
export function failedAgain(error: string, overrides: Partial<RunResult> = {}): RunResult {
  return result({
    status: 'FAILED',
    passed: false,
    change: 'still-failing',
    final: details('FAILED', [
      { name: 'validate-order', status: 'COMPLETED' },
      { name: 'charge-payment', status: 'FAILED', error },
    ]),
    ...overrides,
  });
}

/** The summary's limits at their most generous (the first rendering tried). */
export const FULL_LIMITS: Limits = {
  events: 200,
  logLines: 50,
  text: 20_000,
  failedTasks: 10,
  details: true,
  gantt: true,
};

/** A JUnit/CTRF test case: one passed run, as `testReportOf` makes it. */
export function testCase(overrides: Partial<TestCase> = {}): TestCase {
  return {
    name: 'order-processing 0b5e1c6a',
    classname: 'order-processing',
    outcome: 'passed',
    status: 'COMPLETED',
    properties: [],
    siblings: [],
    flaky: false,
    ...overrides,
  };
}

/** A test report of `cases`, as `testReportOf` makes it. */
export function testReport(cases: TestCase[], overrides: Partial<TestReport> = {}): TestReport {
  return { suite: 'Hatchet replay', cases, properties: [], ...overrides };
}
