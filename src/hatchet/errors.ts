import { z } from 'zod';
import { cleanText } from '../text/sanitize.js';

export type CliErrorKind =
  | 'not-found'
  | 'unauthorized'
  | 'profile'
  | 'usage'
  | 'transient'
  | 'bad-output'
  | 'deadline'
  | 'aborted'
  | 'missing-binary';

/** Errors worth another try: the next call may well succeed. */
export const RETRYABLE_KINDS: ReadonlySet<CliErrorKind> = new Set([
  'transient',
  'bad-output',
  'deadline',
]);

export class HatchetCliError extends Error {
  constructor(
    message: string,
    readonly kind: CliErrorKind,
    readonly command: string,
    /** The CLI's own error line, excerpted: what Hatchet said, for messages that add context. */
    readonly detail = '',
  ) {
    super(message);
    this.name = 'HatchetCliError';
  }
}

export function isRetryable(error: unknown): error is HatchetCliError {
  return error instanceof HatchetCliError && RETRYABLE_KINDS.has(error.kind);
}

/** The message of the CLI's error line: a JSON log line, `… FATA msg`, or a cobra `Error: …`. */
export function errorLine(stderr: string): string {
  const lines = stderr.split(/\r?\n/).filter((line) => line.trim() !== '');
  for (const line of lines) {
    const message = jsonLogMessage(line);
    if (message !== undefined) return message;
  }
  for (const line of lines) {
    const fatal = /\b(?:FATA|FATAL|ERRO|ERROR)\b\s*(.*)$/.exec(line);
    if (fatal?.[1]) return fatal[1];
  }
  return lines.find((line) => line.startsWith('Error:')) ?? lines[0] ?? '';
}

const logLine = z.object({ level: z.string().regex(/fatal|error/i), msg: z.string() });

/** `{"time":…,"level":"fatal","msg":…}`: the CLI's error line with HATCHET_CLI_LOGGER_FORMAT=json. */
function jsonLogMessage(line: string): string | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const parsed = logLine.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data.msg : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Maps the CLI's error line to a kind. The HTTP status in the message decides first: the CLI
 * words every failed `runs get` as "run not found (status N)", even a 503 after its retries.
 */
export function classifyError(message: string): CliErrorKind {
  if (/could not get profile|profile '.*' not found/i.test(message)) return 'profile';
  const status = /\(status (?:code )?(\d{3})\)|\bstatus (?:code )?(\d{3})\b/i.exec(message);
  const code = Number(status?.[1] ?? status?.[2]);
  if (code === 401 || code === 403) return 'unauthorized';
  if (code === 404) return 'not-found';
  if (code === 429 || code >= 500) return 'transient';
  if (
    /unauthori[sz]ed|forbidden|no workflows available|invalid token|token is expired/i.test(message)
  )
    return 'unauthorized';
  if (
    /^Error:|unknown (?:flag|command|shorthand)|invalid run ID|accepts \d+ arg|required flag/i.test(
      message,
    )
  )
    return 'usage';
  if (/not found/i.test(message)) return 'not-found';
  return 'transient';
}

/** A short, single-line excerpt of text from the CLI for an error message: cleaned, redacted. */
export function excerpt(text: string, max = 200): string {
  const flat = cleanText(text, max * 4)
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
