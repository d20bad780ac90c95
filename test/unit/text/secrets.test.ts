import { describe, expect, it } from 'vitest';
import { redact, registerSecret } from '../../../src/text/secrets.js';

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
