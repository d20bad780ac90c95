import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The name the CLI is cached under in the runner's tool cache. */
export const TOOL = 'hatchet';

/**
 * The tool cache's folder for this exact version and arch, when an install there completed:
 * where `@actions/tool-cache`'s `cacheDir` puts a tool and its `find` looks for it
 * (`$RUNNER_TOOL_CACHE/<tool>/<version>/<arch>` beside a `.complete` marker). Looked up here
 * so that a step that finds the CLI cached never loads the tool cache and its HTTP client;
 * undefined sends the installer down its usual path (`tc.find` first).
 */
export function cachedTool(
  version: string,
  arch: string,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const root = env.RUNNER_TOOL_CACHE;
  if (!root) return undefined;
  const dir = join(root, TOOL, version, arch);
  return existsSync(`${dir}.complete`) && existsSync(dir) ? dir : undefined;
}
