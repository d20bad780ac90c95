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
  readonly cancelOnAbort: boolean;
  readonly logLines: number;
  /** Several runs: passed runs get no logs, and log lines are prefixed with the run. */
  readonly inGate: boolean;
}

/** One run to handle: an original run to replay or re-trigger, or an input to trigger. */
export interface RunTarget {
  readonly originalRunId?: string;
  readonly input?: Record<string, unknown>;
  readonly caseName?: string;
  readonly repetition?: number;
}
