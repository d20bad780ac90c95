// `npm run docs` writes CONTRIBUTING.md's "Map of the house" between the `<!-- map -->` /
// `<!-- /map -->` markers from scripts/house.mjs (the architecture test's table); `--check`
// (`npm run docs:check`) fails instead when it differs.
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import * as prettier from 'prettier';
import { SOURCES, TESTS } from './house.mjs';

const FILE = 'CONTRIBUTING.md';
const code = (text) => `\`${text}\``;
const srcPath = (unit) => (unit.endsWith('.ts') ? `src/${unit}` : `src/${unit}/`);

/** The two tables, unformatted: src/ top to bottom with what each unit may import, then test/. */
export function mapTables() {
  const sources = [
    '| Folder or file | May import | What it owns |',
    '|---|---|---|',
    ...SOURCES.map(({ unit, imports, parts = [], owns }) => {
      const paths = [srcPath(unit), ...parts.map((part) => `src/${unit}/${part}/`)];
      const may = imports.length ? imports.map(code).join(', ') : 'nothing';
      return `| ${paths.map(code).join(', ')} | ${may} | ${owns} |`;
    }),
  ];
  const tests = [
    '| Tests | What they hold |',
    '|---|---|',
    ...TESTS.map(({ folder, holds }) => `| ${code(`${folder}/`)} | ${holds} |`),
  ];
  return `${sources.join('\n')}\n\n${tests.join('\n')}`;
}

/** CONTRIBUTING.md with the map written between its markers, formatted as `npm run lint` wants. */
export async function withMap(text) {
  const pattern = /(<!-- map -->\n)[\s\S]*?\n?(<!-- \/map -->)/;
  if (!pattern.test(text)) throw new Error(`${FILE} has no <!-- map --> … <!-- /map --> section`);
  const replaced = text.replace(
    pattern,
    (_all, open, close) => `${open}\n${mapTables()}\n\n${close}`,
  );
  return prettier.format(replaced, {
    ...(await prettier.resolveConfig(FILE)),
    parser: 'markdown',
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const before = readFileSync(FILE, 'utf8');
  const after = await withMap(before);
  if (process.argv.includes('--check')) {
    if (after !== before) {
      console.error(`${FILE}'s map differs from scripts/house.mjs: run \`npm run docs\`.`);
      process.exit(1);
    }
    console.log(`${FILE}'s map matches scripts/house.mjs.`);
  } else {
    writeFileSync(FILE, after);
    console.log(after === before ? `${FILE}'s map is up to date.` : `${FILE}'s map updated.`);
  }
}
