import { withoutMillisSuffix } from '../../hatchet/names.js';
import type { RunDetails, Task, TaskEvent } from '../../hatchet/schemas.js';
import { mermaidLabel } from '../../text/sanitize.js';
import { instantOf } from './format.js';

/** Tasks in DAG order: a topological order of `shape`, ties kept in start order. */
export function orderTasks(details: RunDetails): Task[] {
  const unknown = Number.MAX_SAFE_INTEGER;
  const tasks = details.tasks
    .map((task, index) => ({ task, index, at: instantOf(task.startedAt) ?? unknown }))
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

// Where each event type comes in a task's life (Hatchet's V1TaskEventType): a replay's
// RETRIED_BY_USER resets the task, which is then queued, assigned, sent, started and ended.
const LIFECYCLE: Record<string, number> = {
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
export function orderEvents(events: readonly TaskEvent[], final: RunDetails | undefined) {
  const tasks = final ? orderTasks(final) : [];
  const place = new Map<string, number>();
  tasks.forEach((t, i) => {
    place.set(t.taskExternalId ?? t.metadata.id, i);
    place.set(t.metadata.id, i);
    place.set(`name:${withoutMillisSuffix(t.displayName)}`, i);
  });
  const placeOf = (e: TaskEvent) =>
    place.get(e.taskId ?? '') ??
    place.get(`name:${withoutMillisSuffix(e.taskDisplayName ?? '')}`) ??
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

/** How the chart's time axis reads: one unit that fits the run's length. */
export interface Axis {
  /** Real milliseconds per chart millisecond. */
  unitMs: number;
  axisFormat: string;
  tickInterval: string;
  /** What the axis counts, for the caption. */
  caption: string;
}

interface Tier {
  below: number;
  unitMs: number;
  format: string;
  /** Tick steps in chart milliseconds (or seconds for `second` tiers), smallest first. */
  steps: number[];
  interval: 'millisecond' | 'second';
  caption: string;
}

// The chart is drawn from a fixed origin, not the real clock: mermaid formats the axis in the
// viewer's time zone, which would shift hours and (in half-hour zones) minutes. Seconds and
// milliseconds read the same everywhere, so each tier scales its unit onto them.
const TIERS: Tier[] = [
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

export function axisFor(spanMs: number): Axis {
  const tier = TIERS.find((t) => spanMs < t.below) ?? (TIERS.at(-1) as Tier);
  const perStep = tier.interval === 'second' ? 1_000 : tier.unitMs;
  const step =
    tier.steps.find((s) => spanMs / (s * perStep) <= MAX_TICKS) ?? (tier.steps.at(-1) as number);
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
export function gantt(tasks: readonly Task[], startMs: number | undefined): string[] | undefined {
  const timed = tasks.flatMap((task) => {
    const start = instantOf(task.startedAt);
    if (start === undefined) return [];
    const end = instantOf(task.finishedAt) ?? start + Math.max(0, task.duration ?? 0);
    return [{ task, start, end: Math.max(end, start) }];
  });
  if (timed.length === 0) return undefined;
  const zero = Math.min(startMs ?? Infinity, ...timed.map((t) => t.start));
  const span = Math.max(...timed.map((t) => t.end)) - zero;
  const axis = axisFor(span);
  const at = (ms: number) => ORIGIN + Math.round((ms - zero) / axis.unitMs);
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
    const tag =
      task.status === 'FAILED' ? 'crit, ' : task.status === 'COMPLETED' ? 'done, ' : 'active, ';
    const from = at(start);
    lines.push(
      `  ${mermaidLabel(withoutMillisSuffix(task.displayName))} :${tag}t${i}, ${from}, ${Math.max(at(end), from + 1)}`,
    );
  });
  lines.push('```');
  return [`_The axis counts ${axis.caption} since the new attempt started._`, '', lines.join('\n')];
}
