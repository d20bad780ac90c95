import { formatDuration } from '../../text/duration.js';
import { inline } from '../../text/sanitize.js';
import type { Mode } from '../../run/result.js';

const SYMBOL: Record<string, string> = {
  COMPLETED: '✅',
  FAILED: '❌',
  CANCELLED: '🚫',
  TIMED_OUT: '⏱️',
  ABORTED: '🛑',
  ERROR: '⚠️',
  RUNNING: '🔄',
  QUEUED: '⏳',
};

export function statusText(status: string | undefined): string {
  if (!status) return '—';
  return `${SYMBOL[status] ?? '❔'} ${inline(status, 40)}`;
}

export function passMark(passed: boolean): string {
  return passed ? '✅' : '❌';
}

export function duration(ms: number | undefined): string {
  return ms === undefined ? '—' : formatDuration(ms);
}

/** `n thing` / `n things`. */
export function count(n: number, thing: string, things = `${thing}s`): string {
  return `${n} ${n === 1 ? thing : things}`;
}

/** A link to a run. Run ids are UUIDs (inputs and CLI answers are checked): a code span holds them. */
export function runLink(id: string | undefined, url: string | undefined, short = false): string {
  if (!id) return '—';
  // In a table of many runs the first block of the UUID tells them apart; the link has the rest.
  const text = `\`${inline(short && url ? id.slice(0, 8) : id, 80)}\``;
  // `(` and `)` too: a `)` in the URL would end the link early and let the rest autolink.
  const href = url && encodeURI(url).replace(/\(/g, '%28').replace(/\)/g, '%29');
  return href && /^https?:\/\//.test(href) ? `[${text}](${href})` : text;
}

/** Untrusted text shown as code, in running text or a table cell (entities keep it inert). */
export function code(text: string, max = 160): string {
  return `<code>${inline(text, max)}</code>`;
}

/** Milliseconds since the epoch of an RFC 3339 time; undefined when absent or unreadable. */
export function instantOf(timestamp: string | undefined): number | undefined {
  const at = timestamp ? Date.parse(timestamp) : NaN;
  return Number.isFinite(at) ? at : undefined;
}

/** The one absolute time of a page: `2026-11-26 10:00:00 UTC` (milliseconds when not zero). */
export function utc(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.000Z$/, 'Z')
    .replace('Z', ' UTC');
}

/**
 * A time as an offset from the new attempt's start, the page's one time convention: `+650ms`,
 * `+1.25s`, `+2m 5s`, `−300ms` (before the start).
 */
export function offset(deltaMs: number): string {
  const sign = deltaMs < 0 ? '−' : '+';
  const abs = Math.abs(deltaMs);
  // Each unit as long as it rounds below the next one (59.999 s is `+1m`, not `+60s`).
  if (Math.round(abs) < 1000) return `${sign}${Math.round(abs)}ms`;
  const seconds = Math.round(abs / 10) / 100;
  if (seconds < 60) return `${sign}${seconds.toFixed(2).replace(/\.?0+$/, '')}s`;
  return `${sign}${formatDuration(Math.max(abs, 60_000))}`;
}

/** The offset of `timestamp` from `startMs`, or `''` when either is unknown. */
export function offsetOf(timestamp: string | undefined, startMs: number | undefined): string {
  const at = instantOf(timestamp);
  return at === undefined || startMs === undefined ? '' : offset(at - startMs);
}

export function modeWord(mode: Mode): string {
  return mode === 'replay' ? 'replay' : mode === 'retrigger' ? 're-trigger' : 'trigger';
}

export function newRunLabel(mode: Mode): string {
  return mode === 'replay' ? 'New attempt' : 'New run';
}

/** Collapsed section; the body is markdown (blank lines around it keep it parsed). */
export function collapsed(summary: string, body: string[]): string[] {
  return [`<details><summary>${summary}</summary>`, '', ...body, '', '</details>', ''];
}
