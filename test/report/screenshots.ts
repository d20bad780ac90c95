// The pictures in the README, as markdown from the real renderer: a replay that fails again
// (the fix did not work) and a gate of 50 runs after the fix. `npm run screenshot` renders these
// in Chromium; test/report/screenshot.test.ts checks that the pictures are of the current markdown.
import { createHash } from 'node:crypto';
import { renderSummary } from './decided.js';
import { gate, replay } from './scenarios.js';

export const SCREENSHOTS: Record<string, { alt: string; markdown: () => string }> = {
  'replay-failing': {
    alt: "Job summary of a replay that fails again: verdict and change, the failed task's error and log, original vs new attempt",
    markdown: () => renderSummary([replay('still-failing')], { logLines: 50 }),
  },
  gate: {
    alt: 'Job summary of a gate of 50 runs: what did not pass, grouped by change, a row per run',
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
