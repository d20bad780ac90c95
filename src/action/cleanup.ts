import * as core from '../text/actions.js';
import { readFileSync, rmSync } from 'node:fs';
import { HatchetCli, killTree } from '../hatchet/cli.js';
import { Hatchet } from '../hatchet/commands.js';
import { replayAccepted } from '../run/baseline.js';
import type { InFlight } from '../run/phases.js';
import { logSafe } from '../text/sanitize.js';
import { loadCleanupState, type CleanupState } from './state.js';

/** How long the post step looks for a replay the main step had in flight (a couple of jobs). */
export const TOOK_EFFECT_WINDOW_MS = 10_000;
const CALL_MS = 10_000;

/**
 * The post step, after a main step that was killed or cancelled: stop the replay or trigger
 * CLI it left behind, remove a trigger's input file, cancel the runs it started (if
 * `cancel-on-abort`) — a replay that was in flight only once it is seen to have taken effect —
 * then remove the private CLI home. A no-op after a normal end.
 */
export async function cleanup(): Promise<void> {
  const state = savedState();
  if (!state) return;
  try {
    for (const pid of state.children ?? []) reap(pid, state.binary);
    const inFlight = state.inFlight ?? [];
    for (const call of inFlight) if (call.kind === 'trigger') abandonTrigger(call);
    const replays = inFlight.filter((call) => call.kind === 'replay');
    if ((state.pending.length > 0 || replays.length > 0) && state.binary && state.profile)
      await cancelLeftovers(state, replays);
  } catch (error) {
    core.warning(`Cleanup failed: ${(error as Error).message}`);
  } finally {
    // The home holds the profile with the token: it goes whatever happened above.
    if (state.home) rmSync(state.home, { recursive: true, force: true });
  }
}

function savedState(): CleanupState | undefined {
  try {
    return loadCleanupState();
  } catch (error) {
    core.warning(`Cleanup failed: ${(error as Error).message}`);
    return undefined;
  }
}

/** Kills a CLI process (and its group) the main step left, if it is still that CLI. */
function reap(pid: number, binary: string | undefined) {
  try {
    process.kill(pid, 0);
  } catch {
    return; // gone
  }
  try {
    // The pid may have been reused since: only a process running the CLI is killed.
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (binary && !command.includes(binary)) return;
  } catch {
    // no /proc (macOS, Windows): trust the recorded pid
  }
  killTree(pid);
  core.info(`Stopped a Hatchet CLI call (pid ${pid}) that the main step left running.`);
}

function abandonTrigger(call: Extract<InFlight, { kind: 'trigger' }>) {
  rmSync(call.inputDir, { recursive: true, force: true });
  core.warning(
    `A trigger of workflow '${call.workflow}' was in flight when the main step ended: its CLI was stopped and its input file removed. A run may have been created all the same: check the workflow's runs.`,
  );
}

async function cancelLeftovers(state: CleanupState, replays: InFlight[]) {
  const ids = [
    ...state.pending,
    ...replays.map((call) => (call.kind === 'replay' ? call.runId : '')),
  ];
  if (state.cancelOnAbort === false) {
    core.info(`Leaving ${ids.length} run(s) running (cancel-on-abort is false): ${ids.join(', ')}`);
    return;
  }
  const hatchet = new Hatchet(
    new HatchetCli({
      binary: state.binary ?? 'hatchet',
      profile: state.profile ?? '',
      home: state.home,
    }),
  );
  const toCancel = [...state.pending];
  for (const call of replays) {
    if (call.kind !== 'replay' || toCancel.includes(call.runId)) continue;
    // Never cancel a run for a replay that did not happen: it may be running on its own.
    if (await tookEffect(hatchet, call)) toCancel.push(call.runId);
    else core.info(`The replay of run ${call.runId} did not take effect: the run is left alone.`);
  }
  for (const runId of toCancel) {
    try {
      await hatchet.cancel(runId, { deadlineMs: CALL_MS });
      core.info(`Cancelled run ${runId}, which the main step left running.`);
    } catch (error) {
      core.warning(`Could not cancel run ${runId}: ${(error as Error).message}`);
    }
  }
}

/** Whether the run shows the replay, judged as the main step judges it (`replayAccepted`). */
async function tookEffect(hatchet: Hatchet, call: Extract<InFlight, { kind: 'replay' }>) {
  const until = Date.now() + TOOK_EFFECT_WINDOW_MS;
  for (;;) {
    try {
      const details = await hatchet.getRun(call.runId, { deadlineMs: CALL_MS });
      if (replayAccepted(call.before, details)) return true;
    } catch (error) {
      core.info(logSafe(`Could not read run ${call.runId}: ${(error as Error).message}`));
    }
    if (Date.now() >= until) return false;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}
