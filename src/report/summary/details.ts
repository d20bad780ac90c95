import { withoutMillisSuffix } from '../../hatchet/names.js';
import { elapsedMs, type RunDetails, type TaskEvent } from '../../hatchet/schemas.js';
import { codeBlock, firstLine, inline } from '../../text/sanitize.js';
import { errorKey, logBlock, logLabel, type ShownErrors } from './failure.js';
import {
  code,
  collapsed,
  count,
  duration,
  instantOf,
  newRunLabel,
  offsetOf,
  runLink,
  statusText,
} from './format.js';
import type { Limits } from './limits.js';
import { gantt, orderTasks } from './timeline.js';
import type { RunView } from './view.js';

function maxAttempt(details: RunDetails | undefined): string {
  if (!details || details.tasks.length === 0) return '—';
  return String(Math.max(...details.tasks.map((t) => t.attempt ?? t.retryCount + 1)));
}

/** Original run vs new attempt: the few facts that tell what changed, one row each. */
export function comparison(view: RunView): string[] {
  const { result: r, before, after } = view;
  const sig = (s: string | undefined) => (s ? code(s, 120) : '—');
  const name = (s: string | undefined) => (s ? inline(s, 80) : '—');
  const rows: [string, string, string][] = [
    ['Run', runLink(r.originalRunId, r.originalUrl), runLink(r.runId, r.url)],
    ['Status', statusText(r.originalStatus), statusText(r.status)],
    ['Failed task', name(before?.failedTask), name(after?.failedTask)],
    [
      'Error',
      sig(before?.errorSignature),
      after?.errorSignature && after.errorSignature === before?.errorSignature
        ? '_the same_'
        : sig(after?.errorSignature),
    ],
    ['Duration', duration(r.original && elapsedMs(r.original.run)), duration(r.durationMs)],
    ['Attempt', maxAttempt(r.original), r.final ? maxAttempt(r.final) : '—'],
    ['Worker', sig(view.workers.before), sig(view.workers.after)],
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
    const failed = new Set(view.failedTasks.slice(0, limits.failedTasks).map((t) => t.metadata.id));
    const failedIds = new Set(
      tasks.filter((t) => failed.has(t.metadata.id)).map((t) => t.taskExternalId ?? t.metadata.id),
    );
    for (const log of r.logs.filter((l) => !failedIds.has(l.taskId))) {
      const summary = `📄 Log of ${inline(log.taskName, 80)}: ${logLabel(log, limits)}`;
      out.push(...collapsed(summary, logBlock(log, limits, view.startMs)));
    }
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
  const task = view.result.original?.tasks.find(
    (t) => withoutMillisSuffix(t.displayName) === name && t.errorMessage.trim(),
  );
  if (!name || !task || shown.has(errorKey(task.errorMessage))) return [];
  shown.add(errorKey(task.errorMessage));
  return collapsed(`Error of the original run in ${inline(name, 80)}`, [
    codeBlock(task.errorMessage, '', limits.text),
  ]);
}

function events(view: RunView, limits: Limits, shown: ShownErrors): string[] {
  const r = view.result;
  // RFC 3339 times with trimmed fractions do not sort as strings: compare instants.
  const unknown = Number.MAX_SAFE_INTEGER;
  const chronological = r.events
    .map((event, index) => ({ event, index, at: instantOf(event.timestamp) ?? unknown }))
    .sort((a, b) => a.at - b.at || a.index - b.index)
    .map((x) => x.event);
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
