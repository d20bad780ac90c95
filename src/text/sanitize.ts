import { redactUpTo } from './secrets.js';

/* eslint-disable no-control-regex */
/** ANSI and OSC escape sequences (colours, titles, links), as terminals write them. */
export const ANSI =
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[P^_][^\u001b]*(?:\u001b\\)?|\u001b[@-Z\\-_]?/g;
const C1_CSI = /\u009b[0-?]*[ -/]*[@-~]/g;
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
/* eslint-enable no-control-regex */
// Bidi overrides and isolates can make text read differently from what it is.
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Clips text to `max` characters, saying how much was cut. Applied before any other work. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… [${text.length - max} more characters cut]`;
}

/**
 * Text from Hatchet made safe to show: secrets redacted, ANSI/OSC sequences, control characters
 * and bidi overrides removed, broken UTF-16 replaced. Newlines and tabs are kept.
 */
export function cleanText(text: string, max = 100_000): string {
  // Redacted past the cut (see redactUpTo), then cut, saying how much of the text is left out.
  const redacted = redactUpTo(text, max);
  const kept =
    text.length > max
      ? `${redacted.slice(0, max)}… [${text.length - max} more characters cut]`
      : redacted;
  return kept
    .replace(/\r\n?/g, '\n')
    .replace(ANSI, '')
    .replace(C1_CSI, '')
    .replace(CONTROL, '')
    .replace(BIDI, '')
    .replace(LONE_SURROGATE, '\ufffd');
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '|': '&#124;',
  '`': '&#96;',
  '*': '&#42;',
  _: '&#95;',
  '[': '&#91;',
  ']': '&#93;',
  '\\': '&#92;',
  '~': '&#126;',
  '#': '&#35;',
  '!': '&#33;',
  ':': '&#58;',
  '@': '&#64;',
};

/**
 * One line of untrusted text for a table cell, a heading, a `<summary>` or running text: no
 * markdown or HTML structure survives (every special character becomes an entity), and the
 * line is cut at `max` characters.
 */
export function inline(text: string, max = 300): string {
  const line = cleanText(text, max * 4)
    .replace(/\s+/g, ' ')
    .trim();
  const short = line.length > max ? `${line.slice(0, max - 1)}…` : line;
  // `:` and `@` are escaped so URLs and mentions stay text, and the dot of `www.` because GFM
  // links a bare `www.` address too; a leading `-`, `+` or `=` could start a list or a heading
  // underline.
  return short
    .replace(/[&<>"'|`*_[\]\\~#!:@]/g, (c) => ENTITIES[c] as string)
    .replace(/(www)\./gi, '$1&#46;')
    .replace(/^([-+=])/, '\\$1');
}

/** The first line of an error, for a table cell. */
export function firstLine(text: string | undefined, max = 160): string {
  if (!text) return '';
  const line =
    cleanText(text, 4 * max)
      .split('\n')
      .find((l) => l.trim() !== '') ?? '';
  return inline(line, max);
}

/**
 * A fenced code block that untrusted text cannot escape: the fence is longer than any run of
 * backticks (or tildes) inside, so no line can close it.
 */
export function codeBlock(text: string, language = '', max = 100_000): string {
  const body = cleanText(text, max);
  let longest = 0;
  for (const run of body.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${body.replace(/\n+$/, '')}\n${fence}`;
}

const GANTT_KEYWORDS =
  /^(?:section|title|dateformat|axisformat|tickinterval|excludes|includes|todaymarker|click|call|href|weekday|weekend|inclusiveenddates|topaxis|displaymode|acctitle|accdescr|gantt)\b/i;

/** Characters mermaid gives meaning to are replaced, so a task name cannot break the chart. */
export function mermaidLabel(text: string): string {
  const label = cleanText(text, 200)
    .replace(/[^A-Za-z0-9 _.()-]/g, '_')
    .replace(/\s+/g, ' ')
    .trim();
  // A label that starts with a gantt keyword (`section`, `click`, `excludes` …) would be read
  // as that statement: such a label gets a prefix.
  const safe = GANTT_KEYWORDS.test(label) ? `task ${label}` : label;
  return (safe || 'task').slice(0, 60);
}

/**
 * Text that the runner cannot read as a workflow command, whichever line a reporter prints it
 * on: the runner trims a line before looking for `::` and finds the old `##[…]` form anywhere,
 * so both are broken with a zero-width space (not whitespace, so not trimmed).
 */
export function neutraliseCommands(text: string): string {
  return text.replace(/^(\s*)::/gm, '$1\u200b::').replace(/##\[/g, '#\u200b#[');
}

/** Text for the job log, cleaned, on one line, that cannot act as a workflow command. */
export function logSafe(text: string, max = 2_000): string {
  return neutraliseCommands(cleanText(text, max).split('\n').join(' ⏎ '));
}
