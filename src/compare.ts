/** Deep equality of JSON values; object key order is ignored, array order is not. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  return keys.every((key) => Object.hasOwn(right, key) && deepEqual(left[key], right[key]));
}

export interface DiffLine {
  path: string;
  original?: unknown;
  replayed?: unknown;
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
  const bothObjects =
    typeof original === 'object' &&
    original !== null &&
    typeof replayed === 'object' &&
    replayed !== null &&
    Array.isArray(original) === Array.isArray(replayed);
  if (!bothObjects) {
    out.push({ path, original, replayed });
    return out;
  }
  const left = original as Record<string, unknown>;
  const right = replayed as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])].sort();
  for (const key of keys) {
    const child = Array.isArray(original) ? `${path}[${key}]` : `${path}.${key}`;
    if (!Object.hasOwn(left, key)) out.push({ path: child, replayed: right[key] });
    else if (!Object.hasOwn(right, key)) out.push({ path: child, original: left[key] });
    else jsonDiff(left[key], right[key], child, out, limit);
    if (out.length >= limit) break;
  }
  return out;
}
