import type { TestCase, TestReport } from './cases.js';

/** The CTRF version the report follows (the `ctrf` package validates it). */
export const CTRF_SPEC_VERSION = '0.0.0';
export const TOOL_NAME = 'hatchet-replay-action';

type CtrfStatus = 'passed' | 'failed' | 'skipped';

const STATUS: Record<TestCase['outcome'], CtrfStatus> = {
  passed: 'passed',
  failure: 'failed',
  error: 'failed',
  skipped: 'skipped',
};

function whole(ms: number | undefined): number | undefined {
  return ms === undefined || !Number.isFinite(ms) ? undefined : Math.max(0, Math.round(ms));
}

function test(c: TestCase, suite: string) {
  const extra: Record<string, string | number> = {};
  for (const [name, value] of c.properties) extra[name] = value;
  if (c.outcome === 'error') extra.outcome = 'error';
  return {
    name: c.name,
    status: STATUS[c.outcome],
    duration: whole(c.durationMs) ?? 0,
    ...(whole(c.start) !== undefined ? { start: whole(c.start) } : {}),
    ...(whole(c.stop) !== undefined ? { stop: whole(c.stop) } : {}),
    suite: [suite],
    ...(c.message ? { message: c.message } : {}),
    ...(c.trace ? { trace: c.trace } : {}),
    rawStatus: c.status,
    ...(c.siblings.length > 0
      ? {
          retries: c.siblings.length,
          retryAttempts: c.siblings.map((s) => ({
            attempt: s.repetition,
            status: 'failed' as const,
            message: s.message,
            trace: s.trace,
            extra: { status: s.status },
          })),
        }
      : {}),
    flaky: c.flaky,
    extra,
  };
}

/** The CTRF JSON report: the same cases as the JUnit file, one test per run. */
export function ctrfReport(report: TestReport, now = Date.now()) {
  const tests = report.cases.map((c) => test(c, report.suite));
  const count = (status: CtrfStatus) => tests.filter((t) => t.status === status).length;
  const start = whole(report.start) ?? now;
  const stop = Math.max(whole(report.stop) ?? now, start);
  return {
    reportFormat: 'CTRF' as const,
    specVersion: CTRF_SPEC_VERSION,
    generatedBy: TOOL_NAME,
    timestamp: new Date(now).toISOString(),
    results: {
      tool: { name: TOOL_NAME },
      summary: {
        tests: tests.length,
        passed: count('passed'),
        failed: count('failed'),
        skipped: count('skipped'),
        pending: 0,
        other: 0,
        flaky: tests.filter((t) => t.flaky).length,
        suites: 1,
        start,
        stop,
        duration: stop - start,
      },
      tests,
      extra: Object.fromEntries(report.properties),
    },
  };
}
