export const id = 102;
export const ids = [102];
export const modules = {

/***/ 3102:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  failurePage: () => (/* reexport */ failurePage),
  logResults: () => (/* reexport */ logResults),
  noMatchPage: () => (/* reexport */ noMatchPage),
  renderSummary: () => (/* reexport */ renderSummary),
  stepReport: () => (/* reexport */ stepReport),
  writeReportFiles: () => (/* reexport */ writeReportFiles)
});

// EXTERNAL MODULE: ./src/text/sanitize.ts
var sanitize = __webpack_require__(4212);
// EXTERNAL MODULE: ./src/hatchet/names.ts
var hatchet_names = __webpack_require__(1727);
// EXTERNAL MODULE: ./src/hatchet/schemas.ts
var schemas = __webpack_require__(6907);
// EXTERNAL MODULE: ./src/run/compare.ts
var compare = __webpack_require__(1530);
// EXTERNAL MODULE: ./src/text/duration.ts
var duration = __webpack_require__(9495);
;// CONCATENATED MODULE: ./src/report/summary/format.ts


const SYMBOL = {
    COMPLETED: '✅',
    FAILED: '❌',
    CANCELLED: '🚫',
    TIMED_OUT: '⏱️',
    ABORTED: '🛑',
    ERROR: '⚠️',
    RUNNING: '🔄',
    QUEUED: '⏳',
};
function statusText(status) {
    if (!status)
        return '—';
    return `${SYMBOL[status] ?? '❔'} ${(0,sanitize/* inline */.mG)(status, 40)}`;
}
function passMark(passed) {
    return passed ? '✅' : '❌';
}
function format_duration(ms) {
    return ms === undefined ? '—' : (0,duration/* formatDuration */.a3)(ms);
}
/** `n thing` / `n things`. */
function count(n, thing, things = `${thing}s`) {
    return `${n} ${n === 1 ? thing : things}`;
}
/** A link to a run. Run ids are UUIDs (inputs and CLI answers are checked): a code span holds them. */
function runLink(id, url, short = false) {
    if (!id)
        return '—';
    // In a table of many runs the first block of the UUID tells them apart; the link has the rest.
    const text = `\`${(0,sanitize/* inline */.mG)(short && url ? id.slice(0, 8) : id, 80)}\``;
    // `(` and `)` too: a `)` in the URL would end the link early and let the rest autolink.
    const href = url && encodeURI(url).replace(/\(/g, '%28').replace(/\)/g, '%29');
    return href && /^https?:\/\//.test(href) ? `[${text}](${href})` : text;
}
/** Untrusted text shown as code, in running text or a table cell (entities keep it inert). */
function code(text, max = 160) {
    return `<code>${(0,sanitize/* inline */.mG)(text, max)}</code>`;
}
/** Milliseconds since the epoch of an RFC 3339 time; undefined when absent or unreadable. */
function instantOf(timestamp) {
    const at = timestamp ? Date.parse(timestamp) : NaN;
    return Number.isFinite(at) ? at : undefined;
}
/** The one absolute time of a page: `2026-11-26 10:00:00 UTC` (milliseconds when not zero). */
function utc(ms) {
    return new Date(ms)
        .toISOString()
        .replace('T', ' ')
        .replace(/\.000Z$/, 'Z')
        .replace('Z', ' UTC');
}
/**
 * A time as an offset from the new attempt's start, the page's one time convention: `+650ms`,
 * `+1.25s`, `+2m 5s`, `−300ms` (before the start).
 */
function offset(deltaMs) {
    const sign = deltaMs < 0 ? '−' : '+';
    const abs = Math.abs(deltaMs);
    // Each unit as long as it rounds below the next one (59.999 s is `+1m`, not `+60s`).
    if (Math.round(abs) < 1000)
        return `${sign}${Math.round(abs)}ms`;
    const seconds = Math.round(abs / 10) / 100;
    if (seconds < 60)
        return `${sign}${seconds.toFixed(2).replace(/\.?0+$/, '')}s`;
    return `${sign}${(0,duration/* formatDuration */.a3)(Math.max(abs, 60_000))}`;
}
/** The offset of `timestamp` from `startMs`, or `''` when either is unknown. */
function offsetOf(timestamp, startMs) {
    const at = instantOf(timestamp);
    return at === undefined || startMs === undefined ? '' : offset(at - startMs);
}
function modeWord(mode) {
    return mode === 'replay' ? 'replay' : mode === 'retrigger' ? 're-trigger' : 'trigger';
}
function newRunLabel(mode) {
    return mode === 'replay' ? 'New attempt' : 'New run';
}
/** Collapsed section; the body is markdown (blank lines around it keep it parsed). */
function collapsed(summary, body) {
    return [`<details><summary>${summary}</summary>`, '', ...body, '', '</details>', ''];
}

;// CONCATENATED MODULE: ./src/report/summary/limits.ts
const SUMMARY_BYTE_LIMIT = 1024 * 1024;
/** GitHub drops a summary over 1 MiB whole: stay well below it. */
const SUMMARY_BYTE_BUDGET = SUMMARY_BYTE_LIMIT - 64 * 1024;
/** Characters kept of one log line: a huge line is cut, never the number of lines given. */
const LOG_LINE_CHARS = 2_000;
/**
 * The renderings tried in turn, largest first. The first shows every log line it is given
 * (`log-lines` is applied when logs are fetched); later ones cut only because the budget forces it.
 */
function limitSteps(logLines) {
    return [
        { events: 200, logLines, text: 20_000, failedTasks: 10, details: true, gantt: true },
        {
            events: 50,
            logLines: Math.min(logLines, 20),
            text: 4_000,
            failedTasks: 5,
            details: true,
            gantt: true,
            cutNote: 'fewer events and log lines are shown, and long texts are cut',
        },
        {
            events: 10,
            logLines: Math.min(logLines, 5),
            text: 1_000,
            failedTasks: 3,
            details: true,
            gantt: false,
            cutNote: 'only the last events and log lines are shown, and long texts are cut short',
        },
        {
            events: 0,
            logLines: Math.min(logLines, 3),
            text: 300,
            failedTasks: 1,
            details: true,
            gantt: false,
            cutNote: 'events and most log lines are left out and texts are cut short',
        },
        {
            events: 0,
            logLines: 0,
            text: 200,
            failedTasks: 1,
            details: false,
            gantt: false,
            cutNote: 'only the verdict and one row per run are shown',
        },
    ];
}

;// CONCATENATED MODULE: ./src/report/summary/failure.ts






/** Two errors are the same text when they agree once trimmed (their start is enough to tell). */
function errorKey(text) {
    return text.trim().slice(0, 10_000);
}
function logOf(result, task) {
    const id = task.taskExternalId ?? task.metadata.id;
    return (result.logs.find((log) => log.taskId === id || log.taskId === task.metadata.id) ??
        result.logs.find((log) => log.taskName === (0,hatchet_names/* withoutMillisSuffix */.O)(task.displayName)));
}
/** Log lines as a code block, each with its offset from the new attempt's start. */
function logBlock(log, limits, startMs) {
    const lines = log.lines.slice(-limits.logLines);
    const cut = log.lines.length - lines.length;
    const out = [];
    if (lines.length > 0) {
        const rows = lines.map((line) => ({
            at: offsetOf(line.timestamp, startMs),
            level: line.level ?? '',
            message: (0,sanitize/* clip */.$Q)(line.message, LOG_LINE_CHARS),
        }));
        const atWidth = Math.max(...rows.map((r) => r.at.length));
        const levelWidth = Math.max(...rows.map((r) => r.level.length));
        // Columns only where there is something to show; a message keeps its own indentation.
        const column = (value, width, pad) => width > 0 ? `${value[pad](width)} ` : '';
        const text = rows
            .map((r) => `${column(r.at, atWidth, 'padStart')}${column(r.level, levelWidth, 'padEnd')}${r.message}`.trimEnd())
            .join('\n');
        out.push((0,sanitize/* codeBlock */.DV)(text, '', (LOG_LINE_CHARS + 100) * lines.length), '');
    }
    else {
        out.push('_This task printed nothing._', '');
    }
    if (cut > 0)
        out.push(`_${count(cut, 'older line')} left out to fit._`, '');
    if (log.note)
        out.push(`_${(0,sanitize/* inline */.mG)(log.note, 300)}_`, '');
    return out;
}
/**
 * A log without lines, for running text (`name` already escaped): one not read (not asked for,
 * or its call failed) is unknown, not empty, and says why; one read printed nothing.
 */
function noLines(log, name) {
    const note = log.note ? ` ${(0,sanitize/* inline */.mG)(log.note, 300)}` : '';
    return log.unread ? `Log of ${name}:${note}` : `${name} printed no log lines.${note}`;
}
function logLabel(log, limits) {
    const shown = Math.min(log.lines.length, limits.logLines);
    return shown === 0 ? 'no log lines' : `the last ${count(shown, 'line')}`;
}
/**
 * What the engineer came for, in the order they need it: each failed task, its error once and
 * its log tail, as plain sections (open, as the reader sees them).
 */
function failureSection(view, limits, level, shown) {
    const h = '#'.repeat(level);
    const { result } = view;
    const out = [];
    if (result.outputMismatch)
        out.push(...outputDiff(result, limits, h));
    const tasks = view.failedTasks.slice(0, limits.failedTasks);
    for (const task of tasks) {
        const name = (0,sanitize/* inline */.mG)((0,hatchet_names/* withoutMillisSuffix */.O)(task.displayName), 80);
        const what = task.status === 'FAILED' ? 'failed' : 'was cancelled';
        const facts = [
            `attempt ${task.attempt ?? task.retryCount + 1}`,
            task.startedAt && view.startMs !== undefined
                ? `started ${offsetOf(task.startedAt, view.startMs)}`
                : '',
            (0,schemas/* elapsedMs */.d5)(task) !== undefined ? `ran ${format_duration((0,schemas/* elapsedMs */.d5)(task))}` : '',
        ].filter(Boolean);
        out.push(`${h} ${task.status === 'FAILED' ? '❌' : '🚫'} ${name} ${what}`, '');
        out.push(`<sub>${facts.join(' · ')}</sub>`, '');
        const error = task.errorMessage;
        if (error.trim()) {
            out.push((0,sanitize/* codeBlock */.DV)(error, '', limits.text), '');
            shown.add(errorKey(error));
        }
        const log = logOf(result, task);
        if (log && limits.logLines > 0 && log.lines.length === 0) {
            out.push(`_${noLines(log, name)}_`, '');
        }
        else if (log && limits.logLines > 0) {
            out.push(`**Log of ${name}**, ${logLabel(log, limits)}:`, '', ...logBlock(log, limits, view.startMs));
        }
    }
    const more = view.failedTasks.slice(tasks.length);
    if (more.length > 0) {
        const names = more.map((t) => (0,sanitize/* inline */.mG)((0,hatchet_names/* withoutMillisSuffix */.O)(t.displayName), 60)).join(', ');
        out.push(`_${count(more.length, 'more task')} failed: ${names}. Their errors are in the \`report\` file._`, '');
    }
    const runError = result.final?.run.errorMessage ?? '';
    if (view.failedTasks.length === 0 && result.status === 'FAILED' && runError.trim()) {
        // No task says why (Hatchet keeps the reason on the run): show the run's error instead.
        out.push(`${h} ❌ The run failed`, '', (0,sanitize/* codeBlock */.DV)(runError, '', limits.text), '');
        shown.add(errorKey(runError));
    }
    return out;
}
function outputDiff(result, limits, h) {
    const mismatch = result.outputMismatch;
    if (!mismatch)
        return [];
    const lines = (0,compare/* jsonDiff */.G4)(mismatch.original, mismatch.replayed).map((d) => [
        d.original !== undefined ? `- ${d.path}: ${(0,sanitize/* clip */.$Q)(JSON.stringify(d.original), 500)}` : '',
        d.replayed !== undefined ? `+ ${d.path}: ${(0,sanitize/* clip */.$Q)(JSON.stringify(d.replayed), 500)}` : '',
    ]
        .filter(Boolean)
        .join('\n'));
    return [
        `${h} Output differs from the original`,
        '',
        (0,sanitize/* codeBlock */.DV)(lines.join('\n'), 'diff', limits.text),
        '',
    ];
}

;// CONCATENATED MODULE: ./src/report/summary/timeline.ts



/** Tasks in DAG order: a topological order of `shape`, ties kept in start order. */
function orderTasks(details) {
    const unknown = Number.MAX_SAFE_INTEGER;
    const tasks = details.tasks
        .map((task, index) => ({ task, index, at: instantOf(task.startedAt) ?? unknown }))
        .sort((a, b) => a.at - b.at || a.index - b.index)
        .map((x) => x.task);
    if (details.shape.length === 0)
        return tasks;
    const byStep = new Map(details.shape.map((node) => [node.stepId ?? '', node]));
    const indegree = new Map();
    for (const node of details.shape)
        indegree.set(node.stepId ?? '', indegree.get(node.stepId ?? '') ?? 0);
    for (const node of details.shape)
        for (const child of node.childrenStepIds)
            indegree.set(child, (indegree.get(child) ?? 0) + 1);
    const order = [];
    const queue = details.shape
        .filter((n) => (indegree.get(n.stepId ?? '') ?? 0) === 0)
        .map((n) => n.stepId ?? '');
    while (queue.length > 0) {
        const step = queue.shift();
        order.push(step);
        for (const child of byStep.get(step)?.childrenStepIds ?? []) {
            const left = (indegree.get(child) ?? 1) - 1;
            indegree.set(child, left);
            if (left === 0)
                queue.push(child);
        }
    }
    const rank = new Map();
    order.forEach((step, i) => {
        const node = byStep.get(step);
        if (node?.taskExternalId)
            rank.set(node.taskExternalId, i);
        if (node?.taskName)
            rank.set(`name:${node.taskName}`, i);
    });
    const rankOf = (task) => rank.get(task.taskExternalId ?? task.metadata.id) ??
        rank.get(`name:${(0,hatchet_names/* withoutMillisSuffix */.O)(task.displayName)}`) ??
        order.length;
    return tasks
        .map((task, i) => ({ task, i }))
        .sort((a, b) => rankOf(a.task) - rankOf(b.task) || a.i - b.i)
        .map((x) => x.task);
}
// Where each event type comes in a task's life (Hatchet's V1TaskEventType): a replay's
// RETRIED_BY_USER resets the task, which is then queued, assigned, sent, started and ended.
const LIFECYCLE = {
    RETRIED_BY_USER: 0,
    CREATED: 1,
    QUEUED: 2,
    REQUEUED_NO_WORKER: 3,
    REQUEUED_RATE_LIMIT: 3,
    RATE_LIMIT_ERROR: 3,
    ASSIGNED: 4,
    REASSIGNED: 4,
    SENT_TO_WORKER: 5,
    COULD_NOT_SEND_TO_WORKER: 5,
    ACKNOWLEDGED: 6,
    STARTED: 7,
    TIMEOUT_REFRESHED: 8,
    FINISHED: 10,
    FAILED: 10,
    CANCELLED: 10,
    TIMED_OUT: 10,
    SCHEDULING_TIMED_OUT: 10,
    SKIPPED: 10,
    RETRYING: 11,
    SLOT_RELEASED: 12,
};
/** An event type this list does not know goes between the start and the end. */
const UNKNOWN_STAGE = 9;
/**
 * Events oldest first. Times are often equal to the millisecond (the engine writes a task's
 * QUEUED, ASSIGNED and STARTED together): then the task that comes first in the DAG goes first,
 * and one task's events follow its life, so RETRIED_BY_USER precedes the QUEUED it causes.
 */
function orderEvents(events, final) {
    const tasks = final ? orderTasks(final) : [];
    const place = new Map();
    tasks.forEach((t, i) => {
        place.set(t.taskExternalId ?? t.metadata.id, i);
        place.set(t.metadata.id, i);
        place.set(`name:${(0,hatchet_names/* withoutMillisSuffix */.O)(t.displayName)}`, i);
    });
    const placeOf = (e) => place.get(e.taskId ?? '') ??
        place.get(`name:${(0,hatchet_names/* withoutMillisSuffix */.O)(e.taskDisplayName ?? '')}`) ??
        tasks.length;
    // RFC 3339 times with trimmed fractions do not sort as strings: compare instants.
    const unknown = Number.MAX_SAFE_INTEGER;
    return events
        .map((event, index) => ({
        event,
        index,
        at: instantOf(event.timestamp) ?? unknown,
        task: placeOf(event),
        stage: LIFECYCLE[event.eventType] ?? UNKNOWN_STAGE,
    }))
        .sort((a, b) => a.at - b.at || a.task - b.task || a.stage - b.stage || a.index - b.index)
        .map((x) => x.event);
}
// The chart is drawn from a fixed origin, not the real clock: mermaid formats the axis in the
// viewer's time zone, which would shift hours and (in half-hour zones) minutes. Seconds and
// milliseconds read the same everywhere, so each tier scales its unit onto them.
const TIERS = [
    {
        below: 1_000,
        unitMs: 1,
        format: '%-Lms',
        steps: [10, 20, 50, 100, 200],
        interval: 'millisecond',
        caption: 'milliseconds',
    },
    {
        below: 3_000,
        unitMs: 1,
        format: '%-S.%Ls',
        steps: [250, 500],
        interval: 'millisecond',
        caption: 'seconds',
    },
    {
        below: 60_000,
        unitMs: 1,
        format: '%-Ss',
        steps: [1, 2, 5, 10, 15, 30],
        interval: 'second',
        caption: 'seconds',
    },
    {
        below: 900_000,
        unitMs: 1_000,
        format: '%-Ls',
        steps: [10, 15, 30, 60, 120],
        interval: 'millisecond',
        caption: 'seconds',
    },
    {
        below: 57_600_000,
        unitMs: 60_000,
        format: '%-Lm',
        steps: [5, 10, 15, 30, 60, 120],
        interval: 'millisecond',
        caption: 'minutes',
    },
    {
        below: Infinity,
        unitMs: 3_600_000,
        format: '%-Lh',
        steps: [1, 2, 3, 6, 12, 24, 48, 96],
        interval: 'millisecond',
        caption: 'hours',
    },
];
/** At most this many ticks: the axis stays readable. */
const MAX_TICKS = 10;
function axisFor(spanMs) {
    const tier = TIERS.find((t) => spanMs < t.below) ?? TIERS.at(-1);
    const perStep = tier.interval === 'second' ? 1_000 : tier.unitMs;
    const step = tier.steps.find((s) => spanMs / (s * perStep) <= MAX_TICKS) ?? tier.steps.at(-1);
    return {
        unitMs: tier.unitMs,
        axisFormat: tier.format,
        tickInterval: `${step}${tier.interval}`,
        caption: tier.caption,
    };
}
/** The chart's origin (a whole UTC day: every tick step divides it). */
const ORIGIN = Date.UTC(2000, 0, 1);
/** A mermaid gantt of the tasks, its axis counting from the new attempt's start. */
function gantt(tasks, startMs) {
    const timed = tasks.flatMap((task) => {
        const start = instantOf(task.startedAt);
        if (start === undefined)
            return [];
        const end = instantOf(task.finishedAt) ?? start + Math.max(0, task.duration ?? 0);
        return [{ task, start, end: Math.max(end, start) }];
    });
    if (timed.length === 0)
        return undefined;
    const zero = Math.min(startMs ?? Infinity, ...timed.map((t) => t.start));
    const span = Math.max(...timed.map((t) => t.end)) - zero;
    const axis = axisFor(span);
    const at = (ms) => ORIGIN + Math.round((ms - zero) / axis.unitMs);
    const lines = [
        '```mermaid',
        'gantt',
        '  dateFormat x',
        `  axisFormat ${axis.axisFormat}`,
        `  tickInterval ${axis.tickInterval}`,
        '  todayMarker off',
        '  section Tasks',
    ];
    timed.forEach(({ task, start, end }, i) => {
        const tag = task.status === 'FAILED' ? 'crit, ' : task.status === 'COMPLETED' ? 'done, ' : 'active, ';
        const from = at(start);
        lines.push(`  ${(0,sanitize/* mermaidLabel */._b)((0,hatchet_names/* withoutMillisSuffix */.O)(task.displayName))} :${tag}t${i}, ${from}, ${Math.max(at(end), from + 1)}`);
    });
    lines.push('```');
    return [`_The axis counts ${axis.caption} since the new attempt started._`, '', lines.join('\n')];
}

;// CONCATENATED MODULE: ./src/report/summary/details.ts






function maxAttempt(details) {
    if (!details || details.tasks.length === 0)
        return '—';
    return String(Math.max(...details.tasks.map((t) => t.attempt ?? t.retryCount + 1)));
}
/** An error in a table cell: its first line as Hatchet wrote it. */
function errorCell(text, max = 120) {
    return `<code>${(0,sanitize/* firstLine */.TM)(text, max)}</code>`;
}
/**
 * Original run vs new attempt: the few facts that tell what changed, one row each. A cell that
 * would repeat its neighbour (an in-place replay's run id, the same worker, the same error) or
 * an error shown above says so instead.
 */
function comparison(view, shown = new Set()) {
    const { result: r, before, after, errors, workers } = view;
    const name = (s) => (s ? (0,sanitize/* inline */.mG)(s, 80) : '—');
    const worker = (s) => (s ? code(s, 120) : '—');
    const same = (a, b) => a !== undefined && b !== undefined && errorKey(a) === errorKey(b);
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
    const rows = [
        [
            'Run',
            runLink(r.originalRunId, r.originalUrl),
            inPlace && r.originalRunId ? '_the same run, replayed in place_' : runLink(r.runId, r.url),
        ],
        ['Status', statusText(r.originalStatus), statusText(r.status)],
        ['Failed task', name(before?.failedTask), name(after?.failedTask)],
        ['Error', errorBefore, errorAfter],
        ['Duration', format_duration(r.original && (0,schemas/* elapsedMs */.d5)(r.original.run)), format_duration(r.durationMs)],
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
function inputSection(view, limits, h) {
    const r = view.result;
    if (r.mode === 'replay' || !r.input)
        return [];
    const json = (value) => (0,sanitize/* codeBlock */.DV)(JSON.stringify(value, null, 2), 'json', limits.text);
    if (!r.original)
        return [`${h} Input`, '', json(r.input), ''];
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
function closedDetails(view, limits, shown) {
    const r = view.result;
    const final = r.final;
    const out = [];
    const tasks = final ? orderTasks(final) : [];
    if (tasks.length > 0) {
        const tally = [...new Set(tasks.map((t) => t.status))]
            .map((s) => `${tasks.filter((t) => t.status === s).length} ${(0,sanitize/* inline */.mG)(s.toLowerCase(), 20)}`)
            .join(', ');
        out.push(...collapsed(`Tasks (${tasks.length}): ${tally}`, [
            '| Task | Status | Started | Duration | Attempt |',
            '|---|---|---|---|---|',
            ...tasks.map((t) => `| ${(0,sanitize/* inline */.mG)((0,hatchet_names/* withoutMillisSuffix */.O)(t.displayName), 80)} | ${statusText(t.status)} | ${offsetOf(t.startedAt, view.startMs) || '—'} | ${format_duration((0,schemas/* elapsedMs */.d5)(t))} | ${t.attempt ?? t.retryCount + 1} |`),
        ]));
    }
    const chart = limits.gantt ? gantt(tasks, view.startMs) : undefined;
    if (chart)
        out.push(...collapsed('Timeline', chart));
    if (limits.events > 0 && r.events.length > 0)
        out.push(...events(view, limits, shown));
    if (limits.logLines > 0) {
        // The logs shown under the failed tasks above, found as they were found there.
        const failedLogs = new Set(view.failedTasks.slice(0, limits.failedTasks).map((t) => logOf(r, t)));
        const others = r.logs.filter((l) => !failedLogs.has(l));
        for (const log of others.filter((l) => l.lines.length > 0)) {
            const summary = `📄 Log of ${(0,sanitize/* inline */.mG)(log.taskName, 80)}: ${logLabel(log, limits)}`;
            out.push(...collapsed(summary, logBlock(log, limits, view.startMs)));
        }
        // A fold that opens on nothing wastes a click: tasks without lines are named in one line.
        const silent = others.filter((l) => l.lines.length === 0);
        for (const log of silent.filter((l) => l.note))
            out.push(`_📄 ${noLines(log, (0,sanitize/* inline */.mG)(log.taskName, 80))}_`, '');
        const quiet = silent.filter((l) => !l.note).map((l) => (0,sanitize/* inline */.mG)(l.taskName, 80));
        if (quiet.length > 0)
            out.push(`_📄 No log lines from ${quiet.join(', ')}._`, '');
    }
    out.push(...originalError(view, limits, shown));
    const output = final?.run.output ?? {};
    if (Object.keys(output).length > 0) {
        const json = (0,sanitize/* codeBlock */.DV)(JSON.stringify(output, null, 2), 'json', limits.text);
        out.push(...collapsed('Output', [json]));
    }
    return out;
}
function originalError(view, limits, shown) {
    const name = view.before?.failedTask;
    const text = view.errors.before;
    if (!name || !text?.trim() || shown.has(errorKey(text)))
        return [];
    shown.add(errorKey(text));
    // A short one-line error is all in the comparison's cell already.
    if (!text.trim().includes('\n') && text.trim().length <= 120)
        return [];
    return collapsed(`Error of the original run in ${(0,sanitize/* inline */.mG)(name, 80)}`, [
        (0,sanitize/* codeBlock */.DV)(text, '', limits.text),
    ]);
}
function events(view, limits, shown) {
    const r = view.result;
    const chronological = orderEvents(r.events, r.final);
    const listed = chronological.slice(-limits.events);
    const names = new Map((r.final?.tasks ?? []).map((t) => [
        t.taskExternalId ?? t.metadata.id,
        (0,hatchet_names/* withoutMillisSuffix */.O)(t.displayName),
    ]));
    const rows = listed.map((event) => {
        const task = event.taskDisplayName
            ? (0,hatchet_names/* withoutMillisSuffix */.O)(event.taskDisplayName)
            : (names.get(event.taskId ?? '') ?? '');
        const error = event.errorMessage?.trim() ? event.errorMessage : undefined;
        // An error already on the page is pointed to, not repeated.
        const repeated = error !== undefined && shown.has(errorKey(error));
        const message = (0,sanitize/* firstLine */.TM)([event.message, repeated ? '' : error].filter(Boolean).join(' — '), 200);
        return `| ${offsetOf(event.timestamp, view.startMs) || '—'} | ${(0,sanitize/* inline */.mG)(task, 60)} | ${(0,sanitize/* inline */.mG)(event.eventType, 40)} | ${message}${repeated ? ' (error above)' : ''} |`;
    });
    const cut = chronological.length - listed.length;
    return collapsed(`Events (${chronological.length})`, [
        '| Time | Task | Event | Message |',
        '|---|---|---|---|',
        ...rows,
        ...(cut > 0 ? ['', `_${count(cut, 'earlier event')} not shown._`] : []),
    ]);
}

;// CONCATENATED MODULE: ./src/report/summary/headline.ts


/** Most telling first: what broke, then what did not change, then what is fine. */
const LABEL_ORDER = [
    'regressed',
    'fails-differently',
    'still-failing',
    'flaky',
    'failed',
    'cancelled',
    'timed-out',
    'aborted',
    'unknown',
    'mixed',
    'fixed',
    'completed',
    'still-passing',
];
/** How a label reads after "3 runs …" / "1 run …". */
const AS_PREDICATE = {
    regressed: 'regressed',
    'fails-differently': 'failing differently',
    'still-failing': 'still failing',
    flaky: 'flaky',
    failed: 'failed',
    cancelled: 'cancelled',
    'timed-out': 'timed out',
    aborted: 'aborted',
    unknown: 'with an unknown outcome',
    mixed: 'with mixed outcomes',
    fixed: 'fixed',
    completed: 'completed',
    'still-passing': 'still passing',
};
/** The label as a table cell: the `change` word itself, or the status word in italics. */
function labelCell(label) {
    const change = [
        'fixed',
        'still-passing',
        'regressed',
        'still-failing',
        'fails-differently',
        'flaky',
        'mixed',
    ];
    return change.includes(label) ? `**${label}**` : `_${AS_PREDICATE[label]}_`;
}
function predicate(label) {
    return AS_PREDICATE[label];
}
const task = (name) => (name ? (0,sanitize/* inline */.mG)(name, 80) : undefined);
/** The change in words, for one run: "Still failing: same error in charge-payment as the original run". */
function changeSentence(view) {
    const { before, after, result } = view;
    const was = !before?.failedTask
        ? `the original run was ${before?.status === 'CANCELLED' ? 'cancelled' : 'FAILED'}`
        : `the original run failed in ${task(before.failedTask)}`;
    const now = after?.failedTask ? `fails in ${task(after.failedTask)}` : undefined;
    switch (view.label) {
        case 'fixed':
            return `Fixed: completes now; ${was}`;
        case 'still-passing':
            return 'Still passing: completed, as the original run did';
        case 'regressed':
            if (result.status === 'TIMED_OUT')
                return 'Regressed: did not finish in time; the original run completed';
            return `Regressed: ${now ?? (result.status === 'CANCELLED' ? 'was cancelled' : `ended ${(0,sanitize/* inline */.mG)(result.status, 40)}`)}; the original run completed`;
        case 'still-failing':
            return after?.failedTask
                ? `Still failing: same error in ${task(after.failedTask)} as the original run`
                : 'Still failing: same error as the original run';
        case 'fails-differently':
            if (after?.status !== before?.status && after?.status === 'CANCELLED')
                return `Fails differently: cancelled now; ${was}`;
            if (after?.failedTask && after.failedTask === before?.failedTask)
                return `Fails differently: another error in ${task(after.failedTask)} than the original run`;
            return `Fails differently: ${after?.failedTask ? `now in ${task(after.failedTask)}` : 'another error'}; ${was}`;
        case 'timed-out':
            return 'Timed out: the run did not finish in time';
        case 'aborted':
            return 'Aborted: the job was cancelled while waiting';
        case 'unknown':
            return 'Unknown outcome: the run could not be followed to its end';
        case 'failed':
            return after?.failedTask ? `Failed in ${task(after.failedTask)}` : 'Failed';
        case 'cancelled':
            return 'Cancelled';
        default:
            return 'Completed';
    }
}
/** Status against expectation: "replay failed: FAILED, expected COMPLETED". */
function verdictPhrase(r) {
    const word = modeWord(r.mode);
    const status = (0,sanitize/* inline */.mG)(r.status, 40);
    if (r.passed)
        return r.expectedStatus === 'COMPLETED'
            ? `${word} passed`
            : `${word} passed: ${status}, as expected`;
    if (r.status === r.expectedStatus)
        return `${word} failed: ${status} as expected, but its output ${r.outputMismatch ? 'changed' : 'could not be checked'}`;
    return `${word} failed: ${status}, expected ${r.expectedStatus}`;
}
/** The one line at the top of a page about one run (and its repetitions, with `repeat`). */
function runHeadline(group) {
    const shown = group.shown;
    const total = group.views.length;
    const passed = group.passedCount === total;
    if (total === 1) {
        return `## ${passMark(passed)} ${changeSentence(shown)} — ${verdictPhrase(shown.result)}`;
    }
    const rate = `${group.passedCount}/${total} attempts passed`;
    if (group.label === 'flaky') {
        const how = shown.after?.failedTask ? ` in ${task(shown.after.failedTask)}` : '';
        const failed = total - group.passedCount;
        return `## ❌ Flaky: ${rate}, ${failed} ${shown.after ? 'failed' : 'did not pass'}${how} — ${verdictPhrase(shown.result)}`;
    }
    return `## ${passMark(passed)} ${changeSentence(shown)} (${rate}) — ${verdictPhrase(shown.result)}`;
}
/** The one line at the top of a gate: how many did not pass, then how many changed which way. */
function gateHeadline(groups) {
    const failed = groups.filter((g) => g.passedCount < g.views.length).length;
    const expected = groups[0]?.shown.result.expectedStatus ?? 'COMPLETED';
    const against = expected === 'COMPLETED' ? '' : ` (expected ${expected})`;
    const head = failed === 0
        ? `## ✅ All ${groups.length} runs passed${against}`
        : `## ❌ ${failed} of ${groups.length} runs did not pass${against}`;
    const counts = LABEL_ORDER.flatMap((label) => {
        const n = groups.filter((g) => g.label === label).length;
        return n > 0 ? [`${n} ${predicate(label)}`] : [];
    });
    return `${head} — ${counts.join(' · ')}`;
}
/**
 * "12 runs still failing in charge-payment with errors like `PaymentProviderError: …`": the
 * error's first line as the first run has it (the others share its signature, not always its
 * text); `errorChars` 0 leaves it out (a heading whose section shows the error in full).
 */
function clusterSentence(label, size, view, alike = false, errorChars = 120) {
    const failedTask = view.after?.failedTask;
    const error = view.errors.after?.trim() ? view.errors.after : undefined;
    return [
        `**${count(size, 'run')} ${predicate(label)}**`,
        failedTask && label !== 'fixed' ? ` in ${task(failedTask)}` : '',
        error && label !== 'fixed' && errorChars > 0
            ? ` with ${alike ? 'errors like ' : ''}<code>${(0,sanitize/* firstLine */.TM)(error, errorChars)}</code>`
            : '',
    ].join('');
}

;// CONCATENATED MODULE: ./src/report/summary/rows.ts



const RUN_TABLE_HEAD = '| Run | Change | Status | Failed task | Error |';
const RUN_TABLE_RULE = '|---|---|---|---|---|';
/** One row per run: its linked number, change, status (marked passed or not), failed task, error. */
function runRows(entries) {
    return entries.map(({ number, views, label }) => {
        const shown = views.find((v) => !v.result.passed) ?? views.at(-1);
        const passed = views.filter((v) => v.result.passed).length;
        const r = shown.result;
        // The mark says passed or not (a COMPLETED run whose output changed did not pass).
        const counts = [...new Set(views.map((v) => v.result.status))].map((s) => `${(0,sanitize/* inline */.mG)(s, 40)}${views.length > 1 ? ` ×${views.filter((v) => v.result.status === s).length}` : ''}`);
        const status = `${passMark(passed === views.length)} ${views.length > 1 ? `${passed}/${views.length} passed: ` : ''}${counts.join(', ')}`;
        const failedTask = shown.after?.failedTask ? (0,sanitize/* inline */.mG)(shown.after.failedTask, 60) : '';
        // The real text's first line, short: the rows stay one line each.
        const error = shown.errors.after ? (0,sanitize/* firstLine */.TM)(shown.errors.after, 48) : '';
        const id = r.runId ?? r.originalRunId;
        const name = `${number}${r.caseName !== undefined ? ` ${(0,sanitize/* inline */.mG)(r.caseName, 60)}` : ''}`;
        // The number links to the run; without a link the id itself is shown.
        const run = r.url && /^https?:\/\//.test(r.url)
            ? `[${name}](${encodeURI(r.url)})`
            : `${name}${id ? ` ${runLink(id, undefined)}` : ''}`;
        return `| ${run} | ${labelCell(label ?? shown.label)} | ${status} | ${failedTask} | ${error} |`;
    });
}

;// CONCATENATED MODULE: ./src/report/summary/run.ts






/** The page about one run (with `repeat`, about its attempts): failure first, details closed. */
function runPage(group, limits) {
    const view = group.shown;
    const out = [runHeadline(group), ''];
    out.push(...runBody(view, limits, 3, group));
    return out;
}
/**
 * One run's story: where its times count from, why it did not pass, the failed tasks with their
 * error and log, the comparison with the original, the input, then closed details.
 */
function runBody(view, limits, level, group) {
    const h = '#'.repeat(level);
    const r = view.result;
    const shown = new Set();
    const out = [intro(view), ''];
    if (r.message)
        out.push(`> ${(0,sanitize/* inline */.mG)(r.message, 600)}`, '');
    for (const note of r.notes)
        out.push(`- ${(0,sanitize/* inline */.mG)(note, 400)}`);
    if (r.notes.length)
        out.push('');
    out.push(...failureSection(view, limits, level, shown));
    if (group && group.views.length > 1) {
        out.push(`${h} Repetitions`, '', RUN_TABLE_HEAD.replace('| Run |', '| Repetition |'), RUN_TABLE_RULE, ...runRows(group.views.map((v) => ({
            number: String(v.result.repetition ?? v.index + 1),
            views: [v],
        }))), '');
    }
    out.push(`${h} ${r.originalRunId ? `Original run vs ${newRunLabel(r.mode).toLowerCase()}` : newRunLabel(r.mode)}`, '', ...comparison(view, shown));
    out.push(...inputSection(view, limits, h));
    if (limits.details)
        out.push(...closedDetails(view, limits, shown));
    return out;
}
/** The page's one absolute time, and the convention every other time follows. */
function intro(view) {
    const r = view.result;
    const parts = [
        r.caseName !== undefined ? `Case **${(0,sanitize/* inline */.mG)(r.caseName, 80)}**` : '',
        r.workflow ? `Workflow **${(0,sanitize/* inline */.mG)(r.workflow, 80)}**` : '',
        r.repetition !== undefined ? `repetition ${r.repetition}` : '',
    ].filter(Boolean);
    const label = r.mode === 'replay' ? 'new attempt' : 'new run';
    if (view.startMs === undefined) {
        parts.push(`the ${label} did not start`);
        return `${capitalised(parts.join(' · '))}.`;
    }
    const originalStart = instantOf(r.original?.run.startedAt);
    const earlier = originalStart !== undefined && originalStart <= view.startMs
        ? ` (the original run ${format_duration(view.startMs - originalStart)} earlier)`
        : '';
    parts.push(`the ${label} started ${utc(view.startMs)}${earlier}`);
    return `${capitalised(parts.join(' · '))}. Times below count from that start.`;
}
function capitalised(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
}

;// CONCATENATED MODULE: ./src/report/summary/gate.ts






function numberOf(group) {
    return (group.views[0]?.index ?? 0) + 1;
}
/** Clusters, most telling first: not passed before passed, then by label, then the largest. */
function clustersOf(groups) {
    const byKey = new Map();
    for (const group of groups) {
        const passed = group.passedCount === group.views.length;
        const after = group.shown.after;
        const key = [passed, group.label, after?.failedTask ?? '', after?.errorSignature ?? ''].join('\n');
        const cluster = byKey.get(key) ?? { label: group.label, groups: [], passed };
        cluster.groups.push(group);
        byKey.set(key, cluster);
    }
    const rank = (c) => LABEL_ORDER.indexOf(c.label);
    return [...byKey.values()].sort((a, b) => Number(a.passed) - Number(b.passed) ||
        rank(a) - rank(b) ||
        b.groups.length - a.groups.length ||
        numberOf(a.groups[0]) - numberOf(b.groups[0]));
}
function numbers(groups, max = 20) {
    const listed = groups.slice(0, max).map((g) => `#${numberOf(g)}`);
    const more = groups.length - listed.length;
    return `${listed.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}
/**
 * A gate of several runs: the headline, what changed how (grouped), one row per run, then the
 * runs that did not pass, most telling first, and the passed ones closed.
 */
function gatePage(groups, limits) {
    const clusters = clustersOf(groups);
    const out = [gateHeadline(groups), '', gateIntro(groups), ''];
    for (const cluster of clusters) {
        const sentence = clusterSentence(cluster.label, cluster.groups.length, shownOf(cluster), alike(cluster));
        // Where the failures are is worth listing; the passed runs are in the table.
        out.push(`- ${passMark(cluster.passed)} ${sentence}${cluster.passed ? '' : `: ${numbers(cluster.groups)}`}`);
    }
    out.push('', RUN_TABLE_HEAD, RUN_TABLE_RULE);
    for (const cluster of clusters) {
        out.push(...runRows(cluster.groups.map((g) => ({ number: `#${numberOf(g)}`, views: g.views, label: g.label }))));
    }
    out.push('');
    if (!limits.details)
        return out;
    for (const cluster of clusters.filter((c) => !c.passed)) {
        const [first, ...others] = cluster.groups;
        out.push(`### ❌ ${clusterSentence(cluster.label, cluster.groups.length, first.shown, false, 0).replace(/\*\*/g, '')}`, '', `Run #${numberOf(first)} ${runLink(first.shown.result.runId ?? first.shown.result.originalRunId, first.shown.result.url)}${others.length > 0 ? `; ${numbers(others)} below, closed` : ''}.`, '', ...runBody(first.shown, limits, 4, first));
        for (const group of others) {
            out.push(...collapsed(summaryOf(group), runBody(group.shown, limits, 4, group)));
        }
    }
    for (const cluster of clusters.filter((c) => c.passed)) {
        const body = cluster.groups.flatMap((group) => [
            `#### ${passMark(true)} #${numberOf(group)}`,
            '',
            ...comparison(group.shown),
        ]);
        out.push(...collapsed(`${passMark(true)} ${count(cluster.groups.length, 'run')} ${predicate(cluster.label)}`, body));
    }
    return out;
}
/** The runs of a cluster share an error signature; their texts can still differ. */
function alike(cluster) {
    const texts = new Set(cluster.groups.map((g) => (0,sanitize/* firstLine */.TM)(g.shown.errors.after ?? '', 120)));
    return texts.size > 1;
}
function shownOf(cluster) {
    return cluster.groups[0].shown;
}
function summaryOf(group) {
    const r = group.shown.result;
    const name = r.caseName ?? r.runId ?? r.originalRunId ?? '';
    return `${passMark(false)} #${numberOf(group)} · ${(0,sanitize/* inline */.mG)(name, 80)}`;
}
function gateIntro(groups) {
    const first = groups[0]?.shown.result;
    const workflows = [...new Set(groups.map((g) => g.shown.result.workflow ?? ''))].filter(Boolean);
    const repeat = Math.max(...groups.map((g) => g.views.length));
    const of = workflows.length === 1
        ? ` of **${(0,sanitize/* inline */.mG)(workflows[0], 80)}**`
        : workflows.length > 1
            ? ` of ${count(workflows.length, 'workflow')}`
            : '';
    const word = modeWord(first?.mode ?? 'replay');
    return [
        `${word.charAt(0).toUpperCase()}${word.slice(1)} of ${count(groups.length, 'run')}${of}`,
        repeat > 1 ? `each repeated ${repeat} times` : '',
        `expected ${first?.expectedStatus ?? 'COMPLETED'}`,
        'most telling first; `#` is the place in the input, linked to the run',
    ]
        .filter(Boolean)
        .join(' · ');
}

;// CONCATENATED MODULE: ./src/report/summary/view.ts




const STATUS_LABEL = {
    COMPLETED: 'completed',
    FAILED: 'failed',
    CANCELLED: 'cancelled',
    TIMED_OUT: 'timed-out',
    ABORTED: 'aborted',
};
function view_viewOf(result, index) {
    const final = result.final;
    const after = result.outcome;
    const before = result.originalOutcome;
    const candidates = final
        ? orderTasks(final).filter((t) => t.status === 'FAILED' || (t.status === 'CANCELLED' && t.errorMessage.trim() !== ''))
        : [];
    const failing = candidates.some((t) => t.status === 'FAILED')
        ? candidates.filter((t) => t.status === 'FAILED')
        : candidates;
    // The task the outcome names, first; the others in DAG order.
    const deciding = taskOf(final, after);
    const failedTasks = deciding ? [deciding, ...failing.filter((t) => t !== deciding)] : failing;
    return {
        index,
        result,
        label: result.change ?? STATUS_LABEL[result.status] ?? 'unknown',
        before,
        after,
        startMs: instantOf(final?.run.startedAt) ??
            instantOf(final?.tasks.map((t) => t.startedAt).find(Boolean)) ??
            result.actedAt,
        failedTasks,
        errors: {
            before: errorOf(taskOf(result.original, before)),
            after: errorOf(deciding),
        },
        workers: {
            before: result.original &&
                workerOf(result.original.taskEvents, result.original, before?.failedTask),
            after: workerOf(result.events.length > 0 ? result.events : (final?.taskEvents ?? []), final, after?.failedTask),
        },
    };
}
/** The task an outcome names (run/change.ts chose it once, when the result was made). */
function taskOf(details, outcome) {
    const id = outcome?.failedTaskId;
    return id === undefined ? undefined : details?.tasks.find((task) => task.metadata.id === id);
}
/** A task's error as Hatchet wrote it, when it says anything. */
function errorOf(task) {
    return task?.errorMessage.trim() ? task.errorMessage : undefined;
}
/**
 * The worker that ran the failed task (its last event that names one), else the run's worker
 * when all its tasks ran on one, else how many there were.
 */
function workerOf(events, details, task) {
    const named = events.filter((e) => e.workerId);
    const ids = new Set((details?.tasks ?? [])
        .filter((t) => (0,hatchet_names/* withoutMillisSuffix */.O)(t.displayName) === task)
        .flatMap((t) => [t.metadata.id, t.taskExternalId ?? t.metadata.id]));
    const ofTask = task
        ? named.filter((e) => (e.taskId !== undefined && ids.has(e.taskId)) ||
            (e.taskDisplayName !== undefined && (0,hatchet_names/* withoutMillisSuffix */.O)(e.taskDisplayName) === task))
        : [];
    if (ofTask.length > 0) {
        const latest = [...ofTask].sort((a, b) => (instantOf(a.timestamp) ?? 0) - (instantOf(b.timestamp) ?? 0));
        return latest.at(-1)?.workerId;
    }
    const workers = [...new Set(named.map((e) => e.workerId))];
    if (workers.length <= 1)
        return workers[0];
    return `${workers.length} workers`;
}
/** Which results are repetitions of one run (or one case): those with the same key. */
function groupKey(r, index) {
    // Without `repeat` every result is its own run, even when one id is given twice.
    return r.repetition === undefined
        ? `#${index}`
        : `${r.originalRunId ?? ''}\n${r.caseName ?? ''}\n${r.originalRunId || r.caseName ? '' : index}`;
}
/** Results grouped by run (or case), in input order: repetitions of one run share a group. */
function view_groupViews(views) {
    const byKey = new Map();
    for (const view of views) {
        const key = groupKey(view.result, view.index);
        byKey.set(key, [...(byKey.get(key) ?? []), view]);
    }
    return [...byKey.values()].map((members) => {
        const passedCount = members.filter((v) => v.result.passed).length;
        const labels = new Set(members.map((v) => v.label));
        const label = passedCount > 0 && passedCount < members.length
            ? 'flaky'
            : labels.size === 1
                ? members[0].label
                : 'mixed';
        const shown = members.find((v) => !v.result.passed) ?? members.at(-1);
        return { views: members, label, shown, passedCount };
    });
}

;// CONCATENATED MODULE: ./src/report/summary.ts







/** The page of a step that got no result per run: what stopped it, and its message as text. */
function failurePage(title, message) {
    return `## ⚠️ ${(0,sanitize/* inline */.mG)(title, 200)}\n\n${(0,sanitize/* codeBlock */.DV)(message)}\n`;
}
/** The page of a selection that found no run: passed or failed as `on-no-match` says. */
function noMatchPage(passed, message) {
    return `## ${passed ? '✅' : '❌'} No run to replay\n\n${(0,sanitize/* inline */.mG)(message, 600)}\n`;
}
/**
 * The job summary: the change and the verdict in one line, then for one run its failure (error
 * and log tail, open), the comparison with the original and closed details; for several runs,
 * the runs grouped by how they changed, one row each, then the failures. The largest rendering
 * that fits GitHub's limit.
 */
function renderSummary(results, options) {
    // Outcomes and error signatures are worked out once, not once per rendering tried.
    const groups = view_groupViews(results.map(view_viewOf));
    let markdown = '';
    for (const limits of limitSteps(options.logLines)) {
        // A rendering whose logs and errors alone exceed the budget is not worth building.
        if (leastBytes(groups, limits) > SUMMARY_BYTE_BUDGET)
            continue;
        markdown = renderGroups(groups, limits, options.intro);
        if (Buffer.byteLength(markdown, 'utf8') <= SUMMARY_BYTE_BUDGET)
            return markdown;
    }
    // Even the table alone is too big (thousands of runs): cut it at a line boundary.
    const buffer = Buffer.from(markdown, 'utf8').subarray(0, SUMMARY_BYTE_BUDGET - 1_024);
    const text = buffer.toString('utf8');
    return `${text.slice(0, text.lastIndexOf('\n'))}\n\n_The summary was cut to fit GitHub's 1 MiB limit; the \`report\` file has everything._\n`;
}
/** One rendering of the results within `limits`. */
function renderWith(results, limits) {
    return renderGroups(groupViews(results.map(viewOf)), limits);
}
/** The page's size can only be larger than its log lines and errors (a character is a byte or more). */
function leastBytes(groups, limits) {
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
function renderGroups(groups, limits, intro) {
    const out = [];
    if (groups.length === 1)
        out.push(...runPage(groups[0], limits));
    else if (groups.length > 1)
        out.push(...gatePage(groups, limits));
    else
        out.push('## ⚠️ No run was replayed', '');
    if (intro)
        out.splice(1, 0, '', intro, '');
    if (limits.cutNote) {
        out.push(`> [!NOTE]`, `> The summary was shortened to fit GitHub's 1 MiB limit: ${limits.cutNote}. The \`report\` file has everything.`, '');
    }
    return `${out
        .join('\n')
        .replace(/\n{3,}/g, '\n\n')
        .trimEnd()}\n`;
}

// EXTERNAL MODULE: ./src/run/change.ts
var change = __webpack_require__(9029);
;// CONCATENATED MODULE: ./src/report/caseText.ts




// The texts of a test case, from untrusted Hatchet text: cleaned, bounded, inert in a job log.
/** The characters kept of one error in a trace, of one log line, and log lines per case. */
const ERROR_CHARS = 8_000;
const caseText_LOG_LINE_CHARS = 500;
const LOG_LINES = 20;
/** A sibling's trace: its failed task and the start of its error. */
const SIBLING_CHARS = 1_000;
/** Characters of a name or a one-line text. */
const NAME_CHARS = 200;
/**
 * Untrusted text cleaned (secrets redacted, control and colour codes removed, broken UTF-16
 * replaced) and inert if a reporter prints it to the job log: a line cannot start a workflow
 * command (`::`, or `##[` anywhere), a zero-width space breaks them.
 */
function cleanText(text, max) {
    return (0,sanitize/* neutraliseCommands */.$B)((0,sanitize/* cleanText */.X5)(text, max));
}
/** One line of untrusted text, cleaned (no control characters, secrets redacted), bounded. */
function oneLine(text, max = NAME_CHARS) {
    const line = cleanText(text, max * 4)
        .replace(/\s+/g, ' ')
        .trim();
    return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
/** `order-processing 0b5e1c6a`, or the case's name; `#2` for the second repetition. */
function caseName(r) {
    const id = r.originalRunId ?? r.runId;
    const base = r.caseName !== undefined
        ? r.caseName
        : [r.workflow ?? (r.mode === 'trigger' ? 'trigger' : 'run'), id?.slice(0, 8)]
            .filter(Boolean)
            .join(' ');
    const repetition = r.repetition !== undefined && r.repetition > 1 ? ` #${r.repetition}` : '';
    return oneLine(`${base}${repetition}`) || 'run';
}
/** The failed task that decides the run (run/change.ts), in its new attempt. */
function failedTaskOf(r) {
    return r.final && (0,change/* decidingTask */.TO)(r.final);
}
/** `replay FAILED in charge-payment, expected COMPLETED (still-failing)`. */
function verdictLine(r) {
    const word = r.mode === 'retrigger' ? 're-trigger' : r.mode;
    const task = failedTaskOf(r);
    const where = task ? ` in ${(0,hatchet_names/* withoutMillisSuffix */.O)(task.displayName)}` : '';
    const verdict = r.passed || r.status !== r.expectedStatus
        ? `${word} ${r.status}${where}, expected ${r.expectedStatus}`
        : `${word} ${r.status} as expected, but its output ${r.outputMismatch ? 'changed' : 'could not be checked'}`;
    return oneLine(`${verdict}${r.change ? ` (${r.change})` : ''}`, 400);
}
/** Why the run did not pass: the action's message, the failed task, its error, its newest log lines. */
function traceOf(r) {
    const parts = [];
    if (r.message)
        parts.push(cleanText(r.message, 2_000));
    for (const note of r.notes)
        parts.push(cleanText(note, 1_000));
    const task = failedTaskOf(r);
    if (task) {
        const name = oneLine((0,hatchet_names/* withoutMillisSuffix */.O)(task.displayName));
        const attempt = task.attempt ?? task.retryCount + 1;
        parts.push(`${task.status === 'FAILED' ? 'Failed' : 'Cancelled'} task: ${name} (attempt ${attempt})`);
        if (task.errorMessage.trim())
            parts.push(cleanText(task.errorMessage.trim(), ERROR_CHARS));
        const log = logOf(r, task);
        const lines = log?.lines.slice(-LOG_LINES) ?? [];
        if (lines.length > 0) {
            const cut = (log?.lines.length ?? 0) - lines.length;
            parts.push([
                `Newest log lines of ${name}${cut > 0 ? ` (${cut} older left out)` : ''}:`,
                ...lines.map((l) => cleanText(`${l.timestamp ?? ''} ${l.level ?? ''} ${l.message}`.trim(), caseText_LOG_LINE_CHARS).replace(/\n/g, ' ⏎ ')),
            ].join('\n'));
        }
    }
    else if (r.status === 'FAILED' && r.final?.run.errorMessage.trim()) {
        parts.push(cleanText(r.final.run.errorMessage.trim(), ERROR_CHARS));
    }
    if (r.url)
        parts.push(`Run: ${cleanText(r.url, 500)}`);
    return parts.join('\n\n');
}

// EXTERNAL MODULE: ./src/report/outputs.ts
var outputs = __webpack_require__(5468);
;// CONCATENATED MODULE: ./src/report/cases.ts





function suiteName(results) {
    const mode = results[0]?.mode ?? 'replay';
    const word = mode === 'retrigger' ? 're-trigger' : mode;
    const workflows = [...new Set(results.map((r) => r.workflow).filter(Boolean))];
    const of = workflows.length === 1 ? ` of ${workflows[0]}` : '';
    return oneLine(`Hatchet ${word}${of}`);
}
const ERROR_STATUSES = new Set(['TIMED_OUT', 'ERROR', 'ABORTED']);
function outcomeOf(r) {
    if (r.passed)
        return 'passed';
    return ERROR_STATUSES.has(r.status) ? 'error' : 'failure';
}
function propertiesOf(r) {
    const entries = [
        ['url', r.url],
        ['run-id', r.runId],
        ['original-run-id', r.originalRunId],
        ['original-url', r.originalUrl !== r.url ? r.originalUrl : undefined],
        ['workflow', r.workflow],
        ['mode', (0,outputs/* modeOutput */.xd)(r.mode)],
        ['case', r.caseName],
        ['repetition', r.repetition],
        ['original-status', r.originalStatus],
        ['status', r.status],
        ['expected-status', r.expectedStatus],
        ['change', r.change],
        ['failed-task', failedTaskOf(r) && (0,hatchet_names/* withoutMillisSuffix */.O)(failedTaskOf(r)?.displayName ?? '')],
    ];
    return entries.flatMap(([name, value]) => value === undefined || value === '' ? [] : [[name, oneLine(String(value), 2_000)]]);
}
function timesOf(r) {
    const start = instantOf(r.final?.run.startedAt) ?? r.actedAt;
    const stop = (r.final && instantOf(r.final.run.finishedAt)) ??
        (start !== undefined && r.durationMs !== undefined ? start + r.durationMs : r.endedAt);
    return { start, stop: stop !== undefined && start !== undefined ? Math.max(stop, start) : stop };
}
/** The step's runs as test cases, in input order. */
function testReportOf(results) {
    const groups = new Map();
    results.forEach((r, i) => {
        const key = groupKey(r, i);
        groups.set(key, [...(groups.get(key) ?? []), r]);
    });
    const cases = results.map((r, i) => {
        const outcome = outcomeOf(r);
        const others = (groups.get(groupKey(r, i)) ?? []).filter((o) => o !== r);
        const failedOthers = others.filter((o) => !o.passed);
        return {
            name: caseName(r),
            classname: oneLine(r.workflow ?? r.mode),
            outcome,
            status: r.status,
            durationMs: r.durationMs,
            ...timesOf(r),
            message: outcome === 'passed' ? undefined : verdictLine(r),
            trace: outcome === 'passed' ? undefined : traceOf(r),
            properties: propertiesOf(r),
            siblings: failedOthers.map((o, k) => siblingOf(o, k)),
            flaky: r.passed && failedOthers.length > 0,
            result: r,
        };
    });
    const starts = cases.flatMap((c) => (c.start === undefined ? [] : [c.start]));
    const stops = cases.flatMap((c) => (c.stop === undefined ? [] : [c.stop]));
    return {
        suite: suiteName(results),
        cases,
        start: starts.length ? Math.min(...starts) : undefined,
        stop: stops.length ? Math.max(...stops) : undefined,
        properties: stepProperties(results),
    };
}
function siblingOf(r, index) {
    const task = failedTaskOf(r);
    const error = task?.errorMessage.trim() || r.message || '';
    return {
        repetition: r.repetition ?? index + 1,
        outcome: ERROR_STATUSES.has(r.status) ? 'error' : 'failure',
        status: r.status,
        message: `Repetition ${r.repetition ?? index + 1}: ${verdictLine(r)}`,
        trace: cleanText([task ? `Failed task: ${(0,hatchet_names/* withoutMillisSuffix */.O)(task.displayName)}` : '', error]
            .filter(Boolean)
            .join('\n'), SIBLING_CHARS),
    };
}
function stepProperties(results) {
    const first = results[0];
    if (!first)
        return [];
    const statuses = new Set(results.map((r) => r.status));
    return [
        ['mode', (0,outputs/* modeOutput */.xd)(first.mode)],
        ['expected-status', first.expectedStatus],
        ['status', statuses.size === 1 ? first.status : 'MIXED'],
        ['passed', String(results.every((r) => r.passed))],
    ];
}
/**
 * The step ended before a result per run (bad inputs, no CLI, no profile, nothing selected): one
 * case per run it knew of, else one for the step, so a test reporter shows why.
 */
function stepReport(context) {
    const ids = context.originalRunIds?.length ? context.originalRunIds : [undefined];
    const mode = context.mode || 'replay';
    const word = mode === 'retrigger' ? 're-trigger' : mode;
    return {
        suite: oneLine(`Hatchet ${word}`),
        properties: [
            ['mode', (0,outputs/* modeOutput */.xd)(mode)],
            ['status', context.status],
        ],
        cases: ids.map((id) => ({
            name: oneLine(id ? `run ${id.slice(0, 8)}` : context.title),
            classname: oneLine(`hatchet-${mode}`),
            outcome: context.outcome,
            status: context.status,
            message: oneLine(`${context.title}: ${context.message}`, 400),
            trace: cleanText(context.message, ERROR_CHARS),
            properties: [
                ...(id ? [['original-run-id', oneLine(id)]] : []),
                ['status', context.status],
            ],
            siblings: [],
            flaky: false,
        })),
    };
}

// EXTERNAL MODULE: ./src/text/actions.ts + 1 modules
var actions = __webpack_require__(244);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/text/secrets.ts
var secrets = __webpack_require__(9690);
;// CONCATENATED MODULE: ./src/report/ctrf.ts
/** The CTRF version the report follows (the `ctrf` package validates it). */
const CTRF_SPEC_VERSION = '0.0.0';
const TOOL_NAME = 'hatchet-replay-action';
const STATUS = {
    passed: 'passed',
    failure: 'failed',
    error: 'failed',
    skipped: 'skipped',
};
function whole(ms) {
    return ms === undefined || !Number.isFinite(ms) ? undefined : Math.max(0, Math.round(ms));
}
function test(c, suite) {
    const extra = {};
    for (const [name, value] of c.properties)
        extra[name] = value;
    if (c.outcome === 'error')
        extra.outcome = 'error';
    return {
        name: c.name,
        status: STATUS[c.outcome],
        duration: whole(c.durationMs) ?? 0,
        ...(whole(c.start) !== undefined ? { start: whole(c.start) } : {}),
        ...(whole(c.stop) !== undefined ? { stop: whole(c.stop) } : {}),
        suite: [suite],
        ...(c.message ? { message: c.message } : {}),
        ...(c.trace ? { trace: c.trace } : {}),
        rawStatus: c.status,
        ...(c.siblings.length > 0
            ? {
                retries: c.siblings.length,
                retryAttempts: c.siblings.map((s) => ({
                    attempt: s.repetition,
                    status: 'failed',
                    message: s.message,
                    trace: s.trace,
                    extra: { status: s.status },
                })),
            }
            : {}),
        flaky: c.flaky,
        extra,
    };
}
/** The CTRF JSON report: the same cases as the JUnit file, one test per run. */
function ctrfReport(report, now = Date.now()) {
    const tests = report.cases.map((c) => test(c, report.suite));
    const count = (status) => tests.filter((t) => t.status === status).length;
    const start = whole(report.start) ?? now;
    const stop = Math.max(whole(report.stop) ?? now, start);
    return {
        reportFormat: 'CTRF',
        specVersion: CTRF_SPEC_VERSION,
        generatedBy: TOOL_NAME,
        timestamp: new Date(now).toISOString(),
        results: {
            tool: { name: TOOL_NAME },
            summary: {
                tests: tests.length,
                passed: count('passed'),
                failed: count('failed'),
                skipped: count('skipped'),
                pending: 0,
                other: 0,
                flaky: tests.filter((t) => t.flaky).length,
                suites: 1,
                start,
                stop,
                duration: stop - start,
            },
            tests,
            extra: Object.fromEntries(report.properties),
        },
    };
}

;// CONCATENATED MODULE: ./src/report/junit.ts
// XML 1.0 allows tab, newline, carriage return and these ranges only; anything else (NUL, other
// C0 controls, U+FFFE/U+FFFF, lone surrogates: one code point each with the `u` flag) makes the
// whole file unreadable to a parser.
const NOT_XML = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;
/** Text content: only `&` and `<` need escaping, `>` too so `]]>` never appears. */
function xmlText(text) {
    return text
        .replace(NOT_XML, '\ufffd')
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;');
}
/** An attribute value in double quotes; newlines and tabs as references so parsers keep them. */
function xmlAttr(text) {
    return xmlText(text)
        .replace(/"/g, '&quot;')
        .replace(/\n/g, '&#10;')
        .replace(/\r/g, '&#13;')
        .replace(/\t/g, '&#9;');
}
function seconds(ms) {
    return (ms !== undefined && Number.isFinite(ms) && ms > 0 ? ms / 1000 : 0).toFixed(3);
}
function attrs(pairs) {
    return pairs
        .filter(([, value]) => value !== undefined)
        .map(([name, value]) => ` ${name}="${xmlAttr(String(value))}"`)
        .join('');
}
function properties(entries, indent) {
    if (entries.length === 0)
        return [];
    return [
        `${indent}<properties>`,
        ...entries.map(([name, value]) => `${indent}  <property${attrs([
            ['name', name],
            ['value', value],
        ])}/>`),
        `${indent}</properties>`,
    ];
}
/**
 * Other repetitions that failed, as Surefire writes reruns: on a passed case they are
 * `flakyFailure`/`flakyError` (it passed, but not every time), on a failed one
 * `rerunFailure`/`rerunError` (it failed in those repetitions too).
 */
function siblingElement(sibling, passed) {
    const kind = sibling.outcome === 'error' ? 'Error' : 'Failure';
    const element = `${passed ? 'flaky' : 'rerun'}${kind}`;
    return `      <${element}${attrs([
        ['message', sibling.message],
        ['type', sibling.status],
    ])}>${xmlText(sibling.trace)}</${element}>`;
}
function testcase(c) {
    const head = `    <testcase${attrs([
        ['name', c.name],
        ['classname', c.classname],
        ['time', seconds(c.durationMs)],
    ])}>`;
    const body = [...properties(c.properties, '      ')];
    if (c.outcome === 'skipped') {
        body.push(`      <skipped${attrs([['message', c.message]])}/>`);
    }
    else if (c.outcome !== 'passed') {
        const element = c.outcome === 'error' ? 'error' : 'failure';
        body.push(`      <${element}${attrs([
            ['message', c.message],
            ['type', c.status],
        ])}>${xmlText(c.trace ?? '')}</${element}>`);
    }
    body.push(...c.siblings.map((s) => siblingElement(s, c.outcome === 'passed')));
    return [head, ...body, '    </testcase>'];
}
/** The JUnit XML document: one `<testsuite>` for the step, one `<testcase>` per run. */
function junitXml(report) {
    const count = (outcome) => report.cases.filter((c) => c.outcome === outcome).length;
    const totals = [
        ['tests', report.cases.length],
        ['failures', count('failure')],
        ['errors', count('error')],
        ['skipped', count('skipped')],
        ['time', seconds(report.cases.reduce((sum, c) => sum + (c.durationMs ?? 0), 0))],
    ];
    return [
        '<?xml version="1.0" encoding="UTF-8"?>',
        `<testsuites${attrs([['name', report.suite], ...totals])}>`,
        `  <testsuite${attrs([
            ['name', report.suite],
            ...totals,
            ['timestamp', report.start !== undefined ? new Date(report.start).toISOString() : undefined],
        ])}>`,
        ...properties(report.properties, '    '),
        ...report.cases.flatMap(testcase),
        '  </testsuite>',
        '</testsuites>',
        '',
    ].join('\n');
}

;// CONCATENATED MODULE: ./src/report/write.ts














const REPORT_TEXT_LIMIT = 256 * 1024;
/** The `report` file: every fact of the summary, as JSON, with huge texts clipped. */
function reportDocument(results) {
    return {
        version: 1,
        passed: results.every((r) => r.passed),
        runs: results.map((r) => ({
            ...(0,outputs/* resultEntry */.Q9)(r),
            mode: (0,outputs/* modeOutput */.xd)(r.mode),
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
function reportJson(results) {
    return JSON.stringify(reportDocument(results), (_key, value) => typeof value === 'string'
        ? (0,sanitize/* clip */.$Q)((0,secrets/* redactUpTo */.gP)(value, REPORT_TEXT_LIMIT), REPORT_TEXT_LIMIT)
        : value);
}
/**
 * The report files, in a fresh folder under RUNNER_TEMP: the whole result as JSON (`results`
 * given), and the runs as test cases in JUnit XML and CTRF JSON (`tests`, made from the results
 * when not given).
 */
function writeReportFiles(files, dir = process.env.RUNNER_TEMP || (0,external_node_os_.tmpdir)()) {
    const folder = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(dir, 'hatchet-replay-report-'));
    const tests = files.tests ?? testReportOf(files.results ?? []);
    const paths = {
        junit: (0,external_node_path_.join)(folder, 'junit.xml'),
        ctrf: (0,external_node_path_.join)(folder, 'ctrf.json'),
    };
    if (files.results) {
        paths.report = (0,external_node_path_.join)(folder, 'report.json');
        (0,external_node_fs_.writeFileSync)(paths.report, reportJson(files.results));
    }
    (0,external_node_fs_.writeFileSync)(paths.junit, junitXml(tests));
    (0,external_node_fs_.writeFileSync)(paths.ctrf, JSON.stringify(ctrfReport(tests), null, 2));
    return paths;
}
/** The `report` file alone. */
function writeReportFile(results, dir = process.env.RUNNER_TEMP || tmpdir()) {
    return writeReportFiles({ results }, dir).report;
}
/**
 * The job log: a one-line verdict per run, the logs of failed tasks inside a group with workflow
 * commands switched off (so no log line can act as one), and an error annotation per failed task.
 */
function logResults(results) {
    for (const r of results) {
        const id = r.runId ?? r.originalRunId;
        const took = r.durationMs !== undefined ? ` in ${(0,duration/* formatDuration */.a3)(r.durationMs)}` : '';
        // A trigger has no original run: it is named by its workflow and its case.
        const subject = r.originalRunId
            ? `${r.mode} of ${r.originalRunId}`
            : `${r.mode} of ${r.workflow ?? 'the workflow'}${r.caseName !== undefined ? ` (case ${r.caseName})` : ''}`;
        const repetition = r.repetition !== undefined ? ` #${r.repetition}` : '';
        const before = r.originalStatus ? `${r.originalStatus} → ` : '';
        const line = `${r.passed ? '✅' : '❌'} ${subject}${repetition}${r.runId && r.runId !== r.originalRunId ? ` → ${r.runId}` : ''}: ${before}${r.status}${took} (expected ${r.expectedStatus})`;
        actions/* info */.pq((0,sanitize/* logSafe */.sN)(line));
        if (r.message)
            actions/* info */.pq(`   ${(0,sanitize/* logSafe */.sN)(r.message, 1_000)}`);
        const failed = (r.final?.tasks ?? []).filter((t) => t.status === 'FAILED');
        for (const task of failed) {
            const name = (0,hatchet_names/* withoutMillisSuffix */.O)(task.displayName);
            actions/* error */.z3((0,sanitize/* cleanText */.X5)(task.errorMessage || 'failed', 4_000), {
                title: (0,sanitize/* cleanText */.X5)(`${name} failed (run ${id})`, 200).replace(/\n/g, ' '),
            });
            const log = logOf(r, task);
            if (!log || log.lines.length === 0)
                continue;
            const token = (0,external_node_crypto_.randomBytes)(16).toString('hex');
            actions/* startGroup */.Oh(`Logs of failed task ${(0,sanitize/* cleanText */.X5)(name, 100)} (run ${id})`);
            actions/* info */.pq(`::stop-commands::${token}`);
            for (const l of log.lines)
                actions/* info */.pq((0,sanitize/* cleanText */.X5)(`${l.timestamp ?? ''} ${l.level ?? ''} ${l.message}`.trim(), 4_000));
            actions/* info */.pq(`::${token}::`);
            actions/* endGroup */.N4();
        }
    }
}

;// CONCATENATED MODULE: ./src/report/reporting.ts
// What a step needs only once it reports: the summary renderer and the report writers (JUnit,
// CTRF, JSON). publish.ts loads this module with `import()`, so that start-up does not pay for it.





/***/ })

};
