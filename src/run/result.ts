import type { LogLine, RunDetails, TaskEvent, TerminalStatus } from '../hatchet/schemas.js';
import type { Change, Outcome } from './change.js';

export type FinalStatus = TerminalStatus | 'TIMED_OUT' | 'ABORTED' | 'ERROR';
/** `trigger`: a workflow run started from an input alone, with no original run to compare. */
export type Mode = 'replay' | 'retrigger' | 'trigger';

export interface TaskLog {
  readonly taskId: string;
  readonly taskName: string;
  readonly lines: readonly LogLine[];
  /** What was left out, or why nothing could be shown. */
  readonly note?: string;
  /** The log was not read (not asked for, or the call failed): `note` says why. */
  readonly unread?: boolean;
}

/** Everything known about one run at the end, for outputs, the summary and the report file. */
export interface RunResult {
  /** The run given (or selected); absent in trigger mode, where there is no original run. */
  readonly originalRunId?: string;
  /** The run waited on: the same id for a replay, the new run for a (re-)trigger. */
  readonly runId?: string;
  readonly mode: Mode;
  /** The case's name in a file of inputs. */
  readonly caseName?: string;
  /** 1-based, with `repeat` above 1. */
  readonly repetition?: number;
  readonly workflow?: string;
  readonly originalStatus?: string;
  readonly status: FinalStatus;
  readonly expectedStatus: TerminalStatus;
  readonly passed: boolean;
  /** What the new attempt says about the fix, compared with the original run. */
  readonly change?: Change;
  /** The original run's outcome and the task that decides it (run/change.ts), worked out once. */
  readonly originalOutcome?: Outcome;
  /** The new attempt's, once it ended (its status is the result's). */
  readonly outcome?: Outcome;
  readonly durationMs?: number;
  readonly url?: string;
  readonly originalUrl?: string;
  /** Why the run did not pass when its status alone does not say (errors, timeouts, mismatches). */
  readonly message?: string;
  readonly original?: RunDetails;
  readonly final?: RunDetails;
  /** The new input of a (re-)trigger. */
  readonly input?: Record<string, unknown>;
  /** When the replay or trigger was sent, and when the action stopped waiting (runner clock). */
  readonly actedAt?: number;
  readonly endedAt?: number;
  readonly events: readonly TaskEvent[];
  readonly logs: readonly TaskLog[];
  readonly outputMismatch?: { readonly original: unknown; readonly replayed: unknown };
  readonly cancelRequested?: boolean;
  readonly notes: readonly string[];
}

export function outputOf(result: RunResult): Record<string, unknown> {
  return result.final?.run.output ?? {};
}

/** How a result is named in messages: its run, else its case. */
export function subjectOf(result: Pick<RunResult, 'runId' | 'originalRunId' | 'caseName'>) {
  return result.runId ?? result.originalRunId ?? result.caseName ?? 'run';
}
