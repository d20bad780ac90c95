import type { LogLine, RunDetails, TaskEvent, TerminalStatus } from './hatchet/schemas.js';

export type FinalStatus = TerminalStatus | 'TIMED_OUT' | 'ABORTED' | 'ERROR';
export type Mode = 'replay' | 'retrigger';

export interface TaskLog {
  taskId: string;
  taskName: string;
  lines: LogLine[];
  /** The task printed more than the lines shown (or the log could not be fetched). */
  note?: string;
}

/** Everything known about one run at the end, for outputs, the summary and the report file. */
export interface RunResult {
  originalRunId: string;
  /** The run waited on: the same id for a replay, the new run for a re-trigger. */
  runId?: string;
  mode: Mode;
  workflow?: string;
  originalStatus?: string;
  status: FinalStatus;
  expectedStatus: TerminalStatus;
  passed: boolean;
  durationMs?: number;
  url?: string;
  originalUrl?: string;
  /** Why the run did not pass when its status alone does not say (errors, timeouts, mismatches). */
  message?: string;
  original?: RunDetails;
  final?: RunDetails;
  /** The new input of a re-trigger. */
  input?: Record<string, unknown>;
  /** The replay or trigger was accepted: there is a new attempt to follow. */
  started?: boolean;
  /** When the replay or trigger was sent (runner clock, ms). */
  actedAt?: number;
  /** When the action stopped waiting (runner clock, ms). */
  endedAt?: number;
  events: TaskEvent[];
  logs: TaskLog[];
  outputMismatch?: { original: unknown; replayed: unknown };
  cancelRequested?: boolean;
  notes: string[];
}

export function outputOf(result: RunResult): Record<string, unknown> {
  return result.final?.run.output ?? {};
}
