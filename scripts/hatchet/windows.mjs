#!/usr/bin/env node
// node scripts/hatchet/windows.mjs — measures the read-model windows in the recorded traces
// (test/fixtures/traces) and prints the markdown table for test/fixtures/traces/README.md.
// Every snapshot counts here, also those taken before the replay command returned: this is
// about what the engine shows, not what the action saw. Durations run from the first snapshot
// showing a window to the first one that no longer does, by when the calls were sent (a bound:
// see the poll spacing printed with the table).
import { readTrace, traceFiles } from '../../test/conformance/traces.mjs';

const TERMINAL = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);
const implied = (tasks) => {
  const s = tasks.map((t) => t.status);
  return s.includes('FAILED') ? 'FAILED' : s.includes('CANCELLED') ? 'CANCELLED' : 'COMPLETED';
};

/** Each window: a predicate over (details, context), true while the window is open. */
const WINDOWS = {
  'events first (new RETRIED_BY_USER event, no task row changed yet)': {
    replay: true,
    test: (d, c) =>
      d.taskEvents.filter((e) => e.eventType === 'RETRIED_BY_USER').length > c.userRetriesBefore &&
      !d.tasks.some((t) => t.retryCount > (c.retry.get(t.metadata.id) ?? -1)),
  },
  'old terminal run status while the new attempt runs (run row not yet RUNNING)': {
    replay: true,
    test: (d, c) =>
      TERMINAL.has(d.run.status) &&
      d.tasks.some(
        (t) => t.retryCount > (c.retry.get(t.metadata.id) ?? -1) && !TERMINAL.has(t.status),
      ),
  },
  'old downstream rows (a task keeps its pre-replay row while another has a new one)': {
    replay: true,
    test: (d, c) =>
      d.tasks.some((t) => t.retryCount > (c.retry.get(t.metadata.id) ?? -1)) &&
      d.tasks.some((t) => c.retry.has(t.metadata.id) && t.retryCount <= c.retry.get(t.metadata.id)),
  },
  'run row still reads the old status (replay accepted or not, no task row new yet)': {
    replay: true,
    test: (d, c) =>
      d.run.status === c.oldStatus &&
      c.oldStatus !== c.settled &&
      !d.tasks.some((t) => t.retryCount > (c.retry.get(t.metadata.id) ?? -1)),
  },
  'run row reads a terminal status that is not the outcome while new rows exist': {
    replay: false,
    test: (d, c) =>
      TERMINAL.has(d.run.status) &&
      d.run.status !== c.settled &&
      d.tasks.some((t) => t.retryCount > (c.retry.get(t.metadata.id) ?? -1)),
  },
  'run row lags finished tasks (every row new and final, run status differs)': {
    replay: false,
    test: (d, c) =>
      d.tasks.length > 0 &&
      d.tasks.every(
        (t) => TERMINAL.has(t.status) && t.retryCount > (c.retry.get(t.metadata.id) ?? -1),
      ) &&
      d.run.status !== implied(d.tasks),
  },
  'retry blip (a task reads FAILED, then is retried)': {
    replay: false,
    blip: true,
  },
  'not found after trigger (runs get fails)': {
    replay: false,
    trigger: true,
    error: true,
  },
};

function measure(trace) {
  const { header, snapshots } = trace;
  const before = header.before;
  const retry = new Map((before?.tasks ?? []).map((t) => [t.metadata.id, t.retryCount]));
  const context = {
    retry,
    userRetriesBefore: (before?.taskEvents ?? []).filter((e) => e.eventType === 'RETRIED_BY_USER')
      .length,
    settled: header.settled.status,
    oldStatus: before?.run.status,
    isSettled: (d) =>
      TERMINAL.has(d.run.status) &&
      d.tasks.length > 0 &&
      d.tasks.every(
        (t) => TERMINAL.has(t.status) && t.retryCount > (retry.get(t.metadata.id) ?? -1),
      ) &&
      d.run.status === implied(d.tasks),
  };
  const found = {};
  for (const [name, w] of Object.entries(WINDOWS)) {
    if (w.replay && header.kind !== 'replay') continue;
    if (w.trigger && header.kind !== 'trigger') continue;
    let openAt;
    let total = 0;
    let seen = false;
    const close = (t) => {
      if (openAt !== undefined) total += t - openAt;
      openAt = undefined;
    };
    if (w.blip) {
      // A task row FAILED at retryCount n, later the same task at a higher retryCount.
      const failedAt = new Map();
      for (const s of snapshots) {
        if (s.code !== 0) continue;
        for (const t of s.details.tasks) {
          // Only rows of the new attempt: an old row going to the replay is not a retry.
          if (t.retryCount <= (retry.get(t.metadata.id) ?? -1)) continue;
          const k = `${t.metadata.id}:${t.retryCount}`;
          if (t.status === 'FAILED' && !failedAt.has(k)) failedAt.set(k, s.sent);
          for (const [fk, ft] of failedAt) {
            const [id, n] = fk.split(':');
            if (id === t.metadata.id && t.retryCount > Number(n)) {
              seen = true;
              total = Math.max(total, s.sent - ft);
              failedAt.delete(fk);
            }
          }
        }
      }
    } else {
      for (const s of snapshots) {
        const open = w.error ? s.code !== 0 : s.code === 0 && w.test(s.details, context);
        if (open) {
          seen = true;
          openAt ??= s.sent;
        } else close(s.sent);
      }
      close(snapshots.at(-1)?.sent ?? 0);
    }
    if (seen) found[name] = total;
  }
  return found;
}

const stats = (values) => {
  const v = values.slice().sort((a, b) => a - b);
  const q = (p) => v[Math.min(v.length - 1, Math.ceil(p * v.length) - 1)];
  return { n: v.length, median: q(0.5), p95: q(0.95), max: v.at(-1) };
};

const traces = traceFiles().map(readTrace);
const byWindow = {};
const perScenario = {};
for (const trace of traces) {
  const scenario = trace.file.split('/')[0];
  const found = measure(trace);
  for (const [name, ms] of Object.entries(found)) {
    (byWindow[name] ??= []).push(ms);
    (perScenario[scenario] ??= new Set()).add(name);
  }
  perScenario[scenario] ??= new Set();
}

const gaps = traces.flatMap((t) =>
  t.snapshots.slice(1).map((s, i) => s.sent - t.snapshots[i].sent),
);
const settleTimes = traces.map((t) => {
  const first = t.snapshots.find(
    (s, i) =>
      s.code === 0 &&
      t.snapshots
        .slice(i)
        .every((x) => x.code === 0 && JSON.stringify(x.details) === JSON.stringify(s.details)),
  );
  return first?.sent ?? 0;
});

const lines = [];
lines.push(`Traces: ${traces.length} (${Object.keys(perScenario).length} scenarios).`);
const g = stats(gaps);
lines.push(
  `Poll spacing (call sent to call sent): median ${g.median} ms, p95 ${g.p95} ms, max ${g.max} ms.`,
);
const st = stats(settleTimes);
lines.push(
  `Time to the final snapshot after the command: median ${st.median} ms, p95 ${st.p95} ms, max ${st.max} ms.`,
);
lines.push('');
lines.push('| window | traces | median | p95 | max |');
lines.push('| --- | --- | --- | --- | --- |');
for (const name of Object.keys(WINDOWS)) {
  const values = byWindow[name] ?? [];
  if (values.length === 0) {
    lines.push(`| ${name} | 0 of ${traces.length} | – | – | – |`);
    continue;
  }
  const s = stats(values);
  lines.push(
    `| ${name} | ${s.n} of ${traces.length} | ${s.median} ms | ${s.p95} ms | ${s.max} ms |`,
  );
}
lines.push('');
lines.push('| scenario | windows seen |');
lines.push('| --- | --- |');
for (const [scenario, names] of Object.entries(perScenario)) {
  lines.push(`| ${scenario} | ${[...names].map((n) => n.split(' (')[0]).join('; ') || 'none'} |`);
}
console.log(lines.join('\n'));
