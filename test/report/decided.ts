import { withOutcomes } from '../../src/run/assemble.js';
import type { RunResult } from '../../src/run/result.js';
import * as summary from '../../src/report/summary.js';
import * as view from '../../src/report/summary/view.js';

/**
 * A hand-made result as the pipeline hands it to the report: its outcomes worked out from its
 * snapshots by `withOutcomes` (src/run/assemble.ts), the one place that does it; the fixture's
 * own `change` is kept (tests set it to tell a story the snapshots need not).
 */
export const decided = (r: RunResult): RunResult => ({ ...withOutcomes(r), change: r.change });

/** `renderSummary` of results made by hand (see `decided`). */
export const renderSummary: typeof summary.renderSummary = (results, options) =>
  summary.renderSummary(results.map(decided), options);

/** `viewOf` of a result made by hand (see `decided`). */
export const viewOf: typeof view.viewOf = (result, index) => view.viewOf(decided(result), index);

export { SUMMARY_BYTE_BUDGET, axisFor } from '../../src/report/summary.js';
