import type { ChildProcess } from 'node:child_process';
import { engineState, startWorker } from './engine.mjs';

// Starts the real worker once for the suite (after registering `replay-orphan`, which no worker
// serves) and stops it, by its own pid, at the end.
let worker: ChildProcess | undefined;

export async function setup() {
  worker = await startWorker(engineState());
}

export function teardown() {
  worker?.kill('SIGTERM');
}
