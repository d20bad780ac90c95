// The action's polling rule (src/wait.ts), for the benchmark's arithmetic: 15% of the time
// waited so far, between 200 ms and poll-interval.
export function nextInterval(elapsedMs, pollIntervalMs) {
  return Math.round(Math.min(pollIntervalMs, Math.max(200, elapsedMs * 0.15)));
}
