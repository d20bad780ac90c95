import { describe, expect, it } from 'vitest';
import { cleanText } from '../../../src/text/sanitize.js';
import { redact, redactUpTo, registerSecret } from '../../../src/text/secrets.js';

describe('secrets', () => {
  it('registers every printable form with the runner and redacts each', () => {
    const secret = 'tok/en+with=chars"x';
    const masked: string[] = [];
    registerSecret(secret, (s) => masked.push(s));
    const forms = [
      secret,
      encodeURIComponent(secret),
      JSON.stringify(secret).slice(1, -1),
      Buffer.from(secret).toString('base64'),
      Buffer.from(secret).toString('base64url'),
    ];
    for (const form of forms) {
      expect(masked).toContain(form);
      expect(redact(`before ${form} after`)).toBe('before *** after');
    }
  });

  it('ignores empty and very short values (masking them would garble the log)', () => {
    const masked: string[] = [];
    registerSecret('', (s) => masked.push(s));
    registerSecret('ab', (s) => masked.push(s));
    expect(masked).toEqual([]);
    expect(redact('ab')).toBe('ab');
  });
});

describe('cutting text that holds a secret', () => {
  it('never leaves the part of a secret that falls before the cut', () => {
    const secret = 'hatchet-secret-token-value-0123456789';
    registerSecret(secret, () => {});
    for (const at of [70, 90, 96]) {
      const text = `${'x'.repeat(at)}${secret} and more`;
      const shown = cleanText(text, 100);
      expect(shown).not.toContain(secret.slice(0, 4));
      expect(shown.startsWith('x'.repeat(Math.min(at, 100)))).toBe(true);
    }
    expect(redactUpTo(`${'y'.repeat(10)}${secret}`, 12)).toBe(`${'y'.repeat(10)}***`);
  });
});
