// @ts-check
'use strict';
/*
 * What the CLI prints and parses, as Go does: JSON from encoding/json, RFC 3339 times, UUIDs
 * (google/uuid), durations (time.ParseDuration and the CLI's `--since`), and the two shapes of a
 * model response (printed JSON, or a fatal error).
 */
const { createHash } = require('node:crypto');

/**
 * @typedef {import('./types.cjs').Action} Action
 * @typedef {import('./types.cjs').Response} Response
 */

const ZERO_TIME = '0001-01-01T00:00:00Z';
const NIL_UUID = '00000000-0000-0000-0000-000000000000';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * JSON as Go's encoder prints it: 2-space indent, `<`, `>`, `&` escaped, a trailing newline.
 * Keys are sorted (the CLI's API structs have alphabetical fields) unless `sortKeys` is false.
 * @param {unknown} value
 * @param {boolean} [sortKeys]
 */
function goJson(value, sortKeys = true) {
  /** @param {unknown} v @returns {unknown} */
  const order = (v) => {
    if (Array.isArray(v)) return v.map(order);
    if (v && typeof v === 'object') {
      /** @type {Record<string, unknown>} */
      const out = {};
      const record = /** @type {Record<string, unknown>} */ (v);
      const keys = sortKeys ? Object.keys(record).sort() : Object.keys(record);
      for (const key of keys) if (record[key] !== undefined) out[key] = order(record[key]);
      return out;
    }
    return v;
  };
  const escapes = /** @type {Record<string, string>} */ ({
    '<': '\\u003c',
    '>': '\\u003e',
    '&': '\\u0026',
  });
  // One pass: documents can be tens of MB.
  return `${JSON.stringify(order(value), null, 2).replace(/[<>&]/g, (c) => escapes[c] ?? c)}\n`;
}

/**
 * RFC 3339 with trailing zeros of the fraction trimmed; never set → Go's zero time.
 * @param {number | null | undefined} ms
 */
function iso(ms) {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return ZERO_TIME;
  return new Date(ms).toISOString().replace(/\.?0*Z$/, 'Z');
}

/** @param {string} seed a deterministic UUID (v4 layout) */
function uuid(seed) {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * google/uuid's Parse: the error text the CLI prints, or the canonical form.
 * @param {string} text
 * @returns {{ id: string } | { error: string }}
 */
function parseUuid(text) {
  let s = text;
  if (s.length === 45) {
    if (s.slice(0, 9).toLowerCase() !== 'urn:uuid:')
      return { error: `invalid urn prefix: "${s.slice(0, 9)}"` };
    s = s.slice(9);
  } else if (s.length === 38) {
    if (s[0] !== '{' || s[37] !== '}') return { error: 'invalid UUID format' };
    s = s.slice(1, 37);
  } else if (s.length === 32) {
    if (!/^[0-9a-f]{32}$/i.test(s)) return { error: 'invalid UUID format' };
    s = `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  } else if (s.length !== 36) return { error: `invalid UUID length: ${text.length}` };
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s))
    return { error: 'invalid UUID format' };
  return { id: s.toLowerCase() };
}

/**
 * Go's time.ParseDuration, in milliseconds (fractions kept); undefined when invalid.
 * @param {string} s
 */
function parseGoDuration(s) {
  const units = /** @type {Record<string, number>} */ ({
    ns: 1e-6,
    us: 1e-3,
    µs: 1e-3,
    μs: 1e-3,
    ms: 1,
    s: 1000,
    m: 60_000,
    h: HOUR,
  });
  let rest = s;
  let sign = 1;
  if (rest[0] === '-' || rest[0] === '+') {
    if (rest[0] === '-') sign = -1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') return undefined;
  let total = 0;
  while (rest !== '') {
    const match = /^(\d*)(?:\.(\d*))?([^\d.]+)/.exec(rest);
    if (!match || (match[1] === '' && (match[2] ?? '') === '')) return undefined;
    const unit = units[match[3] ?? ''];
    if (unit === undefined) {
      // The unit runs up to the next digit or dot.
      return undefined;
    }
    total += Number(`${match[1] || '0'}.${match[2] ?? ''}0`) * unit;
    rest = rest.slice(match[0].length);
  }
  // Beyond ±2^63 ns Go reports an invalid duration.
  if (total * 1e6 > 9.223372036854775e18) return undefined;
  return sign * total;
}

/**
 * The CLI's parseSinceDuration: a Go duration or `Nd`, as a point in the past.
 * @param {string} s
 * @param {number} now
 * @returns {{ at: number } | { error: string }}
 */
function parseSince(s, now) {
  if (s === '') return { error: 'duration cannot be empty' };
  const ms = parseGoDuration(s);
  if (ms !== undefined) {
    if (ms <= 0) return { error: 'duration must be positive (e.g. 1h, 24h)' };
    return { at: now - ms };
  }
  if (s.endsWith('d')) {
    const days = s.slice(0, -1);
    if (/^[+-]?\d+$/.test(days) && Number(days) > 0 && Number(days) <= Number.MAX_SAFE_INTEGER)
      return { at: now - Number(days) * DAY };
  }
  return { error: `invalid duration ${JSON.stringify(s)} (use e.g. 1h, 24h, 7d)` };
}

/** @param {string} message @param {Action[]} [record] @returns {Response} */
function fatal(message, record) {
  return record ? { fatal: message, record } : { fatal: message };
}

/** @param {unknown} value @param {boolean} [sortKeys] @returns {Response} */
function print(value, sortKeys = true) {
  return { exit: 0, stdout: value === null ? 'null\n' : goJson(value, sortKeys) };
}

module.exports = {
  ZERO_TIME,
  NIL_UUID,
  HOUR,
  DAY,
  goJson,
  iso,
  uuid,
  parseUuid,
  parseGoDuration,
  parseSince,
  fatal,
  print,
};
