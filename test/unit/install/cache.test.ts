import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tc from '@actions/tool-cache';
import { afterEach, describe, expect, it } from 'vitest';
import { TOOL, cachedTool } from '../../../src/install/cache.js';

// cachedTool answers a warm install without loading @actions/tool-cache: it must find what the
// tool cache's own `find` finds, and nothing it does not.

const saved = process.env.RUNNER_TOOL_CACHE;
afterEach(() => {
  if (saved === undefined) delete process.env.RUNNER_TOOL_CACHE;
  else process.env.RUNNER_TOOL_CACHE = saved;
});

/** A tool cache laid out by `layout`: the version folders made, and which have their marker. */
function toolCache(layout: { dir: string; complete: boolean }[]) {
  const root = mkdtempSync(join(tmpdir(), 'tool-cache-'));
  for (const { dir, complete } of layout) {
    mkdirSync(join(root, TOOL, dir), { recursive: true });
    if (complete) writeFileSync(join(root, TOOL, `${dir}.complete`), '');
  }
  process.env.RUNNER_TOOL_CACHE = root;
  return root;
}

describe('cachedTool', () => {
  it.each([
    ['a completed install', [{ dir: '0.104.7/x64', complete: true }], '0.104.7/x64'],
    ['an install that did not complete', [{ dir: '0.104.7/x64', complete: false }], undefined],
    ['another version only', [{ dir: '0.104.6/x64', complete: true }], undefined],
    ['another arch only', [{ dir: '0.104.7/arm64', complete: true }], undefined],
    ['an empty tool cache', [], undefined],
  ])('finds what tool-cache’s find finds: %s', (_what, layout, expected) => {
    const root = toolCache(layout);
    const ours = cachedTool('0.104.7', 'x64');
    expect(ours).toBe(expected && join(root, TOOL, expected));
    expect(ours ?? '').toBe(tc.find(TOOL, '0.104.7', 'x64'));
  });

  it('finds nothing without RUNNER_TOOL_CACHE (the installer’s usual path then says why)', () => {
    delete process.env.RUNNER_TOOL_CACHE;
    expect(cachedTool('0.104.7', 'x64')).toBeUndefined();
  });
});
