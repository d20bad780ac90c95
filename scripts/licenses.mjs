// dist/licenses.txt for every package bundled into dist/, chunks included. `ncc --license` lists
// only the packages of some chunks once the bundle is split by `import()` (the installer's
// @actions/tool-cache went missing), so `npm run package` writes the file from ncc's stats
// instead, in ncc's format: name, license, the package's license text.
// Usage: node scripts/licenses.mjs STATS_JSON OUT_FILE
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const [statsFile, outFile] = process.argv.slice(2);
if (!statsFile || !outFile) throw new Error('usage: licenses.mjs STATS_JSON OUT_FILE');
const stats = JSON.parse(readFileSync(statsFile, 'utf8'));

/** Package directories (under node_modules, nested ones included) of every bundled module. */
const packages = new Set();
const walk = (modules = []) => {
  for (const module of modules) {
    const path = /^(?:\.\/)?(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(module.name ?? '');
    if (path) packages.add(path[1]);
    walk(module.modules);
  }
};
walk(stats.modules);
for (const chunk of stats.chunks ?? []) walk(chunk.modules);

const entries = [...packages].map((dir) => {
  const pkg = JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8'));
  const file = readdirSync(join(ROOT, dir)).find((f) => /^licen[cs]e/i.test(f));
  const text =
    file && existsSync(join(ROOT, dir, file)) ? readFileSync(join(ROOT, dir, file), 'utf8') : '';
  return { name: pkg.name, license: pkg.license ?? '', text };
});
entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
const seen = new Set();
const out = entries
  .filter((e) => !seen.has(e.name) && seen.add(e.name))
  .map((e) => `${e.name}\n${e.license}\n${e.text}`)
  .join('\n\n');
writeFileSync(outFile, out);
