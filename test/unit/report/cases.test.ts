import { describe, expect, it } from 'vitest';
import { SIBLING_CHARS, traceOf, verdictLine } from '../../../src/report/caseText.js';
import { stepReport, testReportOf, type TestCase } from '../../../src/report/cases.js';
import type { FinalStatus, RunResult } from '../../../src/run/result.js';
import { NEW_RUN, RUN, result, failedAgain as failed } from '../../report/fixtures.js';

const ZWSP = '\u200b';
const URL = result().url as string;
const START = Date.parse('2026-11-26T10:00:00Z');

const only = (r: RunResult): TestCase => testReportOf([r]).cases[0] as TestCase;

describe('testReportOf', () => {
  it.each<[string, RunResult[], string]>([
    ['one workflow', [result(), result()], 'Hatchet replay of order-processing'],
    ['several workflows', [result(), result({ workflow: 'billing' })], 'Hatchet replay'],
    ['a re-trigger', [result({ mode: 'retrigger' })], 'Hatchet re-trigger of order-processing'],
    [
      'a trigger without workflow',
      [result({ mode: 'trigger', workflow: undefined })],
      'Hatchet trigger',
    ],
    ['nothing', [], 'Hatchet replay'],
    [
      'an untrusted workflow',
      [result({ workflow: 'wf\n::error::x' })],
      `Hatchet replay of wf ${ZWSP}::error::x`,
    ],
  ])('names the suite: %s', (_name, results, suite) =>
    expect(testReportOf(results).suite).toBe(suite),
  );

  it.each<[FinalStatus, boolean, TestCase['outcome']]>([
    ['COMPLETED', true, 'passed'],
    ['FAILED', true, 'passed'],
    ['COMPLETED', false, 'failure'],
    ['FAILED', false, 'failure'],
    ['CANCELLED', false, 'failure'],
    ['TIMED_OUT', false, 'error'],
    ['ERROR', false, 'error'],
    ['ABORTED', false, 'error'],
  ])('a run %s (passed: %s) is a case that %s', (status, passed, outcome) => {
    const r = result({ status, passed });
    const test = only(r);
    expect(test.outcome).toBe(outcome);
    expect(test.status).toBe(status);
    if (outcome === 'passed') {
      expect(test.message).toBeUndefined();
      expect(test.trace).toBeUndefined();
    } else {
      expect(test.message).toBe(verdictLine(r));
      expect(test.trace).toBe(traceOf(r));
    }
  });

  it('names each case and its class, and keeps the result', () => {
    const r = result({ caseName: 'big order' });
    const test = only(r);
    expect(test).toMatchObject({ name: 'big order', classname: 'order-processing' });
    expect(test.result).toBe(r);
    expect(only(result({ workflow: undefined })).classname).toBe('replay');
  });

  it('gives a case the facts it has, as properties', () => {
    expect(only(result()).properties).toEqual([
      ['url', URL],
      ['run-id', RUN],
      ['original-run-id', RUN],
      ['workflow', 'order-processing'],
      ['mode', 'replay'],
      ['original-status', 'FAILED'],
      ['status', 'COMPLETED'],
      ['expected-status', 'COMPLETED'],
      ['change', 'fixed'],
    ]);
    const other = failed('Error: x', {
      runId: NEW_RUN,
      mode: 'retrigger',
      url: `https://hatchet.example.com/runs/${NEW_RUN}`,
      caseName: 'big\norder',
      repetition: 2,
    });
    expect(Object.fromEntries(only(other).properties)).toMatchObject({
      'original-url': URL,
      case: 'big order',
      repetition: '2',
      'failed-task': 'charge-payment',
    });
    expect(Object.fromEntries(only(result({ caseName: '' })).properties)).not.toHaveProperty(
      'case',
    );
  });

  it.each<[string, Partial<RunResult>, number | undefined, number | undefined]>([
    ['the new attempt’s times', {}, START, START + 4_500],
    [
      'no final: from when it was sent',
      { final: undefined, actedAt: 1_000, durationMs: 500 },
      1_000,
      1_500,
    ],
    [
      'no duration: until it stopped',
      { final: undefined, actedAt: 1_000, durationMs: undefined, endedAt: 3_000 },
      1_000,
      3_000,
    ],
    [
      'a stop before the start',
      { final: undefined, actedAt: 5_000, durationMs: undefined, endedAt: 3_000 },
      5_000,
      5_000,
    ],
    ['nothing known', { final: undefined, durationMs: undefined }, undefined, undefined],
  ])('times a case: %s', (_name, overrides, start, stop) => {
    const test = only(result(overrides));
    expect([test.start, test.stop]).toEqual([start, stop]);
  });

  it('times the suite from its first start to its last stop', () => {
    const report = testReportOf([
      result({ final: undefined, actedAt: 2_000, durationMs: 500 }),
      result({ final: undefined, actedAt: 1_000, durationMs: 5_000 }),
      result({ final: undefined, durationMs: undefined }),
    ]);
    expect([report.start, report.stop]).toEqual([1_000, 6_000]);
    expect(testReportOf([result({ final: undefined, durationMs: undefined })])).toMatchObject({
      start: undefined,
      stop: undefined,
    });
  });

  it('says what the step did as a whole', () => {
    expect(testReportOf([result(), result()]).properties).toEqual([
      ['mode', 'replay'],
      ['expected-status', 'COMPLETED'],
      ['status', 'COMPLETED'],
      ['passed', 'true'],
    ]);
    expect(testReportOf([result(), failed('Error: x')]).properties).toEqual([
      ['mode', 'replay'],
      ['expected-status', 'COMPLETED'],
      ['status', 'MIXED'],
      ['passed', 'false'],
    ]);
    expect(testReportOf([]).properties).toEqual([]);
    // The `mode` output's values (SPEC.md), trigger mode included.
    const triggered = testReportOf([result({ mode: 'trigger', originalRunId: undefined })]);
    expect(triggered.properties[0]).toEqual(['mode', 'retrigger']);
    expect(triggered.cases[0]?.properties).toContainEqual(['mode', 'retrigger']);
  });

  describe('repetitions of one run', () => {
    const reps = [
      result({ repetition: 1 }),
      failed('PaymentError: declined\n  at charge', { repetition: 2 }),
      result({ repetition: 3 }),
      result({
        repetition: 4,
        status: 'TIMED_OUT',
        passed: false,
        final: undefined,
        change: undefined,
        message: 'Not in time.',
      }),
    ];
    const cases = testReportOf(reps).cases;

    it('mark a passed one flaky, with the failed ones as siblings', () => {
      expect(cases.map((c) => c.flaky)).toEqual([true, false, true, false]);
      expect(cases[0]?.siblings).toEqual([
        {
          repetition: 2,
          outcome: 'failure',
          status: 'FAILED',
          message:
            'Repetition 2: replay FAILED in charge-payment, expected COMPLETED (still-failing)',
          trace: 'Failed task: charge-payment\nPaymentError: declined\n  at charge',
        },
        {
          repetition: 4,
          outcome: 'error',
          status: 'TIMED_OUT',
          message: 'Repetition 4: replay TIMED_OUT, expected COMPLETED',
          trace: 'Not in time.',
        },
      ]);
    });

    it('give a failed one the other failed ones', () => {
      expect(cases[1]?.siblings.map((s) => s.repetition)).toEqual([4]);
      expect(cases[3]?.siblings.map((s) => s.repetition)).toEqual([2]);
    });

    it('are not repetitions without `repeat`, even of one run', () => {
      const plain = testReportOf([result(), failed('Error: x')]).cases;
      expect(plain.map((c) => [c.flaky, c.siblings.length])).toEqual([
        [false, 0],
        [false, 0],
      ]);
    });

    it('keep a sibling’s trace short and inert', () => {
      const hostile = `::error::injected\n##[group]x\u0000 ${'y'.repeat(5_000)}`;
      const [, test] = testReportOf([
        failed(hostile, { repetition: 1 }),
        failed('Error: x', { repetition: 2 }),
      ]).cases;
      const trace = test?.siblings[0]?.trace as string;
      expect(
        trace.startsWith(
          `Failed task: charge-payment\n${ZWSP}::error::injected\n#${ZWSP}#[group]x `,
        ),
      ).toBe(true);
      expect(trace).not.toContain('\u0000');
      expect(trace.length).toBeLessThan(SIBLING_CHARS + 100);
    });
  });
});

describe('stepReport', () => {
  const context = {
    status: 'ERROR',
    title: 'Bad input',
    message: 'run-id is not a run id',
    outcome: 'error' as const,
  };

  it('is one case for the step when it knew of no run', () => {
    expect(stepReport(context)).toEqual({
      suite: 'Hatchet replay',
      properties: [
        ['mode', 'replay'],
        ['status', 'ERROR'],
      ],
      cases: [
        {
          name: 'Bad input',
          classname: 'hatchet-replay',
          outcome: 'error',
          status: 'ERROR',
          message: 'Bad input: run-id is not a run id',
          trace: 'run-id is not a run id',
          properties: [['status', 'ERROR']],
          siblings: [],
          flaky: false,
        },
      ],
    });
  });

  it('is one case per run it knew of, in its mode', () => {
    const report = stepReport({
      ...context,
      outcome: 'failure',
      mode: 'retrigger',
      originalRunIds: [RUN, NEW_RUN],
    });
    expect(report.suite).toBe('Hatchet re-trigger');
    expect(report.cases.map((c) => [c.name, c.classname, c.outcome])).toEqual([
      ['run 0b5e1c6a', 'hatchet-retrigger', 'failure'],
      ['run 3e814f9d', 'hatchet-retrigger', 'failure'],
    ]);
    expect(report.cases[1]?.properties).toEqual([
      ['original-run-id', NEW_RUN],
      ['status', 'ERROR'],
    ]);
    expect(stepReport({ ...context, mode: '', originalRunIds: [] }).cases).toHaveLength(1);
    expect(stepReport({ ...context, mode: '' }).suite).toBe('Hatchet replay');
  });

  it('makes an untrusted message inert', () => {
    const [test] = stepReport({ ...context, message: 'x\n::error::y\u0007 ##[z' }).cases;
    expect(test?.message).toBe(`Bad input: x ${ZWSP}::error::y #${ZWSP}#[z`);
    expect(test?.trace).toBe(`x\n${ZWSP}::error::y #${ZWSP}#[z`);
  });
});
