import { z } from 'zod';
import { TERMINAL_STATUSES, UUID } from '../hatchet/schemas.js';
import { parseDuration } from '../text/duration.js';

/** The zod parsers of action.yml's inputs; every message names what the input accepts. */
export const VERSION = /^v?\d+\.\d+\.\d+$/;

export const boolean = z
  .string()
  .transform((v) => v.trim().toLowerCase())
  .pipe(z.enum(['true', 'false'], { error: 'accepts `true` or `false`' }))
  .transform((v) => v === 'true');

export const duration = (what: string) =>
  z.string().transform((text, ctx) => {
    const ms = parseDuration(text);
    if (ms === undefined || ms <= 0) {
      ctx.addIssue({
        code: 'custom',
        message: `accepts ${what}: a duration such as \`90s\`, \`15m\`, \`2h\`, \`1h30m\` or a number of seconds`,
      });
      return z.NEVER;
    }
    return ms;
  });

/** A duration as `hatchet runs list` takes it (a Go duration, or whole days: `7d`). */
export const cliDuration = z
  .string()
  .trim()
  .regex(/^(?:\d+d|(?:\d+(?:\.\d+)?(?:h|m|s|ms))+)$/, {
    error: 'accepts a duration such as `30m`, `24h`, `1h30m` or `7d`',
  });

export const integer = (min: number, max: number) => {
  const message = `accepts a whole number from ${min} to ${max}`;
  return z
    .string()
    .trim()
    .regex(/^\d+$/, { error: message })
    .transform(Number)
    .pipe(z.number().min(min, { error: message }).max(max, { error: message }));
};

/** An input object: what `trigger manual -j` accepts (the CLI refuses arrays and scalars). */
export const inputObject = z.custom<Record<string, unknown>>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  { error: (issue) => `accepts a JSON object such as {"orderId": 42}, not ${kindOf(issue.input)}` },
);

export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

export const jsonObject = z.string().transform((text, ctx) => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    ctx.addIssue({
      code: 'custom',
      message: `accepts a JSON object such as {"orderId": 42}; this is not valid JSON (${(error as Error).message})`,
    });
    return z.NEVER;
  }
  const checked = inputObject.safeParse(value);
  if (checked.success) return checked.data;
  ctx.addIssue({ code: 'custom', message: checked.error.issues[0]?.message ?? 'is not valid' });
  return z.NEVER;
});

export const runIds = z.string().transform((text, ctx) => {
  const ids = text.split(/[\s,]+/).filter(Boolean);
  if (ids.length === 0) {
    ctx.addIssue({
      code: 'custom',
      message:
        'holds separators but no run id: give run ids (UUIDs) separated by spaces, commas or newlines',
    });
    return z.NEVER;
  }
  const bad = ids.filter((id) => !UUID.test(id));
  if (bad.length > 0) {
    ctx.addIssue({
      code: 'custom',
      message: `accepts run ids (UUIDs such as 0b5e1c6a-2f43-4f0e-9a59-6a1c3e7d9b21) separated by spaces, commas or newlines; not ${bad
        .slice(0, 3)
        .map((id) => JSON.stringify(id.slice(0, 60)))
        .join(', ')}`,
    });
    return z.NEVER;
  }
  const lower = ids.map((id) => id.toLowerCase());
  const duplicates = [...new Set(lower.filter((id, i) => lower.indexOf(id) !== i))];
  if (duplicates.length > 0) {
    ctx.addIssue({ code: 'custom', message: `lists ${duplicates.join(', ')} more than once` });
    return z.NEVER;
  }
  return lower;
});

/** Only finished runs can be replayed, so only those statuses can be selected. */
export const statuses = z.string().transform((text, ctx) => {
  const list = text
    .split(',')
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
  const bad = list.filter((s) => !(TERMINAL_STATUSES as readonly string[]).includes(s));
  if (list.length === 0 || bad.length > 0) {
    ctx.addIssue({
      code: 'custom',
      message: `accepts a comma-separated list of \`COMPLETED\`, \`FAILED\`, \`CANCELLED\` (only a finished run can be replayed)${bad.length ? `; not ${bad.map((s) => JSON.stringify(s.slice(0, 30))).join(', ')}` : ''}`,
    });
    return z.NEVER;
  }
  return [...new Set(list)];
});
