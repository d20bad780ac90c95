import { describe, expect, it } from 'vitest';
import {
  changeSentence,
  clusterSentence,
  gateHeadline,
  LABEL_ORDER,
  labelCell,
  predicate,
  runHeadline,
  verdictPhrase,
} from '../../../../src/report/summary/headline.js';
import {
  groupViews,
  type Label,
  type RunGroup,
  type RunView,
} from '../../../../src/report/summary/view.js';
import type { Outcome } from '../../../../src/run/change.js';
import type { FinalStatus, RunResult } from '../../../../src/run/result.js';
import { viewOf } from '../../../report/decided.js';
import { details, result, failedAgain as failed } from '../../../report/fixtures.js';

const views = (results: RunResult[]) => results.map((r, i) => viewOf(r, i));
/** The one group the results make (repetitions of one run, or a single run). */
function group(results: RunResult[]): RunGroup {
  const groups = groupViews(views(results));
  expect(groups).toHaveLength(1);
  return groups[0] as RunGroup;
}

describe('LABEL_ORDER', () => {
  it('ranks every label once, what broke first and what is fine last', () => {
    expect(new Set(LABEL_ORDER).size).toBe(LABEL_ORDER.length);
    expect(LABEL_ORDER).toHaveLength(13);
    expect(LABEL_ORDER[0]).toBe('regressed');
    expect(LABEL_ORDER.slice(-3)).toEqual(['fixed', 'completed', 'still-passing']);
    expect(LABEL_ORDER.indexOf('still-failing')).toBeLessThan(LABEL_ORDER.indexOf('flaky'));
  });
});

describe('labelCell and predicate', () => {
  it.each<[Label, string, string]>([
    ['regressed', '**regressed**', 'regressed'],
    ['fails-differently', '**fails-differently**', 'failing differently'],
    ['still-failing', '**still-failing**', 'still failing'],
    ['flaky', '**flaky**', 'flaky'],
    ['mixed', '**mixed**', 'with mixed outcomes'],
    ['fixed', '**fixed**', 'fixed'],
    ['still-passing', '**still-passing**', 'still passing'],
    ['failed', '_failed_', 'failed'],
    ['cancelled', '_cancelled_', 'cancelled'],
    ['timed-out', '_timed out_', 'timed out'],
    ['aborted', '_aborted_', 'aborted'],
    ['unknown', '_with an unknown outcome_', 'with an unknown outcome'],
    ['completed', '_completed_', 'completed'],
  ])('%s: cell %j, “n runs %s”', (label, cell, words) => {
    expect(labelCell(label)).toBe(cell);
    expect(predicate(label)).toBe(words);
  });
});

describe('changeSentence', () => {
  const base = viewOf(result(), 0);
  const outcome = (status: string, failedTask?: string): Outcome => ({ status, failedTask });
  const view = (
    label: Label,
    before: Outcome | undefined,
    after: Outcome | undefined,
    status: FinalStatus = 'FAILED',
  ): RunView => ({ ...base, label, before, after, result: { ...base.result, status } });
  const charge = outcome('FAILED', 'charge');

  it.each<[string, RunView, string]>([
    [
      'fixed',
      view('fixed', charge, outcome('COMPLETED'), 'COMPLETED'),
      'Fixed: completes now; the original run failed in charge',
    ],
    [
      'fixed, from a cancelled run',
      view('fixed', outcome('CANCELLED'), outcome('COMPLETED'), 'COMPLETED'),
      'Fixed: completes now; the original run was cancelled',
    ],
    [
      'fixed, from a failed run no task explains',
      view('fixed', outcome('FAILED'), outcome('COMPLETED'), 'COMPLETED'),
      'Fixed: completes now; the original run was FAILED',
    ],
    [
      'still passing',
      view('still-passing', outcome('COMPLETED'), outcome('COMPLETED'), 'COMPLETED'),
      'Still passing: completed, as the original run did',
    ],
    [
      'regressed, timed out',
      view('regressed', outcome('COMPLETED'), undefined, 'TIMED_OUT'),
      'Regressed: did not finish in time; the original run completed',
    ],
    [
      'regressed in a task',
      view('regressed', outcome('COMPLETED'), charge),
      'Regressed: fails in charge; the original run completed',
    ],
    [
      'regressed, cancelled',
      view('regressed', outcome('COMPLETED'), outcome('CANCELLED'), 'CANCELLED'),
      'Regressed: was cancelled; the original run completed',
    ],
    [
      'regressed, another status',
      view('regressed', outcome('COMPLETED'), outcome('FAILED'), 'FAILED'),
      'Regressed: ended FAILED; the original run completed',
    ],
    [
      'still failing in a task',
      view('still-failing', charge, charge),
      'Still failing: same error in charge as the original run',
    ],
    [
      'still failing, no task',
      view('still-failing', outcome('FAILED'), outcome('FAILED')),
      'Still failing: same error as the original run',
    ],
    [
      'fails differently: cancelled now',
      view('fails-differently', charge, outcome('CANCELLED'), 'CANCELLED'),
      'Fails differently: cancelled now; the original run failed in charge',
    ],
    [
      'fails differently in the same task',
      view('fails-differently', charge, charge),
      'Fails differently: another error in charge than the original run',
    ],
    [
      'fails differently in another task',
      view('fails-differently', charge, outcome('FAILED', 'ship')),
      'Fails differently: now in ship; the original run failed in charge',
    ],
    [
      'fails differently, no task',
      view('fails-differently', outcome('CANCELLED'), outcome('FAILED')),
      'Fails differently: another error; the original run was cancelled',
    ],
    [
      'timed out',
      view('timed-out', undefined, undefined, 'TIMED_OUT'),
      'Timed out: the run did not finish in time',
    ],
    [
      'aborted',
      view('aborted', undefined, undefined, 'ABORTED'),
      'Aborted: the job was cancelled while waiting',
    ],
    [
      'unknown',
      view('unknown', undefined, undefined, 'ERROR'),
      'Unknown outcome: the run could not be followed to its end',
    ],
    ['failed in a task', view('failed', undefined, charge), 'Failed in charge'],
    ['failed', view('failed', undefined, outcome('FAILED')), 'Failed'],
    ['cancelled', view('cancelled', undefined, outcome('CANCELLED'), 'CANCELLED'), 'Cancelled'],
    ['completed', view('completed', undefined, outcome('COMPLETED'), 'COMPLETED'), 'Completed'],
  ])('%s', (_name, v, sentence) => expect(changeSentence(v)).toBe(sentence));

  it('escapes untrusted task names and statuses', () => {
    const evil = outcome('FAILED', '<img src=x>|**b**');
    expect(changeSentence(view('fails-differently', charge, evil))).toBe(
      'Fails differently: now in &lt;img src=x&gt;&#124;&#42;&#42;b&#42;&#42;; the original run failed in charge',
    );
    const status = '<b>WEIRD</b>' as FinalStatus;
    expect(changeSentence(view('regressed', outcome('COMPLETED'), undefined, status))).toBe(
      'Regressed: ended &lt;b&gt;WEIRD&lt;/b&gt;; the original run completed',
    );
  });

  it('reads the fixtures as the pipeline decided them', () => {
    expect(changeSentence(viewOf(result(), 0))).toBe(
      'Fixed: completes now; the original run failed in charge-payment',
    );
    expect(changeSentence(viewOf(failed('PaymentError: declined'), 0))).toBe(
      'Still failing: same error in charge-payment as the original run',
    );
  });
});

describe('verdictPhrase', () => {
  it.each<[string, Partial<RunResult>, string]>([
    ['passed', {}, 'replay passed'],
    ['a re-trigger passed', { mode: 'retrigger' }, 're-trigger passed'],
    [
      'passed with another expected status',
      { mode: 'trigger', status: 'FAILED', expectedStatus: 'FAILED' },
      'trigger passed: FAILED, as expected',
    ],
    ['failed', { status: 'FAILED', passed: false }, 'replay failed: FAILED, expected COMPLETED'],
    [
      'timed out',
      { status: 'TIMED_OUT', passed: false },
      'replay failed: TIMED&#95;OUT, expected COMPLETED',
    ],
    [
      'its output changed',
      { passed: false, outputMismatch: { original: 1, replayed: 2 } },
      'replay failed: COMPLETED as expected, but its output changed',
    ],
    [
      'its output could not be checked',
      { passed: false },
      'replay failed: COMPLETED as expected, but its output could not be checked',
    ],
  ])('%s', (_name, overrides, phrase) => expect(verdictPhrase(result(overrides))).toBe(phrase));
});

describe('runHeadline', () => {
  it('gives one run’s change and verdict', () => {
    expect(runHeadline(group([result()]))).toBe(
      '## ✅ Fixed: completes now; the original run failed in charge-payment — replay passed',
    );
    expect(runHeadline(group([failed('PaymentError: declined')]))).toBe(
      '## ❌ Still failing: same error in charge-payment as the original run — replay failed: FAILED, expected COMPLETED',
    );
  });

  it('gives the pass rate of repetitions that agree', () => {
    const repeated = group([1, 2, 3].map((repetition) => result({ repetition })));
    expect(runHeadline(repeated)).toBe(
      '## ✅ Fixed: completes now; the original run failed in charge-payment (3/3 attempts passed) — replay passed',
    );
  });

  it('calls repetitions that disagree flaky, naming where they failed', () => {
    const flaky = group([
      result({ repetition: 1 }),
      failed('PaymentError: declined', { repetition: 2 }),
      result({ repetition: 3 }),
    ]);
    expect(runHeadline(flaky)).toBe(
      '## ❌ Flaky: 2/3 attempts passed, 1 failed in charge-payment — replay failed: FAILED, expected COMPLETED',
    );
    const timedOut = group([
      result({ repetition: 1 }),
      result({ repetition: 2, status: 'TIMED_OUT', passed: false, final: undefined }),
    ]);
    expect(runHeadline(timedOut)).toBe(
      '## ❌ Flaky: 1/2 attempts passed, 1 did not pass — replay failed: TIMED&#95;OUT, expected COMPLETED',
    );
  });
});

describe('gateHeadline', () => {
  it('says all passed, with how each changed', () => {
    expect(gateHeadline(groupViews(views([result(), result()])))).toBe(
      '## ✅ All 2 runs passed — 2 fixed',
    );
  });

  it('counts the runs that did not pass, then each label, most telling first', () => {
    const regressed = failed('Error: x', { change: 'regressed' });
    const groups = groupViews(views([result(), failed('Error: y'), regressed, failed('Error: z')]));
    expect(gateHeadline(groups)).toBe(
      '## ❌ 3 of 4 runs did not pass — 1 regressed · 2 still failing · 1 fixed',
    );
  });

  it('names an expected status other than COMPLETED', () => {
    const expectFailed = (r: RunResult) => ({ ...r, expectedStatus: 'FAILED' as const });
    const groups = groupViews(
      views([
        expectFailed(failed('Error: x', { passed: true })),
        expectFailed(result({ passed: false })),
      ]),
    );
    expect(gateHeadline(groups)).toBe(
      '## ❌ 1 of 2 runs did not pass (expected FAILED) — 1 still failing · 1 fixed',
    );
  });
});

describe('clusterSentence', () => {
  const still = viewOf(failed('PaymentError: declined\n  at charge'), 0);

  it.each<[string, Parameters<typeof clusterSentence>, string]>([
    [
      'several runs, with the first line of the error',
      ['still-failing', 12, still],
      '**12 runs still failing** in charge-payment with <code>PaymentError&#58; declined</code>',
    ],
    [
      'one run',
      ['still-failing', 1, still],
      '**1 run still failing** in charge-payment with <code>PaymentError&#58; declined</code>',
    ],
    [
      'errors that differ in text',
      ['still-failing', 2, still, true],
      '**2 runs still failing** in charge-payment with errors like <code>PaymentError&#58; declined</code>',
    ],
    [
      'the error cut short',
      ['still-failing', 2, still, false, 8],
      '**2 runs still failing** in charge-payment with <code>Payment…</code>',
    ],
    [
      'no error (a heading)',
      ['still-failing', 2, still, false, 0],
      '**2 runs still failing** in charge-payment',
    ],
    ['fixed: neither task nor error', ['fixed', 3, still], '**3 runs fixed**'],
    ['a run without a failure', ['completed', 2, viewOf(result(), 0)], '**2 runs completed**'],
  ])('%s', (_name, args, sentence) => expect(clusterSentence(...args)).toBe(sentence));

  it('leaves out a blank error', () => {
    expect(clusterSentence('failed', 1, viewOf(failed(' \n '), 0))).toBe(
      '**1 run failed** in charge-payment',
    );
  });

  it('escapes an untrusted task name and error', () => {
    const r = failed('', {
      final: details('FAILED', [
        {
          name: 'x</code><img src=x>',
          status: 'FAILED',
          error: '`a` | </code><b>b</b>\n::error::c',
        },
      ]),
    });
    expect(clusterSentence('failed', 1, viewOf(r, 0))).toBe(
      '**1 run failed** in x&lt;/code&gt;&lt;img src=x&gt; with <code>&#96;a&#96; &#124; &lt;/code&gt;&lt;b&gt;b&lt;/b&gt;</code>',
    );
  });
});
