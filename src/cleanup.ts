import * as core from '@actions/core';
import { rmSync } from 'node:fs';
import { HatchetCli } from './hatchet/cli.js';
import { Hatchet } from './hatchet/commands.js';
import { loadCleanupState } from './state.js';

/**
 * The post step: when the main step was killed outright while waiting, cancel the runs it had
 * started (if `cancel-on-abort`), then remove the private CLI home. A no-op after a normal end.
 */
export async function cleanup(): Promise<void> {
  try {
    const state = loadCleanupState();
    if (!state) return;
    if (state.pending.length > 0 && state.binary && state.profile) {
      if (state.cancelOnAbort === false) {
        core.info(
          `Leaving ${state.pending.length} run(s) running (cancel-on-abort is false): ${state.pending.join(', ')}`,
        );
      } else {
        const hatchet = new Hatchet(
          new HatchetCli({ binary: state.binary, profile: state.profile, home: state.home }),
        );
        for (const runId of state.pending) {
          try {
            await hatchet.cancel(runId, { deadlineMs: 10_000 });
            core.info(`Cancelled run ${runId}, which the main step left running.`);
          } catch (error) {
            core.warning(`Could not cancel run ${runId}: ${(error as Error).message}`);
          }
        }
      }
    }
    if (state.home) rmSync(state.home, { recursive: true, force: true });
  } catch (error) {
    core.warning(`Cleanup failed: ${(error as Error).message}`);
  }
}
