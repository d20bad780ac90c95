#!/usr/bin/env node
// npm run test:hatchet — hatchet:up (unless an engine from hatchet:up is already running and
// HATCHET_REUSE=1), the real-engine suite (vitest.hatchet.config.ts: it starts the worker), then
// hatchet:down unless --keep. Extra arguments go to vitest (e.g. a file or `-t name`).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, isAlive, readState } from './lib.mjs';

const args = process.argv.slice(2);
const keep = args.includes('--keep');
const vitestArgs = args.filter((a) => a !== '--keep');
const node = (script, extra = []) =>
  spawnSync(process.execPath, [join(ROOT, script), ...extra], { stdio: 'inherit', cwd: ROOT });

const state = readState();
const reuse = process.env.HATCHET_REUSE === '1' && state?.pid && isAlive(state.pid);
if (!reuse && node('scripts/hatchet/up.mjs').status !== 0) process.exit(1);
const started = Date.now();
const result = spawnSync(
  process.execPath,
  [
    join(ROOT, 'node_modules/vitest/vitest.mjs'),
    'run',
    '--config',
    'vitest.hatchet.config.ts',
    ...vitestArgs,
  ],
  { stdio: 'inherit', cwd: ROOT },
);
console.log(`test:hatchet: suite took ${((Date.now() - started) / 1000).toFixed(1)} s`);
if (!reuse && !keep) node('scripts/hatchet/down.mjs');
process.exit(result.status ?? 1);
