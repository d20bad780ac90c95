import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../harness/sim.mjs';

// `npm run local-action` runs the action from source through @github/local-action, whose stub of
// core.setFailed never sets an exit code: the script must turn a failed action into one.
function localAction(lines: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'local-action-'));
  const example = readFileSync(join(ROOT, '.env.example'), 'utf8');
  const overrides = Object.entries(lines).map(([key, value]) => `${key}=${value}`);
  const envFile = join(dir, '.env');
  writeFileSync(
    envFile,
    [
      ...example
        .split('\n')
        .filter((line) => !Object.keys(lines).some((k) => line.startsWith(`${k}=`))),
      ...overrides,
      `HATCHET_SIM_DIR=${join(dir, 'sim')}`,
      `RUNNER_TEMP=${join(dir, 'runner')}`,
      `GITHUB_STEP_SUMMARY=${join(dir, 'summary.md')}`,
    ].join('\n'),
  );
  const result = spawnSync(process.execPath, [join(ROOT, 'scripts/local-action.mjs')], {
    cwd: ROOT,
    env: { ...process.env, LOCAL_ACTION_ENV_FILE: envFile, FORCE_COLOR: '0' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { ...result, summary: readFileSync(join(dir, 'summary.md'), 'utf8') };
}

describe('npm run local-action', () => {
  it('exits 0 when the replay passes, with action.yml defaults for unset inputs', () => {
    const result = localAction({});
    expect(result.stdout).toContain('FAILED → COMPLETED');
    expect(result.status).toBe(0);
  });

  it('exits non-zero when the action fails', () => {
    const result = localAction({ 'INPUT_RUN-ID': 'not-a-run-id' });
    expect(result.stdout).toMatch(/Input `run-id`/);
    expect(result.summary).toMatch(/Invalid inputs/);
    expect(result.status).toBe(1);
  });

  it('refuses an INPUT_ line action.yml does not declare', () => {
    const result = localAction({ 'INPUT_RUN-IDS': 'x' });
    expect(result.stderr).toMatch(/INPUT_RUN-IDS, but action.yml declares no such input/);
    expect(result.status).toBe(2);
  });
});
