// The read-model windows of a trace (test/fixtures/traces): shared by scripts/hatchet/windows.mjs
// (the table in test/fixtures/traces/README.md) and test/conformance/simulator.test.ts (the
// simulator must show the windows a real engine showed, in the same order). A trace is
// `{ header: { kind, before, settled }, snapshots: [{ sent, code, details }] }` (traces.mjs).

const TERMINAL = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);
const implied = (tasks) => {
  const s = tasks.map((t) => t.status);
  return s.includes('FAILED') ? 'FAILED' : s.includes('CANCELLED') ? 'CANCELLED' : 'COMPLETED';
};

/** Each window: a predicate over (details, context), true while the window is open. */
export const WINDOWS = {
  'events first (new RETRIED_BY_USER event, no task row changed yet)': {
    replay: true,
    test: (d, c) =>
      d.taskEvents.filter((e) => e.eventType === 'RETRIED_BY_USER').length > c.userRetriesBefore &&
      !d.tasks.some((t) => t.retryCount > (c.retry.get(t.metadata.id) ?? -1)),
  },
  'old terminal run status while the new attempt runs (run row not yet RUNNING)': {
    replay: true,
    test: (d, c) =>
      TERMINAL.has(d.run.status) &&
      d.tasks.some(
        (t) => t.retryCount > (c.retry.get(t.metadata.id) ?? -1) && !TERMINAL.has(t.status),
      ),
  },
  'old downstream rows (a task keeps its pre-replay row while another has a new one)': {
    replay: true,
    test: (d, c) =>
      d.tasks.some((t) => t.retryCount > (c.retry.get(t.metadata.id) ?? -1)) &&
      d.tasks.some((t) => c.retry.has(t.metadata.id) && t.retryCount <= c.retry.get(t.metadata.id)),
  },
  'run row still reads the old status (replay accepted or not, no task row new yet)': {
    replay: true,
    test: (d, c) =>
      d.run.status === c.oldStatus &&
      c.oldStatus !== c.settled &&
      !d.tasks.some((t) => t.retryCount > (c.retry.get(t.metadata.id) ?? -1)),
  },
  'run row reads a terminal status that is not the outcome while new rows exist': {
    replay: false,
    test: (d, c) =>
      TERMINAL.has(d.run.status) &&
      d.run.status !== c.settled &&
      d.tasks.some((t) => t.retryCount > (c.retry.get(t.metadata.id) ?? -1)),
  },
  'run row lags finished tasks (every row new and final, run status differs)': {
    replay: false,
    test: (d, c) =>
      d.tasks.length > 0 &&
      d.tasks.every(
        (t) => TERMINAL.has(t.status) && t.retryCount > (c.retry.get(t.metadata.id) ?? -1),
      ) &&
      d.run.status !== implied(d.tasks),
  },
  'retry blip (a task reads FAILED, then is retried)': {
    replay: false,
    blip: true,
  },
  'not found after trigger (runs get fails)': {
    replay: false,
    trigger: true,
    error: true,
  },
};

/**
 * Each window the trace shows: how long it was open (ms), and when it first opened.
 * @returns {{ found: Record<string, number>, first: Record<string, number> }}
 */
export function classify(trace) {
  const { header, snapshots } = trace;
  const before = header.before;
  const retry = new Map((before?.tasks ?? []).map((t) => [t.metadata.id, t.retryCount]));
  const context = {
    retry,
    userRetriesBefore: (before?.taskEvents ?? []).filter((e) => e.eventType === 'RETRIED_BY_USER')
      .length,
    settled: header.settled.status,
    oldStatus: before?.run.status,
    isSettled: (d) =>
      TERMINAL.has(d.run.status) &&
      d.tasks.length > 0 &&
      d.tasks.every(
        (t) => TERMINAL.has(t.status) && t.retryCount > (retry.get(t.metadata.id) ?? -1),
      ) &&
      d.run.status === implied(d.tasks),
  };
  const found = {};
  const first = {};
  for (const [name, w] of Object.entries(WINDOWS)) {
    if (w.replay && header.kind !== 'replay') continue;
    if (w.trigger && header.kind !== 'trigger') continue;
    let openAt;
    let total = 0;
    let seen = false;
    const close = (t) => {
      if (openAt !== undefined) total += t - openAt;
      openAt = undefined;
    };
    if (w.blip) {
      // A task row FAILED at retryCount n, later the same task at a higher retryCount.
      const failedAt = new Map();
      for (const s of snapshots) {
        if (s.code !== 0) continue;
        for (const t of s.details.tasks) {
          // Only rows of the new attempt: an old row going to the replay is not a retry.
          if (t.retryCount <= (retry.get(t.metadata.id) ?? -1)) continue;
          const k = `${t.metadata.id}:${t.retryCount}`;
          if (t.status === 'FAILED' && !failedAt.has(k)) failedAt.set(k, s.sent);
          for (const [fk, ft] of failedAt) {
            const [id, n] = fk.split(':');
            if (id === t.metadata.id && t.retryCount > Number(n)) {
              if (!seen) first[name] = ft;
              seen = true;
              total = Math.max(total, s.sent - ft);
              failedAt.delete(fk);
            }
          }
        }
      }
    } else {
      for (const s of snapshots) {
        const open = w.error ? s.code !== 0 : s.code === 0 && w.test(s.details, context);
        if (open) {
          if (!seen) first[name] = s.sent;
          seen = true;
          openAt ??= s.sent;
        } else close(s.sent);
      }
      close(snapshots.at(-1)?.sent ?? 0);
    }
    if (seen) found[name] = total;
  }
  return { found, first };
}

/** Each window's total duration (ms) in the trace. */
export const measure = (trace) => classify(trace).found;

/** The windows the trace shows, in the order they first opened (ties: the table's order). */
export function sequence(trace) {
  const { first } = classify(trace);
  const names = Object.keys(WINDOWS);
  return Object.keys(first).sort(
    (a, b) => first[a] - first[b] || names.indexOf(a) - names.indexOf(b),
  );
}

/** A window's short name, as the README's table lists it. */
export const shortName = (name) => name.split(' (')[0];
