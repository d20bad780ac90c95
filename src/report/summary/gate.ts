import { firstLine, inline } from '../../text/sanitize.js';
import { comparison } from './details.js';
import { collapsed, count, modeWord, passMark, runLink } from './format.js';
import { clusterSentence, gateHeadline, LABEL_ORDER, predicate } from './headline.js';
import type { Limits } from './limits.js';
import { RUN_TABLE_HEAD, RUN_TABLE_RULE, runRows } from './rows.js';
import { runBody } from './run.js';
import type { Label, RunGroup } from './view.js';

/** Runs that changed the same way, in the same task, with the same error signature. */
interface Cluster {
  label: Label;
  groups: RunGroup[];
  passed: boolean;
}

function numberOf(group: RunGroup): number {
  return (group.views[0]?.index ?? 0) + 1;
}

/** Clusters, most telling first: not passed before passed, then by label, then the largest. */
export function clustersOf(groups: readonly RunGroup[]): Cluster[] {
  const byKey = new Map<string, Cluster>();
  for (const group of groups) {
    const passed = group.passedCount === group.views.length;
    const after = group.shown.after;
    const key = [passed, group.label, after?.failedTask ?? '', after?.errorSignature ?? ''].join(
      '\n',
    );
    const cluster = byKey.get(key) ?? { label: group.label, groups: [], passed };
    cluster.groups.push(group);
    byKey.set(key, cluster);
  }
  const rank = (c: Cluster) => LABEL_ORDER.indexOf(c.label);
  return [...byKey.values()].sort(
    (a, b) =>
      Number(a.passed) - Number(b.passed) ||
      rank(a) - rank(b) ||
      b.groups.length - a.groups.length ||
      numberOf(a.groups[0] as RunGroup) - numberOf(b.groups[0] as RunGroup),
  );
}

function numbers(groups: readonly RunGroup[], max = 20): string {
  const listed = groups.slice(0, max).map((g) => `#${numberOf(g)}`);
  const more = groups.length - listed.length;
  return `${listed.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

/**
 * A gate of several runs: the headline, what changed how (grouped), one row per run, then the
 * runs that did not pass, most telling first, and the passed ones closed.
 */
export function gatePage(groups: readonly RunGroup[], limits: Limits): string[] {
  const clusters = clustersOf(groups);
  const out = [gateHeadline(groups), '', gateIntro(groups), ''];
  for (const cluster of clusters) {
    const sentence = clusterSentence(
      cluster.label,
      cluster.groups.length,
      shownOf(cluster),
      alike(cluster),
    );
    // Where the failures are is worth listing; the passed runs are in the table.
    out.push(
      `- ${passMark(cluster.passed)} ${sentence}${cluster.passed ? '' : `: ${numbers(cluster.groups)}`}`,
    );
  }
  out.push('', RUN_TABLE_HEAD, RUN_TABLE_RULE);
  for (const cluster of clusters) {
    out.push(
      ...runRows(
        cluster.groups.map((g) => ({ number: `#${numberOf(g)}`, views: g.views, label: g.label })),
      ),
    );
  }
  out.push('');
  if (!limits.details) return out;
  for (const cluster of clusters.filter((c) => !c.passed)) {
    const [first, ...others] = cluster.groups as [RunGroup, ...RunGroup[]];
    out.push(
      `### ❌ ${clusterSentence(cluster.label, cluster.groups.length, first.shown, false, 0).replace(/\*\*/g, '')}`,
      '',
      `Run #${numberOf(first)} ${runLink(first.shown.result.runId ?? first.shown.result.originalRunId, first.shown.result.url)}${others.length > 0 ? `; ${numbers(others)} below, closed` : ''}.`,
      '',
      ...runBody(first.shown, limits, 4, first),
    );
    for (const group of others) {
      out.push(...collapsed(summaryOf(group), runBody(group.shown, limits, 4, group)));
    }
  }
  for (const cluster of clusters.filter((c) => c.passed)) {
    const body = cluster.groups.flatMap((group) => [
      `#### ${passMark(true)} #${numberOf(group)}`,
      '',
      ...comparison(group.shown),
    ]);
    out.push(
      ...collapsed(
        `${passMark(true)} ${count(cluster.groups.length, 'run')} ${predicate(cluster.label)}`,
        body,
      ),
    );
  }
  return out;
}

/** The runs of a cluster share an error signature; their texts can still differ. */
function alike(cluster: Cluster): boolean {
  const texts = new Set(cluster.groups.map((g) => firstLine(g.shown.errors.after ?? '', 120)));
  return texts.size > 1;
}

function shownOf(cluster: Cluster) {
  return (cluster.groups[0] as RunGroup).shown;
}

function summaryOf(group: RunGroup): string {
  const r = group.shown.result;
  const name = r.caseName ?? r.runId ?? r.originalRunId ?? '';
  return `${passMark(false)} #${numberOf(group)} · ${inline(name, 80)}`;
}

function gateIntro(groups: readonly RunGroup[]): string {
  const first = groups[0]?.shown.result;
  const workflows = [...new Set(groups.map((g) => g.shown.result.workflow ?? ''))].filter(Boolean);
  const repeat = Math.max(...groups.map((g) => g.views.length));
  const of =
    workflows.length === 1
      ? ` of **${inline(workflows[0] as string, 80)}**`
      : workflows.length > 1
        ? ` of ${count(workflows.length, 'workflow')}`
        : '';
  const word = modeWord(first?.mode ?? 'replay');
  return [
    `${word.charAt(0).toUpperCase()}${word.slice(1)} of ${count(groups.length, 'run')}${of}`,
    repeat > 1 ? `each repeated ${repeat} times` : '',
    `expected ${first?.expectedStatus ?? 'COMPLETED'}`,
    'most telling first; `#` is the place in the input, linked to the run',
  ]
    .filter(Boolean)
    .join(' · ');
}
