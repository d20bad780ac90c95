import * as core from '../text/actions.js';
import { subjectOf, type Mode, type RunResult } from '../run/result.js';
import type { Selection } from '../run/select.js';
import { cleanText, inline, logSafe } from '../text/sanitize.js';
import { modeOutput, outputsFor } from './outputs.js';
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
  setOutputs(outputsFor(results));
  if (selection)
    core.setOutput('selected', JSON.stringify(selectionOutput(selection, results.length)));
  setOutputs(await writeReport(results));
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
  setOutputs(outputs);
  core.setOutput('selected', JSON.stringify(selectionOutput(selection, 0)));
  const { noMatchPage, stepReport } = await loadReporting();
  const message = `No run matched the filter: ${describeFilter(selection.filter)} (input \`on-no-match\` is ${selection.filter.onNoMatch}).`;
  // Nothing was tested: a skipped case when that passes, a failed one when it does not.
  const report = await writeReport(
    [],
    stepReport({
      status: 'NO_MATCH',
      title: 'No run to replay',
      message,
      outcome: selection.filter.onNoMatch === 'pass' ? 'skipped' : 'failure',
      mode: 'replay',
    }),
  );
  setOutputs(report);
  core.info(logSafe(message));
  if (options.summary)
    await writeSummary(noMatchPage(selection.filter.onNoMatch === 'pass', message));
  if (selection.filter.onNoMatch === 'fail') core.setFailed(cleanText(message));
}

/**
 * The step could not get as far as a result per run (bad inputs, no CLI, no profile, an output
 * that could not be set …). Nothing here throws: the failure, the summary and the report files
 * come out even when the outputs cannot be set.
 */
export async function publishFailure(
  message: string,
  context: {
    status: 'ERROR' | 'ABORTED';
    title: string;
    summary: boolean;
    originalRunIds?: string[];
    mode?: Mode;
  },
) {
  const outputs = outputsFor([]);
  outputs.status = context.status;
  if (context.originalRunIds) outputs['original-run-id'] = context.originalRunIds.join('\n');
  if (context.mode) outputs.mode = modeOutput(context.mode);
  const { failurePage, stepReport } = await loadReporting();
  const report = await writeReport(
    undefined,
    stepReport({ ...context, message, outcome: 'error', status: context.status }),
  );
  setOutputsAfterFailure({ ...outputs, ...report });
  if (context.summary) await writeSummary(failurePage(context.title, message));
  core.setFailed(message);
}

function failureMessage(failed: RunResult[], total: number): string {
  const lines = failed.map(
    (r) =>
      `Run ${subjectOf(r)} ended ${r.status}, expected ${r.expectedStatus}${r.message ? `: ${r.message}` : '.'}`,
  );
  const head = total > 1 ? `${failed.length} of ${total} runs did not pass.\n` : '';
  return cleanText(head + lines.join('\n'), 20_000);
}

/**
 * The report files, and their paths as the outputs `report`, `junit` and `ctrf`; the step goes on
 * without them (no such outputs) if they cannot be written.
 */
async function writeReport(
  results: RunResult[] | undefined,
  tests?: TestReport,
): Promise<Record<string, string>> {
  const { writeReportFiles } = await loadReporting();
  try {
    const { report, junit, ctrf } = writeReportFiles({ results, tests });
    return report ? { report, junit, ctrf } : { junit, ctrf };
  } catch (error) {
    core.warning(`The report file could not be written: ${(error as Error).message}`);
    return {};
  }
}

function setOutputs(outputs: Record<string, string>) {
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);
}

/**
 * The outputs of a step that already failed: one that cannot be set (the runner's output file is
 * gone) stops neither the others nor the failure's report; the first error is warned once.
 */
function setOutputsAfterFailure(outputs: Record<string, string>) {
  let failed: unknown;
  for (const [name, value] of Object.entries(outputs)) {
    try {
      core.setOutput(name, value);
    } catch (error) {
      failed ??= error;
    }
  }
  if (failed === undefined) return;
  const reason = failed instanceof Error ? failed.message : String(failed);
  core.warning(`The step's outputs could not be set: ${reason}`);
}

async function writeSummary(markdown: string) {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  try {
    await core.summary.addRaw(markdown).write({ overwrite: false });
  } catch (error) {
    core.warning(`The job summary could not be written: ${(error as Error).message}`);
  }
}
