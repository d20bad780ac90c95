import type { Hatchet } from '../hatchet/commands.js';
import type { RunDetails } from '../hatchet/schemas.js';
import type { Clock } from './clock.js';
import type { Diagnostics } from './diagnostics.js';
import type { FinalStatus } from './result.js';

/**
 * One run's life as values, phase by phase: the original run (read and settled), the replay or
 * trigger (started), how the wait ended (ended). Each phase returns a new value; none is
 * changed once made.
 */

export interface StartDeps {
  hatchet: Hatchet;
  clock: Clock;
  signal?: AbortSignal;
  /** Where the trigger's input file is written (RUNNER_TEMP). */
  tempDir: string;
  log: (line: string) => void;
  /** When `timeout` ends for this run (on `clock`): every call is capped by what is left. */
  deadline?: number;
  /** A replay or trigger is about to be sent: recorded for the post step before it is. */
  onSending?: (call: InFlight) => void;
  /**
   * Its outcome is known: `runId` is the run it started (now followed by the wait), or
   * undefined when it surely did not take effect.
   */
  onSent?: (call: InFlight, runId?: string) => void;
}

/** A state-changing call whose effect the post step must check if the main step dies. */
export type InFlight =
  | {
      kind: 'replay';
      key: string;
      runId: string;
      /** The settled run before it (`acceptanceBaseline`): whether the replay shows is judged
       * by `replayAccepted`, in the main step and in the post step alike. */
      before: RunDetails;
    }
  | { kind: 'trigger'; key: string; workflow: string; inputDir: string };

export interface RunDeps extends StartDeps {
  readonly hatchet: Hatchet;
  readonly clock: Clock;
  /** A dashboard link for a run, when the server URL is known. */
  readonly linkTo: (tenantId: string | undefined, runId: string) => string | undefined;
  /** The action is done with the run (finished, cancelled, or given up on). */
  readonly onSettled?: (runId: string) => void;
}

/** The run that is replayed (or whose workflow is re-triggered), as read before acting. */
export interface Original {
  readonly details: RunDetails;
  readonly url?: string;
}

/** The replay was sent, or the new run triggered. */
export interface Started {
  readonly runId: string;
  readonly actedAt: number;
  readonly workflow?: string;
  /** For a replay, the run as it was before (the new attempt is told apart from it). */
  readonly before?: RunDetails;
}

/** How a run's handling ended: its status, the snapshot it was judged on, and why. */
export interface Ended {
  readonly status: FinalStatus;
  readonly final?: RunDetails;
  readonly message?: string;
  readonly outputMismatch?: { readonly original: unknown; readonly replayed: unknown };
  readonly cancelRequested?: boolean;
  readonly notes: readonly string[];
}

/** The phases a run reached: what a failure report can still tell. */
export interface Reached {
  readonly original?: Original;
  readonly started?: Started;
  readonly workflow?: Promise<string | undefined>;
  /** The replay or trigger call was made (it may have been cut off). */
  readonly sending?: boolean;
}

/** Everything the result is assembled from. */
export interface Phases {
  readonly original?: Original;
  readonly started?: Started;
  readonly ended: Ended;
  readonly diagnostics?: Diagnostics;
  readonly workflow?: string;
}

/** An error that stopped a run's handling, with the phases it had reached. */
export class Stopped extends Error {
  constructor(
    readonly error: unknown,
    readonly reached: Reached,
  ) {
    super(error instanceof Error ? error.message : String(error));
  }
}

/** Runs one phase; an error leaves with the phases reached before it. */
export async function phase<T>(reached: Reached, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw error instanceof Stopped ? error : new Stopped(error, reached);
  }
}
