// `npm run package`: dist/ from scratch (no chunk of an earlier build left behind), the action's
// bundle with its `import()` chunks, licenses.txt for every bundled package (scripts/licenses.mjs:
// ncc's own list misses packages that only a chunk holds), then the post step's bundle.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const ncc = join(ROOT, 'node_modules/@vercel/ncc/dist/ncc/cli.js');
const run = (script, ...args) =>
  execFileSync(process.execPath, [script, ...args], { cwd: ROOT, stdio: 'inherit' });

const stats = join(mkdtempSync(join(tmpdir(), 'ncc-stats-')), 'stats.json');
rmSync(join(ROOT, 'dist'), { recursive: true, force: true });
run(ncc, 'build', 'src/index.ts', '-o', 'dist', '--minify', '--stats-out', stats);
run(join(ROOT, 'scripts/licenses.mjs'), stats, join(ROOT, 'dist/licenses.txt'));
run(ncc, 'build', 'src/post.ts', '-o', 'dist/post', '--minify');
rmSync(dirname(stats), { recursive: true, force: true });
