import { isDeepStrictEqual } from 'node:util';
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

/** `compare-output`: the new attempt of a COMPLETED run must give the same output again. */
export function compareOutputs(original: RunDetails, final: RunDetails): OutputCheck {
  // Restricted payloads read as `{}`: comparing them would pass whatever the outputs are.
  if (original.run.payloadsRestricted || final.run.payloadsRestricted)
    return { kind: 'restricted' };
  if (deepEqual(original.run.output, final.run.output)) return { kind: 'same' };
  return { kind: 'different', original: original.run.output, replayed: final.run.output };
}
