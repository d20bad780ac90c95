import type { RunResult } from '../../run/result.js';
import { firstLine, inline } from '../../text/sanitize.js';
import { count, modeWord, passMark } from './format.js';
import type { Label, RunGroup, RunView } from './view.js';

/** Most telling first: what broke, then what did not change, then what is fine. */
export const LABEL_ORDER: readonly Label[] = [
  'regressed',
  'fails-differently',
  'still-failing',
  'flaky',
  'failed',
  'cancelled',
  'timed-out',
  'aborted',
  'unknown',
  'mixed',
  'fixed',
  'completed',
  'still-passing',
];

/** How a label reads after "3 runs …" / "1 run …". */
const AS_PREDICATE: Record<Label, string> = {
  regressed: 'regressed',
  'fails-differently': 'failing differently',
  'still-failing': 'still failing',
  flaky: 'flaky',
  failed: 'failed',
  cancelled: 'cancelled',
  'timed-out': 'timed out',
  aborted: 'aborted',
  unknown: 'with an unknown outcome',
  mixed: 'with mixed outcomes',
  fixed: 'fixed',
  completed: 'completed',
  'still-passing': 'still passing',
};

/** The label as a table cell: the `change` word itself, or the status word in italics. */
export function labelCell(label: Label): string {
  const change = [
    'fixed',
    'still-passing',
    'regressed',
    'still-failing',
    'fails-differently',
    'flaky',
    'mixed',
  ];
  return change.includes(label) ? `**${label}**` : `_${AS_PREDICATE[label]}_`;
}

export function predicate(label: Label): string {
  return AS_PREDICATE[label];
}

const task = (name: string | undefined) => (name ? inline(name, 80) : undefined);

/** The change in words, for one run: "Still failing: same error in charge-payment as the original run". */
export function changeSentence(view: RunView): string {
  const { before, after, result } = view;
  const was = !before?.failedTask
    ? `the original run was ${before?.status === 'CANCELLED' ? 'cancelled' : 'FAILED'}`
    : `the original run failed in ${task(before.failedTask)}`;
  const now = after?.failedTask ? `fails in ${task(after.failedTask)}` : undefined;
  switch (view.label) {
    case 'fixed':
      return `Fixed: completes now; ${was}`;
    case 'still-passing':
      return 'Still passing: completed, as the original run did';
    case 'regressed':
      if (result.status === 'TIMED_OUT')
        return 'Regressed: did not finish in time; the original run completed';
      return `Regressed: ${now ?? (result.status === 'CANCELLED' ? 'was cancelled' : `ended ${inline(result.status, 40)}`)}; the original run completed`;
    case 'still-failing':
      return after?.failedTask
        ? `Still failing: same error in ${task(after.failedTask)} as the original run`
        : 'Still failing: same error as the original run';
    case 'fails-differently':
      if (after?.status !== before?.status && after?.status === 'CANCELLED')
        return `Fails differently: cancelled now; ${was}`;
      if (after?.failedTask && after.failedTask === before?.failedTask)
        return `Fails differently: another error in ${task(after.failedTask)} than the original run`;
      return `Fails differently: ${after?.failedTask ? `now in ${task(after.failedTask)}` : 'another error'}; ${was}`;
    case 'timed-out':
      return 'Timed out: the run did not finish in time';
    case 'aborted':
      return 'Aborted: the job was cancelled while waiting';
    case 'unknown':
      return 'Unknown outcome: the run could not be followed to its end';
    case 'failed':
      return after?.failedTask ? `Failed in ${task(after.failedTask)}` : 'Failed';
    case 'cancelled':
      return 'Cancelled';
    default:
      return 'Completed';
  }
}

/** Status against expectation: "replay failed: FAILED, expected COMPLETED". */
export function verdictPhrase(r: RunResult): string {
  const word = modeWord(r.mode);
  const status = inline(r.status, 40);
  if (r.passed)
    return r.expectedStatus === 'COMPLETED'
      ? `${word} passed`
      : `${word} passed: ${status}, as expected`;
  if (r.status === r.expectedStatus)
    return `${word} failed: ${status} as expected, but its output ${r.outputMismatch ? 'changed' : 'could not be checked'}`;
  return `${word} failed: ${status}, expected ${r.expectedStatus}`;
}

/** The one line at the top of a page about one run (and its repetitions, with `repeat`). */
export function runHeadline(group: RunGroup): string {
  const shown = group.shown;
  const total = group.views.length;
  const passed = group.passedCount === total;
  if (total === 1) {
    return `## ${passMark(passed)} ${changeSentence(shown)} — ${verdictPhrase(shown.result)}`;
  }
  const rate = `${group.passedCount}/${total} attempts passed`;
  if (group.label === 'flaky') {
    const how = shown.after?.failedTask ? ` in ${task(shown.after.failedTask)}` : '';
    const failed = total - group.passedCount;
    return `## ❌ Flaky: ${rate}, ${failed} ${shown.after ? 'failed' : 'did not pass'}${how} — ${verdictPhrase(shown.result)}`;
  }
  return `## ${passMark(passed)} ${changeSentence(shown)} (${rate}) — ${verdictPhrase(shown.result)}`;
}

/** The one line at the top of a gate: how many did not pass, then how many changed which way. */
export function gateHeadline(groups: readonly RunGroup[]): string {
  const failed = groups.filter((g) => g.passedCount < g.views.length).length;
  const expected = groups[0]?.shown.result.expectedStatus ?? 'COMPLETED';
  const against = expected === 'COMPLETED' ? '' : ` (expected ${expected})`;
  const head =
    failed === 0
      ? `## ✅ All ${groups.length} runs passed${against}`
      : `## ❌ ${failed} of ${groups.length} runs did not pass${against}`;
  const counts = LABEL_ORDER.flatMap((label) => {
    const n = groups.filter((g) => g.label === label).length;
    return n > 0 ? [`${n} ${predicate(label)}`] : [];
  });
  return `${head} — ${counts.join(' · ')}`;
}

/**
 * "12 runs still failing in charge-payment with errors like `PaymentProviderError: …`": the
 * error's first line as the first run has it (the others share its signature, not always its
 * text); `errorChars` 0 leaves it out (a heading whose section shows the error in full).
 */
export function clusterSentence(
  label: Label,
  size: number,
  view: RunView,
  alike = false,
  errorChars = 120,
): string {
  const failedTask = view.after?.failedTask;
  const error = view.errors.after?.trim() ? view.errors.after : undefined;
  return [
    `**${count(size, 'run')} ${predicate(label)}**`,
    failedTask && label !== 'fixed' ? ` in ${task(failedTask)}` : '',
    error && label !== 'fixed' && errorChars > 0
      ? ` with ${alike ? 'errors like ' : ''}<code>${firstLine(error, errorChars)}</code>`
      : '',
  ].join('');
}
