import { withoutMillisSuffix } from '../hatchet/names.js';
import type { RunResult } from '../run/result.js';
import {
  caseName,
  cleanText,
  ERROR_CHARS,
  failedTaskOf,
  oneLine,
  SIBLING_CHARS,
  traceOf,
  verdictLine,
} from './caseText.js';
import { modeOutput } from './outputs.js';
import { instantOf } from './summary/format.js';
import { groupKey } from './summary/view.js';

/**
 * The results as a test report sees them, the one model behind the JUnit and CTRF files: a gate
 * is a suite, each run (each case, each repetition) a test case.
 */
export interface TestReport {
  suite: string;
  cases: TestCase[];
  /** Runner-clock bounds of the whole step's runs (epoch ms), when known. */
  start?: number;
  stop?: number;
  /** Facts about the step as a whole: mode, expected status, overall status. */
  properties: [string, string][];
}

/** `failure`: the run ended, but not as expected; `error`: the outcome is not known. */
export type Outcome = 'passed' | 'failure' | 'error' | 'skipped';

export interface TestCase {
  name: string;
  classname: string;
  outcome: Outcome;
  /** The action's status word (`FAILED`, `TIMED_OUT` …): the failure's `type`. */
  status: string;
  durationMs?: number;
  start?: number;
  stop?: number;
  /** The verdict and the change word, one line. */
  message?: string;
  /** The failed task, its error and the newest lines of its log. */
  trace?: string;
  properties: [string, string][];
  /**
   * With `repeat`, the other repetitions of the same run that did not pass: for a passed one,
   * the failures that make it flaky; for a failed one, the failures it shares.
   */
  siblings: Sibling[];
  /** A passed repetition of a run whose other repetitions did not all pass. */
  flaky: boolean;
  result?: RunResult;
}

export interface Sibling {
  repetition: number;
  outcome: 'failure' | 'error';
  status: string;
  message: string;
  trace: string;
}

function suiteName(results: readonly RunResult[]): string {
  const mode = results[0]?.mode ?? 'replay';
  const word = mode === 'retrigger' ? 're-trigger' : mode;
  const workflows = [...new Set(results.map((r) => r.workflow).filter(Boolean))] as string[];
  const of = workflows.length === 1 ? ` of ${workflows[0] as string}` : '';
  return oneLine(`Hatchet ${word}${of}`);
}

const ERROR_STATUSES = new Set(['TIMED_OUT', 'ERROR', 'ABORTED']);

function outcomeOf(r: RunResult): Outcome {
  if (r.passed) return 'passed';
  return ERROR_STATUSES.has(r.status) ? 'error' : 'failure';
}

function propertiesOf(r: RunResult): [string, string][] {
  const entries: [string, string | number | undefined][] = [
    ['url', r.url],
    ['run-id', r.runId],
    ['original-run-id', r.originalRunId],
    ['original-url', r.originalUrl !== r.url ? r.originalUrl : undefined],
    ['workflow', r.workflow],
    ['mode', modeOutput(r.mode)],
    ['case', r.caseName],
    ['repetition', r.repetition],
    ['original-status', r.originalStatus],
    ['status', r.status],
    ['expected-status', r.expectedStatus],
    ['change', r.change],
    ['failed-task', failedTaskOf(r) && withoutMillisSuffix(failedTaskOf(r)?.displayName ?? '')],
  ];
  return entries.flatMap(([name, value]) =>
    value === undefined || value === '' ? [] : [[name, oneLine(String(value), 2_000)]],
  );
}

function timesOf(r: RunResult): { start?: number; stop?: number } {
  const start = instantOf(r.final?.run.startedAt) ?? r.actedAt;
  const stop =
    (r.final && instantOf(r.final.run.finishedAt)) ??
    (start !== undefined && r.durationMs !== undefined ? start + r.durationMs : r.endedAt);
  return { start, stop: stop !== undefined && start !== undefined ? Math.max(stop, start) : stop };
}

/** The step's runs as test cases, in input order. */
export function testReportOf(results: readonly RunResult[]): TestReport {
  const groups = new Map<string, RunResult[]>();
  results.forEach((r, i) => {
    const key = groupKey(r, i);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  });
  const cases = results.map((r, i): TestCase => {
    const outcome = outcomeOf(r);
    const others = (groups.get(groupKey(r, i)) ?? []).filter((o) => o !== r);
    const failedOthers = others.filter((o) => !o.passed);
    return {
      name: caseName(r),
      classname: oneLine(r.workflow ?? r.mode),
      outcome,
      status: r.status,
      durationMs: r.durationMs,
      ...timesOf(r),
      message: outcome === 'passed' ? undefined : verdictLine(r),
      trace: outcome === 'passed' ? undefined : traceOf(r),
      properties: propertiesOf(r),
      siblings: failedOthers.map((o, k) => siblingOf(o, k)),
      flaky: r.passed && failedOthers.length > 0,
      result: r,
    };
  });
  const starts = cases.flatMap((c) => (c.start === undefined ? [] : [c.start]));
  const stops = cases.flatMap((c) => (c.stop === undefined ? [] : [c.stop]));
  return {
    suite: suiteName(results),
    cases,
    start: starts.length ? Math.min(...starts) : undefined,
    stop: stops.length ? Math.max(...stops) : undefined,
    properties: stepProperties(results),
  };
}

function siblingOf(r: RunResult, index: number): Sibling {
  const task = failedTaskOf(r);
  const error = task?.errorMessage.trim() || r.message || '';
  return {
    repetition: r.repetition ?? index + 1,
    outcome: ERROR_STATUSES.has(r.status) ? 'error' : 'failure',
    status: r.status,
    message: `Repetition ${r.repetition ?? index + 1}: ${verdictLine(r)}`,
    trace: cleanText(
      [task ? `Failed task: ${withoutMillisSuffix(task.displayName)}` : '', error]
        .filter(Boolean)
        .join('\n'),
      SIBLING_CHARS,
    ),
  };
}

function stepProperties(results: readonly RunResult[]): [string, string][] {
  const first = results[0];
  if (!first) return [];
  const statuses = new Set(results.map((r) => r.status));
  return [
    ['mode', modeOutput(first.mode)],
    ['expected-status', first.expectedStatus],
    ['status', statuses.size === 1 ? first.status : 'MIXED'],
    ['passed', String(results.every((r) => r.passed))],
  ];
}

/**
 * The step ended before a result per run (bad inputs, no CLI, no profile, nothing selected): one
 * case per run it knew of, else one for the step, so a test reporter shows why.
 */
export function stepReport(context: {
  status: string;
  title: string;
  message: string;
  outcome: Outcome;
  originalRunIds?: readonly string[];
  mode?: string;
}): TestReport {
  const ids = context.originalRunIds?.length ? context.originalRunIds : [undefined];
  const mode = context.mode || 'replay';
  const word = mode === 'retrigger' ? 're-trigger' : mode;
  return {
    suite: oneLine(`Hatchet ${word}`),
    properties: [
      ['mode', modeOutput(mode)],
      ['status', context.status],
    ],
    cases: ids.map((id) => ({
      name: oneLine(id ? `run ${id.slice(0, 8)}` : context.title),
      classname: oneLine(`hatchet-${mode}`),
      outcome: context.outcome,
      status: context.status,
      message: oneLine(`${context.title}: ${context.message}`, 400),
      trace: cleanText(context.message, ERROR_CHARS),
      properties: [
        ...(id ? ([['original-run-id', oneLine(id)]] as [string, string][]) : []),
        ['status', context.status],
      ],
      siblings: [],
      flaky: false,
    })),
  };
}
