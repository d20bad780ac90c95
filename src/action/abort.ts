import * as core from '../text/actions.js';

/** After SIGINT/SIGTERM the runner kills the step within ~7.5 s: finish well before. */
const ABORT_EXIT_MS = 6_000;

/**
 * Turns the job's cancellation (SIGINT/SIGTERM) into `abort`: everything in flight stops, what
 * was started is cancelled and what is known is written, and the process leaves in time.
 * Returns the function that stops listening.
 */
export function abortOnJobCancel(abort: AbortController): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    if (abort.signal.aborted) return;
    core.warning(
      `Received ${signal}: stopping, cancelling what was started, writing what is known.`,
    );
    abort.abort();
    setTimeout(() => process.exit(1), ABORT_EXIT_MS).unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}
