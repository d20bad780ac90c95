import { describe, expect, it } from 'vitest';
import { classifyError, errorLine, excerpt } from '../../../src/hatchet/errors.js';

describe('classifyError', () => {
  it.each([
    ['run not found (status 404)', 'not-found'],
    ['run not found (status 403)', 'unauthorized'],
    ['unexpected response from API (status 403)', 'unauthorized'],
    ['no workflows available. Deploy a workflow first.', 'unauthorized'],
    ["workflow 'billing' not found", 'not-found'],
    ['workflow not found (status 404)', 'not-found'],
    ["could not get profile 'ci': profile 'ci' not found", 'profile'],
    ['invalid run ID "x": invalid UUID length: 1', 'usage'],
    ['Error: unknown flag: --tls-strategy', 'usage'],
    [
      'failed to get run: Get "https://h/api": dial tcp 10.0.0.1:443: connect: connection refused',
      'transient',
    ],
    ['failed to get run: unexpected response from API (status 429)', 'transient'],
    ['failed to get run: unexpected response from API (status 503)', 'transient'],
    ['error triggering workflow: workflow trigger timed out after 30 seconds', 'transient'],
    // The status code decides, not the words: runs get says "not found" for every failure.
    ['run not found (status 503)', 'transient'],
    ['run not found (status 500)', 'transient'],
    ['run not found (status 429)', 'transient'],
    ['run not found (status 401)', 'unauthorized'],
    ['unexpected response from API (status 502)', 'transient'],
    ['unexpected response from API (status 404)', 'not-found'],
  ])('%s → %s', (line, kind) => expect(classifyError(line)).toBe(kind));
});

describe('errorLine', () => {
  it('reads the JSON log line, the FATA line, or the usage error', () => {
    expect(errorLine('{"time":"t","level":"fatal","msg":"run not found (status 404)"}\n')).toBe(
      'run not found (status 404)',
    );
    expect(errorLine('2026/08/22 14:03:05 FATA run not found (status 404)\n')).toBe(
      'run not found (status 404)',
    );
    expect(errorLine('Error: unknown flag: --x\nUsage:\n  hatchet [command]\n')).toBe(
      'Error: unknown flag: --x',
    );
  });
});

describe('excerpt', () => {
  it('is one clean line: no colour codes, no control characters, cut short', () => {
    expect(excerpt('\u001b[31mrun not found\u001b[0m\n(status 404)\u0007')).toBe(
      'run not found (status 404)',
    );
    expect(excerpt('x'.repeat(500), 20)).toBe(`${'x'.repeat(20)}…`);
  });
});
