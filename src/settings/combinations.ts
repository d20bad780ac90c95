import type { InputCase } from './cases.js';
import { parseCliDuration } from '../text/duration.js';
import { MAX_RUNS } from './inputs.js';

/** The settings as read, before they are known to fit together. */
interface Read {
  runIds: string[];
  selection?: { limit?: number; since?: string; until?: string };
  input?: Record<string, unknown>;
  cases?: InputCase[];
  workflow?: string;
  compareOutput?: boolean;
  compareIgnore?: string[];
  repeat?: number;
}

const SELECT_OPTIONS = [
  'select-status',
  'select-since',
  'select-until',
  'select-limit',
  'on-no-match',
];

/** Inputs that are each fine but make no sense together: refused before any Hatchet call. */
export function checkCombinations(read: Read, given: (name: string) => boolean): string[] {
  const newInput =
    read.input !== undefined || read.cases !== undefined || given('input') || given('input-file');
  const originals = read.runIds.length > 0;
  return [
    ...targetProblems(read, given, newInput, originals),
    ...compareProblems(read, originals),
    ...duplicateCases(read.cases ?? []),
    ...selectWindowProblems(read.selection),
    ...sizeProblems(read),
  ];
}

/** Which runs to act on and how: `run-id`, `select-*`, or `workflow` with new input. */
function targetProblems(
  read: Read,
  given: (name: string) => boolean,
  newInput: boolean,
  originals: boolean,
): string[] {
  const problems: string[] = [];
  if (!originals && !given('run-id') && !read.selection && !(read.workflow && newInput)) {
    problems.push(
      newInput
        ? 'Input `workflow` is required to trigger a workflow with `input`/`input-file` when no `run-id` gives an original run to take it from.'
        : 'Input `run-id` is required: the id (UUID) of the Hatchet run to replay. Or set `select-workflow` to select the runs by filter, or `workflow` with `input`/`input-file` to trigger a workflow.',
    );
  }
  if (read.workflow && !newInput) {
    problems.push(
      'Input `workflow` only applies when (re-)triggering: set `input` or `input-file` too, or leave `workflow` empty to replay.',
    );
  }
  if (read.selection && newInput) {
    problems.push(
      'Inputs `select-workflow` and `input`/`input-file` cannot be combined: selected runs are replayed as they were. To try new input, trigger a workflow with `workflow` and `input`/`input-file`.',
    );
  }
  for (const name of SELECT_OPTIONS) {
    if (!read.selection && given(name) && !given('select-workflow'))
      problems.push(`Input \`${name}\` only applies with \`select-workflow\`, which is not set.`);
  }
  if (read.cases && read.runIds.length > 1) {
    problems.push(
      'Input `input-file` holds several cases and `run-id` several runs: give at most one `run-id`, whose workflow each case re-triggers and whose outcome each case is compared with.',
    );
  }
  return problems;
}

/** `compare-output` needs original runs; `compare-ignore` needs `compare-output`. */
function compareProblems(read: Read, originals: boolean): string[] {
  const problems: string[] = [];
  if (read.compareOutput && !originals && !read.selection) {
    problems.push('Input `compare-output` needs an original run to compare with: set `run-id`.');
  }
  if (read.compareIgnore?.length && !read.compareOutput) {
    problems.push('Input `compare-ignore` only applies with `compare-output: true`.');
  }
  return problems;
}

/** Case names of `input-file` given more than once (the first three). */
function duplicateCases(cases: readonly InputCase[]): string[] {
  const names = cases.map((c) => c.name);
  const twice = [...new Set(names.filter((name, i) => names.indexOf(name) !== i))];
  if (twice.length === 0) return [];
  return [
    `Input \`input-file\` names more than one case ${twice
      .slice(0, 3)
      .map((n) => JSON.stringify(n))
      .join(', ')}: case names must be unique.`,
  ];
}

/** A `select-until` that is not shorter than `select-since` selects nothing. */
function selectWindowProblems(selection: Read['selection']): string[] {
  const { since, until } = selection ?? {};
  if (since && until && (parseCliDuration(until) ?? 0) >= (parseCliDuration(since) ?? Infinity)) {
    return [
      `Input \`select-until\` (${until}) must be shorter than \`select-since\` (${since}): runs created between ${since} and ${until} ago are selected.`,
    ];
  }
  return [];
}

/** At most MAX_RUNS runs per step, counting every case or run times `repeat`. */
function sizeProblems(read: Read): string[] {
  const runs = read.cases ? read.cases.length : read.runIds.length + (read.selection?.limit ?? 0);
  const total = runs * (read.repeat ?? 1);
  if (!(total > MAX_RUNS)) return [];
  return [
    `Inputs ask for up to ${total} runs (${runs} × \`repeat\` ${read.repeat ?? 1}): at most ${MAX_RUNS} per step. Lower \`repeat\`${read.selection ? ' or `select-limit`' : ''}, or split the work across jobs.`,
  ];
}
