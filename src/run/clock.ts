/** Time, injectable: tests drive the wait loop with a fake clock instead of real sleeps. */
export interface Clock {
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * Sleepers by signal: one abort listener per signal wakes them all. A gate has a sleeper per run
 * on the step's one signal; a listener each would pass Node's limit of 10 per signal
 * (MaxListenersExceededWarning at `concurrency: 20`).
 */
const sleepers = new WeakMap<AbortSignal, Set<() => void>>();

function onAbort(signal: AbortSignal, wake: () => void): () => void {
  let set = sleepers.get(signal);
  if (!set) {
    const woken = new Set<() => void>();
    set = woken;
    sleepers.set(signal, woken);
    signal.addEventListener('abort', () => woken.forEach((fn) => fn()), { once: true });
  }
  set.add(wake);
  return () => set.delete(wake);
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const forget = signal ? onAbort(signal, done) : () => false;
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        forget();
        resolve();
      }
    }),
};
