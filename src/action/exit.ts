/** Something the process printed to: its write callback runs once what came before is flushed. */
interface Flushable {
  write(chunk: string, callback: (error?: Error | null) => void): boolean;
}

/**
 * Ends the process once what it printed is flushed: not when its event loop empties, which
 * would wait for the fetches stopped after the verdict to close and for Node's teardown (freeing
 * every object: 10–25 ms of a step's end, measured in BENCHMARKS.md). The exit code is
 * `process.exitCode` (set by a failure) unless `code` is given.
 */
export function exitWhenFlushed(
  code?: number,
  streams: readonly Flushable[] = [process.stdout, process.stderr],
  exit: (code?: number) => void = exitProcess,
): void {
  let pending = streams.length;
  const flushed = () => {
    pending -= 1;
    if (pending === 0) exit(code);
  };
  for (const stream of streams) stream.write('', flushed);
}

/**
 * `process.exit` with `code`, else with `process.exitCode` (`process.exit(undefined)` would end
 * with 0: given an argument, even undefined, it replaces the exit code).
 */
export function exitProcess(code?: number): void {
  process.exit(code ?? process.exitCode);
}
