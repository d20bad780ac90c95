import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findCliOnPath } from '../../../src/install/which.js';

const savedPath = process.env.PATH;
afterEach(() => {
  process.env.PATH = savedPath;
});

/** A directory holding a file `hatchet` with the given mode (none: an empty directory). */
function dir(mode?: number) {
  const path = mkdtempSync(join(tmpdir(), 'which-'));
  if (mode !== undefined) writeFileSync(join(path, 'hatchet'), '#!/bin/sh\n', { mode });
  return path;
}

describe.skipIf(process.platform === 'win32')('findCliOnPath', () => {
  it.each<[string, (number | undefined)[], number | undefined]>([
    ['the only executable one', [undefined, 0o755], 1],
    ['the first executable one', [0o755, 0o755], 0],
    ['an executable one after one that cannot be run', [0o644, 0o700], 1],
  ])('finds %s', async (_name, modes, index) => {
    const dirs = modes.map((mode) => dir(mode));
    process.env.PATH = dirs.join(delimiter);
    expect(await findCliOnPath()).toBe(join(dirs[index as number] as string, 'hatchet'));
  });

  it.each<[string, (number | undefined)[]]>([
    ['no hatchet at all', [undefined]],
    ['only one that cannot be run', [0o644]],
  ])('fails clearly with %s', async (_name, modes) => {
    process.env.PATH = modes.map((mode) => dir(mode)).join(delimiter);
    await expect(findCliOnPath()).rejects.toThrow(
      'Input `install` is false, but no `hatchet` was found on PATH (only an executable file counts: check its execute permission, or its extension on Windows). Install the Hatchet CLI in an earlier step, or set `install: true`.',
    );
  });
});
