#!/usr/bin/env node
// npm run hatchet:down — stops the hatchet-lite that hatchet:up started (its pid from the state
// file, nothing found by name) and drops its database. `--keep-db` keeps the database.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { DATABASE, PG, STATE_FILE, isAlive, readState } from './lib.mjs';

const state = readState();
if (state?.pid && isAlive(state.pid)) {
  try {
    process.kill(-state.pid, 'SIGTERM'); // its process group (started detached)
  } catch {
    process.kill(state.pid, 'SIGTERM');
  }
  const deadline = Date.now() + 15_000;
  while (isAlive(state.pid) && Date.now() < deadline) spawnSync('sleep', ['0.2']);
  if (isAlive(state.pid)) process.kill(state.pid, 'SIGKILL');
  console.log(`hatchet-lite (pid ${state.pid}) stopped`);
} else {
  console.log('no hatchet-lite running from hatchet:up');
}
rmSync(STATE_FILE, { force: true });
if (!process.argv.includes('--keep-db')) {
  const result = spawnSync(
    'psql',
    [
      '-qAt',
      '-h',
      PG.host,
      '-p',
      PG.port,
      '-U',
      PG.user,
      '-d',
      'postgres',
      '-c',
      `DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`,
    ],
    { encoding: 'utf8', env: { ...process.env, PGPASSWORD: PG.password } },
  );
  if (result.status !== 0) console.error(result.stderr.trim());
  else console.log(`database ${DATABASE} dropped`);
}
