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
