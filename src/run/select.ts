import type { Hatchet, RunFilter } from '../hatchet/commands.js';
import { timeLeft, withRetries } from '../hatchet/retry.js';
import type { Clock } from './clock.js';

export interface SelectionFilter extends Omit<RunFilter, 'limit' | 'offset'> {
  /** At most this many runs, newest first. */
  limit: number;
}

/** `select-workflow` and its options: which runs to replay, and what no match means. */
export interface Selection extends SelectionFilter {
  onNoMatch: 'fail' | 'pass';
}

export interface Selected {
  /** The newest matching runs, at most `limit`, newest first. */
  runIds: string[];
  /** How many runs matched, as far as the pages read tell. */
  matched: number;
  /** More runs matched than `limit`: only the newest were taken. */
  more: boolean;
}

/** The CLI's default page; several pages are read to reach `select-limit`. */
export const PAGE_SIZE = 50;

export interface SelectDeps {
  hatchet: Hatchet;
  clock: Clock;
  signal?: AbortSignal;
  /** When `timeout` ends (on `clock`): every call and retry is capped by what is left. */
  deadline?: number;
}

/**
 * Lists the runs that match the filter, page by page, until one more than `limit` was seen (to
 * tell whether some were left out). Never the CLI's bulk replay: it gives no per-run baseline.
 * Ends after a page that adds no new run (a server that ignores the offset, or a burst of new
 * runs shifting every page), and after at most the pages `limit` needs and two more.
 */
export async function selectRuns(filter: SelectionFilter, deps: SelectDeps): Promise<Selected> {
  const seen = new Set<string>();
  const retry = {
    sleep: deps.clock.sleep,
    signal: deps.signal,
    deadline: deps.deadline,
    now: deps.clock.now,
  };
  const pages = Math.ceil((filter.limit + 1) / PAGE_SIZE) + 2;
  for (let page = 0; page < pages && seen.size <= filter.limit; page++) {
    const query = { ...filter, limit: PAGE_SIZE, offset: page * PAGE_SIZE };
    const rows = await withRetries(
      ({ deadlineMs }) => deps.hatchet.listRuns(query, { signal: deps.signal, deadlineMs }),
      retry,
    );
    const before = seen.size;
    // Runs created between two pages shift the offsets: the same run can come twice.
    for (const row of rows) seen.add(row.metadata.id.toLowerCase());
    if (rows.length < PAGE_SIZE || seen.size === before) break;
    if ((timeLeft(retry) ?? Infinity) <= 0) break;
  }
  const runIds = [...seen];
  return {
    runIds: runIds.slice(0, filter.limit),
    matched: runIds.length,
    more: runIds.length > filter.limit,
  };
}
