import { inline } from '../../text/sanitize.js';
import { closedDetails, comparison, inputSection } from './details.js';
import { failureSection, type ShownErrors } from './failure.js';
import { duration, instantOf, newRunLabel, utc } from './format.js';
import { runHeadline } from './headline.js';
import type { Limits } from './limits.js';
import { runRows, RUN_TABLE_HEAD, RUN_TABLE_RULE } from './rows.js';
import type { RunGroup, RunView } from './view.js';

/** The page about one run (with `repeat`, about its attempts): failure first, details closed. */
export function runPage(group: RunGroup, limits: Limits): string[] {
  const view = group.shown;
  const out = [runHeadline(group), ''];
  out.push(...runBody(view, limits, 3, group));
  return out;
}

/**
 * One run's story: where its times count from, why it did not pass, the failed tasks with their
 * error and log, the comparison with the original, the input, then closed details.
 */
export function runBody(view: RunView, limits: Limits, level: number, group?: RunGroup): string[] {
  const h = '#'.repeat(level);
  const r = view.result;
  const shown: ShownErrors = new Set();
  const out: string[] = [intro(view), ''];
  if (r.message) out.push(`> ${inline(r.message, 600)}`, '');
  for (const note of r.notes) out.push(`- ${inline(note, 400)}`);
  if (r.notes.length) out.push('');
  out.push(...failureSection(view, limits, level, shown));
  if (group && group.views.length > 1) {
    out.push(
      `${h} Repetitions`,
      '',
      RUN_TABLE_HEAD.replace('| Run |', '| Repetition |'),
      RUN_TABLE_RULE,
      ...runRows(
        group.views.map((v) => ({
          number: String(v.result.repetition ?? v.index + 1),
          views: [v],
        })),
      ),
      '',
    );
  }
  out.push(
    `${h} ${r.originalRunId ? `Original run vs ${newRunLabel(r.mode).toLowerCase()}` : newRunLabel(r.mode)}`,
    '',
    ...comparison(view, shown),
  );
  out.push(...inputSection(view, limits, h));
  if (limits.details) out.push(...closedDetails(view, limits, shown));
  return out;
}

/** The page's one absolute time, and the convention every other time follows. */
function intro(view: RunView): string {
  const r = view.result;
  const parts = [
    r.caseName !== undefined ? `Case **${inline(r.caseName, 80)}**` : '',
    r.workflow ? `Workflow **${inline(r.workflow, 80)}**` : '',
    r.repetition !== undefined ? `repetition ${r.repetition}` : '',
  ].filter(Boolean);
  const label = r.mode === 'replay' ? 'new attempt' : 'new run';
  if (view.startMs === undefined) {
    parts.push(`the ${label} did not start`);
    return `${capitalised(parts.join(' · '))}.`;
  }
  const originalStart = instantOf(r.original?.run.startedAt);
  const earlier =
    originalStart !== undefined && originalStart <= view.startMs
      ? ` (the original run ${duration(view.startMs - originalStart)} earlier)`
      : '';
  parts.push(`the ${label} started ${utc(view.startMs)}${earlier}`);
  return `${capitalised(parts.join(' · '))}. Times below count from that start.`;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
