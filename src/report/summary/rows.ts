import { firstLine, inline } from '../../text/sanitize.js';
import { passMark, runLink } from './format.js';
import { labelCell } from './headline.js';
import type { Label, RunView } from './view.js';

export const RUN_TABLE_HEAD = '| Run | Change | Status | Failed task | Error |';
export const RUN_TABLE_RULE = '|---|---|---|---|---|';

export interface RowEntry {
  /** The run's place in the input (`#3`), or the repetition (`3`), linked to the run. */
  number: string;
  /** The results the row stands for (several with `repeat`); the first not passed is shown. */
  views: readonly RunView[];
  label?: Label;
}

/** One row per run: its linked number, change, status (marked passed or not), failed task, error. */
export function runRows(entries: readonly RowEntry[]): string[] {
  return entries.map(({ number, views, label }) => {
    const shown = views.find((v) => !v.result.passed) ?? (views.at(-1) as RunView);
    const passed = views.filter((v) => v.result.passed).length;
    const r = shown.result;
    // The mark says passed or not (a COMPLETED run whose output changed did not pass).
    const counts = [...new Set(views.map((v) => v.result.status))].map(
      (s) =>
        `${inline(s, 40)}${views.length > 1 ? ` ×${views.filter((v) => v.result.status === s).length}` : ''}`,
    );
    const status = `${passMark(passed === views.length)} ${views.length > 1 ? `${passed}/${views.length} passed: ` : ''}${counts.join(', ')}`;
    const failedTask = shown.after?.failedTask ? inline(shown.after.failedTask, 60) : '';
    // The real text's first line, short: the rows stay one line each.
    const error = shown.errors.after ? firstLine(shown.errors.after, 48) : '';
    const id = r.runId ?? r.originalRunId;
    const name = `${number}${r.caseName !== undefined ? ` ${inline(r.caseName, 60)}` : ''}`;
    // The number links to the run; without a link the id itself is shown.
    const run =
      r.url && /^https?:\/\//.test(r.url)
        ? `[${name}](${encodeURI(r.url)})`
        : `${name}${id ? ` ${runLink(id, undefined)}` : ''}`;
    return `| ${run} | ${labelCell(label ?? shown.label)} | ${status} | ${failedTask} | ${error} |`;
  });
}
