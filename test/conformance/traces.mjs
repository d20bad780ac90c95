// Reads the traces recorded from the real engine (test/fixtures/traces/**/*.jsonl, written by
// scripts/hatchet/record.mjs): a header line, then one snapshot a line, in the order the
// `runs get` calls were sent; a snapshot equal to the one before is stored as { same: true }.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const TRACES = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/traces');

export function traceFiles(dir = TRACES) {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.jsonl'))
    .sort()
    .map((file) => join(dir, file));
}

/**
 * @returns {{ file: string, header: any, snapshots: Array<{ t: number, sent: number,
 *   early: boolean, code: number, error?: string, details?: any }> }}
 */
export function readTrace(file) {
  const [header, ...rest] = readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
  const snapshots = [];
  let previous;
  for (const entry of rest) {
    const full = entry.same ? { ...previous, t: entry.t, sent: entry.sent } : entry;
    snapshots.push({ ...full, early: entry.early === true });
    previous = full;
  }
  return { file: relative(TRACES, file), header, snapshots };
}

/**
 * The retry blips measured by scripts/hatchet/blip.mjs (test/fixtures/traces/retry-blip.json):
 * every watched try that failed and was retried, read every ~5 ms, and the longest time a task
 * or run row read FAILED before the retry showed.
 * @returns {{ attempts: Array<{ taskFailedMs: number, runFailedMs: number, bothFailedMs: number }>, longestMs: number }}
 */
export function retryBlips() {
  const { sets } = JSON.parse(readFileSync(join(TRACES, 'retry-blip.json'), 'utf8'));
  const attempts = sets.flatMap((set) => set.attempts);
  const longestMs = Math.max(0, ...attempts.map((a) => Math.max(a.taskFailedMs, a.runFailedMs)));
  return { attempts, longestMs };
}
