import { describe, expect, it } from 'vitest';
import { HatchetCliError, type CliErrorKind } from '../../../src/hatchet/errors.js';
import { RunError, describeFailure, say } from '../../../src/run/failure.js';

const RUN = '0b5e1c6a-2f43-4f0e-9a59-6a1c3e7d9b21';
const SUBJECT = `run ${RUN}`;
const cliError = (kind: CliErrorKind, detail = '') =>
  new HatchetCliError('hatchet runs get failed: nope', kind, 'hatchet runs get', detail);

describe('describeFailure', () => {
  it.each<[string, unknown, string]>([
    ['a RunError, as it is', new RunError('Run x timed out.'), 'Run x timed out.'],
    [
      'not-found, naming the subject and what Hatchet said',
      cliError('not-found', 'run not found (status 404)'),
      `Hatchet has no ${SUBJECT} (hatchet runs get: run not found (status 404)). Check the id and that the token's tenant owns it.`,
    ],
    [
      'not-found without a detail: the message stands in',
      cliError('not-found'),
      `Hatchet has no ${SUBJECT} (hatchet runs get: hatchet runs get failed: nope). Check the id and that the token's tenant owns it.`,
    ],
    [
      'unauthorized',
      cliError('unauthorized', '403'),
      `Hatchet refused the token for ${SUBJECT} (hatchet runs get: 403). Check that the token is valid, not expired, and belongs to the run's tenant.`,
    ],
    [
      'profile',
      cliError('profile'),
      'hatchet runs get failed: nope. Pass `token` (or set HATCHET_CLIENT_TOKEN) so the action creates the profile, or create the profile on the runner beforehand.',
    ],
    [
      'any other kind',
      cliError('transient'),
      `hatchet runs get failed: nope (while handling ${SUBJECT})`,
    ],
    ['a plain Error', new Error('boom'), 'boom'],
    ['a thrown string', 'just text', 'just text'],
    ['a thrown number', 42, '42'],
  ])('%s', (_name, error, message) => {
    expect(describeFailure(error, SUBJECT)).toBe(message);
  });
});

describe('say', () => {
  it.each<[string, string, RegExp]>([
    ['notFinished', say.notFinished(RUN, 'RUNNING'), /^Run 0b5e.* is RUNNING: only a finished run/],
    ['timedOut', say.timedOut(RUN, 90_000), /did not finish within 1m 30s \(input `timeout`\)/],
    [
      'startTimedOut names the workflow',
      say.startTimedOut(RUN, 5_000, 'orders'),
      /still QUEUED after 5s .*workflow 'orders' is running/,
    ],
    [
      'startTimedOut without a workflow',
      say.startTimedOut(RUN, 5_000, undefined),
      /workflow 'unknown' is running/,
    ],
    [
      'notSettled',
      say.notSettled(RUN, "task 'a' is QUEUED", 30_000),
      /did not settle within 30s of being read: task 'a' is QUEUED\./,
    ],
    [
      'timedOutAt',
      say.timedOutAt('run x', 1_500, 'reading logs'),
      /^The timeout \(1\.5s, input `timeout`\) ran out while handling run x: reading logs$/,
    ],
    ['noTimeForLogs', say.noTimeForLogs(500), /the timeout \(500ms\) had run out/],
    [
      'triggerFailed, maybe created',
      say.triggerFailed('trigger failed', true),
      /^trigger failed\. The trigger was not retried: it is not idempotent, and a run may have been created anyway/,
    ],
    [
      'triggerFailed, surely not created',
      say.triggerFailed('trigger failed', false),
      /^trigger failed\. The trigger was not retried: it is not idempotent\.$/,
    ],
    ['workflowNotFound', say.workflowNotFound('no such workflow'), /^no such workflow\. Check/],
  ])('%s', (_name, message, expected) => {
    expect(message).toMatch(expected);
  });
});

describe('RunError', () => {
  it('is an Error that describeFailure passes through untouched', () => {
    const error = new RunError(say.aborted(RUN));
    expect(error).toBeInstanceOf(Error);
    expect(describeFailure(error, 'anything')).toBe(
      `The job was cancelled while waiting for run ${RUN}.`,
    );
  });
});
