import { z } from 'zod';
import { inputObject, kindOf } from './parsers.js';

/** One run to trigger from a file of inputs. */
export interface InputCase {
  name: string;
  input: Record<string, unknown>;
}

export type InputFileContent =
  { kind: 'single'; input: Record<string, unknown> } | { kind: 'cases'; cases: InputCase[] };

const namedCase = z.strictObject({ name: z.string().trim().min(1).max(200), input: inputObject });

/**
 * `input-file` holds one input object, or several cases: a JSON array or JSON Lines, each entry
 * an input object (named by its position) or `{"name": "…", "input": {…}}` with exactly those
 * keys. Throws a message that says where the file is wrong.
 */
export function parseInputFile(text: string): InputFileContent {
  let whole: unknown;
  try {
    whole = JSON.parse(text);
  } catch {
    whole = undefined;
  }
  if (whole !== undefined) {
    if (Array.isArray(whole))
      return { kind: 'cases', cases: whole.map((entry, i) => caseOf(entry, `entry ${i + 1}`, i)) };
    const single = inputObject.safeParse(whole);
    if (!single.success) {
      throw new Error(
        `holds ${kindOf(whole)}: it accepts a JSON object, a JSON array of cases, or JSON Lines`,
      );
    }
    return { kind: 'single', input: single.data };
  }
  const lines = text
    .split(/\r?\n/)
    .map((line, i) => ({ line: line.trim(), number: i + 1 }))
    .filter((l) => l.line);
  if (lines.length === 0)
    throw new Error('is empty: it accepts a JSON object, a JSON array of cases, or JSON Lines');
  const cases = lines.map(({ line, number }, i) => {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new Error(
        `is neither JSON nor JSON Lines: line ${number} is not valid JSON (${(error as Error).message})`,
      );
    }
    return caseOf(value, `line ${number}`, i);
  });
  return { kind: 'cases', cases };
}

function caseOf(value: unknown, where: string, index: number): InputCase {
  const named = namedCase.safeParse(value);
  if (named.success) return named.data;
  const plain = inputObject.safeParse(value);
  const looksNamed =
    typeof value === 'object' && value !== null && 'input' in value && 'name' in value;
  if (plain.success && !looksNamed) return { name: `case ${index + 1}`, input: plain.data };
  const why = looksNamed
    ? 'a named case has exactly the keys `name` (text) and `input` (a JSON object)'
    : `it is ${kindOf(value)}, not an input object`;
  throw new Error(`has a bad case at ${where}: ${why}`);
}
