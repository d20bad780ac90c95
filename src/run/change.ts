import { withoutMillisSuffix } from '../hatchet/names.js';
import type { RunDetails, Task } from '../hatchet/schemas.js';
import { ANSI } from '../text/sanitize.js';

/** What a replay says about a fix, compared with the original run (SPEC output `change`). */
export type Change =
  'fixed' | 'still-passing' | 'regressed' | 'still-failing' | 'fails-differently';

export interface Outcome {
  status: string;
  /** The failed task's name, without Hatchet's `-<unixMillis>` suffix. */
  failedTask?: string;
  /** That task's id in the run (`metadata.id`): where the report finds its error and log. */
  failedTaskId?: string;
  errorSignature?: string;
}

/** Longest signature kept: enough to tell errors apart, short enough for an output. */
export const SIGNATURE_MAX = 200;

/* eslint-disable no-control-regex */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
/* eslint-enable no-control-regex */

// Each rule replaces what differs between two runs of the same failure. Order matters: quoted
// values and timestamps go before the numbers inside them are rewritten.
const NORMALISE: [RegExp, string][] = [
  // Quotes must open after a non-word character so `can't` is not taken for a quote.
  [/(?<![\w'])'[^'\n]*'(?!\w)/g, "'<str>'"],
  [/(?<!\w)"(?:[^"\\\n]|\\.)*"/g, '"<str>"'],
  [/`[^`\n]*`/g, '`<str>`'],
  [
    /\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?/gi,
    '<time>',
  ],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
  [/\b0x[0-9a-f]+\b/gi, '<hex>'],
  // An id glued to a prefix by `_` or `-` (`ch_9f8e7d6c5b4a`, `ord_7Hq2`, `req-3PqX9abc`): a
  // part of 4 or more letters and digits, with at least one of each, after the separator.
  [/(?<=[A-Za-z0-9][_-])(?=[A-Za-z]*\d)(?=\d*[A-Za-z])[A-Za-z0-9]{4,}(?![A-Za-z0-9])/g, '<id>'],
  // A bare id in mixed case with digits (`3PqX9abcD`), long enough not to be a word (`Base64`).
  [/\b(?=[a-z\d]*[A-Z])(?=[A-Z\d]*[a-z])(?=[A-Za-z]*\d)[A-Za-z0-9]{8,}\b/g, '<id>'],
  // A hex id has a digit in it: words such as `deadbeef` or `accepted` stay words.
  [/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\b/gi, '<hex>'],
  // Numbers not glued to a word (`129.9`, `1,299.00`, `42:17`) but not `sha256` or `v2`.
  [/(?<![A-Za-z_\d])\d+(?:[.,]\d+)*/g, '<n>'],
];

/**
 * A failure's identity, stable across runs of the same bug: its first meaningful line with the
 * values that change from run to run (ids, amounts, times, quoted values) replaced.
 */
export function errorSignature(error: string): string {
  const lines = signedPart(error)
    .replace(ANSI, '')
    .split(/\r\n?|\n/)
    .map((text) => text.replace(CONTROL, '').trimEnd())
    .filter((text) => text.trim() !== '');
  let line = lines[0]?.trim() ?? '';
  // A bare Python traceback names its exception on its last unindented line, not the first.
  if (/^Traceback \(most recent call last\):?$/.test(line)) {
    line = lines.filter((text) => /^\S/.test(text)).at(-1) ?? line;
  }
  for (const [pattern, placeholder] of NORMALISE) line = line.replace(pattern, placeholder);
  line = line.replace(/\s+/g, ' ').trim();
  return line.length > SIGNATURE_MAX ? `${line.slice(0, SIGNATURE_MAX - 1)}…` : line;
}

/** Past this, an error's middle is left out before its signature is taken. */
const SIGNED_CHARS = 32_768;

/**
 * A huge error cut to its start and end, where a signature comes from (the first line, or a
 * traceback's last line): a multi-megabyte error costs milliseconds, not tens of them.
 */
function signedPart(error: string): string {
  if (error.length <= 2 * SIGNED_CHARS) return error;
  return `${error.slice(0, SIGNED_CHARS)}\n${error.slice(-SIGNED_CHARS)}`;
}

/**
 * The failed task that decides a run: with several (parallel branches finish in any order) the
 * first by name, then by error signature, so the same failures give the same answer on every
 * run. A CANCELLED run has no FAILED task (§4 rule): then a cancelled task whose message says
 * why, if any. The summary, the test reports and the outcome all take this one.
 */
export function decidingTask(details: Pick<RunDetails, 'tasks'>): Task | undefined {
  const failedTasks = details.tasks.filter((task) => task.status === 'FAILED');
  const candidates = failedTasks.length
    ? failedTasks
    : details.tasks.filter((task) => task.status === 'CANCELLED' && task.errorMessage.trim());
  // Signatures are taken only to break a tie of names: a huge error's signature is costly.
  const signatures = new Map<Task, string>();
  const signatureOf = (task: Task) => {
    const known = signatures.get(task) ?? errorSignature(task.errorMessage);
    signatures.set(task, known);
    return known;
  };
  let best: Task | undefined;
  for (const task of candidates) {
    const order = best
      ? compare(taskName(task), taskName(best)) || compare(signatureOf(task), signatureOf(best))
      : -1;
    if (order < 0) best = task;
  }
  return best;
}

/** A task's name without Hatchet's `-<unixMillis>` suffix, else its id. */
function taskName(task: Task): string {
  return withoutMillisSuffix(task.displayName) || task.metadata.id;
}

/**
 * The run's status and, when it failed, which task failed and how (the deciding task).
 * `status` is the verdict's when the run row lags its tasks.
 */
export function outcomeOf(details: RunDetails, status = details.run.status): Outcome {
  if (status !== 'FAILED' && status !== 'CANCELLED') return { status };
  const task = decidingTask(details);
  // Not the run's errorMessage: it can still hold an older attempt's error (hatchet-cli.md §2).
  if (!task) return { status, failedTask: undefined, errorSignature: undefined };
  const signature = errorSignature(task.errorMessage);
  return {
    status,
    failedTask: taskName(task),
    failedTaskId: task.metadata.id,
    errorSignature: signature || undefined,
  };
}

/** Both count as failing: a CANCELLED run did not complete either (SPEC: `fixed` covers both). */
const FAILURES = new Set(['FAILED', 'CANCELLED']);
/**
 * The action's own statuses that say nothing about the code: the job was cancelled, or the
 * outcome could not be determined (e.g. a replay the engine dropped).
 */
const UNKNOWN = new Set(['', 'ERROR', 'ABORTED', 'NO_MATCH', 'MIXED']);

/**
 * What the new attempt says about the fix; undefined when there is nothing to compare (no
 * finished original, or an attempt whose outcome is unknown).
 */
export function classifyChange(original: Outcome, attempt: Outcome): Change | undefined {
  if (UNKNOWN.has(attempt.status)) return undefined;
  if (original.status === 'COMPLETED') {
    // Not completing is a regression, whether it failed, was cancelled or never finished.
    return attempt.status === 'COMPLETED' ? 'still-passing' : 'regressed';
  }
  if (!FAILURES.has(original.status)) return undefined;
  if (attempt.status === 'COMPLETED') return 'fixed';
  // An attempt still running at the timeout has not failed yet: it says neither.
  if (!FAILURES.has(attempt.status)) return undefined;
  const same =
    original.status === attempt.status &&
    original.failedTask === attempt.failedTask &&
    original.errorSignature === attempt.errorSignature;
  return same ? 'still-failing' : 'fails-differently';
}

/** Several runs: the word they all share, else `mixed`; `''` when no run has one. */
export function overallChange(changes: (Change | undefined)[]): Change | 'mixed' | '' {
  const words = new Set(changes);
  if (changes.length === 0 || (words.size === 1 && words.has(undefined))) return '';
  const [only] = words;
  // A run without a word (its outcome unknown) does not share the others' word.
  return words.size === 1 && only !== undefined ? only : 'mixed';
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
