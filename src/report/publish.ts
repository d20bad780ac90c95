import * as core from '@actions/core';
import type { RunResult } from '../run/result.js';
import { codeBlock, cleanText } from '../text/sanitize.js';
import { outputsFor } from './outputs.js';
import { renderSummary } from './summary.js';
import { logResults, writeReportFile } from './write.js';

export interface PublishOptions {
  summary: boolean;
  logLines: number;
}

/**
 * The only writer of the step's outputs, report file, job log and summary: on success and on
 * every failure path, with whatever is known. Returns the step's failure message, if any.
 */
export async function publishResults(results: RunResult[], options: PublishOptions) {
  for (const [name, value] of Object.entries(outputsFor(results))) core.setOutput(name, value);
  try {
    core.setOutput('report', writeReportFile(results));
  } catch (error) {
    core.warning(`The report file could not be written: ${(error as Error).message}`);
  }
  logResults(results);
  if (options.summary) await writeSummary(renderSummary(results, { logLines: options.logLines }));
  const failed = results.filter((r) => !r.passed);
  if (failed.length > 0) core.setFailed(failureMessage(failed, results.length));
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

async function writeSummary(markdown: string) {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  try {
    await core.summary.addRaw(markdown).write({ overwrite: false });
  } catch (error) {
    core.warning(`The job summary could not be written: ${(error as Error).message}`);
  }
}
