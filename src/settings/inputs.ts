import { z } from 'zod';
import { TERMINAL_STATUSES } from '../hatchet/schemas.js';
import { ACTION_DEFAULTS } from './defaults.js';
import {
  VERSION,
  boolean,
  cliDuration,
  duration,
  integer,
  jsonObject,
  runIds,
  statuses,
} from './parsers.js';

/** The parser of each input of action.yml that takes a value. */
export const INPUT_SCHEMAS = {
  'run-id': runIds,
  input: jsonObject,
  workflow: z
    .string()
    .trim()
    .max(256, { error: 'accepts a workflow name of at most 256 characters' }),
  // The CLI stores profile names lower-cased; a `.` breaks its lookup.
  profile: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, {
      error: 'accepts a profile name made of letters, digits, `_` and `-` (at most 64)',
    })
    .transform((name) => name.toLowerCase()),
  'expected-status': z
    .string()
    .trim()
    .transform((v) => v.toUpperCase())
    .pipe(z.enum(TERMINAL_STATUSES, { error: 'accepts `COMPLETED`, `FAILED` or `CANCELLED`' })),
  timeout: duration('how long to wait'),
  'poll-interval': duration('the longest pause between status checks').pipe(
    z.number().min(200, { error: 'accepts at least 200ms' }),
  ),
  'start-timeout': duration('how long a run may stay QUEUED'),
  'cancel-on-abort': boolean,
  install: boolean,
  summary: boolean,
  'compare-output': boolean,
  version: z
    .string()
    .trim()
    .refine((v) => v === 'latest' || VERSION.test(v), {
      error: 'accepts `latest`, `X.Y.Z` or `vX.Y.Z` (e.g. `0.104.7`)',
    }),
  'download-url': z
    .string()
    .trim()
    .refine((v) => /^https?:\/\/[^\s]+$/i.test(v) && URL.canParse(v), {
      error: 'accepts an http(s) URL laid out like …/releases/download',
    })
    .transform((v) => v.replace(/\/+$/, '')),
  'log-lines': integer(0, 10_000),
  concurrency: integer(1, 100),
  'select-workflow': z
    .string()
    .trim()
    .max(256, { error: 'accepts a workflow name or id of at most 256 characters' }),
  'select-status': statuses,
  'select-since': cliDuration,
  'select-until': cliDuration,
  'select-limit': integer(1, 500),
  'on-no-match': z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(['fail', 'pass'], { error: 'accepts `fail` or `pass`' })),
  repeat: integer(1, 20),
  'compare-ignore': z.string().transform((text, ctx) => {
    const paths = text
      .split(/[\n,]+/)
      .map((p) => p.trim())
      .filter(Boolean);
    const bad = paths.filter(
      (p) => !/^(?:\/[^/]*)+$|^(?:\$\.?)?[^./[\]\s]+(?:\.[^./[\]\s]+|\[(?:\d+|\*)\])*$/.test(p),
    );
    if (bad.length === 0) return paths;
    ctx.addIssue({
      code: 'custom',
      message: `accepts output fields to leave out of \`compare-output\`, one per line or comma-separated, as JSON pointers (\`/chargeId\`) or dotted paths (\`receipt.issuedAt\`, \`items[*].id\`); not ${bad
        .slice(0, 3)
        .map((p) => JSON.stringify(p.slice(0, 60)))
        .join(', ')}`,
    });
    return z.NEVER;
  }),
};

export type InputName = keyof typeof INPUT_SCHEMAS;

/**
 * action.yml's defaults, generated from it (`npm run docs`). The runner passes every declared
 * input, filled with its default when the step does not set it.
 */
export const INPUT_DEFAULTS: { readonly [K in InputName]?: string } = ACTION_DEFAULTS;

/**
 * Whether the step set an input: a value other than what the runner fills in by default. A
 * default is not the user's choice, so combination checks never fire on one.
 */
export function isChosen(name: string, value: string): boolean {
  const text = value.trim();
  return text !== '' && text !== (INPUT_DEFAULTS as Record<string, string | undefined>)[name];
}

/** At most this many runs per step (all selected runs × repeat, or all cases × repeat). */
export const MAX_RUNS = 500;
