// Shared by the benchmark's parts (bench/bench.mjs): statistics, the baseline bundle, the start-up
// probe, the reference loop, CLI call logs, and the table of goals.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, pairCalls } from '../test/harness/sim.mjs';

export { pairCalls };

export const REPS = Number(process.env.BENCH_REPS ?? 3);
/** The 10-minute runs (action, baseline and loop side by side): on unless BENCH_LONG=0. */
export const LONG = process.env.BENCH_LONG !== '0';

export const median = (xs) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
export const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
export const fmt = (ms) =>
  !Number.isFinite(ms)
    ? '—'
    : ms >= 10_000
      ? `${(ms / 1000).toFixed(1)} s`
      : `${Math.round(ms)} ms`;
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The bundle to compare with: built from the source of a commit (BENCH_BASELINE_REF, default
 * a2eb2a8, the last commit before issue 22's work; its committed dist/ was stale), once, under
 * .tmp/bench-baseline/<ref>/, so that the runner contract starts it like dist/.
 */
export function baselineEntry() {
  const ref = process.env.BENCH_BASELINE_REF ?? 'a2eb2a8';
  const dir = join(ROOT, '.tmp/bench-baseline', ref);
  if (!existsSync(join(dir, 'dist/index.js'))) {
    mkdirSync(dir, { recursive: true });
    const archive = execFileSync('git', ['archive', ref, 'src', 'tsconfig.json', 'package.json'], {
      cwd: ROOT,
      maxBuffer: 1 << 28,
    });
    execFileSync('tar', ['-x', '-C', dir], { input: archive });
    const tsconfig = JSON.parse(readFileSync(join(dir, 'tsconfig.json'), 'utf8'));
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ ...tsconfig, include: ['src'] }));
    const ncc = join(ROOT, 'node_modules/@vercel/ncc/dist/ncc/cli.js');
    execFileSync(process.execPath, [ncc, 'build', 'src/index.ts', '-o', 'dist', '--minify'], {
      cwd: dir,
      stdio: 'ignore',
    });
  }
  return { ref, entry: relative(ROOT, join(dir, 'dist/index.js')) };
}

/** Node arguments that preload the probe (bench/probe.mjs) into the action's process. */
export const PROBE_ARGS = ['--import', pathToFileURL(join(ROOT, 'bench/probe.mjs')).href];

/** The probe's line: Node ready (ms since process start) and the action's first output after it. */
export function probeOf(stderr) {
  const match = /bench-probe ready=([\d.]+) first=([\d.]+)/.exec(stderr);
  if (!match) throw new Error(`no probe line in stderr: ${stderr.slice(-500)}`);
  return { ready: Number(match[1]), load: Number(match[2]) - Number(match[1]) };
}

/** bench/reference-loop.sh with `env`; resolves the exit time and the status it printed. */
export function referenceLoop(runId, env) {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [join(ROOT, 'bench/reference-loop.sh'), runId], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('close', (code) => {
      const exitedAt = Date.now();
      if (code !== 0) return reject(new Error(`loop failed (${code}): ${out}`));
      resolve({ exitedAt, status: out.trim() });
    });
  });
}

/** What a call log says about one run's wait: `runs get` calls, and calls sent after the last. */
export function callFacts(pairs, runId) {
  const gets = pairs.filter(
    (p) => p.argv[0] === 'runs' && p.argv[1] === 'get' && p.argv[2] === runId,
  );
  const lastGet = gets.at(-1);
  const after = lastGet ? pairs.filter((p) => p.spawned > lastGet.end) : [];
  return {
    gets: gets.length,
    /** How long one `runs get` took (median): the cost of one more look. */
    getMs: median(gets.map((p) => p.end - p.start).filter(Number.isFinite)) || 0,
    afterVerdict: after.length,
    afterArgs: after.map((p) => p.argv.slice(0, 2).join(' ')),
  };
}

/**
 * How long at least one CLI call was running between `from` and `to` (each call from when its
 * process began to when it logged its exit): the time left had no call to wait for. A call that
 * logged no exit (stopped by the action) is left out: its time counts as the action's.
 */
export function cliBusyMs(pairs, from, to) {
  const spans = pairs
    .filter((p) => Number.isFinite(p.end))
    .map((p) => [Math.max(from, p.spawned), Math.min(to, p.end)])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let busy = 0;
  let reached = from;
  for (const [a, b] of spans) {
    busy += Math.max(0, b - Math.max(a, reached));
    reached = Math.max(reached, b);
  }
  return busy;
}

/** The most CLI processes alive at the same moment. */
export function peakConcurrency(pairs) {
  const edges = pairs
    .flatMap((p) => [
      [p.start, 1],
      [p.end, -1],
    ])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let peak = 0;
  for (const [, step] of edges) peak = Math.max(peak, (now += step));
  return peak;
}

/** Peak RSS of a process run under `/usr/bin/time -f %M -o file`, in MB. */
export const rssMb = (file) =>
  Math.round(Number(readFileSync(file, 'utf8').trim().split('\n').pop()) / 1024);

/**
 * The table of goals: each row a measured figure, its baseline (the reference loop or the
 * bundle before), their ratio, the target and whether it is met.
 */
export class Goals {
  rows = [];
  add(goal, { value, baseline, baselineLabel = '', target, met, unit = 'ms' }) {
    const show = (v) =>
      typeof v === 'string'
        ? v
        : unit === 'ms'
          ? fmt(v)
          : `${v ?? '—'}${unit === '' ? '' : ` ${unit}`}`;
    const ratio =
      typeof value === 'number' && typeof baseline === 'number' && baseline > 0
        ? `${(value / baseline).toFixed(2)}×`
        : '—';
    this.rows.push({
      goal,
      value: show(value),
      baseline:
        baseline === undefined
          ? '—'
          : `${show(baseline)}${baselineLabel ? ` (${baselineLabel})` : ''}`,
      ratio,
      target,
      met,
    });
  }
  print() {
    console.log('\nGoals');
    console.log('| Goal | Measured | Baseline | Ratio | Target | Met |');
    console.log('| --- | --- | --- | --- | --- | --- |');
    for (const r of this.rows)
      console.log(
        `| ${r.goal} | ${r.value} | ${r.baseline} | ${r.ratio} | ${r.target} | ${r.met === undefined ? '—' : r.met ? '✅' : '❌'} |`,
      );
  }
}
