import * as core from '../text/actions.js';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatDuration } from '../text/duration.js';
import type { RunResult } from '../run/result.js';
import { redactUpTo } from '../text/secrets.js';
import { withoutMillisSuffix } from '../hatchet/names.js';
import { modeOutput, resultEntry } from './outputs.js';
import { cleanText, clip, logSafe } from '../text/sanitize.js';
import { testReportOf, type TestReport } from './cases.js';
import { ctrfReport } from './ctrf.js';
import { junitXml } from './junit.js';
import { logOf } from './summary/failure.js';

const REPORT_TEXT_LIMIT = 256 * 1024;

/** The `report` file: every fact of the summary, as JSON, with huge texts clipped. */
export function reportDocument(results: RunResult[]) {
  return {
    version: 1,
    passed: results.every((r) => r.passed),
    runs: results.map((r) => ({
      ...resultEntry(r),
      mode: modeOutput(r.mode),
      expectedStatus: r.expectedStatus,
      message: r.message ?? null,
      notes: r.notes,
      input: r.input ?? null,
      originalRun: r.original ? r.original.run : null,
      run: r.final ? r.final.run : null,
      tasks: r.final?.tasks ?? [],
      shape: r.final?.shape ?? [],
      events: r.events,
      logs: r.logs,
      outputMismatch: r.outputMismatch ?? null,
      cancelRequested: r.cancelRequested ?? false,
    })),
  };
}

/** Where the step's report files are: the `report`, `junit` and `ctrf` outputs. */
export interface ReportPaths {
  report?: string;
  junit: string;
  ctrf: string;
}

function reportJson(results: RunResult[]): string {
  return JSON.stringify(reportDocument(results), (_key, value: unknown) =>
    typeof value === 'string'
      ? clip(redactUpTo(value, REPORT_TEXT_LIMIT), REPORT_TEXT_LIMIT)
      : value,
  );
}

/**
 * The report files, in a fresh folder under RUNNER_TEMP: the whole result as JSON (`results`
 * given), and the runs as test cases in JUnit XML and CTRF JSON (`tests`, made from the results
 * when not given).
 */
export function writeReportFiles(
  files: { results?: RunResult[]; tests?: TestReport },
  dir = process.env.RUNNER_TEMP || tmpdir(),
): ReportPaths {
  const folder = mkdtempSync(join(dir, 'hatchet-replay-report-'));
  const tests = files.tests ?? testReportOf(files.results ?? []);
  const paths: ReportPaths = {
    junit: join(folder, 'junit.xml'),
    ctrf: join(folder, 'ctrf.json'),
  };
  if (files.results) {
    paths.report = join(folder, 'report.json');
    writeFileSync(paths.report, reportJson(files.results));
  }
  writeFileSync(paths.junit, junitXml(tests));
  writeFileSync(paths.ctrf, JSON.stringify(ctrfReport(tests), null, 2));
  return paths;
}

/** The `report` file alone. */
export function writeReportFile(
  results: RunResult[],
  dir = process.env.RUNNER_TEMP || tmpdir(),
): string {
  return writeReportFiles({ results }, dir).report as string;
}

/**
 * The job log: a one-line verdict per run, the logs of failed tasks inside a group with workflow
 * commands switched off (so no log line can act as one), and an error annotation per failed task.
 */
export function logResults(results: RunResult[]) {
  for (const r of results) {
    const id = r.runId ?? r.originalRunId;
    const took = r.durationMs !== undefined ? ` in ${formatDuration(r.durationMs)}` : '';
    // A trigger has no original run: it is named by its workflow and its case.
    const subject = r.originalRunId
      ? `${r.mode} of ${r.originalRunId}`
      : `${r.mode} of ${r.workflow ?? 'the workflow'}${r.caseName !== undefined ? ` (case ${r.caseName})` : ''}`;
    const repetition = r.repetition !== undefined ? ` #${r.repetition}` : '';
    const before = r.originalStatus ? `${r.originalStatus} → ` : '';
    const line = `${r.passed ? '✅' : '❌'} ${subject}${repetition}${r.runId && r.runId !== r.originalRunId ? ` → ${r.runId}` : ''}: ${before}${r.status}${took} (expected ${r.expectedStatus})`;
    core.info(logSafe(line));
    if (r.message) core.info(`   ${logSafe(r.message, 1_000)}`);
    const failed = (r.final?.tasks ?? []).filter((t) => t.status === 'FAILED');
    for (const task of failed) {
      const name = withoutMillisSuffix(task.displayName);
      core.error(cleanText(task.errorMessage || 'failed', 4_000), {
        title: cleanText(`${name} failed (run ${id})`, 200).replace(/\n/g, ' '),
      });
      const log = logOf(r, task);
      if (!log || log.lines.length === 0) continue;
      const token = randomBytes(16).toString('hex');
      core.startGroup(`Logs of failed task ${cleanText(name, 100)} (run ${id})`);
      core.info(`::stop-commands::${token}`);
      for (const l of log.lines)
        core.info(cleanText(`${l.timestamp ?? ''} ${l.level ?? ''} ${l.message}`.trim(), 4_000));
      core.info(`::${token}::`);
      core.endGroup();
    }
  }
}
