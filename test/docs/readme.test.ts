import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../harness/sim.mjs';
import { errorMessages } from './messages.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const troubleshooting = readme.slice(
  readme.indexOf('## Troubleshooting'),
  readme.indexOf('## Contributing'),
);

describe('README', () => {
  const messages = errorMessages(ROOT);

  it('finds the messages it checks', () => {
    expect(messages.length).toBeGreaterThan(50);
    expect(messages.map((m) => m.text)).toContain(
      'The job was cancelled before this run was started.',
    );
  });

  it.each(messages.map((m) => [m.file, m.text]))(
    'troubleshooting explains %s: %s',
    (_file, text) => {
      expect(troubleshooting.replace(/\\\|/g, '|')).toContain(text);
    },
  );

  it('has the inputs and outputs tables of action.yml', () => {
    expect(() =>
      execFileSync(process.execPath, [join(ROOT, 'scripts/docs.mjs'), '--check'], { cwd: ROOT }),
    ).not.toThrow();
  });
});

describe('the README screenshot', () => {
  it('is of the current summary (regenerate with `npm run screenshot`)', async () => {
    const { orderProcessingSim, DEMO_RUN_ID } = await import('../harness/scenarios.mjs');
    const { normalizeSummary } = await import('../harness/normalize.mjs');
    const { makeToken, runAction } = await import('../harness/sim.mjs');
    const result = await runAction({
      sim: orderProcessingSim(),
      inputs: { 'run-id': DEMO_RUN_ID, token: makeToken(), 'poll-interval': '2s' },
    });
    expect(result.code).toBe(0);
    expect(normalizeSummary(result.summary)).toBe(
      readFileSync(join(ROOT, 'docs/summary.md'), 'utf8'),
    );
    expect(readme).toContain('![The job summary of a replay');
    expect(readFileSync(join(ROOT, 'docs/summary.png')).subarray(1, 4).toString()).toBe('PNG');
  });
});
