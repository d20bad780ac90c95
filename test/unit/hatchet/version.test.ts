import { describe, expect, it } from 'vitest';
import { checkCliVersion } from '../../../src/hatchet/version.js';

describe('checkCliVersion', () => {
  it.each([['0.104.7'], ['v0.104.7'], ['0.79.1'], ['1.0.0'], ['0.105.0-rc.1']])(
    'accepts %s without a word',
    (version) => {
      expect(checkCliVersion(version)).toEqual({ supported: true });
    },
  );

  it.each([['0.79.0'], ['0.9.99'], ['v0.70.0'], ['0.79.1-rc.1']])(
    'refuses %s as too old, naming the minimum',
    (version) => {
      const check = checkCliVersion(version);
      expect(check.supported).toBe(false);
      expect(check).toMatchObject({
        error: expect.stringMatching(
          /^The Hatchet CLI \d+\.\d+\.\d+\S* is too old: the action needs 0\.79\.1 or newer/,
        ),
      });
    },
  );

  it('accepts a development build (v0.1.0-alpha.0, built from source) with a warning', () => {
    for (const version of ['v0.1.0-alpha.0', '0.1.0-alpha.0', 'v0.1.0-alpha.0\n']) {
      const check = checkCliVersion(version);
      expect(check).toEqual({
        supported: true,
        warning: expect.stringContaining('v0.1.0-alpha.0: a development build'),
      });
    }
    // Only that exact version is a development build: a real 0.1.0 release is old.
    expect(checkCliVersion('0.1.0').supported).toBe(false);
    expect(checkCliVersion('0.1.0-alpha.1').supported).toBe(false);
  });

  it('goes on with a warning when the answer is not a version, showing only safe characters', () => {
    const check = checkCliVersion('dev::error::x%0A');
    expect(check).toEqual({
      supported: true,
      warning: expect.stringContaining("printed 'deverrorx0A', which is not a version"),
    });
  });
});
