/** How much of each kind of detail goes in; `renderSummary` lowers these step by step. */
export interface Limits {
  events: number;
  logLines: number;
  /** Characters of one error, input or output. */
  text: number;
  /** Failed tasks shown with their error and log (several failed in parallel). */
  failedTasks: number;
  /** Per-run details at all (with many runs, the last step keeps only the table). */
  details: boolean;
  gantt: boolean;
  cutNote?: string;
}

export const SUMMARY_BYTE_LIMIT = 1024 * 1024;
/** GitHub drops a summary over 1 MiB whole: stay well below it. */
export const SUMMARY_BYTE_BUDGET = SUMMARY_BYTE_LIMIT - 64 * 1024;

/** Characters kept of one log line: a huge line is cut, never the number of lines given. */
export const LOG_LINE_CHARS = 2_000;

/**
 * The renderings tried in turn, largest first. The first shows every log line it is given
 * (`log-lines` is applied when logs are fetched); later ones cut only because the budget forces it.
 */
export function limitSteps(logLines: number): Limits[] {
  return [
    { events: 200, logLines, text: 20_000, failedTasks: 10, details: true, gantt: true },
    {
      events: 50,
      logLines: Math.min(logLines, 20),
      text: 4_000,
      failedTasks: 5,
      details: true,
      gantt: true,
      cutNote: 'fewer events and log lines are shown, and long texts are cut',
    },
    {
      events: 10,
      logLines: Math.min(logLines, 5),
      text: 1_000,
      failedTasks: 3,
      details: true,
      gantt: false,
      cutNote: 'only the last events and log lines are shown, and long texts are cut short',
    },
    {
      events: 0,
      logLines: Math.min(logLines, 3),
      text: 300,
      failedTasks: 1,
      details: true,
      gantt: false,
      cutNote: 'events and most log lines are left out and texts are cut short',
    },
    {
      events: 0,
      logLines: 0,
      text: 200,
      failedTasks: 1,
      details: false,
      gantt: false,
      cutNote: 'only the verdict and one row per run are shown',
    },
  ];
}
