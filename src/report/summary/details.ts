import { withoutMillisSuffix } from '../../hatchet/names.js';
import { elapsedMs, type RunDetails, type TaskEvent } from '../../hatchet/schemas.js';
import { codeBlock, firstLine, inline } from '../../text/sanitize.js';
import { errorKey, logBlock, logLabel, logOf, noLines, type ShownErrors } from './failure.js';
import {
  code,
  collapsed,
  count,
  duration,
  newRunLabel,
  offsetOf,
  runLink,
  statusText,
} from './format.js';
import type { Limits } from './limits.js';
import { gantt, orderEvents, orderTasks } from './timeline.js';
import type { RunView } from './view.js';

function maxAttempt(details: RunDetails | undefined): string {
  if (!details || details.tasks.length === 0) return '—';
  return String(Math.max(...details.tasks.map((t) => t.attempt ?? t.retryCount + 1)));
}

/** An error in a table cell: its first line as Hatchet wrote it. */
export function errorCell(text: string, max = 120): string {
  return `<code>${firstLine(text, max)}</code>`;
}

/**
 * Original run vs new attempt: the few facts that tell what changed, one row each. A cell that
 * would repeat its neighbour (an in-place replay's run id, the same worker, the same error) or
 * an error shown above says so instead.
 */
export function comparison(view: RunView, shown: ShownErrors = new Set()): string[] {
  const { result: r, before, after, errors, workers } = view;
  const name = (s: string | undefined) => (s ? inline(s, 80) : '—');
  const worker = (s: string | undefined) => (s ? code(s, 120) : '—');
  const same = (a: string | undefined, b: string | undefined) =>
    a !== undefined && b !== undefined && errorKey(a) === errorKey(b);
  const errorBefore = !errors.before?.trim()
    ? '—'
    : same(errors.before, errors.after)
      ? '_same as the new attempt_'
      : errorCell(errors.before);
  const errorAfter = !errors.after?.trim()
    ? '—'
    : shown.has(errorKey(errors.after))
      ? '_shown above_'
      : errorCell(errors.after);
  const inPlace = r.runId !== undefined && r.runId === r.originalRunId;
  const rows: [string, string, string][] = [
    [
      'Run',
      runLink(r.originalRunId, r.originalUrl),
      inPlace && r.originalRunId ? '_the same run, replayed in place_' : runLink(r.runId, r.url),
    ],
    ['Status', statusText(r.originalStatus), statusText(r.status)],
    ['Failed task', name(before?.failedTask), name(after?.failedTask)],
    ['Error', errorBefore, errorAfter],
    ['Duration', duration(r.original && elapsedMs(r.original.run)), duration(r.durationMs)],
    ['Attempt', maxAttempt(r.original), r.final ? maxAttempt(r.final) : '—'],
    [
      'Worker',
      worker(workers.before),
      workers.after && workers.after === workers.before ? '_the same_' : worker(workers.after),
    ],
  ];
  if (!r.originalRunId) {
    return [
      `| | ${newRunLabel(r.mode)} |`,
      '|---|---|',
      ...rows.map(([label, , now]) => `| ${label} | ${now} |`),
      '',
    ];
  }
  return [
    `| | Original run | ${newRunLabel(r.mode)} |`,
    '|---|---|---|',
    ...rows.map(([label, was, now]) => `| ${label} | ${was} | ${now} |`),
    '',
  ];
}

/** A re-trigger's new input next to the original's; a trigger's input alone. */
export function inputSection(view: RunView, limits: Limits, h: string): string[] {
  const r = view.result;
  if (r.mode === 'replay' || !r.input) return [];
  const json = (value: unknown) => codeBlock(JSON.stringify(value, null, 2), 'json', limits.text);
  if (!r.original) return [`${h} Input`, '', json(r.input), ''];
  return [
    `${h} Input`,
    '',
    '<table><tr><th>New input</th><th>Original input</th></tr><tr><td valign="top">',
    '',
    json(r.input),
    '',
    '</td><td valign="top">',
    '',
    json(r.original.run.input),
    '',
    '</td></tr></table>',
    '',
  ];
}

/** Tasks, timeline, events, other logs, the original's error and the output: closed sections. */
export function closedDetails(view: RunView, limits: Limits, shown: ShownErrors): string[] {
  const r = view.result;
  const final = r.final;
  const out: string[] = [];
  const tasks = final ? orderTasks(final) : [];
  if (tasks.length > 0) {
    const tally = [...new Set(tasks.map((t) => t.status))]
      .map((s) => `${tasks.filter((t) => t.status === s).length} ${inline(s.toLowerCase(), 20)}`)
      .join(', ');
    out.push(
      ...collapsed(`Tasks (${tasks.length}): ${tally}`, [
        '| Task | Status | Started | Duration | Attempt |',
        '|---|---|---|---|---|',
        ...tasks.map(
          (t) =>
            `| ${inline(withoutMillisSuffix(t.displayName), 80)} | ${statusText(t.status)} | ${offsetOf(t.startedAt, view.startMs) || '—'} | ${duration(elapsedMs(t))} | ${t.attempt ?? t.retryCount + 1} |`,
        ),
      ]),
    );
  }
  const chart = limits.gantt ? gantt(tasks, view.startMs) : undefined;
  if (chart) out.push(...collapsed('Timeline', chart));
  if (limits.events > 0 && r.events.length > 0) out.push(...events(view, limits, shown));
  if (limits.logLines > 0) {
    // The logs shown under the failed tasks above, found as they were found there.
    const failedLogs = new Set(
      view.failedTasks.slice(0, limits.failedTasks).map((t) => logOf(r, t)),
    );
    const others = r.logs.filter((l) => !failedLogs.has(l));
    for (const log of others.filter((l) => l.lines.length > 0)) {
      const summary = `📄 Log of ${inline(log.taskName, 80)}: ${logLabel(log, limits)}`;
      out.push(...collapsed(summary, logBlock(log, limits, view.startMs)));
    }
    // A fold that opens on nothing wastes a click: tasks without lines are named in one line.
    const silent = others.filter((l) => l.lines.length === 0);
    for (const log of silent.filter((l) => l.note))
      out.push(`_📄 ${noLines(log, inline(log.taskName, 80))}_`, '');
    const quiet = silent.filter((l) => !l.note).map((l) => inline(l.taskName, 80));
    if (quiet.length > 0) out.push(`_📄 No log lines from ${quiet.join(', ')}._`, '');
  }
  out.push(...originalError(view, limits, shown));
  const output = final?.run.output ?? {};
  if (Object.keys(output).length > 0) {
    const json = codeBlock(JSON.stringify(output, null, 2), 'json', limits.text);
    out.push(...collapsed('Output', [json]));
  }
  return out;
}

function originalError(view: RunView, limits: Limits, shown: ShownErrors): string[] {
  const name = view.before?.failedTask;
  const text = view.errors.before;
  if (!name || !text?.trim() || shown.has(errorKey(text))) return [];
  shown.add(errorKey(text));
  // A short one-line error is all in the comparison's cell already.
  if (!text.trim().includes('\n') && text.trim().length <= 120) return [];
  return collapsed(`Error of the original run in ${inline(name, 80)}`, [
    codeBlock(text, '', limits.text),
  ]);
}

function events(view: RunView, limits: Limits, shown: ShownErrors): string[] {
  const r = view.result;
  const chronological = orderEvents(r.events, r.final);
  const listed = chronological.slice(-limits.events);
  const names = new Map(
    (r.final?.tasks ?? []).map((t) => [
      t.taskExternalId ?? t.metadata.id,
      withoutMillisSuffix(t.displayName),
    ]),
  );
  const rows = listed.map((event: TaskEvent) => {
    const task = event.taskDisplayName
      ? withoutMillisSuffix(event.taskDisplayName)
      : (names.get(event.taskId ?? '') ?? '');
    const error = event.errorMessage?.trim() ? event.errorMessage : undefined;
    // An error already on the page is pointed to, not repeated.
    const repeated = error !== undefined && shown.has(errorKey(error));
    const message = firstLine(
      [event.message, repeated ? '' : error].filter(Boolean).join(' — '),
      200,
    );
    return `| ${offsetOf(event.timestamp, view.startMs) || '—'} | ${inline(task, 60)} | ${inline(event.eventType, 40)} | ${message}${repeated ? ' (error above)' : ''} |`;
  });
  const cut = chronological.length - listed.length;
  return collapsed(`Events (${chronological.length})`, [
    '| Time | Task | Event | Message |',
    '|---|---|---|---|',
    ...rows,
    ...(cut > 0 ? ['', `_${count(cut, 'earlier event')} not shown._`] : []),
  ]);
}
