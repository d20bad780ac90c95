import * as core from '@actions/core';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseDuration } from './text/duration.js';
import { readTokenClaims } from './hatchet/profile.js';
import { TERMINAL_STATUSES, UUID, type TerminalStatus } from './hatchet/schemas.js';
import { registerSecret } from './text/secrets.js';

export interface Settings {
  runIds: string[];
  /** The new input (re-trigger mode); undefined = replay mode. */
  input?: Record<string, unknown>;
  workflow?: string;
  profile: string;
  token?: string;
  expectedStatus: TerminalStatus;
  timeoutMs: number;
  pollIntervalMs: number;
  cancelOnAbort: boolean;
  version: string;
  install: boolean;
  downloadUrl?: string;
  githubToken?: string;
  logLines: number;
  summary: boolean;
  concurrency: number;
  compareOutput: boolean;
  startTimeoutMs?: number;
}

export class InputError extends Error {
  /** Whether the job summary is wanted (`summary` is not `false`), to report the problem there. */
  constructor(
    message: string,
    readonly summary = true,
  ) {
    super(message);
    this.name = 'InputError';
  }
}

export type InputReader = (name: string) => string;

export interface InputSources {
  getInput?: InputReader;
  env?: NodeJS.ProcessEnv;
  readFile?: (path: string) => string;
  setSecret?: (secret: string) => void;
}

const VERSION = /^v?\d+\.\d+\.\d+$/;

const boolean = z
  .string()
  .transform((v) => v.trim().toLowerCase())
  .pipe(z.enum(['true', 'false'], { error: 'accepts `true` or `false`' }))
  .transform((v) => v === 'true');

const duration = (what: string) =>
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

const integer = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, { error: `accepts a whole number from ${min} to ${max}` })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, { error: `accepts a whole number from ${min} to ${max}` })
        .max(max, {
          error: `accepts a whole number from ${min} to ${max}`,
        }),
    );

const jsonObject = z.string().transform((text, ctx) => {
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
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    ctx.addIssue({
      code: 'custom',
      message: `accepts a JSON object such as {"orderId": 42}, not ${kind}`,
    });
    return z.NEVER;
  }
  return value as Record<string, unknown>;
});

const runIds = z.string().transform((text, ctx) => {
  const ids = text.split(/[\s,]+/).filter(Boolean);
  if (ids.length === 0) {
    ctx.addIssue({
      code: 'custom',
      message: 'is required: the id (UUID) of the Hatchet run to replay',
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

const schemas = {
  'run-id': runIds,
  input: jsonObject,
  workflow: z
    .string()
    .trim()
    .max(256, { error: 'accepts a workflow name of at most 256 characters' }),
  // The CLI stores profile names lower-cased.
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
};

type Defaults = { [K in keyof typeof schemas]?: string };
const DEFAULTS: Defaults = {
  profile: 'ci',
  'expected-status': 'COMPLETED',
  timeout: '30m',
  'poll-interval': '5s',
  'cancel-on-abort': 'true',
  version: 'latest',
  install: 'true',
  'log-lines': '50',
  summary: 'true',
  concurrency: '5',
  'compare-output': 'false',
};

/**
 * Reads every input of action.yml into typed settings. The token is registered as a secret before
 * anything else happens, so no later message can print it. All bad inputs are reported at once.
 */
export function loadInputs(sources: InputSources = {}): Settings {
  const getInput: InputReader = sources.getInput ?? ((name) => core.getInput(name));
  const env = sources.env ?? process.env;
  const readFile = sources.readFile ?? ((path: string) => readFileSync(path, 'utf8'));

  const token = (getInput('token').trim() || env.HATCHET_CLIENT_TOKEN?.trim()) ?? '';
  const githubToken = getInput('github-token').trim();
  registerSecret(token, sources.setSecret);
  registerSecret(githubToken, sources.setSecret);

  const problems: string[] = [];
  if (token) {
    try {
      readTokenClaims(token);
    } catch (error) {
      const from = getInput('token').trim() ? 'Input `token`' : 'The env HATCHET_CLIENT_TOKEN';
      problems.push(`${from} ${(error as Error).message}.`);
    }
  }
  function read<K extends keyof typeof schemas>(
    name: K,
  ): z.output<(typeof schemas)[K]> | undefined {
    const raw = getInput(name);
    const text = raw.trim() === '' ? DEFAULTS[name] : raw;
    if (text === undefined) return undefined;
    const parsed = schemas[name].safeParse(text);
    if (parsed.success) return parsed.data as z.output<(typeof schemas)[K]>;
    problems.push(`Input \`${name}\` ${parsed.error.issues[0]?.message ?? 'is not valid'}.`);
    return undefined;
  }

  const ids = read('run-id');
  if (getInput('run-id').trim() === '') {
    problems.push('Input `run-id` is required: the id (UUID) of the Hatchet run to replay.');
  }
  const inputText = getInput('input');
  const inputFile = getInput('input-file').trim();
  let input: Record<string, unknown> | undefined;
  if (inputText.trim() && inputFile) {
    problems.push('Inputs `input` and `input-file` are both set: use one of them.');
  } else if (inputText.trim()) {
    input = read('input');
  } else if (inputFile) {
    let text: string | undefined;
    try {
      text = readFile(inputFile);
    } catch (error) {
      problems.push(
        `Input \`input-file\` names a file that cannot be read (${inputFile}): ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`,
      );
    }
    if (text !== undefined) {
      const parsed = jsonObject.safeParse(text);
      if (parsed.success) input = parsed.data;
      else problems.push(`Input \`input-file\` (${inputFile}) ${parsed.error.issues[0]?.message}.`);
    }
  }
  const workflow = read('workflow') || undefined;
  if (workflow && !inputText.trim() && !inputFile) {
    problems.push(
      'Input `workflow` only applies when re-triggering: set `input` or `input-file` too, or leave `workflow` empty to replay.',
    );
  }

  const settings = {
    runIds: ids ?? [],
    input,
    workflow,
    profile: read('profile'),
    token: token || undefined,
    expectedStatus: read('expected-status'),
    timeoutMs: read('timeout'),
    pollIntervalMs: read('poll-interval'),
    cancelOnAbort: read('cancel-on-abort'),
    version: read('version'),
    install: read('install'),
    downloadUrl: read('download-url') || undefined,
    githubToken: githubToken || undefined,
    logLines: read('log-lines'),
    summary: read('summary'),
    concurrency: read('concurrency'),
    compareOutput: read('compare-output'),
    startTimeoutMs: read('start-timeout'),
  };
  if (problems.length > 0) throw new InputError(problems.join('\n'), settings.summary !== false);
  return settings as Settings;
}
