import * as core from '../text/actions.js';
import type { RunResult } from '../run/result.js';
import type { Selection } from '../run/select.js';
import { codeBlock, cleanText, inline, logSafe } from '../text/sanitize.js';
import { outputsFor } from './outputs.js';
import type { TestReport } from './cases.js';

/**
 * The renderer and the report writers, loaded once, when first asked for: a step's start-up does
 * not pay for them, and main can ask early (during the wait) so the report does not wait either.
 */
export const loadReporting = () => import('./reporting.js');

export interface PublishOptions {
  summary: boolean;
  logLines: number;
}

/** What `select-workflow` found: the filter, how many runs matched, which were replayed. */
export interface SelectionReport {
  filter: Selection;
  runIds: string[];
  matched: number;
  more: boolean;
}

/** The filter in words, for messages and the summary. */
export function describeFilter(filter: Selection): string {
  const window = filter.until
    ? `between ${filter.since} and ${filter.until} ago`
    : `in the last ${filter.since}`;
  return `${filter.statuses.join('/')} runs of workflow '${filter.workflow}' created ${window}`;
}

/**
 * The only writer of the step's outputs, report file, job log and summary: on success and on
 * every failure path, with whatever is known; fails the step unless every run passed.
 */
export async function publishResults(
  results: RunResult[],
  options: PublishOptions,
  selection?: SelectionReport,
) {
  if (selection && results.length === 0) return publishNoMatch(selection, options);
  const { logResults, renderSummary } = await loadReporting();
  for (const [name, value] of Object.entries(outputsFor(results))) core.setOutput(name, value);
  if (selection)
    core.setOutput('selected', JSON.stringify(selectionOutput(selection, results.length)));
  await writeReport(results);
  logResults(results);
  if (options.summary) {
    const intro = selection ? selectionLine(selection, results.length) : undefined;
    await writeSummary(renderSummary(results, { logLines: options.logLines, intro }));
  }
  const failed = results.filter((r) => !r.passed);
  if (results.length === 0) core.setFailed('No run was replayed or triggered.');
  else if (failed.length > 0) core.setFailed(failureMessage(failed, results.length));
}

function selectionLine(selection: SelectionReport, replayed: number): string {
  const matched = `${selection.matched}${selection.more ? '+' : ''}`;
  return `**Selected by filter:** ${inline(describeFilter(selection.filter), 400)}: ${matched} matched, ${replayed} replayed${selection.more ? ` (\`select-limit\` ${selection.filter.limit}, newest first)` : ''}.`;
}

function selectionOutput(selection: SelectionReport, replayed: number) {
  const { filter, matched, more } = selection;
  return { filter, matched, more, replayed };
}

/** No run matched the filter: its own outcome, NO_MATCH, which passes or fails as asked. */
async function publishNoMatch(selection: SelectionReport, options: PublishOptions) {
  const outputs = {
    ...outputsFor([]),
    status: 'NO_MATCH',
    passed: String(selection.filter.onNoMatch === 'pass'),
  };
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);
  core.setOutput('selected', JSON.stringify(selectionOutput(selection, 0)));
  const { stepReport } = await loadReporting();
  const message = `No run matched the filter: ${describeFilter(selection.filter)} (input \`on-no-match\` is ${selection.filter.onNoMatch}).`;
  // Nothing was tested: a skipped case when that passes, a failed one when it does not.
  await writeReport(
    [],
    stepReport({
      status: 'NO_MATCH',
      title: 'No run to replay',
      message,
      outcome: selection.filter.onNoMatch === 'pass' ? 'skipped' : 'failure',
      mode: 'replay',
    }),
  );
  core.info(logSafe(message));
  if (options.summary)
    await writeSummary(
      `## ${selection.filter.onNoMatch === 'pass' ? '✅' : '❌'} No run to replay\n\n${inline(message, 600)}\n`,
    );
  if (selection.filter.onNoMatch === 'fail') core.setFailed(cleanText(message));
}

/** The step could not get as far as a result per run (bad inputs, no CLI, no profile …). */
export async function publishFailure(
  message: string,
  context: {
    status: 'ERROR' | 'ABORTED';
    title: string;
    summary: boolean;
    originalRunIds?: string[];
    mode?: string;
  },
) {
  const outputs = outputsFor([]);
  outputs.status = context.status;
  if (context.originalRunIds) outputs['original-run-id'] = context.originalRunIds.join('\n');
  if (context.mode) outputs.mode = context.mode;
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);
  const { stepReport } = await loadReporting();
  await writeReport(
    undefined,
    stepReport({ ...context, message, outcome: 'error', status: context.status }),
  );
  if (context.summary) await writeSummary(`## ⚠️ ${context.title}\n\n${codeBlock(message)}\n`);
  core.setFailed(message);
}

function failureMessage(failed: RunResult[], total: number): string {
  const lines = failed.map(
    (r) =>
      `Run ${r.runId ?? r.originalRunId ?? r.caseName} ended ${r.status}, expected ${r.expectedStatus}${r.message ? `: ${r.message}` : '.'}`,
  );
  const head = total > 1 ? `${failed.length} of ${total} runs did not pass.\n` : '';
  return cleanText(head + lines.join('\n'), 20_000);
}

/** The report files and their outputs; the step goes on without them if they cannot be written. */
async function writeReport(results: RunResult[] | undefined, tests?: TestReport) {
  const { writeReportFiles } = await loadReporting();
  try {
    const paths = writeReportFiles({ results, tests });
    if (paths.report) core.setOutput('report', paths.report);
    core.setOutput('junit', paths.junit);
    core.setOutput('ctrf', paths.ctrf);
  } catch (error) {
    core.warning(`The report file could not be written: ${(error as Error).message}`);
  }
}

async function writeSummary(markdown: string) {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  try {
    await core.summary.addRaw(markdown).write({ overwrite: false });
  } catch (error) {
    core.warning(`The job summary could not be written: ${(error as Error).message}`);
  }
}
