import { isTerminal, type RunDetails, type Task, type TerminalStatus } from '../hatchet/schemas.js';
import {
  everyShapeTaskPresent,
  impliedStatus,
  names,
  retryCountsOf,
  staleTasks,
  visibleStatusOf,
} from './snapshot.js';

/**
 * The rules that judge an accepted attempt (hatchet-cli.md §4), in order: the first that
 * decides gives the verdict, and a snapshot none of them holds back is `settled`. Each rule is
 * pure and reads only the `AttemptView` of one snapshot; `verdict.ts` adds what needs memory
 * (acceptance, the drop timeout, confirming FAILED).
 */

export type Verdict =
  | {
      kind: 'settling';
      accepted: boolean;
      visibleStatus: string;
      reason: string;
      recheckInMs?: number;
      /**
       * Every new row is final, but the rows do not agree (an old row, a lagging run row, a
       * missing row): what is unknown, should the timeout come first.
       */
      undecided?: string;
      /** Every row is new and final; only the run row has not caught up (§4.3): ask again now. */
      runRowLags?: true;
    }
  | { kind: 'final'; status: TerminalStatus; reason: string }
  | { kind: 'dropped'; reason: string };

/** One snapshot of an accepted attempt, read once for every rule. */
export interface AttemptView {
  /** The run before the replay; undefined for a new (triggered) run. */
  before?: RunDetails;
  current: RunDetails;
  /** The task rows of this attempt. */
  fresh: Task[];
  /** The task rows still from before the replay. */
  stale: Task[];
  /** Every task row, new or old, whose status is not final. */
  unfinished: Task[];
  /** A task that finished or was retried in this attempt shows the run was picked up. */
  started: boolean;
  /** What the new attempt is doing, for progress lines. */
  visible: string;
  /** The run status every task row together implies. */
  implied: TerminalStatus;
}

/** A rule: a verdict when it decides the snapshot, undefined to leave it to the next rule. */
export type Rule = (view: AttemptView) => Verdict | undefined;

export function viewOf(before: RunDetails | undefined, current: RunDetails): AttemptView {
  const retryBefore = retryCountsOf(before);
  // A row is the new attempt's once its retryCount passed its own pre-replay value (§4.2);
  // a task that did not exist before can only be new.
  const baseline = (task: Task) => retryBefore.get(task.metadata.id) ?? -1;
  const stale = staleTasks(before, current);
  const fresh = current.tasks.filter((task) => !stale.includes(task));
  const started = fresh.some((t) => isTerminal(t.status) || t.retryCount > baseline(t) + 1);
  const runStatus = before ? undefined : current.run.status;
  return {
    before,
    current,
    fresh,
    stale,
    unfinished: current.tasks.filter((task) => !isTerminal(task.status)),
    started,
    visible: visibleStatusOf(fresh, started, stale.length > 0, runStatus),
    implied: impliedStatus(current.tasks.map((task) => task.status)),
  };
}

/** No task row shows the new attempt yet. */
export const noFreshRows: Rule = ({ before, fresh, visible }) => {
  if (fresh.length > 0) return undefined;
  const reason = before
    ? 'the replay was accepted; no task shows its new attempt yet'
    : 'the run has no task rows yet';
  return settling(true, visible, reason);
};

/** A task, new or old, is not finished. */
export const tasksUnfinished: Rule = ({ unfinished, visible }) =>
  unfinished.length > 0 ? settling(true, visible, `${names(unfinished)} not finished`) : undefined;

/**
 * §4.2–4.3: a downstream task keeps its old row until its parent finished again, and the run
 * row counts that old row: neither says anything about the new attempt.
 */
export const rowsFromBefore: Rule = ({ stale, current, visible }) => {
  if (stale.length === 0) return undefined;
  const one = stale.length === 1;
  const undecided = `${names(stale)} kept ${one ? 'its' : 'their'} row from before the replay while every task that ran again had finished (run status: ${current.run.status})`;
  return settling(
    true,
    visible,
    `${names(stale)} still from before the replay`,
    undefined,
    undecided,
  );
};

/** Every task completed, but a task of the workflow's shape has no row yet. */
export const shapeTaskMissing: Rule = ({ implied, current, visible }) => {
  if (implied !== 'COMPLETED' || everyShapeTaskPresent(current)) return undefined;
  const undecided = 'a task of the workflow has no row yet while every other task completed';
  return settling(true, visible, undecided, undefined, undecided);
};

/** §4.3: the run row lags its task rows by up to one more status job. */
export const runRowLagging: Rule = ({ implied, current, visible }) => {
  const runStatus = current.run.status;
  if (runStatus === implied) return undefined;
  const undecided = `the tasks say ${implied} but the run row still reads ${runStatus}`;
  return settling(true, visible, undecided, undefined, undecided, true);
};

/** Every rule that may hold a snapshot back, in the order they are asked. */
export const RULES: readonly Rule[] = [
  noFreshRows,
  tasksUnfinished,
  rowsFromBefore,
  shapeTaskMissing,
  runRowLagging,
];

/** What is left once no rule held the snapshot back: every row agrees, the run is final. */
export function settled({ implied }: AttemptView): Verdict {
  return { kind: 'final', status: implied, reason: `${implied}, settled` };
}

/** The verdict on an accepted attempt, before a FAILED one is confirmed. */
export function decide(view: AttemptView): Verdict {
  for (const rule of RULES) {
    const verdict = rule(view);
    if (verdict) return verdict;
  }
  return settled(view);
}

export function settling(
  accepted: boolean,
  status: string,
  reason: string,
  recheck?: number,
  undecided?: string,
  runRowLags?: true,
): Verdict {
  const verdict: Verdict = { kind: 'settling', accepted, visibleStatus: status, reason };
  if (recheck !== undefined) verdict.recheckInMs = recheck;
  if (undecided !== undefined) verdict.undecided = undecided;
  if (runRowLags) verdict.runRowLags = runRowLags;
  return verdict;
}
