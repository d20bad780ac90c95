import type { RunResult } from '../run/result.js';
import { codeBlock, inline } from '../text/sanitize.js';
import { gatePage } from './summary/gate.js';
import { LOG_LINE_CHARS, limitSteps, SUMMARY_BYTE_BUDGET, type Limits } from './summary/limits.js';
import { runPage } from './summary/run.js';
import { groupViews, viewOf, type RunGroup } from './summary/view.js';

export { limitSteps, SUMMARY_BYTE_BUDGET, SUMMARY_BYTE_LIMIT } from './summary/limits.js';
export type { Limits } from './summary/limits.js';
export { orderTasks, axisFor } from './summary/timeline.js';

export interface SummaryOptions {
  /** `log-lines`, already applied when the logs were fetched: the summary shows what it is given. */
  logLines: number;
  /**
   * A line shown right under the headline, already made safe by the caller (e.g. what
   * `select-workflow` selected), so the headline stays the page's first line.
   */
  intro?: string;
}

/** The page of a step that got no result per run: what stopped it, and its message as text. */
export function failurePage(title: string, message: string): string {
  return `## ⚠️ ${inline(title, 200)}\n\n${codeBlock(message)}\n`;
}

/** The page of a selection that found no run: passed or failed as `on-no-match` says. */
export function noMatchPage(passed: boolean, message: string): string {
  return `## ${passed ? '✅' : '❌'} No run to replay\n\n${inline(message, 600)}\n`;
}

/**
 * The job summary: the change and the verdict in one line, then for one run its failure (error
 * and log tail, open), the comparison with the original and closed details; for several runs,
 * the runs grouped by how they changed, one row each, then the failures. The largest rendering
 * that fits GitHub's limit.
 */
export function renderSummary(results: RunResult[], options: SummaryOptions): string {
  // Outcomes and error signatures are worked out once, not once per rendering tried.
  const groups = groupViews(results.map(viewOf));
  let markdown = '';
  for (const limits of limitSteps(options.logLines)) {
    // A rendering whose logs and errors alone exceed the budget is not worth building.
    if (leastBytes(groups, limits) > SUMMARY_BYTE_BUDGET) continue;
    markdown = renderGroups(groups, limits, options.intro);
    if (Buffer.byteLength(markdown, 'utf8') <= SUMMARY_BYTE_BUDGET) return markdown;
  }
  // Even the table alone is too big (thousands of runs): cut it at a line boundary.
  const buffer = Buffer.from(markdown, 'utf8').subarray(0, SUMMARY_BYTE_BUDGET - 1_024);
  const text = buffer.toString('utf8');
  return `${text.slice(0, text.lastIndexOf('\n'))}\n\n_The summary was cut to fit GitHub's 1 MiB limit; the \`report\` file has everything._\n`;
}

/** One rendering of the results within `limits`. */
export function renderWith(results: RunResult[], limits: Limits): string {
  return renderGroups(groupViews(results.map(viewOf)), limits);
}

/** The page's size can only be larger than its log lines and errors (a character is a byte or more). */
function leastBytes(groups: readonly RunGroup[], limits: Limits): number {
  const failing = groups.filter((g) => g.passedCount < g.views.length);
  const rendered = groups.length === 1 ? groups : limits.details ? failing : [];
  let total = 0;
  for (const { shown } of rendered) {
    for (const log of shown.result.logs)
      for (const line of log.lines.slice(-limits.logLines))
        total += Math.min(line.message.length, LOG_LINE_CHARS);
    for (const task of shown.failedTasks.slice(0, limits.failedTasks))
      total += Math.min(task.errorMessage.length, limits.text);
  }
  return total;
}

function renderGroups(groups: readonly RunGroup[], limits: Limits, intro?: string): string {
  const out: string[] = [];
  if (groups.length === 1) out.push(...runPage(groups[0] as RunGroup, limits));
  else if (groups.length > 1) out.push(...gatePage(groups, limits));
  else out.push('## ⚠️ No run was replayed', '');
  if (intro) out.splice(1, 0, '', intro, '');
  if (limits.cutNote) {
    out.push(
      `> [!NOTE]`,
      `> The summary was shortened to fit GitHub's 1 MiB limit: ${limits.cutNote}. The \`report\` file has everything.`,
      '',
    );
  }
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}
