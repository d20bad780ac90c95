// `npm run docs`: writes the inputs and outputs tables of README.md from action.yml, between
// the `<!-- inputs -->` / `<!-- outputs -->` markers, and src/settings/defaults.ts (action.yml's
// defaults, the one source the code reads them from). `--check` fails instead when they differ.
// The tables are kept compact (prettier-ignore): aligned, their padding alone would be as large
// as the rest of the README.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as prettier from 'prettier';
import { parse } from 'yaml';

const check = process.argv.includes('--check');
const action = parse(readFileSync('action.yml', 'utf8'));
const cell = (text) =>
  String(text ?? '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\|/g, '\\|');

const inputs = [
  '| Input | Default | Description |',
  '|---|---|---|',
  ...Object.entries(action.inputs).map(
    ([name, spec]) =>
      `| \`${name}\` | ${spec.required ? '**required**' : spec.default === '' || spec.default === undefined ? '`""`' : `\`${cell(spec.default)}\``} | ${cell(spec.description)} |`,
  ),
].join('\n');
const outputs = [
  '| Output | Description |',
  '|---|---|',
  ...Object.entries(action.outputs).map(
    ([name, spec]) => `| \`${name}\` | ${cell(spec.description)} |`,
  ),
].join('\n');

// The defaults the runner fills in for an input the step does not set. An expression (`${{ … }}`)
// is evaluated by the runner, so the action cannot know its value: it is left out.
const defaults = Object.entries(action.inputs)
  .filter(([, spec]) => typeof spec.default === 'string' && spec.default !== '')
  .filter(([, spec]) => !spec.default.includes('${{'))
  .map(([name, spec]) => `  ${JSON.stringify(name)}: ${JSON.stringify(spec.default)},`);
const defaultsFile = 'src/settings/defaults.ts';
const defaultsText = await prettier.format(
  [
    '// Generated from action.yml by `npm run docs`: do not edit (`npm run docs:check` fails when',
    '// it differs). The value the runner gives each input a step does not set.',
    'export const ACTION_DEFAULTS = {',
    ...defaults,
    '} as const;',
    '',
  ].join('\n'),
  { ...(await prettier.resolveConfig(defaultsFile)), parser: 'typescript' },
);

const before = readFileSync('README.md', 'utf8');
let after = before;
for (const [marker, table] of [
  ['inputs', inputs],
  ['outputs', outputs],
]) {
  const pattern = new RegExp(`(<!-- ${marker} -->\\n)[\\s\\S]*?\\n?(<!-- /${marker} -->)`);
  if (!pattern.test(after))
    throw new Error(`README.md has no <!-- ${marker} --> … <!-- /${marker} --> section`);
  after = after.replace(
    pattern,
    `$1\n<!-- prettier-ignore-start -->\n${table}\n<!-- prettier-ignore-end -->\n\n$2`,
  );
}
// Format as `npm run lint` expects, so the generated tables pass `prettier --check`.
after = await prettier.format(after, {
  ...(await prettier.resolveConfig('README.md')),
  parser: 'markdown',
});
const defaultsBefore = existsSync(defaultsFile) ? readFileSync(defaultsFile, 'utf8') : '';
if (check) {
  if (defaultsText !== defaultsBefore) {
    console.error(`${defaultsFile} differs from action.yml: run \`npm run docs\` and commit it.`);
    process.exit(1);
  }
  if (after !== before) {
    console.error(
      'README.md tables differ from action.yml: run `npm run docs` and commit README.md.',
    );
    process.exit(1);
  }
  console.log('README.md tables match action.yml.');
} else {
  if (defaultsText !== defaultsBefore) {
    writeFileSync(defaultsFile, defaultsText);
    console.log(`${defaultsFile} updated from action.yml.`);
  }
  writeFileSync('README.md', after);
  console.log(after === before ? 'README.md is up to date.' : 'README.md updated from action.yml.');
}
