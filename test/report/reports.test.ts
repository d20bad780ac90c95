// The JUnit and CTRF files read by the consumers teams already use: junit-to-ctrf (the JUnit
// reader of the CTRF tools), the `ctrf` package's validator, and github-actions-ctrf, which
// renders a CTRF report into a job summary.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { validate } from 'ctrf';
import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { convertJUnitToCTRFReport } from 'junit-to-ctrf';
import { describe, expect, it } from 'vitest';
import { testReportOf } from '../../src/report/cases.js';
import { ctrfReport } from '../../src/report/ctrf.js';
import { junitXml } from '../../src/report/junit.js';
import { writeReportFiles } from '../../src/report/write.js';
import type { RunResult } from '../../src/run/result.js';
import { ROOT } from '../harness/sim.mjs';
import { idFrom, replay } from './scenarios.js';

const run = promisify(execFile);

/** Text Hatchet may hold: controls, a CDATA end, lone surrogates, markup, workflow commands. */
export const HOSTILE =
  'Boom ]]> <script>alert(1)</script> & "quotes" \u0000\u0007\u001b[31mred\u001b[0m \ud800 lone \udfff \uffff\n::error::injected\n</failure></testcase>';

/** A task's error replaced, as if Hatchet had said `error`. */
function withError(r: RunResult, error: string): RunResult {
  const tasks = r.final?.tasks.map((t) =>
    t.status === 'FAILED' ? { ...t, errorMessage: error } : t,
  );
  return { ...r, final: r.final && tasks ? { ...r.final, tasks } : r.final };
}

/**
 * A gate of mixed outcomes: one still failing with a hostile error, one fixed, one run repeated
 * three times that failed once (flaky), one that timed out.
 */
export function mixedGate(): RunResult[] {
  const flaky = idFrom('flaky');
  const timedOut = replay('fixed', { runId: idFrom('slow') });
  return [
    withError(replay('still-failing', { runId: idFrom('hostile') }), HOSTILE),
    replay('fixed', { runId: idFrom('fixed') }),
    replay('fixed', { runId: flaky, repetition: 1 }),
    replay('regressed', { runId: flaky, repetition: 2 }),
    replay('fixed', { runId: flaky, repetition: 3 }),
    {
      ...timedOut,
      status: 'TIMED_OUT',
      passed: false,
      change: undefined,
      message: 'The run did not finish within 30m (input `timeout`).',
    },
  ];
}

/** XML 1.0's Char production: a file holding anything else is not XML. */
const XML_CHAR = /^[\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]*$/u;

function parseJunit(xml: string) {
  expect(XML_CHAR.test(xml)).toBe(true);
  expect(XMLValidator.validate(xml)).toBe(true);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: (name) =>
      ['testcase', 'property', 'flakyFailure', 'rerunFailure', 'flakyError', 'rerunError'].includes(
        name,
      ),
    textNodeName: 'text',
    processEntities: true,
    htmlEntities: false,
  });
  return parser.parse(xml);
}

function files(results: RunResult[]) {
  const dir = mkdtempSync(join(tmpdir(), 'reports-'));
  return writeReportFiles({ results }, dir);
}

describe('the JUnit file', () => {
  const results = mixedGate();
  const paths = files(results);
  const xml = readFileSync(paths.junit, 'utf8');
  const doc = parseJunit(xml);
  const suite = doc.testsuites.testsuite;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a parsed document
  const cases = suite.testcase as Record<string, any>[];

  it('has one suite and one test case per run and repetition, with counts that add up', () => {
    expect(cases).toHaveLength(6);
    expect(suite).toMatchObject({ tests: '6', failures: '2', errors: '1', skipped: '0' });
    expect(suite.name).toBe('Hatchet replay of order-processing');
    expect(cases.map((c) => c.name)).toEqual([
      `order-processing ${idFrom('hostile').slice(0, 8)}`,
      `order-processing ${idFrom('fixed').slice(0, 8)}`,
      `order-processing ${idFrom('flaky').slice(0, 8)}`,
      `order-processing ${idFrom('flaky').slice(0, 8)} #2`,
      `order-processing ${idFrom('flaky').slice(0, 8)} #3`,
      `order-processing ${idFrom('slow').slice(0, 8)}`,
    ]);
    expect(new Set(cases.map((c) => c.classname))).toEqual(new Set(['order-processing']));
    expect(cases[1]?.time).toBe('2.615');
  });

  it('says failure for a run that ended otherwise, error for one whose outcome is unknown', () => {
    const [hostile, , , regressed, , slow] = cases;
    expect(hostile?.failure).toMatchObject({
      type: 'FAILED',
      message: 'replay FAILED in charge-payment, expected COMPLETED (still-failing)',
    });
    expect(regressed?.failure?.message).toBe(
      'replay FAILED in reserve-inventory, expected COMPLETED (regressed)',
    );
    expect(slow?.error).toMatchObject({ type: 'TIMED_OUT' });
    expect(slow?.error?.text).toContain('did not finish within 30m');
    expect(slow?.failure).toBeUndefined();
  });

  it('holds the failed task, its real error and its newest log lines, cleaned', () => {
    const body = cases[0]?.failure?.text as string;
    expect(body).toContain('Failed task: charge-payment (attempt 2)');
    expect(body).toContain('Boom ]]> <script>alert(1)</script> & "quotes"');
    expect(body).toContain('red');
    // eslint-disable-next-line no-control-regex -- what must not be there
    expect(body).not.toMatch(/\u001b|\u0000|\u0007|\uffff/);
    expect(body).toContain('\ufffd lone \ufffd');
    expect(body).toContain('provider answered 400 invalid_amount');
    expect(body).toContain('Newest log lines of charge-payment');
    // A reporter that prints it to the job log cannot run a workflow command from it.
    expect(body).not.toMatch(/^\s*::/m);
    expect(body).toContain('\u200b::error::injected');
    // The markup is text: the document still has exactly the cases it was given.
    expect(xml.match(/<testcase /g)).toHaveLength(6);
    expect(xml).not.toContain(']]>');
  });

  it('marks the passed repetitions of a run that failed once as flaky, as Surefire does', () => {
    const [, , first, second, third] = cases;
    for (const passed of [first, third]) {
      expect(passed?.failure).toBeUndefined();
      expect(passed?.flakyFailure).toHaveLength(1);
      expect(passed?.flakyFailure[0]).toMatchObject({
        type: 'FAILED',
        message: 'Repetition 2: replay FAILED in reserve-inventory, expected COMPLETED (regressed)',
      });
    }
    expect(second?.failure).toBeDefined();
    expect(second?.flakyFailure).toBeUndefined();
  });

  it('carries the run URL, the original status and the change as properties', () => {
    const props = Object.fromEntries(
      (cases[0]?.properties.property as { name: string; value: string }[]).map((p) => [
        p.name,
        p.value,
      ]),
    );
    expect(props).toMatchObject({
      url: results[0]?.url,
      'original-status': 'FAILED',
      change: 'still-failing',
      status: 'FAILED',
      'run-id': idFrom('hostile'),
    });
  });

  it('reads back through junit-to-ctrf to the same counts, names and flaky runs', async () => {
    const read = await convertJUnitToCTRFReport(paths.junit, { useSuiteName: false });
    const ours = JSON.parse(readFileSync(paths.ctrf, 'utf8'));
    expect(read?.results.summary).toMatchObject({
      tests: ours.results.summary.tests,
      passed: ours.results.summary.passed,
      failed: ours.results.summary.failed,
      flaky: ours.results.summary.flaky,
    });
    expect(read?.results.tests.map((t) => [t.name, t.status, t.flaky ?? false])).toEqual(
      ours.results.tests.map((t: { name: string; status: string; flaky: boolean }) => [
        t.name,
        t.status,
        t.flaky,
      ]),
    );
    expect(read?.results.tests[0]?.message).toBe(ours.results.tests[0].message);
  });
});

describe('the CTRF file', () => {
  const results = mixedGate();
  const paths = files(results);
  const report = JSON.parse(readFileSync(paths.ctrf, 'utf8'));

  it('is valid CTRF, as the ctrf package checks it', () => {
    expect(validate(report)).toEqual({ valid: true, errors: [] });
    expect(report).toMatchObject({
      reportFormat: 'CTRF',
      specVersion: '0.0.0',
      results: { tool: { name: 'hatchet-replay-action' } },
    });
  });

  it('counts the runs, and spans them from the first start to the last stop', () => {
    const { summary, tests } = report.results;
    expect(summary).toMatchObject({ tests: 6, passed: 3, failed: 3, skipped: 0, flaky: 2 });
    const times = tests as { start: number; stop: number }[];
    expect(summary.start).toBeLessThanOrEqual(Math.min(...times.map((t) => t.start)));
    expect(summary.stop).toBeGreaterThanOrEqual(Math.max(...times.map((t) => t.stop)));
  });

  it('has per run the status, duration, message, trace, flaky and retries; the rest under extra', () => {
    const [hostile, fixed, first] = report.results.tests;
    expect(hostile).toMatchObject({
      status: 'failed',
      rawStatus: 'FAILED',
      message: 'replay FAILED in charge-payment, expected COMPLETED (still-failing)',
      flaky: false,
      extra: { change: 'still-failing', 'original-status': 'FAILED', url: results[0]?.url },
    });
    expect(hostile.trace).toContain('Boom ]]> <script>');
    expect(fixed).toMatchObject({ status: 'passed', duration: 2615, flaky: false });
    expect(fixed.message).toBeUndefined();
    expect(first).toMatchObject({ status: 'passed', flaky: true, retries: 1 });
    expect(first.retryAttempts[0]).toMatchObject({ attempt: 2, status: 'failed' });
    expect(report.results.tests[5]).toMatchObject({
      status: 'failed',
      rawStatus: 'TIMED_OUT',
      extra: { outcome: 'error' },
    });
  });

  it('renders through github-actions-ctrf into a summary with the same counts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gh-ctrf-'));
    const summary = join(dir, 'summary.md');
    writeFileSync(summary, '');
    await run(
      process.execPath,
      [join(ROOT, 'node_modules/github-actions-ctrf/dist/core/cli.js'), 'summary', paths.ctrf],
      {
        env: {
          PATH: process.env.PATH,
          GITHUB_STEP_SUMMARY: summary,
          GITHUB_REPOSITORY: 'owner/repo',
          GITHUB_RUN_ID: '1',
          GITHUB_SERVER_URL: 'https://github.com',
        },
        timeout: 60_000,
      },
    );
    const table = readFileSync(summary, 'utf8');
    // Tests, passed, failed, skipped, pending, other, flaky.
    expect(table).toMatch(/\| 6 \| 3 \| 3 \| 0 \| 0 \| 0 \| 2 \|/);
  }, 60_000);
});

describe('hostile Hatchet text', () => {
  it('cleans a failed task’s name in the trace as it cleans the rest', () => {
    const name = 'x\n::error::y\u001b[31m##[set-output name=a;]b';
    const [base] = mixedGate();
    const failed = (base as RunResult).final?.tasks.find((t) => t.status === 'FAILED');
    const renamed: RunResult = {
      ...(base as RunResult),
      final: base?.final && {
        ...base.final,
        tasks: base.final.tasks.map((t) =>
          t === failed ? { ...t, displayName: `${name}-1795665077986` } : t,
        ),
      },
    };
    const trace = testReportOf([renamed]).cases[0]?.trace as string;
    expect(trace).toContain('Failed task: x ');
    expect(trace).toContain('Newest log lines of x ');
    // No line a reporter prints can be a workflow command, old or new form; no colour codes.
    expect(trace).not.toMatch(/^\s*::/m);
    expect(trace).not.toContain('##[');
    // eslint-disable-next-line no-control-regex -- what must not be there
    expect(trace).not.toMatch(/\u001b/);
  });

  it('never breaks either file', () => {
    const base = mixedGate();
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.string({ unit: 'binary', maxLength: 40 }),
        fc.string({ unit: 'binary', maxLength: 80 }),
        (error, workflow, log) => {
          const hostile = withError(base[0] as RunResult, error);
          const results: RunResult[] = [
            {
              ...hostile,
              workflow,
              caseName: workflow,
              logs: hostile.logs.map((l) => ({
                ...l,
                lines: [...l.lines, { timestamp: undefined, message: log, level: 'ERROR' }],
              })),
            },
            ...base.slice(1),
          ];
          const tests = testReportOf(results);
          const xml = junitXml(tests);
          const doc = parseJunit(xml);
          expect(doc.testsuites.testsuite.testcase).toHaveLength(results.length);
          const ctrf = JSON.parse(JSON.stringify(ctrfReport(tests)));
          expect(validate(ctrf).valid).toBe(true);
          expect(ctrf.results.tests).toHaveLength(results.length);
        },
      ),
      { numRuns: 100 },
    );
  });
});
