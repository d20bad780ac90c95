import { withoutMillisSuffix } from '../hatchet/names.js';
import type { Task } from '../hatchet/schemas.js';
import { decidingTask } from '../run/change.js';
import type { RunResult } from '../run/result.js';
import { neutraliseCommands, cleanText as sanitized } from '../text/sanitize.js';
import { logOf } from './summary/failure.js';

// The texts of a test case, from untrusted Hatchet text: cleaned, bounded, inert in a job log.

/** The characters kept of one error in a trace, of one log line, and log lines per case. */
export const ERROR_CHARS = 8_000;
const LOG_LINE_CHARS = 500;
const LOG_LINES = 20;
/** A sibling's trace: its failed task and the start of its error. */
export const SIBLING_CHARS = 1_000;
/** Characters of a name or a one-line text. */
const NAME_CHARS = 200;

/**
 * Untrusted text cleaned (secrets redacted, control and colour codes removed, broken UTF-16
 * replaced) and inert if a reporter prints it to the job log: a line cannot start a workflow
 * command (`::`, or `##[` anywhere), a zero-width space breaks them.
 */
export function cleanText(text: string, max: number): string {
  return neutraliseCommands(sanitized(text, max));
}

/** One line of untrusted text, cleaned (no control characters, secrets redacted), bounded. */
export function oneLine(text: string, max = NAME_CHARS): string {
  const line = cleanText(text, max * 4)
    .replace(/\s+/g, ' ')
    .trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** `order-processing 0b5e1c6a`, or the case's name; `#2` for the second repetition. */
export function caseName(r: RunResult): string {
  const id = r.originalRunId ?? r.runId;
  const base =
    r.caseName !== undefined
      ? r.caseName
      : [r.workflow ?? (r.mode === 'trigger' ? 'trigger' : 'run'), id?.slice(0, 8)]
          .filter(Boolean)
          .join(' ');
  const repetition = r.repetition !== undefined && r.repetition > 1 ? ` #${r.repetition}` : '';
  return oneLine(`${base}${repetition}`) || 'run';
}

/** The failed task that decides the run (run/change.ts), in its new attempt. */
export function failedTaskOf(r: RunResult): Task | undefined {
  return r.final && decidingTask(r.final);
}

/** `replay FAILED in charge-payment, expected COMPLETED (still-failing)`. */
export function verdictLine(r: RunResult): string {
  const word = r.mode === 'retrigger' ? 're-trigger' : r.mode;
  const task = failedTaskOf(r);
  const where = task ? ` in ${withoutMillisSuffix(task.displayName)}` : '';
  const verdict =
    r.passed || r.status !== r.expectedStatus
      ? `${word} ${r.status}${where}, expected ${r.expectedStatus}`
      : `${word} ${r.status} as expected, but its output ${r.outputMismatch ? 'changed' : 'could not be checked'}`;
  return oneLine(`${verdict}${r.change ? ` (${r.change})` : ''}`, 400);
}

/** Why the run did not pass: the action's message, the failed task, its error, its newest log lines. */
export function traceOf(r: RunResult): string {
  const parts: string[] = [];
  if (r.message) parts.push(cleanText(r.message, 2_000));
  for (const note of r.notes) parts.push(cleanText(note, 1_000));
  const task = failedTaskOf(r);
  if (task) {
    const name = oneLine(withoutMillisSuffix(task.displayName));
    const attempt = task.attempt ?? task.retryCount + 1;
    parts.push(
      `${task.status === 'FAILED' ? 'Failed' : 'Cancelled'} task: ${name} (attempt ${attempt})`,
    );
    if (task.errorMessage.trim()) parts.push(cleanText(task.errorMessage.trim(), ERROR_CHARS));
    const log = logOf(r, task);
    const lines = log?.lines.slice(-LOG_LINES) ?? [];
    if (lines.length > 0) {
      const cut = (log?.lines.length ?? 0) - lines.length;
      parts.push(
        [
          `Newest log lines of ${name}${cut > 0 ? ` (${cut} older left out)` : ''}:`,
          ...lines.map((l) =>
            cleanText(
              `${l.timestamp ?? ''} ${l.level ?? ''} ${l.message}`.trim(),
              LOG_LINE_CHARS,
            ).replace(/\n/g, ' ⏎ '),
          ),
        ].join('\n'),
      );
    }
  } else if (r.status === 'FAILED' && r.final?.run.errorMessage.trim()) {
    parts.push(cleanText(r.final.run.errorMessage.trim(), ERROR_CHARS));
  }
  if (r.url) parts.push(`Run: ${cleanText(r.url, 500)}`);
  return parts.join('\n\n');
}
