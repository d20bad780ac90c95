#!/usr/bin/env node
// The real worker for test:hatchet: `node test/hatchet/worker.mjs [--register-only]`.
// Reads the engine's connection from .tmp/hatchet/state.json (hatchet:up). With
// --register-only it registers the workflows (including `replay-orphan`, which no running
// worker serves) and exits.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as sdk from '@hatchet-dev/typescript-sdk';

// Node and vite import this CommonJS package differently: find the client class either way.
const Hatchet = sdk.Hatchet ?? sdk.default?.Hatchet ?? sdk.default;
import { declare, ORPHAN } from './workflows.mjs';
import { STATE_FILE, WORK } from '../../scripts/hatchet/lib.mjs';

const state = JSON.parse(readFileSync(process.env.HATCHET_REPLAY_STATE ?? STATE_FILE, 'utf8'));
export const BEHAVIOUR_DIR = process.env.HATCHET_REPLAY_BEHAVIOUR ?? join(WORK, 'behaviour');

const registerOnly = process.argv.includes('--register-only');
const hatchet = Hatchet.init({
  token: state.token,
  host_port: state.grpcAddress,
  api_url: state.serverUrl,
  tls_config: { tls_strategy: 'none' },
  log_level: 'WARN',
});
const workflows = declare(hatchet, BEHAVIOUR_DIR);
const served = registerOnly
  ? [workflows.orphan]
  : [workflows.dag, workflows.task, workflows.retry, workflows.select];
const worker = await hatchet.worker(registerOnly ? 'replay-register' : 'replay-worker', {
  workflows: served,
  slots: 100,
});

if (registerOnly) {
  // `start` registers the workflows, then serves: stop once registered.
  worker.start().catch(() => {});
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const list = await hatchet.workflows.list({ limit: 100 });
      if (list.rows?.some((w) => w.name === ORPHAN)) break;
    } catch {
      // the API may not list it yet
    }
    if (Date.now() > deadline) {
      console.error(`${ORPHAN} was not registered within 30 s`);
      process.exit(1);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await worker.stop();
  process.exit(0);
} else {
  const stop = async () => {
    await worker.stop().catch(() => {});
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  await worker.start();
}
