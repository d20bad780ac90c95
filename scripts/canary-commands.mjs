// The Hatchet CLI commands the action runs, each with every flag it passes: the one list the
// canary (scripts/canary.mjs) checks against the real CLI's `--help`. test/docs/workflows.test.ts
// checks that every command and flag in src/hatchet/commands.ts and src/hatchet/cli.ts is here,
// so the canary cannot fall behind the code, and that every command here is one the code runs.

/** `command`: the words after `hatchet` (empty: the root command). */
export const CANARY_COMMANDS = [
  { command: [], flags: ['--version'] },
  { command: ['runs', 'get'], flags: ['-p', '-o'] },
  { command: ['runs', 'replay'], flags: ['-p', '-o'] },
  { command: ['runs', 'cancel'], flags: ['-p', '-o'] },
  { command: ['runs', 'logs'], flags: ['-p', '-o', '--tail', '--since'] },
  { command: ['runs', 'events'], flags: ['-p', '-o'] },
  {
    command: ['runs', 'list'],
    flags: ['-p', '-o', '-s', '--since', '--until', '-w', '--status', '--limit', '--offset'],
  },
  { command: ['trigger', 'manual'], flags: ['-p', '-o', '-w', '-j'] },
  { command: ['workflows', 'get'], flags: ['-p', '-o'] },
];

/**
 * The flags a cobra `--help` text lists in its "Flags:" and "Global Flags:" sections, short and
 * long forms: a line `  -s, --since string   Show runs…` gives `-s` and `--since`. Flags that
 * appear elsewhere (in the description or the examples) do not count.
 */
export function helpFlags(help) {
  const flags = new Set();
  let inFlags = false;
  for (const line of help.split(/\r?\n/)) {
    if (/^\S.*:\s*$/.test(line)) {
      inFlags = /^(?:Global )?Flags:\s*$/.test(line);
      continue;
    }
    if (!inFlags) continue;
    const match = /^\s+(?:-([A-Za-z0-9]),\s+)?--([A-Za-z0-9][\w-]*)/.exec(line);
    if (!match) continue;
    if (match[1]) flags.add(`-${match[1]}`);
    flags.add(`--${match[2]}`);
  }
  return flags;
}

/** The flags of `wanted` that a `--help` text does not list. */
export function missingFlags(help, wanted) {
  const listed = helpFlags(help);
  return wanted.filter((flag) => !listed.has(flag));
}
