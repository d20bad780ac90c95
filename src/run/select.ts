import type { Hatchet, RunFilter } from '../hatchet/commands.js';
import { withRetries } from '../hatchet/retry.js';
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

/**
 * Lists the runs that match the filter, page by page, until one more than `limit` was seen (to
 * tell whether some were left out). Never the CLI's bulk replay: it gives no per-run baseline.
 */
export async function selectRuns(
  filter: SelectionFilter,
  deps: { hatchet: Hatchet; clock: Clock; signal?: AbortSignal },
): Promise<Selected> {
  const seen = new Set<string>();
  for (let offset = 0; seen.size <= filter.limit; offset += PAGE_SIZE) {
    const rows = await withRetries(
      () => deps.hatchet.listRuns({ ...filter, limit: PAGE_SIZE, offset }, { signal: deps.signal }),
      { sleep: deps.clock.sleep, signal: deps.signal },
    );
    // Runs created between two pages shift the offsets: the same run can come twice.
    for (const row of rows) seen.add(row.metadata.id.toLowerCase());
    if (rows.length < PAGE_SIZE) break;
  }
  const runIds = [...seen];
  return {
    runIds: runIds.slice(0, filter.limit),
    matched: runIds.length,
    more: runIds.length > filter.limit,
  };
}
