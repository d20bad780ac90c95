// One registry per process, like the runner's own mask list: every text from Hatchet passes
// through `redact` wherever it is shown, so the set cannot be handed around instead.
const secrets = new Set<string>();

/**
 * Registers a secret with the runner through `setSecret` (core.setSecret: the job log masks it)
 * and with `redact`, together with the encodings of it that could end up printed: URL-encoded,
 * JSON-escaped and base64.
 */
export function registerSecret(value: string, setSecret: (s: string) => void) {
  // A value this short would garble every log line it appears in; no real token is.
  if (value.length < 4) return;
  const forms = new Set([
    value,
    encodeURIComponent(value),
    JSON.stringify(value).slice(1, -1),
    Buffer.from(value).toString('base64'),
    Buffer.from(value).toString('base64url'),
  ]);
  for (const form of forms) {
    if (form.length < 4) continue;
    setSecret(form);
    secrets.add(form);
  }
}

/** Replaces every registered secret in text from Hatchet before it is shown anywhere. */
export function redact(text: string): string {
  let result = text;
  for (const secret of secrets) {
    if (result.includes(secret)) result = result.split(secret).join('***');
  }
  return result;
}

/**
 * Redacts the part of `text` that a cut at `max` characters keeps, looking past the cut by the
 * longest secret: cutting first could leave a secret's prefix that nothing masks any more.
 */
export function redactUpTo(text: string, max: number): string {
  if (text.length <= max) return redact(text);
  const longest = Math.max(0, ...[...secrets].map((secret) => secret.length));
  return redact(text.slice(0, max + longest));
}
