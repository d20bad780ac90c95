import type { RunDetails } from '../hatchet/schemas.js';
import type { TerminalStatus } from '../hatchet/schemas.js';
import type { Mode } from './result.js';

/** How every run of this step is handled: built once from the settings. */
export interface RunPlan {
  readonly mode: Mode;
  /** The workflow to (re-)trigger; empty: the original run's workflow. */
  readonly workflow?: string;
  readonly expectedStatus: TerminalStatus;
  readonly timeoutMs: number;
  readonly pollIntervalMs: number;
  readonly startTimeoutMs?: number;
  readonly compareOutput: boolean;
  readonly compareIgnore: readonly string[];
  readonly cancelOnAbort: boolean;
  readonly logLines: number;
  /** Each target is replayed (or triggered) this many times, one after the other. */
  readonly repeat: number;
  /** Several runs: passed runs get no logs, and log lines are prefixed with the run. */
  readonly inGate: boolean;
}

/** One run to handle: an original run to replay or re-trigger, or an input to trigger. */
export interface RunTarget {
  readonly originalRunId?: string;
  readonly input?: Record<string, unknown>;
  readonly caseName?: string;
  readonly repetition?: number;
  /** With `repeat`: the original run as it was before the first repetition, to compare with. */
  readonly reference?: RunDetails;
  /** With `repeat`: how the previous repetition's confirmed verdict left the run (restingPoint). */
  readonly confirmed?: string;
}
