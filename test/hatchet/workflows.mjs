// The real worker's workflows, on @hatchet-dev/typescript-sdk. Each run's input carries a `key`;
// what each task does is read from `<behaviourDir>/<key>.json` when the task starts, so a test
// sets the behaviour before the original run and changes it before the replay ("merges the fix").
//
// behaviour: { "<task>": { mode, error?, ms?, every?, lines?, blobBytes? } }, a task not named
// runs `ok`:
//   ok          return { task, key, echo: input.value, tag?, blob? }   (any mode: `ms` of work
//               first, then `lines` log lines; `tag` is added to the output when set, to change
//               it between runs; `blobBytes` adds a `blob` of that many bytes)
//   fail        throw new Error(error)
//   slow        sleep `ms`, then ok
//   hang        never finish (until cancelled)
//   fail-once   fail the first execution of this key+task, then ok (a retry, or a replay)
//   fail-every  fail every `every`-th execution of this key+task (1st, every+1st, …)
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const DAG = 'replay-dag';
export const DAG_TASKS = ['root', 'left', 'right', 'join'];
export const TASK = 'replay-task';
export const RETRY_TASK = 'replay-retry';
export const ORPHAN = 'replay-orphan';
/** Only the selection test makes runs of this one, so a filter finds exactly its runs. */
export const SELECT = 'replay-select';

function readBehaviour(dir, key, task) {
  const file = join(dir, `${key}.json`);
  if (!key || !existsSync(file)) return { mode: 'ok' };
  const all = JSON.parse(readFileSync(file, 'utf8'));
  return all[task] ?? { mode: 'ok' };
}

/** Executions of key+task so far, counting this one (synchronous: one worker process). */
function countExecution(dir, key, task) {
  const file = join(dir, `${key}.${task}.count`);
  const n = (existsSync(file) ? Number(readFileSync(file, 'utf8')) : 0) + 1;
  writeFileSync(file, String(n));
  return n;
}

const sleep = (ms, signal) =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

export function behave(dir, task) {
  return async (input, ctx) => {
    const key = input?.key;
    const b = readBehaviour(dir, key, task);
    const n = countExecution(dir, key ?? 'none', task);
    const signal = ctx?.abortController?.signal;
    // `ms` on any other mode: work that long first (real tasks take time: the read model's
    // windows scale with it).
    if (b.ms && b.mode !== 'slow') await sleep(b.ms, signal);
    if (b.lines) await writeLines(ctx, task, b.lines);
    switch (b.mode) {
      case 'fail':
        throw new Error(b.error ?? `${task} failed`);
      case 'slow':
        await sleep(b.ms ?? 3_000, signal);
        break;
      case 'hang':
        while (!signal?.aborted) await sleep(1_000, signal);
        throw new Error(`${task} was cancelled`);
      case 'fail-once':
        if (n === 1) throw new Error(b.error ?? `${task} failed once`);
        break;
      case 'fail-every':
        if ((n - 1) % (b.every ?? 3) === 0)
          throw new Error(b.error ?? `${task} failed (execution ${n})`);
        break;
      default:
        break;
    }
    return {
      task,
      key: key ?? null,
      echo: input?.value ?? null,
      ...(b.tag ? { tag: b.tag } : {}),
      ...(b.blobBytes ? { blob: 'x'.repeat(b.blobBytes) } : {}),
    };
  };
}

/** `count` numbered log lines (one PutLog call each: sent 500 at a time, each batch awaited). */
async function writeLines(ctx, task, count) {
  for (let from = 1; from <= count; from += 500) {
    const batch = Array.from({ length: Math.min(500, count - from + 1) }, (_, i) => from + i);
    await Promise.all(batch.map((n) => ctx.log(`${task} line ${n} of ${count}`)));
  }
}

/** Declares the workflows on a HatchetClient (v1). */
export function declare(hatchet, dir) {
  mkdirSync(dir, { recursive: true });
  const common = { executionTimeout: '15m', scheduleTimeout: '15m' };
  const dag = hatchet.workflow({ name: DAG });
  const root = dag.task({ name: 'root', retries: 0, ...common, fn: behave(dir, 'root') });
  const left = dag.task({
    name: 'left',
    parents: [root],
    retries: 0,
    ...common,
    fn: behave(dir, 'left'),
  });
  const right = dag.task({
    name: 'right',
    parents: [root],
    retries: 0,
    ...common,
    fn: behave(dir, 'right'),
  });
  dag.task({
    name: 'join',
    parents: [left, right],
    retries: 0,
    ...common,
    fn: behave(dir, 'join'),
  });
  const task = hatchet.task({ name: TASK, retries: 0, ...common, fn: behave(dir, TASK) });
  const retry = hatchet.task({
    name: RETRY_TASK,
    retries: 2,
    ...common,
    fn: behave(dir, RETRY_TASK),
  });
  const orphan = hatchet.task({ name: ORPHAN, retries: 0, ...common, fn: behave(dir, ORPHAN) });
  const select = hatchet.task({ name: SELECT, retries: 0, ...common, fn: behave(dir, SELECT) });
  return { dag, task, retry, orphan, select };
}

/** Sets the behaviour of a key's tasks (and resets their execution counters). */
export function setBehaviour(dir, key, behaviour, { resetCounts = false } = {}) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${key}.json`), JSON.stringify(behaviour));
  if (resetCounts) {
    for (const task of [...DAG_TASKS, TASK, RETRY_TASK, ORPHAN, SELECT]) {
      const file = join(dir, `${key}.${task}.count`);
      if (existsSync(file)) writeFileSync(file, '0');
    }
  }
}
