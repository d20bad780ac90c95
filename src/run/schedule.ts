/**
 * When to check a run again (pure: wait.ts asks after every check). Polls densely only where the
 * end is likely — near the end the original run's length predicts, and while only the run row
 * lags finished tasks — with a hard cap on such extra checks; elsewhere the pause is 15% of the
 * time waited so far, between 200 ms and `poll-interval`, so a long run costs one call per
 * `poll-interval`.
 */

export const FIRST_INTERVAL_MS = 200;
/** Checks made sooner than the base rule would: at most this many per run. */
export const DENSE_CAP = 25;
/** Within this before the predicted end, checks follow each other back to back. */
export const NEAR_MS = 300;
/**
 * And within this after it: a prediction errs early (it counts from the replay's send; on a busy
 * real engine the task started up to ~0.5 s after it, and the replay's answer came after that).
 */
export const LATE_MS = 600;
/**
 * A start bracketed at most this widely keeps the checks back to back to NEAR_MS after the latest
 * end it allows. A wider one (reads seconds apart: a long queue) is left to the quarter of the
 * overshoot: back to back across it would spend DENSE_CAP before its end.
 */
export const WIDEST_BRACKET_MS = 1_000;

export interface ScheduleInput {
  /** Since the replay or trigger was sent. */
  elapsedMs: number;
  pollIntervalMs: number;
  /** When (since it was sent) the new attempt should end: the original run's length after its start. */
  expectedEndMs?: number;
  /**
   * The latest it should end, where the checks bracket its start (the one that first showed it
   * running was answered this much later than `expectedEndMs` counts from): checks stay back to
   * back until NEAR_MS after it, if it is at most WIDEST_BRACKET_MS after `expectedEndMs`.
   */
  latestEndMs?: number;
  /** Every new row is final and only the run row disagrees: it catches up within a call or two. */
  rowLags?: boolean;
  /** Dense checks made so far. */
  denseUsed: number;
}

export interface Pause {
  ms: number;
  /** Sooner than the base rule: counts against DENSE_CAP. */
  dense: boolean;
}

/** The base rule: 15% of the time waited so far, between 200 ms and `poll-interval`. */
export function nextInterval(elapsedMs: number, pollIntervalMs: number): number {
  return Math.round(Math.min(pollIntervalMs, Math.max(FIRST_INTERVAL_MS, elapsedMs * 0.15)));
}

export function nextPause(input: ScheduleInput): Pause {
  const base = nextInterval(input.elapsedMs, input.pollIntervalMs);
  if (input.denseUsed >= DENSE_CAP) return { ms: base, dense: false };
  if (input.rowLags) return { ms: 0, dense: true };
  if (input.expectedEndMs === undefined) return { ms: base, dense: false };
  const ahead = input.expectedEndMs - input.elapsedMs;
  // Before the predicted end: halve the distance (never sleep past it); back to back in the
  // window around it; then a quarter of the overshoot, so a longer run is still caught early.
  const { from, until } = denseWindow(input.expectedEndMs, input.latestEndMs);
  const near = input.elapsedMs > from && input.elapsedMs < until;
  const ms = near ? 0 : Math.round(ahead > 0 ? ahead / 2 : -ahead / 4);
  return ms < base ? { ms, dense: true } : { ms: base, dense: false };
}

/**
 * Probes (pace.ts: a look other than `runs get`) a try gets near its predicted end: at least this
 * many, and as many as the back-to-back window holds (a fast CLI answers in ~35 ms).
 */
export const MIN_PROBES = 10;

/**
 * Where the checks follow each other back to back (since the send): from NEAR_MS before the
 * predicted end to LATE_MS after it, or to NEAR_MS after the latest end its start allows if that
 * is within WIDEST_BRACKET_MS of it. The wait's probe (pace.ts) is asked there (and until it was
 * asked MIN_PROBES times).
 */
export function denseWindow(
  expectedEndMs: number,
  latestEndMs = expectedEndMs,
): { from: number; until: number } {
  const bracketed = latestEndMs - expectedEndMs <= WIDEST_BRACKET_MS;
  return {
    from: expectedEndMs - NEAR_MS,
    until: Math.max(expectedEndMs + LATE_MS, bracketed ? latestEndMs + NEAR_MS : 0),
  };
}

/**
 * The predicted end, since the replay was sent: the original run's length, counted from the
 * earliest the new attempt can have been accepted (wait.ts: the last read that did not see it).
 */
export function expectedEndOf(
  originalMs: number | undefined,
  acceptedAfterMs: number | undefined,
): number | undefined {
  if (originalMs === undefined || !(originalMs >= 0)) return undefined;
  return (acceptedAfterMs ?? 0) + originalMs;
}
