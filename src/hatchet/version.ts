/** The first CLI with `-o json` on `runs get/replay/logs/events` and `trigger`. */
export const MINIMUM_CLI_VERSION = '0.79.1';

/** Whether a `hatchet --version` answer is at least MINIMUM_CLI_VERSION (unknown forms pass). */
export function supportsJson(version: string): boolean {
  const found = /(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!found) return true;
  const have = found.slice(1).map(Number);
  const need = MINIMUM_CLI_VERSION.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    if ((have[i] ?? 0) !== (need[i] ?? 0)) return (have[i] ?? 0) > (need[i] ?? 0);
  }
  return true;
}
