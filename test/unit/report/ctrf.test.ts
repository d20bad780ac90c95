import { validate } from 'ctrf';
import { describe, expect, it } from 'vitest';
import type { TestCase, TestReport } from '../../../src/report/cases.js';
import { testCase, testReport as report } from '../../report/fixtures.js';
import { CTRF_SPEC_VERSION, ctrfReport, TOOL_NAME } from '../../../src/report/ctrf.js';

const NOW = Date.parse('2026-11-26T12:00:00Z');

const only = (c: TestCase) => ctrfReport(report([c]), NOW).results.tests[0];

describe('ctrfReport: a test per case', () => {
  it.each<[TestCase['outcome'], string]>([
    ['passed', 'passed'],
    ['failure', 'failed'],
    ['error', 'failed'],
    ['skipped', 'skipped'],
  ])('a case that %s is %s', (outcome, status) => {
    expect(only(testCase({ outcome }))?.status).toBe(status);
  });

  it('keeps that an error is not a failure, and the action’s status word', () => {
    const error = only(testCase({ outcome: 'error', status: 'TIMED_OUT' }));
    expect(error?.extra).toEqual({ outcome: 'error' });
    expect(error?.rawStatus).toBe('TIMED_OUT');
    expect(only(testCase({ outcome: 'failure' }))?.extra).toEqual({});
  });

  it.each<[string, number | undefined, number]>([
    ['whole milliseconds', 4_500, 4_500],
    ['rounded', 1_234.6, 1_235],
    ['never negative', -5, 0],
    ['unknown', undefined, 0],
    ['not a number', Number.NaN, 0],
    ['infinite', Number.POSITIVE_INFINITY, 0],
  ])('gives a duration in %s', (_name, durationMs, duration) => {
    expect(only(testCase({ durationMs }))?.duration).toBe(duration);
  });

  it('gives start and stop only when known', () => {
    const timed = only(testCase({ start: 1_000.4, stop: 2_000.6 }));
    expect(timed).toMatchObject({ start: 1_000, stop: 2_001 });
    const untimed = only(testCase({ start: Number.NaN }));
    expect(untimed).not.toHaveProperty('start');
    expect(untimed).not.toHaveProperty('stop');
  });

  it('names the case and its suite, with its message, trace and properties', () => {
    const test = only(
      testCase({
        outcome: 'failure',
        status: 'FAILED',
        message: 'replay FAILED in charge-payment, expected COMPLETED',
        trace: 'Failed task: charge-payment (attempt 2)',
        properties: [
          ['run-id', 'r'],
          ['change', 'still-failing'],
        ],
      }),
    );
    expect(test).toMatchObject({
      name: 'order-processing 0b5e1c6a',
      suite: ['Hatchet replay'],
      message: 'replay FAILED in charge-payment, expected COMPLETED',
      trace: 'Failed task: charge-payment (attempt 2)',
      extra: { 'run-id': 'r', change: 'still-failing' },
      flaky: false,
    });
    const bare = only(testCase({ message: '', trace: '' }));
    expect(bare).not.toHaveProperty('message');
    expect(bare).not.toHaveProperty('trace');
  });

  it('gives the failed repetitions as retries; a passed one with them is flaky', () => {
    const test = only(
      testCase({
        flaky: true,
        siblings: [
          {
            repetition: 2,
            outcome: 'failure',
            status: 'FAILED',
            message: 'Repetition 2: x',
            trace: 't2',
          },
          {
            repetition: 4,
            outcome: 'error',
            status: 'TIMED_OUT',
            message: 'Repetition 4: y',
            trace: 't4',
          },
        ],
      }),
    );
    expect(test?.flaky).toBe(true);
    expect(test?.retries).toBe(2);
    expect(test?.retryAttempts).toEqual([
      {
        attempt: 2,
        status: 'failed',
        message: 'Repetition 2: x',
        trace: 't2',
        extra: { status: 'FAILED' },
      },
      {
        attempt: 4,
        status: 'failed',
        message: 'Repetition 4: y',
        trace: 't4',
        extra: { status: 'TIMED_OUT' },
      },
    ]);
    const alone = only(testCase());
    expect(alone).not.toHaveProperty('retries');
    expect(alone).not.toHaveProperty('retryAttempts');
  });
});

describe('ctrfReport: the report', () => {
  const cases = [
    testCase(),
    testCase({ outcome: 'passed', flaky: true }),
    testCase({ outcome: 'failure', status: 'FAILED' }),
    testCase({ outcome: 'error', status: 'ERROR' }),
    testCase({ outcome: 'skipped', status: 'ABORTED' }),
  ];

  it('counts the tests by status, and the flaky ones', () => {
    const ctrf = ctrfReport(report(cases, { start: 1_000, stop: 4_000 }), NOW);
    expect(ctrf.results.summary).toEqual({
      tests: 5,
      passed: 2,
      failed: 2,
      skipped: 1,
      pending: 0,
      other: 0,
      flaky: 1,
      suites: 1,
      start: 1_000,
      stop: 4_000,
      duration: 3_000,
    });
  });

  it('says what made it, when, and the step’s facts', () => {
    const ctrf = ctrfReport(report(cases, { properties: [['mode', 'replay']] }), NOW);
    expect(ctrf).toMatchObject({
      reportFormat: 'CTRF',
      specVersion: CTRF_SPEC_VERSION,
      generatedBy: TOOL_NAME,
      timestamp: '2026-11-26T12:00:00.000Z',
      results: { tool: { name: 'hatchet-replay-action' }, extra: { mode: 'replay' } },
    });
    expect(ctrf.results.tests).toHaveLength(5);
  });

  it.each<[string, Partial<TestReport>, number, number]>([
    ['no times: now', {}, NOW, NOW],
    ['a start only: until now', { start: NOW - 500 }, NOW - 500, NOW],
    ['a stop before the start: no negative span', { start: 5_000, stop: 3_000 }, 5_000, 5_000],
    ['a stop only, after now: from now', { stop: NOW + 100 }, NOW, NOW + 100],
  ])('times the run: %s', (_name, times, start, stop) => {
    const { summary } = ctrfReport(report([testCase()], times), NOW).results;
    expect([summary.start, summary.stop, summary.duration]).toEqual([start, stop, stop - start]);
  });

  it('is a valid CTRF report, hostile text included', () => {
    const hostile = 'Boom ]]> <script>x</script> "q" \u0000 \ud800\n::error::injected';
    const ctrf = ctrfReport(
      report(
        [
          testCase({
            name: hostile,
            outcome: 'failure',
            message: hostile,
            trace: hostile,
            properties: [['x', hostile]],
          }),
          testCase({
            outcome: 'error',
            siblings: [
              {
                repetition: 2,
                outcome: 'error',
                status: 'ERROR',
                message: hostile,
                trace: hostile,
              },
            ],
          }),
        ],
        { suite: hostile, properties: [['y', hostile]] },
      ),
      NOW,
    );
    expect(validate(ctrf)).toEqual({ valid: true, errors: [] });
    // JSON carries any text (the cases' texts are cleaned in caseText.ts): kept as given.
    expect(ctrf.results.tests[0]?.message).toBe(hostile);
    expect(JSON.parse(JSON.stringify(ctrf)).results.tests[0].trace).toBe(hostile);
  });
});
