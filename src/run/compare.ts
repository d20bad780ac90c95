import { isDeepStrictEqual } from 'node:util';
import { withoutMillisSuffix } from '../hatchet/names.js';
import type { RunDetails } from '../hatchet/schemas.js';

export interface DiffLine {
  path: string;
  original?: unknown;
  replayed?: unknown;
}

/** Deep equality of JSON values; object key order is ignored, array order is not. */
export function deepEqual(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(a, b);
}

function isContainer(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** The paths where two JSON values differ, for a readable diff in the summary. */
export function jsonDiff(
  original: unknown,
  replayed: unknown,
  path = '$',
  out: DiffLine[] = [],
  limit = 50,
): DiffLine[] {
  if (out.length >= limit || deepEqual(original, replayed)) return out;
  if (
    !isContainer(original) ||
    !isContainer(replayed) ||
    Array.isArray(original) !== Array.isArray(replayed)
  ) {
    out.push({ path, original, replayed });
    return out;
  }
  const keys = [...new Set([...Object.keys(original), ...Object.keys(replayed)])].sort();
  for (const key of keys) {
    const child = Array.isArray(original) ? `${path}[${key}]` : `${path}.${key}`;
    if (!Object.hasOwn(original, key)) out.push({ path: child, replayed: replayed[key] });
    else if (!Object.hasOwn(replayed, key)) out.push({ path: child, original: original[key] });
    else jsonDiff(original[key], replayed[key], child, out, limit);
    if (out.length >= limit) break;
  }
  return out;
}

export type OutputCheck =
  | { kind: 'same' }
  | { kind: 'restricted' }
  | { kind: 'different'; original: unknown; replayed: unknown };

/**
 * `compare-output`: the new attempt of a COMPLETED run must give the same output again, apart
 * from the `ignore`d fields (generated ids, timestamps). A DAG is compared task by task, keyed by
 * task name: its `run.output` is whichever task finished last, which can change from one run to
 * the next for the same work (hatchet-cli.md §2).
 */
export function compareOutputs(
  original: RunDetails,
  final: RunDetails,
  ignore: readonly string[] = [],
): OutputCheck {
  // Restricted payloads read as `{}`: comparing them would pass whatever the outputs are.
  if (original.run.payloadsRestricted || final.run.payloadsRestricted)
    return { kind: 'restricted' };
  const paths = ignore.map(pathSegments);
  const before = outputsOf(original, paths);
  const after = outputsOf(final, paths);
  return deepEqual(before, after)
    ? { kind: 'same' }
    : { kind: 'different', original: before, replayed: after };
}

/** A standalone task's output, or a DAG's outputs by task name; each without the ignored paths. */
function outputsOf(details: RunDetails, paths: readonly string[][]): unknown {
  if (details.tasks.length <= 1) return without(details.run.output, paths);
  return Object.fromEntries(
    details.tasks.map((task) => [
      withoutMillisSuffix(task.displayName),
      without(task.output ?? null, paths),
    ]),
  );
}

/** `/a/b/0` (a JSON pointer) or `a.b.0` / `$.a.b[0]` (a dotted path); `*` matches any key. */
export function pathSegments(path: string): string[] {
  const text = path.trim();
  if (text.startsWith('/')) {
    return text
      .slice(1)
      .split('/')
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  }
  return text
    .replace(/^\$\.?/, '')
    .replace(/\[(\d+|\*)\]/g, '.$1')
    .split('.')
    .filter(Boolean);
}

/** A copy of `value` without the fields at `paths`. */
function without(value: unknown, paths: readonly string[][]): unknown {
  return paths.reduce((result, path) => drop(result, path), structuredClone(value));
}

function drop(value: unknown, path: readonly string[]): unknown {
  const [head, ...rest] = path;
  if (head === undefined || !isContainer(value)) return value;
  const keys = head === '*' ? Object.keys(value) : [head];
  for (const key of keys) {
    if (!Object.hasOwn(value, key)) continue;
    if (rest.length === 0) {
      if (Array.isArray(value)) value[Number(key)] = null;
      else delete value[key];
    } else value[key] = drop(value[key], rest);
  }
  return value;
}
