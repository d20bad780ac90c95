import { jsonDiff } from '../run/compare.js';
import { formatDuration } from '../text/duration.js';
import {
  elapsedMs,
  isTerminal,
  type RunDetails,
  type Task,
  type TaskEvent,
} from '../hatchet/schemas.js';
import type { RunResult } from '../run/result.js';
import { withoutMillisSuffix } from '../hatchet/names.js';
import { clip, codeBlock, firstLine, inline, mermaidLabel } from '../text/sanitize.js';

/** How much of each kind of detail goes in; `fitSummary` lowers these step by step. */
export interface Limits {
  events: number;
  logLines: number;
  /** Characters of one error, input or output. */
  text: number;
  /** Per-run details at all (with many runs, the last step keeps only the table). */
  details: boolean;
  gantt: boolean;
  cutNote?: string;
}

export const SUMMARY_BYTE_LIMIT = 1024 * 1024;
/** GitHub drops a summary over 1 MiB whole: stay well below it. */
export const SUMMARY_BYTE_BUDGET = SUMMARY_BYTE_LIMIT - 64 * 1024;

export function limitSteps(logLines: number): Limits[] {
  return [
    { events: 200, logLines, text: 20_000, details: true, gantt: true },
    {
      events: 50,
      logLines: Math.min(logLines, 20),
      text: 4_000,
      details: true,
      gantt: true,
      cutNote: 'fewer events and log lines are shown, and long texts are cut',
    },
    {
      events: 10,
      logLines: Math.min(logLines, 5),
      text: 1_000,
      details: true,
      gantt: false,
      cutNote: 'only the last events and log lines are shown, and long texts are cut short',
    },
    {
      events: 0,
      logLines: 0,
      text: 300,
      details: true,
      gantt: false,
      cutNote: 'events and logs are left out and texts are cut short',
    },
    {
      events: 0,
      logLines: 0,
      text: 200,
      details: false,
      gantt: false,
      cutNote: 'only the verdict and one row per run are shown',
    },
  ];
}

export interface SummaryOptions {
  logLines: number;
}

/** The job summary: the largest rendering of the results that fits GitHub's limit. */
export function renderSummary(results: RunResult[], options: SummaryOptions): string {
  let markdown = '';
  for (const limits of limitSteps(options.logLines)) {
    markdown = renderWith(results, limits);
    if (Buffer.byteLength(markdown, 'utf8') <= SUMMARY_BYTE_BUDGET) return markdown;
  }
  // Even the table alone is too big (thousands of runs): cut it at a line boundary.
  const buffer = Buffer.from(markdown, 'utf8').subarray(0, SUMMARY_BYTE_BUDGET);
  const text = buffer.toString('utf8');
  return `${text.slice(0, text.lastIndexOf('\n'))}\n\n_The summary was cut to fit GitHub's 1 MiB limit; the \`report\` file has everything._\n`;
}

const SYMBOL: Record<string, string> = {
  COMPLETED: '✅',
  FAILED: '❌',
  CANCELLED: '🚫',
  TIMED_OUT: '⏱️',
  ABORTED: '🛑',
  ERROR: '⚠️',
  RUNNING: '🔄',
  QUEUED: '⏳',
};

function statusText(status: string | undefined): string {
  if (!status) return '—';
  return `${SYMBOL[status] ?? '❔'} ${inline(status, 40)}`;
}

export function renderWith(results: RunResult[], limits: Limits): string {
  const out: string[] = [];
  const several = results.length > 1;
  out.push(verdict(results), '');
  if (several) {
    out.push(runsTable(results), '');
    if (limits.details) {
      const failedCount = results.filter((r) => !r.passed).length;
      for (const result of results) {
        // The few runs that failed are open: they are what the reader came for.
        const open = !result.passed && failedCount <= 5 ? ' open' : '';
        out.push(
          `<details${open}><summary>${result.passed ? '✅' : '❌'} ${inline(result.workflow ?? 'run', 80)} · ${inline(result.originalRunId ?? result.caseName ?? '')} · ${inline(result.status)}</summary>`,
          '',
          ...runDetails(result, limits, 4),
          '</details>',
          '',
        );
      }
    }
  } else if (results[0]) {
    out.push(...runDetails(results[0], limits, 3));
  }
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

function verdict(results: RunResult[]): string {
  const passed = results.filter((r) => r.passed).length;
  const expected = results[0]?.expectedStatus ?? 'COMPLETED';
  if (results.length === 1) {
    const r = results[0] as RunResult;
    const word = r.mode === 'replay' ? 'Replay' : 'Re-trigger';
    const head = r.passed
      ? `## ✅ ${word} passed: ${r.status}, as expected`
      : r.status === expected
        ? `## ❌ ${word} failed: ${r.status} as expected, but ${r.outputMismatch ? 'its output changed' : 'its output could not be checked'}`
        : `## ❌ ${word} failed: ${r.status}, expected ${expected}`;
    const why = r.message ? `\n\n${inline(r.message, 600)}` : '';
    return `${head}${why}`;
  }
  const statuses = [...new Set(results.map((r) => r.status))];
  const head =
    passed === results.length
      ? `## ✅ All ${results.length} runs passed: ${expected}, as expected`
      : `## ❌ ${results.length - passed} of ${results.length} runs failed (expected ${expected})`;
  return `${head}\n\nStatuses: ${statuses.map((s) => `${s} × ${results.filter((r) => r.status === s).length}`).join(', ')}`;
}

function runLink(id: string | undefined, url: string | undefined): string {
  if (!id) return '—';
  // Run ids are UUIDs (inputs and CLI answers are checked), so a code span holds them safely.
  const text = `\`${id}\``;
  return url && /^https?:\/\//.test(url) ? `[${text}](${encodeURI(url)})` : text;
}

function runsTable(results: RunResult[]): string {
  const rows = results.map(
    (r, i) =>
      `| ${i + 1} | ${r.passed ? '✅' : '❌'} | ${inline(r.workflow ?? '—', 80)} | ${statusText(r.originalStatus)} → ${statusText(r.status)} | ${duration(r.durationMs)} | ${runLink(r.runId ?? r.originalRunId, r.url)} |`,
  );
  return [
    '| # | | Workflow | Status | Duration | Run |',
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

function time(value: string | undefined): string {
  if (!value) return '—';
  const date = new Date(value);
  return Number.isNaN(date.getTime())
    ? inline(value, 40)
    : `${date
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, 'Z')
        .replace('Z', ' UTC')}`;
}

function maxAttempt(details: RunDetails | undefined): string {
  if (!details || details.tasks.length === 0) return '—';
  return String(Math.max(...details.tasks.map((t) => t.attempt ?? t.retryCount + 1)));
}

function duration(ms: number | undefined): string {
  return ms === undefined ? '—' : formatDuration(ms);
}

function runDetails(r: RunResult, limits: Limits, level: number): string[] {
  const h = '#'.repeat(level);
  const out: string[] = [];
  const original = r.original;
  const final = r.final;
  const newLabel = r.mode === 'replay' ? 'New attempt' : 'New run';
  out.push(
    `| | Original run | ${newLabel} |`,
    '|---|---|---|',
    `| Run | ${runLink(r.originalRunId, r.originalUrl)} | ${runLink(r.runId, r.url)} |`,
    `| Workflow | ${inline(r.workflow ?? '—', 120)} | ${inline(r.workflow ?? '—', 120)} |`,
    `| Status | ${statusText(r.originalStatus)} | ${statusText(r.status)} |`,
    `| Error | ${firstLine(original?.run.errorMessage) || '—'} | ${final && r.status === 'FAILED' ? firstLine(final.run.errorMessage) || '—' : '—'} |`,
    `| Started | ${time(original?.run.startedAt)} | ${time(final?.run.startedAt)} |`,
    `| Finished | ${time(original?.run.finishedAt)} | ${final && isTerminal(final.run.status) ? time(final.run.finishedAt) : '—'} |`,
    `| Duration | ${duration(original && elapsedMs(original.run))} | ${duration(r.durationMs)} |`,
    `| Attempt | ${maxAttempt(original)} | ${final ? maxAttempt(final) : '—'} |`,
    '',
  );
  if (r.message) out.push(`> ${inline(r.message, 600)}`, '');
  for (const note of r.notes) out.push(`- ${inline(note, 400)}`);
  if (r.notes.length) out.push('');

  if (r.mode === 'retrigger' && r.input) {
    out.push(
      `${h} Input`,
      '',
      '<table><tr><th>New input</th><th>Original input</th></tr><tr><td valign="top">',
      '',
      codeBlock(JSON.stringify(r.input, null, 2), 'json', limits.text),
      '',
      '</td><td valign="top">',
      '',
      codeBlock(JSON.stringify(original?.run.input ?? {}, null, 2), 'json', limits.text),
      '',
      '</td></tr></table>',
      '',
    );
  }
  if (r.outputMismatch) {
    const diff = jsonDiff(r.outputMismatch.original, r.outputMismatch.replayed);
    const lines = diff.map((d) =>
      [
        d.original !== undefined
          ? `- ${d.path}: ${clip(JSON.stringify(d.original), 500)}`
          : undefined,
        d.replayed !== undefined
          ? `+ ${d.path}: ${clip(JSON.stringify(d.replayed), 500)}`
          : undefined,
      ]
        .filter(Boolean)
        .join('\n'),
    );
    out.push(
      `${h} Output differs from the original`,
      '',
      codeBlock(lines.join('\n'), 'diff', limits.text),
      '',
    );
  }
  if (!final) return out;

  const tasks = orderTasks(final);
  if (tasks.length > 0) {
    out.push(
      `${h} Tasks`,
      '',
      '| Task | Status | Duration | Attempt | Error |',
      '|---|---|---|---|---|',
    );
    for (const task of tasks) {
      out.push(
        `| ${inline(withoutMillisSuffix(task.displayName), 80)} | ${statusText(task.status)} | ${duration(elapsedMs(task))} | ${task.attempt ?? task.retryCount + 1} | ${firstLine(task.errorMessage) || ''} |`,
      );
    }
    out.push('');
  }
  const failed = tasks.filter((t) => t.status === 'FAILED' && t.errorMessage);
  if (failed.length > 0) {
    out.push(`${h} Errors`, '');
    for (const task of failed) {
      out.push(
        `<details open><summary>${inline(withoutMillisSuffix(task.displayName), 80)}</summary>`,
        '',
        codeBlock(task.errorMessage, '', limits.text),
        '',
        '</details>',
        '',
      );
    }
  } else if (r.status === 'FAILED' && final.run.errorMessage) {
    out.push(`${h} Error`, '', codeBlock(final.run.errorMessage, '', limits.text), '');
  }

  if (limits.gantt) {
    const chart = gantt(tasks);
    if (chart) out.push(`${h} Timeline`, '', chart, '');
  }

  if (limits.events > 0 && r.events.length > 0) {
    out.push(...eventsTable(r.events, final, limits.events, h));
  }
  if (limits.logLines > 0) {
    for (const log of r.logs) {
      const lines = log.lines.slice(-limits.logLines);
      const cut = log.lines.length - lines.length;
      const label =
        lines.length === 0
          ? 'no log lines'
          : `last ${lines.length} line${lines.length === 1 ? '' : 's'}${cut > 0 ? ` (${cut} more cut to fit)` : ''}`;
      out.push(
        `<details><summary>📄 Logs of ${inline(log.taskName, 80)}: ${label}</summary>`,
        '',
        lines.length > 0
          ? codeBlock(
              lines
                .map((l) =>
                  `${clock(l.timestamp)} ${l.level ?? ''} ${clip(l.message, 2_000)}`.trim(),
                )
                .join('\n'),
              '',
              limits.text * 4,
            )
          : '_This task printed nothing._',
        log.note ? `\n${inline(log.note, 300)}` : '',
        '',
        '</details>',
        '',
      );
    }
  }
  const output = final.run.output;
  if (Object.keys(output).length > 0) {
    out.push(
      `${h} Output`,
      '',
      codeBlock(clip(JSON.stringify(output, null, 2), limits.text), 'json', limits.text + 100),
      '',
    );
  }
  return out;
}

/** Milliseconds since the epoch; unknown times sort last. */
function instant(timestamp: string | undefined): number {
  const at = timestamp ? Date.parse(timestamp) : NaN;
  return Number.isFinite(at) ? at : Number.MAX_SAFE_INTEGER;
}

/** `HH:MM:SS.mmm` of a log line's time. */
function clock(timestamp: string | undefined): string {
  const date = timestamp ? new Date(timestamp) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date.toISOString().slice(11, 23) : '';
}

/** Tasks in DAG order: a topological order of `shape`, ties kept in start order. */
export function orderTasks(details: RunDetails): Task[] {
  const tasks = details.tasks
    .map((task, index) => ({ task, index, at: instant(task.startedAt) }))
    .sort((a, b) => a.at - b.at || a.index - b.index)
    .map((x) => x.task);
  if (details.shape.length === 0) return tasks;
  const byStep = new Map(details.shape.map((node) => [node.stepId ?? '', node]));
  const indegree = new Map<string, number>();
  for (const node of details.shape)
    indegree.set(node.stepId ?? '', indegree.get(node.stepId ?? '') ?? 0);
  for (const node of details.shape)
    for (const child of node.childrenStepIds) indegree.set(child, (indegree.get(child) ?? 0) + 1);
  const order: string[] = [];
  const queue = details.shape
    .filter((n) => (indegree.get(n.stepId ?? '') ?? 0) === 0)
    .map((n) => n.stepId ?? '');
  while (queue.length > 0) {
    const step = queue.shift() as string;
    order.push(step);
    for (const child of byStep.get(step)?.childrenStepIds ?? []) {
      const left = (indegree.get(child) ?? 1) - 1;
      indegree.set(child, left);
      if (left === 0) queue.push(child);
    }
  }
  const rank = new Map<string, number>();
  order.forEach((step, i) => {
    const node = byStep.get(step);
    if (node?.taskExternalId) rank.set(node.taskExternalId, i);
    if (node?.taskName) rank.set(`name:${node.taskName}`, i);
  });
  const rankOf = (task: Task) =>
    rank.get(task.taskExternalId ?? task.metadata.id) ??
    rank.get(`name:${withoutMillisSuffix(task.displayName)}`) ??
    order.length;
  return tasks
    .map((task, i) => ({ task, i }))
    .sort((a, b) => rankOf(a.task) - rankOf(b.task) || a.i - b.i)
    .map((x) => x.task);
}

function gantt(tasks: Task[]): string | undefined {
  const timed = tasks.filter((t) => t.startedAt && Number.isFinite(Date.parse(t.startedAt)));
  if (timed.length === 0) return undefined;
  const lines = [
    '```mermaid',
    'gantt',
    '  dateFormat x',
    '  axisFormat %H:%M:%S',
    '  section Tasks',
  ];
  timed.forEach((task, i) => {
    const start = Date.parse(task.startedAt as string);
    const end = task.finishedAt
      ? Date.parse(task.finishedAt)
      : start + Math.max(0, task.duration ?? 0);
    const tag =
      task.status === 'FAILED' ? 'crit, ' : task.status === 'COMPLETED' ? 'done, ' : 'active, ';
    lines.push(
      `  ${mermaidLabel(withoutMillisSuffix(task.displayName))} :${tag}t${i}, ${start}, ${Math.max(end, start + 1)}`,
    );
  });
  lines.push('```');
  return lines.join('\n');
}

function eventsTable(
  events: readonly TaskEvent[],
  final: RunDetails,
  max: number,
  h: string,
): string[] {
  // RFC 3339 times with trimmed fractions do not sort as strings: compare instants.
  const chronological = events
    .map((event, index) => ({ event, index, at: instant(event.timestamp) }))
    .sort((a, b) => a.at - b.at || a.index - b.index)
    .map((x) => x.event);
  const shown = chronological.slice(-max);
  const startedAt = Date.parse(final.run.startedAt ?? chronological[0]?.timestamp ?? '');
  const names = new Map(
    final.tasks.map((t) => [t.taskExternalId ?? t.metadata.id, withoutMillisSuffix(t.displayName)]),
  );
  const rows = shown.map((event) => {
    const at = Date.parse(event.timestamp ?? '');
    const offset =
      Number.isFinite(at) && Number.isFinite(startedAt)
        ? `${at >= startedAt ? '+' : '−'}${formatDuration(Math.abs(at - startedAt))}`
        : '—';
    const task = event.taskDisplayName
      ? withoutMillisSuffix(event.taskDisplayName)
      : (names.get(event.taskId ?? '') ?? '');
    const message = [event.message, event.errorMessage].filter(Boolean).join(' — ');
    return `| ${offset} | ${inline(task, 60)} | ${inline(event.eventType, 40)} | ${firstLine(message, 200)} |`;
  });
  const cut = chronological.length - shown.length;
  return [
    `${h} Events`,
    '',
    '| Time | Task | Event | Message |',
    '|---|---|---|---|',
    ...rows,
    '',
    ...(cut > 0 ? [`_${cut} earlier event${cut === 1 ? '' : 's'} not shown._`, ''] : []),
  ];
}
