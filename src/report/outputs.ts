import { overallChange } from '../run/change.js';
import type { RunResult } from '../run/result.js';
import { outputOf } from '../run/result.js';
import { redact } from '../text/secrets.js';

/**
 * The step's outputs, per SPEC: one run gives its values, several give newline-separated lists.
 * Every output is set, even with no result at all (status ERROR), so later steps can rely on them.
 */
export function outputsFor(results: readonly RunResult[]): Record<string, string> {
  const first = results[0];
  const one = results.length === 1;
  const statuses = new Set(results.map((r) => r.status));
  const list = (pick: (r: RunResult) => string | undefined) =>
    results.map((r) => pick(r) ?? '').join('\n');
  return {
    'run-id': list((r) => r.runId),
    'original-run-id': list((r) => r.originalRunId),
    mode: modeOutput(first?.mode),
    workflow: one
      ? (first?.workflow ?? '')
      : [...new Set(results.map((r) => r.workflow ?? ''))].join('\n'),
    status: !first ? 'ERROR' : statuses.size === 1 ? first.status : 'MIXED',
    'original-status': list((r) => r.originalStatus),
    passed: String(results.length > 0 && results.every((r) => r.passed)),
    'duration-ms': durationOutput(results),
    output: redact(JSON.stringify(one && first ? outputOf(first) : {})),
    url: list((r) => r.url),
    results: redact(JSON.stringify(results.map(resultEntry))),
    change: overallChange(results.map((r) => r.change)),
  };
}

/**
 * SPEC's values are `replay` and `retrigger`: a workflow triggered with no original run is a
 * re-trigger with new input (its `original-run-id` is empty).
 */
export function modeOutput(mode: string | undefined): string {
  return mode === 'trigger' ? 'retrigger' : (mode ?? '');
}

function durationOutput(results: readonly RunResult[]): string {
  const known = results.flatMap((r) => (r.durationMs === undefined ? [] : [r.durationMs]));
  if (known.length === 0) return '';
  // Several runs: the longest, which is how long the slowest new attempt ran.
  return String(Math.max(...known));
}

export function resultEntry(r: RunResult) {
  return {
    originalRunId: r.originalRunId ?? null,
    runId: r.runId ?? null,
    ...(r.caseName !== undefined ? { case: r.caseName } : {}),
    ...(r.repetition !== undefined ? { repetition: r.repetition } : {}),
    workflow: r.workflow ?? null,
    originalStatus: r.originalStatus ?? null,
    status: r.status,
    passed: r.passed,
    durationMs: r.durationMs ?? null,
    url: r.url ?? null,
    change: r.change ?? null,
  };
}
