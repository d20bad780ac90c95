import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { HatchetCliError } from './errors.js';

// The pieces of one CLI process's life that HatchetCli.spawn puts together: starting it, what
// stops it early (its deadline, the job's cancel, too much output) and why it could not start.

export type Child = ChildProcessByStdio<null, Readable, Readable>;
/** Stops the child, the first reason given being the one its call fails with. */
export type Kill = (reason: HatchetCliError) => void;

const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

/** Starts the CLI with nothing on stdin, in its own process group except on Windows. */
export function startChild(binary: string, args: string[], env: NodeJS.ProcessEnv): Child {
  return spawn(binary, args, {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so a deadline kills whatever the CLI started too.
    detached: process.platform !== 'win32',
    windowsHide: true,
  });
}

/**
 * Kills the child at its deadline, or when `signal` aborts; returns what disarms both (called
 * once the child has ended or could not start).
 */
export function armStops(
  call: { command: string; deadlineMs: number; signal?: AbortSignal },
  kill: Kill,
): () => void {
  const { command, deadlineMs, signal } = call;
  const timer = setTimeout(
    () =>
      kill(
        new HatchetCliError(
          `${command} did not answer within ${Math.round(deadlineMs / 1000)}s and was stopped`,
          'deadline',
          command,
        ),
      ),
    deadlineMs,
  );
  const onAbort = () => kill(new HatchetCliError(`${command}: cancelled`, 'aborted', command));
  signal?.addEventListener('abort', onAbort, { once: true });
  return () => {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  };
}

/**
 * Collects what the child prints, and kills it once stdout and stderr hold more than 64 MiB
 * together; returns what reads both, as UTF-8.
 */
export function collectOutput(
  child: Child,
  command: string,
  kill: Kill,
): () => { stdout: string; stderr: string } {
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  let size = 0;
  const collect = (into: Buffer[]) => (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_OUTPUT_BYTES) {
      kill(new HatchetCliError(`${command} printed more than 64 MiB`, 'bad-output', command));
      return;
    }
    into.push(chunk);
  };
  child.stdout.on('data', collect(stdout));
  child.stderr.on('data', collect(stderr));
  return () => ({
    stdout: Buffer.concat(stdout).toString('utf8'),
    stderr: Buffer.concat(stderr).toString('utf8'),
  });
}

/** Why the CLI could not start: it is not there (ENOENT), or anything else, worth a retry. */
export function startFailure(
  error: NodeJS.ErrnoException,
  binary: string,
  command: string,
): HatchetCliError {
  if (error.code === 'ENOENT') {
    const missing = `The Hatchet CLI (${binary}) was not found. Install it (input \`install: true\`) or put \`hatchet\` on PATH.`;
    return new HatchetCliError(missing, 'missing-binary', command);
  }
  return new HatchetCliError(`${command} could not start: ${error.message}`, 'transient', command);
}
