import * as io from '@actions/io';

const NOT_ON_PATH =
  'Input `install` is false, but no `hatchet` was found on PATH (only an executable file counts: check its execute permission, or its extension on Windows). Install the Hatchet CLI in an earlier step, or set `install: true`.';

/**
 * `install: false`: the `hatchet` on PATH, found the way a shell finds it (`@actions/io`'s
 * `which` honours the execute bit, and PATHEXT on Windows), or a clear error. A module of its
 * own, so that a step with `install: false` never loads the installer (and its HTTP client).
 */
export async function findCliOnPath(): Promise<string> {
  const found = await io.which('hatchet', false);
  if (!found) throw new Error(NOT_ON_PATH);
  return found;
}
