// Records what `hatchet runs get` shows, every 50–100 ms, around a replay or a trigger on the real
// engine, until the run has settled. A trace is JSON:
//   { name, kind: 'replay'|'trigger', engine, recordedAt, pollMs, before?, snapshots: [ … ],
//     settled: { status, tasks }, actionMs }
// `before` is `runs get` just before the replay (absent for a trigger). Each snapshot is
// { sent, t, code, details? | error?, early? }, in the order the calls were sent: `sent` and `t`
// in ms since the replay/trigger command was started (call sent, answer arrived); early: sent
// before that command returned (the action never sees those); a
// snapshot identical to the previous one is stored as { t, same: true } (only the first of a
// run of identical ones keeps its body). `details` is the CLI's JSON, trimmed: task `input`,
// `additionalMetadata` and `workflowConfig` are dropped, task rows keep only TASK_FIELDS, error
// stacks are cut to their first line.
import { cli } from './engine.mjs';

const TERMINAL = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function shortError(text) {
  if (typeof text !== 'string' || text === '') return text;
  try {
    const parsed = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && typeof parsed.stack === 'string') {
      return JSON.stringify({ ...parsed, stack: parsed.stack.split('\n')[0] });
    }
  } catch {
    // not JSON: keep its first line
  }
  return text.split('\n')[0];
}

/** What a task row keeps in a trace (ids, status, retries, times, output, error). */
const TASK_FIELDS = new Set([
  'metadata',
  'taskExternalId',
  'displayName',
  'status',
  'errorMessage',
  'retryCount',
  'attempt',
  'startedAt',
  'finishedAt',
  'duration',
  'output',
  'type',
]);

export function trim(details) {
  const run = { ...details.run };
  delete run.additionalMetadata;
  run.errorMessage = shortError(run.errorMessage);
  const tasks = (details.tasks ?? []).map((task) => {
    const t = Object.fromEntries(Object.entries(task).filter(([k]) => TASK_FIELDS.has(k)));
    t.metadata = { id: task.metadata.id };
    t.errorMessage = shortError(t.errorMessage);
    return t;
  });
  const taskEvents = (details.taskEvents ?? []).map((e) => ({
    ...e,
    errorMessage: shortError(e.errorMessage),
  }));
  return { run, shape: details.shape, taskEvents, tasks };
}

function impliedStatus(tasks) {
  const s = tasks.map((t) => t.status);
  if (s.includes('FAILED')) return 'FAILED';
  if (s.includes('CANCELLED')) return 'CANCELLED';
  return 'COMPLETED';
}

/**
 * Settled: the run row and every task terminal, the run status what the tasks imply, every task
 * that existed before has a retryCount above its own (for a replay), every task of the shape
 * present — and the snapshot unchanged for `quietMs` (so a late lag still shows).
 */
export function isSettledSnapshot(details, before) {
  const tasks = details.tasks ?? [];
  if (tasks.length === 0 || !TERMINAL.has(details.run.status)) return false;
  if (!tasks.every((t) => TERMINAL.has(t.status))) return false;
  if (impliedStatus(tasks) !== details.run.status) return false;
  const names = new Set(tasks.map((t) => t.displayName.replace(/-\d+$/, '')));
  if (!(details.shape ?? []).every((n) => names.has(n.taskName))) return false;
  if (before) {
    const old = new Map((before.tasks ?? []).map((t) => [t.metadata.id, t.retryCount]));
    if (![...old].every(([id, n]) => tasks.some((t) => t.metadata.id === id && t.retryCount > n))) {
      return false;
    }
  }
  return true;
}

/**
 * Runs `act()` (which replays or triggers and resolves the run id) and polls `runs get` until
 * settled. For a trigger, `act` resolves the new run id; polling starts as soon as it is known.
 */
export async function record({
  state,
  home,
  name,
  kind,
  runId,
  act,
  pollMs = 75,
  quietMs = 4_000,
  timeoutMs = 90_000,
}) {
  let before;
  if (kind === 'replay') {
    const got = await cli(state, home, ['runs', 'get', runId]);
    if (got.code !== 0) throw new Error(`runs get ${runId} before the replay: ${got.stderr}`);
    before = trim(JSON.parse(got.stdout));
  }
  const t0 = Date.now();
  // A replay is polled while `runs replay` is still running (the engine can act before the
  // CLI returns); a trigger's run id is only known once `trigger` returned.
  let acted;
  let actionMs;
  const acting = act().then((result) => {
    acted = result;
    actionMs = Date.now() - t0;
    return result;
  });
  if (kind === 'trigger') await acting;
  const id = kind === 'trigger' ? acted.runId : runId;
  // One `runs get` takes ~250 ms here (mostly the server), so calls overlap: one is sent every
  // `pollMs` (at most 5 in flight); answers are put in the order the calls were sent.
  const answers = [];
  let done = false;
  let inFlight = 0;
  const poll = async () => {
    inFlight++;
    const sent = Date.now() - t0;
    const early = acted === undefined;
    const got = await cli(state, home, ['runs', 'get', id]);
    answers.push({ sent, t: Date.now() - t0, early, got });
    inFlight--;
  };
  const pending = [];
  let settledSince;
  let last;
  let checked = 0;
  const ordered = () => answers.slice().sort((a, b) => a.sent - b.sent);
  while (!done && Date.now() - t0 < timeoutMs) {
    if (inFlight < 5) pending.push(poll());
    await sleep(pollMs);
    // Settled once the answers (in send order) show a settled snapshot for quietMs.
    const list = ordered();
    for (; checked < list.length; checked++) {
      const a = list[checked];
      if (a.got.code !== 0) {
        settledSince = undefined;
        continue;
      }
      const details = trim(JSON.parse(a.got.stdout));
      const same = last && JSON.stringify(details) === JSON.stringify(last);
      last = details;
      if (!a.early && isSettledSnapshot(details, before)) {
        if (!same || settledSince === undefined) settledSince = a.sent;
        if (a.sent - settledSince >= quietMs) done = true;
      } else {
        settledSince = undefined;
      }
    }
  }
  await Promise.all(pending);
  const snapshots = [];
  let previous = '';
  last = undefined;
  for (const a of ordered()) {
    const early = a.early ? { early: true } : {};
    const at = { t: a.t, sent: a.sent, ...early };
    if (a.got.code !== 0) {
      const error = a.got.stderr.trim().split('\n').pop();
      const body = JSON.stringify({ code: a.got.code, error });
      snapshots.push(
        body === previous ? { ...at, same: true } : { ...at, code: a.got.code, error },
      );
      previous = body;
    } else {
      const details = trim(JSON.parse(a.got.stdout));
      const body = JSON.stringify(details);
      snapshots.push(body === previous ? { ...at, same: true } : { ...at, code: 0, details });
      previous = body;
      last = details;
    }
  }
  await acting;
  const settled = last && isSettledSnapshot(last, before) && settledSince !== undefined;
  return {
    name,
    kind,
    engine: state.version,
    recordedAt: new Date(t0).toISOString(),
    pollMs,
    runId: id,
    actionMs,
    action: acted.output,
    ...(before ? { before } : {}),
    snapshots,
    settled: settled
      ? {
          status: last.run.status,
          tasks: Object.fromEntries(
            last.tasks.map((t) => [t.displayName.replace(/-\d+$/, ''), t.status]),
          ),
        }
      : { status: 'UNSETTLED' },
  };
}

/** `runs replay` with the real CLI, as an `act` for `record`. */
export function replayAct(state, home, runId) {
  return async () => {
    const result = await cli(state, home, ['runs', 'replay', runId]);
    if (result.code !== 0) throw new Error(`runs replay ${runId}: ${result.stderr}`);
    return { output: JSON.parse(result.stdout) };
  };
}
