import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { createSim, makeToken, runAction } from '../harness/sim.mjs';

// Hatchet text (names, errors, logs, output) crafted to break out of the summary or to act as
// workflow commands in the job log: the bundled action must show it as text and nothing else.

const RUN = '0b5e1c6a-2f43-4f0e-9a59-6a1c3e7d9b21';
const EVIL_TASK = 'charge</details><img src=x onerror=alert(1)>|`';
const EVIL = [
  '</details><img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '```` ``` `',
  'a | b',
  '\u001b[31mred\u001b[0m',
  '::add-mask::x',
  '::set-output name=status::COMPLETED',
  '::stop-commands::x',
  '::error::injected',
  '##[error]fake',
];

describe('untrusted Hatchet text, end to end', () => {
  it('renders as text in the summary and never acts as a workflow command', async () => {
    const sim = createSim({
      workflows: [{ id: '5d0c7b3e-8f1a-4c2d-9e6b-3a7f1d2c4b58', name: 'orders' }],
      runs: [
        {
          id: RUN,
          workflow: 'orders',
          tasks: ['validate', EVIL_TASK],
          original: { status: 'FAILED', error: EVIL.join('\n') },
          replays: [
            {
              status: 'FAILED',
              staleMs: 200,
              durationMs: 300,
              error: EVIL.join('\n'),
              logs: { [EVIL_TASK]: EVIL, validate: EVIL },
            },
          ],
        },
      ],
    });
    const result = await runAction({ sim, inputs: { 'run-id': RUN, token: makeToken() } });
    expect(result.code).toBe(1);
    expect(result.outputs.status).toBe('FAILED');

    // The job log, read as the runner reads it.
    const names = result.commands.map((c) => c.name);
    expect(names).not.toContain('set-output');
    expect(result.commands.filter((c) => c.name === 'add-mask').every((c) => c.data !== 'x')).toBe(
      true,
    );
    const stops = result.commands.filter((c) => c.name === 'stop-commands');
    expect(stops.length).toBeGreaterThan(0);
    expect(stops.every((c) => /^[0-9a-f]{32}$/.test(c.data))).toBe(true);
    expect(result.commands.filter((c) => c.name === 'error' && c.data === 'injected')).toEqual([]);
    expect(result.stdout.split('\n').filter((line) => line.startsWith('##['))).toEqual([]);
    // The failed task's logs were printed, inside the stop-commands region.
    expect(result.stdout).toContain('::set-output name=status::COMPLETED');
    // One annotation for the failed task, its message escaped by the toolkit.
    expect(
      result.commands.filter((c) => c.name === 'error' && c.properties.includes('title=')),
    ).toHaveLength(1);

    // The summary, rendered as GitHub renders it.
    const page = marked.parse(result.summary, { gfm: true, async: false }) as string;
    expect(page).not.toMatch(/<img|<script|<[^>]*onerror/i);
    expect((page.match(/<details/g) ?? []).length).toBe((page.match(/<\/details>/g) ?? []).length);
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(result.summary).not.toContain('\u001b');
  });
});
