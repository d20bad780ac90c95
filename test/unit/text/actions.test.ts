import * as real from '@actions/core';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as ours from '../../../src/text/actions.js';

// src/text/actions.ts writes what @actions/core writes: the same stdout, the same files.

type Core = typeof ours;
const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  process.exitCode = undefined;
  vi.restoreAllMocks();
});

/** What `act` writes with each implementation: stdout and the runner's files, delimiters named. */
async function both(
  act: (core: Core) => unknown | Promise<unknown>,
  env: Record<string, string> = {},
) {
  const written: Record<string, string>[] = [];
  for (const core of [real as unknown as Core, ours]) {
    const dir = mkdtempSync(join(tmpdir(), 'actions-'));
    const files = Object.fromEntries(
      ['GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_PATH', 'GITHUB_STEP_SUMMARY'].map((n) => [
        n,
        join(dir, n),
      ]),
    );
    for (const file of Object.values(files)) writeFileSync(file, '');
    process.env = { ...saved, ...files, ...env };
    let stdout = '';
    vi.spyOn(process.stdout, 'write').mockImplementation(
      (chunk) => ((stdout += String(chunk)), true),
    );
    await act(core);
    vi.restoreAllMocks();
    const out: Record<string, string> = { stdout, exitCode: String(process.exitCode ?? '') };
    for (const [name, file] of Object.entries(files)) out[name] = readFileSync(file, 'utf8');
    written.push(
      JSON.parse(JSON.stringify(out).replace(/ghadelimiter_[0-9a-f-]+/g, 'ghadelimiter_X')),
    );
    process.exitCode = undefined;
  }
  const [theirs, mine] = written as [Record<string, string>, Record<string, string>];
  expect(Object.values(theirs).some(Boolean)).toBe(true);
  expect(mine).toEqual(theirs);
  return mine;
}

describe('src/text/actions.ts writes what @actions/core writes', () => {
  it.each([
    ['info', (c: Core) => c.info('plain line: 100% done\nsecond')],
    ['debug', (c: Core) => c.debug('hatchet runs get x -p ci\r\n%')],
    ['setSecret', (c: Core) => c.setSecret('s3cr3t')],
    ['warning', (c: Core) => c.warning('a, b: c')],
    [
      'error with a title',
      (c: Core) => c.error('boom\nline 2', { title: 'Task a: failed, really' }),
    ],
    ['error of an Error', (c: Core) => c.error(new Error('thrown'))],
    ['setFailed', (c: Core) => c.setFailed('Run x ended FAILED, expected COMPLETED')],
    ['groups', (c: Core) => c.group('Set up', async () => c.info('inside'))],
    ['startGroup and endGroup', (c: Core) => (c.startGroup('Logs of a: b'), c.endGroup())],
    [
      'setOutput to GITHUB_OUTPUT',
      (c: Core) => (c.setOutput('status', 'COMPLETED'), c.setOutput('results', [{ a: 1 }])),
    ],
    [
      'saveState to GITHUB_STATE',
      (c: Core) => c.saveState('cleanup', JSON.stringify({ pending: [] })),
    ],
    ['addPath to GITHUB_PATH', (c: Core) => c.addPath('/opt/hatchet/bin')],
    [
      'the summary',
      async (c: Core) => void (await c.summary.addRaw('## ✅ Fixed\n').write({ overwrite: false })),
    ],
  ])('%s', async (_name, act) => {
    await both(act);
  });

  it('without the runner files: set-output and save-state commands', async () => {
    const out = await both((c) => (c.setOutput('status', 'FAILED'), c.saveState('x', 'y')), {
      GITHUB_OUTPUT: '',
      GITHUB_STATE: '',
    });
    expect(out.stdout).toContain('::set-output name=status::FAILED');
  });

  it('reads inputs and state as @actions/core does', () => {
    process.env['INPUT_RUN-ID'] = '  0b5e1c6a  ';
    process.env.INPUT_POLL_INTERVAL = '5s';
    process.env.STATE_cleanup = '{}';
    for (const name of ['run-id', 'poll interval', 'missing'])
      expect(ours.getInput(name)).toBe(real.getInput(name));
    expect(ours.getState('cleanup')).toBe(real.getState('cleanup'));
  });
});
