#!/usr/bin/env node
// node scripts/hatchet/windows.mjs — measures the read-model windows in the recorded traces
// (test/fixtures/traces) and prints the markdown table for test/fixtures/traces/README.md.
// Every snapshot counts here, also those taken before the replay command returned: this is
// about what the engine shows, not what the action saw. Durations run from the first snapshot
// showing a window to the first one that no longer does, by when the calls were sent (a bound:
// see the poll spacing printed with the table).
import { readTrace, traceFiles } from '../../test/conformance/traces.mjs';
import { WINDOWS, measure } from '../../test/conformance/windows.mjs';

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
