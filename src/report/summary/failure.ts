import { withoutMillisSuffix } from '../../hatchet/names.js';
import { elapsedMs, type Task } from '../../hatchet/schemas.js';
import { jsonDiff } from '../../run/compare.js';
import type { RunResult, TaskLog } from '../../run/result.js';
import { clip, codeBlock, inline } from '../../text/sanitize.js';
import { count, duration, offsetOf } from './format.js';
import { LOG_LINE_CHARS, type Limits } from './limits.js';
import type { RunView } from './view.js';

/** The texts of errors already on the page, so that no error is shown twice. */
export type ShownErrors = Set<string>;

/** Two errors are the same text when they agree once trimmed (their start is enough to tell). */
export function errorKey(text: string): string {
  return text.trim().slice(0, 10_000);
}

export function logOf(result: RunResult, task: Task): TaskLog | undefined {
  const id = task.taskExternalId ?? task.metadata.id;
  return (
    result.logs.find((log) => log.taskId === id || log.taskId === task.metadata.id) ??
    result.logs.find((log) => log.taskName === withoutMillisSuffix(task.displayName))
  );
}

/** Log lines as a code block, each with its offset from the new attempt's start. */
export function logBlock(log: TaskLog, limits: Limits, startMs: number | undefined): string[] {
  const lines = log.lines.slice(-limits.logLines);
  const cut = log.lines.length - lines.length;
  const out: string[] = [];
  if (lines.length > 0) {
    const rows = lines.map((line) => ({
      at: offsetOf(line.timestamp, startMs),
      level: line.level ?? '',
      message: clip(line.message, LOG_LINE_CHARS),
    }));
    const atWidth = Math.max(...rows.map((r) => r.at.length));
    const levelWidth = Math.max(...rows.map((r) => r.level.length));
    // Columns only where there is something to show; a message keeps its own indentation.
    const column = (value: string, width: number, pad: 'padStart' | 'padEnd') =>
      width > 0 ? `${value[pad](width)} ` : '';
    const text = rows
      .map((r) =>
        `${column(r.at, atWidth, 'padStart')}${column(r.level, levelWidth, 'padEnd')}${r.message}`.trimEnd(),
      )
      .join('\n');
    out.push(codeBlock(text, '', (LOG_LINE_CHARS + 100) * lines.length), '');
  } else {
    out.push('_This task printed nothing._', '');
  }
  if (cut > 0) out.push(`_${count(cut, 'older line')} left out to fit._`, '');
  if (log.note) out.push(`_${inline(log.note, 300)}_`, '');
  return out;
}

/**
 * A log without lines, for running text (`name` already escaped): one not read (not asked for,
 * or its call failed) is unknown, not empty, and says why; one read printed nothing.
 */
export function noLines(log: TaskLog, name: string): string {
  const note = log.note ? ` ${inline(log.note, 300)}` : '';
  return log.unread ? `Log of ${name}:${note}` : `${name} printed no log lines.${note}`;
}

export function logLabel(log: TaskLog, limits: Limits): string {
  const shown = Math.min(log.lines.length, limits.logLines);
  return shown === 0 ? 'no log lines' : `the last ${count(shown, 'line')}`;
}

/**
 * What the engineer came for, in the order they need it: each failed task, its error once and
 * its log tail, as plain sections (open, as the reader sees them).
 */
export function failureSection(
  view: RunView,
  limits: Limits,
  level: number,
  shown: ShownErrors,
): string[] {
  const h = '#'.repeat(level);
  const { result } = view;
  const out: string[] = [];
  if (result.outputMismatch) out.push(...outputDiff(result, limits, h));
  const tasks = view.failedTasks.slice(0, limits.failedTasks);
  for (const task of tasks) {
    const name = inline(withoutMillisSuffix(task.displayName), 80);
    const what = task.status === 'FAILED' ? 'failed' : 'was cancelled';
    const facts = [
      `attempt ${task.attempt ?? task.retryCount + 1}`,
      task.startedAt && view.startMs !== undefined
        ? `started ${offsetOf(task.startedAt, view.startMs)}`
        : '',
      elapsedMs(task) !== undefined ? `ran ${duration(elapsedMs(task))}` : '',
    ].filter(Boolean);
    out.push(`${h} ${task.status === 'FAILED' ? '❌' : '🚫'} ${name} ${what}`, '');
    out.push(`<sub>${facts.join(' · ')}</sub>`, '');
    const error = task.errorMessage;
    if (error.trim()) {
      out.push(codeBlock(error, '', limits.text), '');
      shown.add(errorKey(error));
    }
    const log = logOf(result, task);
    if (log && limits.logLines > 0 && log.lines.length === 0) {
      out.push(`_${noLines(log, name)}_`, '');
    } else if (log && limits.logLines > 0) {
      out.push(
        `**Log of ${name}**, ${logLabel(log, limits)}:`,
        '',
        ...logBlock(log, limits, view.startMs),
      );
    }
  }
  const more = view.failedTasks.slice(tasks.length);
  if (more.length > 0) {
    const names = more.map((t) => inline(withoutMillisSuffix(t.displayName), 60)).join(', ');
    out.push(
      `_${count(more.length, 'more task')} failed: ${names}. Their errors are in the \`report\` file._`,
      '',
    );
  }
  const runError = result.final?.run.errorMessage ?? '';
  if (view.failedTasks.length === 0 && result.status === 'FAILED' && runError.trim()) {
    // No task says why (Hatchet keeps the reason on the run): show the run's error instead.
    out.push(`${h} ❌ The run failed`, '', codeBlock(runError, '', limits.text), '');
    shown.add(errorKey(runError));
  }
  return out;
}

function outputDiff(result: RunResult, limits: Limits, h: string): string[] {
  const mismatch = result.outputMismatch;
  if (!mismatch) return [];
  const lines = jsonDiff(mismatch.original, mismatch.replayed).map((d) =>
    [
      d.original !== undefined ? `- ${d.path}: ${clip(JSON.stringify(d.original), 500)}` : '',
      d.replayed !== undefined ? `+ ${d.path}: ${clip(JSON.stringify(d.replayed), 500)}` : '',
    ]
      .filter(Boolean)
      .join('\n'),
  );
  return [
    `${h} Output differs from the original`,
    '',
    codeBlock(lines.join('\n'), 'diff', limits.text),
    '',
  ];
}
