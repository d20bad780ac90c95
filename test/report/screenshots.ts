// The pictures in the README, as markdown from the real renderer: a replay that fails again
// (the fix did not work) and a gate of 50 runs after the fix. `npm run screenshot` renders these
// in Chromium; test/report/screenshot.test.ts checks that the pictures are of the current markdown.
import { createHash } from 'node:crypto';
import { renderSummary } from '../../src/report/summary.js';
import { gate, replay } from './scenarios.js';

export const SCREENSHOTS: Record<string, { alt: string; markdown: () => string }> = {
  'replay-failing': {
    alt: 'The job summary of a replay that fails again: the verdict and the change in one line, the failed task with its error and log, then original run vs new attempt',
    markdown: () => renderSummary([replay('still-failing')], { logLines: 50 }),
  },
  gate: {
    alt: 'The job summary of a gate of 50 runs: how many did not pass, the runs grouped by how they changed, one row per run',
    markdown: () =>
      renderSummary(gate(50, { 'still-failing': 12, 'fails-differently': 2, regressed: 1 }), {
        logLines: 50,
      }),
  },
};

/** What a picture records of its markdown, to tell when it is stale. */
export function markdownHash(markdown: string): string {
  return createHash('sha256').update(markdown).digest('hex');
}
