import { describe, expect, it, test } from 'vitest';
import { runDetailsSchema, type RunDetails } from '../../../src/hatchet/schemas.js';
import {
  SIGNATURE_MAX,
  classifyChange,
  decidingTask,
  errorSignature,
  outcomeOf,
  overallChange,
  type Change,
  type Outcome,
} from '../../../src/run/change.js';

const PY_TRACEBACK = [
  'Traceback (most recent call last):',
  '  File "/app/worker.py", line 42, in charge',
  '    raise ValueError(f"bad amount {amount}")',
  'ValueError: bad amount 129.9 for order 7f3c2a10',
].join('\n');

describe('errorSignature', () => {
  test.each([
    [
      'JS stack trace: first line only, quoted id',
      "Error: Payment declined for order 'ord_8f3a'\n    at charge (/app/src/pay.ts:42:17)\n    at run (node:internal/process:1:1)",
      "Error: Payment declined for order '<str>'",
    ],
    [
      'Python traceback: the exception line',
      PY_TRACEBACK,
      'ValueError: bad amount <n> for order <hex>',
    ],
    [
      'Python SDK message before its traceback',
      `KeyError: 'customer_id'\n${PY_TRACEBACK}`,
      "KeyError: '<str>'",
    ],
    [
      'Go error chain',
      'failed to charge: Post "https://api.stripe.com/v1/charges": dial tcp 10.0.0.12:443: i/o timeout',
      'failed to charge: Post "<str>": dial tcp <n>:<n>: i/o timeout',
    ],
    [
      'Go panic',
      'panic: runtime error: index out of range [5] with length 3\n\ngoroutine 1 [running]:',
      'panic: runtime error: index out of range [<n>] with length <n>',
    ],
    [
      'UUID and HTTP status',
      'run 0b5e1c6a-2f43-4f0e-9a59-6a1c3e7d9b21 not found (status 404)',
      'run <uuid> not found (status <n>)',
    ],
    [
      'amounts and cents',
      'expected total 129.9 (12990 cents) but got $1,299.00',
      'expected total <n> (<n> cents) but got $<n>',
    ],
    [
      'ISO timestamps',
      'lock expired at 2026-08-22T14:03:05.123456Z (now 2026-08-22T14:03:09+02:00)',
      'lock expired at <time> (now <time>)',
    ],
    [
      'hex ids, 0x addresses; hex-looking words stay',
      'object 5f1d7a9c3e2b missing at 0x7ffe12 (deadbeef cache)',
      'object <hex> missing at <hex> (deadbeef cache)',
    ],
    [
      'quotes of every kind; an apostrophe is not a quote',
      "can't parse 'abc' as `Amount` in \"line 3\"",
      "can't parse '<str>' as `<str>` in \"<str>\"",
    ],
    [
      'numbers glued to words stay (names, versions)',
      'sha256 mismatch for v2 asset in task_3: 12ms',
      'sha256 mismatch for v2 asset in task_3: <n>ms',
    ],
    [
      'blank lines, colour codes, runs of spaces',
      '\n\n   \u001b[31mError:\u001b[0m   too\tmany    spaces  \nsecond line',
      'Error: too many spaces',
    ],
    ['empty', '', ''],
  ])('%s', (_name, error, expected) => {
    expect(errorSignature(error)).toBe(expected);
  });

  it('is capped in length', () => {
    const signature = errorSignature(`Error: ${'x'.repeat(1000)}`);
    expect(signature).toHaveLength(SIGNATURE_MAX);
    expect(signature.endsWith('…')).toBe(true);
  });

  it('gives the same signature to the same failure in two runs', () => {
    const first =
      "Error: order 'ord_1' of 129.9 failed at 2026-08-22T14:03:05Z (trace 9f86d081884c)";
    const second =
      "Error: order 'ord_2' of 42.5 failed at 2026-08-23T09:00:00Z (trace 2c26b46b68ff)";
    expect(errorSignature(first)).toBe(errorSignature(second));
    expect(errorSignature(first)).not.toBe(errorSignature("TypeError: order 'ord_1' is undefined"));
  });

  it.each([
    [
      'PaymentError: charge ch_9f8e7d6c5b4a declined',
      'PaymentError: charge ch_1a2b3c4d5e6f declined',
    ],
    ['charge ch_3PqX9 failed for ord_7Hq2', 'charge ch_8LmN2 failed for ord_9Zz1'],
    ['request req-AbC123xyz timed out', 'request req-ZzY987abc timed out'],
    ['token 3PqX9abcD rejected', 'token 7HkL2mnoP rejected'],
  ])('ids glued with `_` or `-`, or in mixed case, are the same: %j ~ %j', (a, b) => {
    expect(errorSignature(a)).toBe(errorSignature(b));
    expect(errorSignature(a)).toMatch(/<id>/);
  });

  it.each([
    'utf-8 decode error',
    'x86_64 binary',
    'Base64 padding wrong',
    'ERR_CARD_DECLINED',
    'sha256 mismatch',
  ])('words that merely hold digits stay words: %j', (text) =>
    expect(errorSignature(text)).not.toMatch(/<id>/),
  );
});

/** A run whose tasks are [name, status, errorMessage]. */
function run(status: string, tasks: [string, string, string?][] = []): RunDetails {
  return runDetailsSchema.parse({
    run: { metadata: { id: 'run-1' }, status, errorMessage: 'an older attempt failed' },
    tasks: tasks.map(([name, taskStatus, errorMessage], i) => ({
      metadata: { id: `task-${i}` },
      displayName: `${name}-1755871385123`,
      status: taskStatus,
      errorMessage,
    })),
  });
}

describe('outcomeOf', () => {
  it('takes the verdict’s status when the run row lags its tasks', () => {
    const lagging = run('RUNNING', [
      ['fetch', 'COMPLETED'],
      ['charge', 'FAILED', 'Error: declined 129.9'],
    ]);
    expect(outcomeOf(lagging)).toEqual({ status: 'RUNNING' });
    expect(outcomeOf(lagging, 'FAILED')).toEqual({
      status: 'FAILED',
      failedTask: 'charge',
      failedTaskId: decidingTask(lagging)?.metadata.id,
      errorSignature: 'Error: declined <n>',
    });
  });

  test.each<[string, RunDetails, Outcome]>([
    ['a completed run', run('COMPLETED', [['fetch', 'COMPLETED']]), { status: 'COMPLETED' }],
    [
      'a failed DAG: its failed task, without the millis suffix',
      run('FAILED', [
        ['fetch', 'COMPLETED'],
        ['charge', 'FAILED', 'Error: declined 129.9\n    at x (a.js:1:2)'],
      ]),
      { status: 'FAILED', failedTask: 'charge', errorSignature: 'Error: declined <n>' },
    ],
    [
      'parallel failures: the first by name, whatever order they finished in',
      run('FAILED', [
        ['ship', 'FAILED', 'Error: no carrier'],
        ['bill', 'FAILED', 'Error: declined'],
      ]),
      { status: 'FAILED', failedTask: 'bill', errorSignature: 'Error: declined' },
    ],
    [
      'a cancelled run: the cancelled task that says why',
      run('CANCELLED', [
        ['fetch', 'CANCELLED'],
        ['charge', 'CANCELLED', 'task timed out after 30s'],
      ]),
      { status: 'CANCELLED', failedTask: 'charge', errorSignature: 'task timed out after <n>s' },
    ],
    [
      "a run cancelled without a message (never the run's stale errorMessage)",
      run('CANCELLED', [['fetch', 'CANCELLED']]),
      { status: 'CANCELLED' },
    ],
  ])('%s', (_name, details, expected) => {
    // The deciding task's id comes with its name, for the report to find its error and log.
    const failedTaskId = expected.failedTask ? decidingTask(details)?.metadata.id : undefined;
    expect(outcomeOf(details)).toEqual(failedTaskId ? { ...expected, failedTaskId } : expected);
  });
});

describe('decidingTask', () => {
  const named = (details: RunDetails) => decidingTask(details)?.metadata.id;

  test.each<[string, RunDetails, string | undefined]>([
    ['no failed task', run('COMPLETED', [['fetch', 'COMPLETED']]), undefined],
    [
      'the first failed task by name, whatever order they finished in',
      run('FAILED', [
        ['ship', 'FAILED', 'Error: no carrier'],
        ['bill', 'FAILED', 'Error: declined'],
      ]),
      'task-1',
    ],
    [
      'the same name twice: the smaller error signature, whatever order they are listed in',
      run('FAILED', [
        ['charge', 'FAILED', 'TypeError: x'],
        ['charge', 'FAILED', 'Error: declined'],
      ]),
      'task-1',
    ],
    [
      'a failed task before a cancelled one that says why',
      run('FAILED', [
        ['audit', 'CANCELLED', 'cancelled: a sibling failed'],
        ['charge', 'FAILED', 'Error: declined'],
      ]),
      'task-1',
    ],
    [
      'without a failed task, a cancelled one that says why',
      run('CANCELLED', [
        ['fetch', 'CANCELLED'],
        ['charge', 'CANCELLED', 'task timed out after 30s'],
      ]),
      'task-1',
    ],
  ])('%s', (_name, details, expected) => {
    expect(named(details)).toBe(expected);
  });

  it('is the task the outcome names, whatever the run row says', () => {
    const lagging = run('RUNNING', [
      ['ship', 'FAILED', 'Error: no carrier'],
      ['bill', 'FAILED', 'Error: declined'],
    ]);
    expect(named(lagging)).toBe('task-1');
    expect(outcomeOf(lagging, 'FAILED').failedTask).toBe('bill');
  });
});

const failed = (failedTask: string, errorSignature: string): Outcome => ({
  status: 'FAILED',
  failedTask,
  errorSignature,
});
const status = (value: string): Outcome => ({ status: value });

describe('classifyChange', () => {
  test.each<[Outcome, Outcome, Change | undefined]>([
    [status('COMPLETED'), status('COMPLETED'), 'still-passing'],
    [failed('charge', 'Error: declined'), status('COMPLETED'), 'fixed'],
    [status('CANCELLED'), status('COMPLETED'), 'fixed'],
    [status('COMPLETED'), failed('charge', 'Error: declined'), 'regressed'],
    [status('COMPLETED'), status('CANCELLED'), 'regressed'],
    [status('COMPLETED'), status('RUNNING'), 'regressed'], // still not done at the timeout
    [status('COMPLETED'), status('QUEUED'), 'regressed'],
    [status('COMPLETED'), status('TIMED_OUT'), 'regressed'],
    [failed('charge', 'Error: declined'), failed('charge', 'Error: declined'), 'still-failing'],
    [status('CANCELLED'), status('CANCELLED'), 'still-failing'],
    [failed('charge', 'Error: declined'), failed('charge', 'TypeError: x'), 'fails-differently'],
    [failed('charge', 'Error: declined'), failed('ship', 'Error: declined'), 'fails-differently'],
    [failed('charge', 'Error: declined'), status('CANCELLED'), 'fails-differently'],
    [failed('charge', 'Error: declined'), status('TIMED_OUT'), undefined], // did not finish
    [failed('charge', 'Error: declined'), status('RUNNING'), undefined],
    [status('FAILED'), status('ERROR'), undefined], // outcome unknown (e.g. replay dropped)
    [status('COMPLETED'), status('ERROR'), undefined],
    [status('COMPLETED'), status('ABORTED'), undefined], // the job was cancelled
    [status(''), status('COMPLETED'), undefined], // no original run
    [status('RUNNING'), status('COMPLETED'), undefined], // the original had not finished
  ])('%o → %o: %s', (original, attempt, expected) => {
    expect(classifyChange(original, attempt)).toBe(expected);
  });

  it('sees the same bug in two runs as still failing, and another one as different', () => {
    const original = outcomeOf(run('FAILED', [['charge', 'FAILED', "Error: order 'o1' of 129.9"]]));
    const same = outcomeOf(run('FAILED', [['charge', 'FAILED', "Error: order 'o2' of 12.5"]]));
    const other = outcomeOf(run('FAILED', [['charge', 'FAILED', 'TypeError: x is undefined']]));
    expect(classifyChange(original, same)).toBe('still-failing');
    expect(classifyChange(original, other)).toBe('fails-differently');
  });
});

describe('overallChange', () => {
  test.each<[(Change | undefined)[], string]>([
    [[], ''],
    [[undefined, undefined], ''],
    [['fixed'], 'fixed'],
    [['fixed', 'fixed', 'fixed'], 'fixed'],
    [['fixed', 'still-failing'], 'mixed'],
    [['still-passing', 'regressed'], 'mixed'],
    [['fixed', undefined], 'mixed'], // a run whose outcome is unknown does not share the word
  ])('%o → %s', (changes, expected) => {
    expect(overallChange(changes)).toBe(expected);
  });
});
