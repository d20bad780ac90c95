// `npm run package`: dist/ from scratch (no chunk of an earlier build left behind), the action's
// bundle with its `import()` chunks, licenses.txt for every bundled package (scripts/licenses.mjs:
// ncc's own list misses packages that only a chunk holds), then the post step's bundle.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const ncc = join(ROOT, 'node_modules/@vercel/ncc/dist/ncc/cli.js');
const run = (script, ...args) =>
  execFileSync(process.execPath, [script, ...args], { cwd: ROOT, stdio: 'inherit' });

// Built aside, then swapped in: a failed build leaves the previous dist/ in place.
mkdirSync(join(ROOT, '.tmp'), { recursive: true });
const work = mkdtempSync(join(ROOT, '.tmp/package-'));
const stats = join(work, 'stats.json');
const out = join(work, 'dist');
try {
  run(ncc, 'build', 'src/index.ts', '-o', out, '--minify', '--stats-out', stats);
  run(join(ROOT, 'scripts/licenses.mjs'), stats, join(out, 'licenses.txt'));
  run(ncc, 'build', 'src/post.ts', '-o', join(out, 'post'), '--minify');
  rmSync(join(ROOT, 'dist'), { recursive: true, force: true });
  renameSync(out, join(ROOT, 'dist'));
} finally {
  rmSync(work, { recursive: true, force: true });
}
