// Shared by hatchet:up and hatchet:down: where things live, and the connection state file.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The pinned Hatchet release (the one the action's `latest` resolved to): one line. */
export const VERSION = readFileSync(join(ROOT, 'scripts/hatchet/VERSION'), 'utf8').trim();
/** Binaries are built once per version and kept outside the repo. */
export const CACHE =
  process.env.HATCHET_REPLAY_CACHE ??
  join(
    process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'),
    'hatchet-replay-action',
    `hatchet-${VERSION}`,
  );
export const BIN = join(CACHE, 'bin');
/** Everything about the running engine: config, logs, the state file the tests read. */
export const WORK = process.env.HATCHET_REPLAY_WORK ?? join(ROOT, '.tmp/hatchet');
export const STATE_FILE = join(WORK, 'state.json');

/** Loopback ports chosen away from the usual ones (8080, 8888, 7077, 8733 …). */
export const PORTS = {
  runtime: Number(process.env.HATCHET_REPLAY_PORT ?? 18_888),
  api: Number(process.env.HATCHET_REPLAY_API_PORT ?? 18_880),
  frontend: Number(process.env.HATCHET_REPLAY_FRONTEND_PORT ?? 18_881),
  grpc: Number(process.env.HATCHET_REPLAY_GRPC_PORT ?? 17_077),
  health: Number(process.env.HATCHET_REPLAY_HEALTH_PORT ?? 18_733),
};

export const DATABASE = process.env.HATCHET_REPLAY_DB ?? 'hatchet_replay_action';
export const PG = {
  host: process.env.PGHOST ?? '127.0.0.1',
  port: process.env.PGPORT ?? '5432',
  user: process.env.PGUSER ?? 'postgres',
  password: process.env.PGPASSWORD ?? '',
};

export function readState() {
  if (!existsSync(STATE_FILE)) return undefined;
  return JSON.parse(readFileSync(STATE_FILE, 'utf8'));
}

export function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
