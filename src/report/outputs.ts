import type { RunResult } from '../result.js';
import { outputOf } from '../result.js';
import { redact } from '../secrets.js';

/** The step's outputs, per SPEC: one run gives its values, several give newline-separated lists. */
export function outputsFor(results: RunResult[]): Record<string, string> {
  const first = results[0];
  if (!first) return {};
  const statuses = new Set(results.map((r) => r.status));
  const one = results.length === 1;
  return {
    'run-id': results.map((r) => r.runId ?? '').join('\n'),
    'original-run-id': results.map((r) => r.originalRunId).join('\n'),
    mode: first.mode,
    workflow: one
      ? (first.workflow ?? '')
      : [...new Set(results.map((r) => r.workflow ?? ''))].join('\n'),
    status: statuses.size === 1 ? first.status : 'MIXED',
    'original-status': one
      ? (first.originalStatus ?? '')
      : results.map((r) => r.originalStatus ?? '').join('\n'),
    passed: String(results.every((r) => r.passed)),
    'duration-ms': one
      ? first.durationMs !== undefined
        ? String(first.durationMs)
        : ''
      : String(Math.max(0, ...results.map((r) => r.durationMs ?? 0))),
    output: redact(JSON.stringify(one ? outputOf(first) : {})),
    url: one ? (first.url ?? '') : results.map((r) => r.url ?? '').join('\n'),
    results: redact(JSON.stringify(results.map(resultEntry))),
  };
}

export function resultEntry(r: RunResult) {
  return {
    originalRunId: r.originalRunId,
    runId: r.runId ?? null,
    workflow: r.workflow ?? null,
    originalStatus: r.originalStatus ?? null,
    status: r.status,
    passed: r.passed,
    durationMs: r.durationMs ?? null,
    url: r.url ?? null,
  };
}
