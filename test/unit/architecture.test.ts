import { readFileSync, readdirSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { SOURCES } from '../../scripts/house.mjs';
import { ROOT } from '../harness/sim.mjs';
import { functionLengths, longFunctions } from './functions.js';

// The house's rules (CONTRIBUTING.md, "Map of the house"): every folder and top-level file of
// src/ (a unit) is placed in scripts/house.mjs's table, which says once which units it may
// import; the table points down; no import goes elsewhere, and none goes round in a circle.

/** A source file: its path under src/ (posix) and its text. */
interface Source {
  path: string;
  text: string;
}

type Table = readonly { unit: string; imports: readonly string[] }[];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

const SRC = join(ROOT, 'src');
const files: Source[] = sources(SRC)
  .filter((file) => file.endsWith('.ts'))
  .map((file) => ({
    path: relative(SRC, file).split('\\').join('/'),
    text: readFileSync(file, 'utf8'),
  }));

/** The unit a path under src/ belongs to: its folder, or the file itself at the top level. */
const unitOf = (path: string) => path.split('/')[0] as string;

/**
 * The files under src/ a file imports: `import … from`, `export … from`, `import '…'` and
 * `import('…')`, type-only ones included (a type import is an arrow of the house too).
 */
function importsOf(file: Source): string[] {
  const specifiers = [
    ...file.text.matchAll(/^(?:import|export)\s[^'";]*?from\s*['"](\.[^'"]+)['"]/gm),
    ...file.text.matchAll(/^import\s*['"](\.[^'"]+)['"]/gm),
    ...file.text.matchAll(/\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/g),
  ].map((match) => match[1] as string);
  return specifiers.map((specifier) =>
    posix.normalize(posix.join(posix.dirname(file.path), specifier)).replace(/\.js$/, '.ts'),
  );
}

/** Every import that leaves its unit for one its row does not list, or one above src/. */
export function wrongImports(sourceFiles: readonly Source[], table: Table): string[] {
  const rows = new Map(table.map((row) => [row.unit, row.imports]));
  return sourceFiles.flatMap((file) => {
    const own = unitOf(file.path);
    const allowed = rows.get(own) ?? [];
    return importsOf(file)
      .filter((target) => target.startsWith('../') || unitOf(target) !== own)
      .filter((target) => target.startsWith('../') || !allowed.includes(unitOf(target)))
      .map(
        (target) =>
          `${file.path} imports ${target} (${own} may import: ${allowed.join(', ') || 'nothing'})`,
      );
  });
}

/** Units present under src/ that the table does not place. */
export function unplaced(paths: readonly string[], table: Table): string[] {
  const placed = new Set(table.map((row) => row.unit));
  return [...new Set(paths.map(unitOf))].filter((unit) => !placed.has(unit)).sort();
}

/** Rows that list a unit not further down the table (an arrow up, or sideways). */
export function arrowsUp(table: Table): string[] {
  return table.flatMap((row, index) => {
    const below = new Set(table.slice(index + 1).map((r) => r.unit));
    return row.imports.filter((unit) => !below.has(unit)).map((unit) => `${row.unit} → ${unit}`);
  });
}

/**
 * The import circles: each group of files that reach one another (a strongly connected
 * component, Tarjan), named by its files and one circle through them, e.g.
 * `run/a.ts, run/b.ts (run/a.ts → run/b.ts → run/a.ts)`.
 */
export function importCycles(sourceFiles: readonly Source[]): string[] {
  const known = new Set(sourceFiles.map((file) => file.path));
  const edges = new Map(
    sourceFiles.map((file) => [
      file.path,
      [...new Set(importsOf(file).filter((t) => known.has(t)))],
    ]),
  );
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const groups: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node) as number);
    stack.push(node);
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) visit(next);
      if (stack.includes(next))
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
    }
    if (low.get(node) !== index.get(node)) return;
    const group: string[] = [];
    for (let top = stack.pop(); top !== undefined; top = top === node ? undefined : stack.pop())
      group.push(top);
    const selfLoop = (edges.get(node) ?? []).includes(node);
    if (group.length > 1 || selfLoop) groups.push(group.sort());
  };
  for (const node of [...known].sort()) if (!index.has(node)) visit(node);
  return groups.map((group) => `${group.join(', ')} (${circleThrough(group, edges)})`).sort();
}

/** The shortest circle from the group's first file back to it, within the group. */
function circleThrough(group: string[], edges: Map<string, string[]>): string {
  const start = group[0] as string;
  const inGroup = new Set(group);
  const paths = new Map<string, string[]>([[start, [start]]]);
  for (const path of paths.values()) {
    const last = path[path.length - 1] as string;
    for (const next of edges.get(last) ?? []) {
      if (next === start) return [...path, start].join(' → ');
      if (inGroup.has(next) && !paths.has(next)) paths.set(next, [...path, next]);
    }
  }
  return group.join(' → ');
}

/** Why a module of src/ may go without a unit test file of its own. */
type Exemption = 'entry' | 'types' | 're-exports';

/**
 * The modules of src/ without test/unit/<same path>.test.ts, and why: each reason is checked
 * against the module's text (exemptionProblems), so the list cannot hide a module that grew code.
 */
const NO_UNIT_TEST: Readonly<Record<string, Exemption>> = {
  // The action's entry points (action.yml's `main` and `post`, bundled into dist/): an import and
  // one awaited call, exporting nothing; run() and cleanup() have their own tests, and the entry
  // points run end to end in test/e2e.
  'index.ts': 'entry',
  'post.ts': 'entry',
  // Declares types only (RunPlan, RunTarget): nothing in it runs.
  'run/plan.ts': 'types',
  // Only re-exports, for publish.ts to load with import(): its modules have their own tests.
  'report/reporting.ts': 're-exports',
};

/** The unit test file of a module of src/: `x/y.ts` → `x/y.test.ts`, under test/unit/. */
const unitTestOf = (path: string) => path.replace(/\.ts$/, '.test.ts');

/** Modules of src/ (paths under it) with no unit test file and no exemption. */
export function missingUnitTests(
  modules: readonly string[],
  unitTests: readonly string[],
  exempt: Readonly<Record<string, Exemption>>,
): string[] {
  const tests = new Set(unitTests);
  return modules
    .filter((path) => !(path in exempt) && !tests.has(unitTestOf(path)))
    .map((path) => `src/${path} has no test/unit/${unitTestOf(path)}`)
    .sort();
}

/** Whether a top-level statement declares a type only, or imports types only. */
function typeOnly(statement: ts.Statement): boolean {
  if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) return true;
  return ts.isImportDeclaration(statement) && statement.importClause?.isTypeOnly === true;
}

/** Whether a top-level statement re-exports from another module (`export … from '…'`). */
function reExport(statement: ts.Statement): boolean {
  return ts.isExportDeclaration(statement) && statement.moduleSpecifier !== undefined;
}

/** Whether a top-level statement exports something (an entry point exports nothing). */
function exports(statement: ts.Statement): boolean {
  if (ts.isExportDeclaration(statement) || ts.isExportAssignment(statement)) return true;
  return (
    ts.canHaveModifiers(statement) &&
    (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
  );
}

/** Exemptions the modules do not bear out: a module gone, or one that is not what it is said to be. */
export function exemptionProblems(
  sourceFiles: readonly Source[],
  exempt: Readonly<Record<string, Exemption>>,
): string[] {
  const byPath = new Map(sourceFiles.map((file) => [file.path, file.text]));
  return Object.entries(exempt).flatMap(([path, why]) => {
    const text = byPath.get(path);
    if (text === undefined) return [`src/${path} is exempted (${why}) but does not exist`];
    const statements = ts.createSourceFile(path, text, ts.ScriptTarget.Latest).statements;
    const holds =
      why === 'types'
        ? statements.every(typeOnly)
        : why === 're-exports'
          ? statements.every((s) => reExport(s) || typeOnly(s))
          : !statements.some(exports);
    return holds ? [] : [`src/${path} is exempted as ${why} but is not`];
  });
}

const UNIT = join(ROOT, 'test/unit');
const unitTests = sources(UNIT)
  .filter((file) => file.endsWith('.test.ts'))
  .map((file) => relative(UNIT, file).split('\\').join('/'));

describe('the house', () => {
  it('places every folder and top-level file of src/ in the table (scripts/house.mjs)', () => {
    expect(
      unplaced(
        files.map((file) => file.path),
        SOURCES,
      ),
    ).toEqual([]);
    const present = new Set(files.map((file) => unitOf(file.path)));
    expect(SOURCES.map((row) => row.unit).filter((unit) => !present.has(unit))).toEqual([]);
  });

  it('writes each direction down the table, once', () => {
    expect(arrowsUp(SOURCES)).toEqual([]);
    const units = SOURCES.map((row) => row.unit);
    expect(new Set(units).size).toBe(units.length);
  });

  it.each(files.map((file) => [file.path, file]))(
    'src/%s imports only what its unit’s row lists',
    (_path, file) => {
      expect(wrongImports([file], SOURCES)).toEqual([]);
    },
  );

  it('has a unit test file for every module of src/', () => {
    // CONTRIBUTING.md: tests mirror src/, one file per module (src/x/y.ts → test/unit/x/y.test.ts).
    expect(
      missingUnitTests(
        files.map((file) => file.path),
        unitTests,
        NO_UNIT_TEST,
      ),
    ).toEqual([]);
    expect(exemptionProblems(files, NO_UNIT_TEST)).toEqual([]);
  });

  it('has no import circle in src/', () => {
    expect(importCycles(files)).toEqual([]);
  });

  it('has no source file over 250 lines', () => {
    const long = files
      .map((file) => [file.path, file.text.split('\n').length] as const)
      .filter(([, lines]) => lines > 251);
    expect(long).toEqual([]);
  });

  it('has no function over 60 lines in src/', () => {
    // Every function-like node, nested and anonymous ones too (test/unit/functions.ts).
    const src = files.map((file) => ({ path: `src/${file.path}`, text: file.text }));
    expect(longFunctions(src, 60)).toEqual([]);
  });

  it('parses what the CLI prints with schemas, never with casts', () => {
    // `as` on parsed data hides a shape the CLI did not print; zod checks it instead.
    const casts = files
      .filter((file) => ['hatchet', 'run', 'install'].includes(unitOf(file.path)))
      .flatMap((file) =>
        file.text
          .split('\n')
          .filter(
            (line) =>
              /\bas (?!const\b)[A-Z{[]/.test(line) && /JSON\.parse|stdout|readFile/.test(line),
          )
          .map((line) => `src/${file.path}: ${line.trim()}`),
      );
    expect(casts).toEqual([]);
  });
});

describe('the house’s rules, on fixtures (they are not vacuous)', () => {
  const table: Table = [
    { unit: 'main.ts', imports: ['report', 'hatchet'] },
    { unit: 'report', imports: ['hatchet'] },
    { unit: 'hatchet', imports: [] },
  ];
  const fixture = (path: string, text: string): Source => ({ path, text });

  it('flags an import up the table, a type import, an export and an import() alike', () => {
    const upward = [
      fixture('hatchet/cli.ts', "import { publish } from '../report/publish.js';"),
      fixture('hatchet/a.ts', "import type {\n  Shown,\n} from '../report/view.js';"),
      fixture('hatchet/b.ts', "export { x } from '../main.js';"),
      fixture('hatchet/c.ts', "const m = () => import('../report/write.js');"),
      fixture('report/d.ts', "import '../../scripts/house.mjs';"),
    ];
    expect(wrongImports(upward, table)).toEqual([
      'hatchet/cli.ts imports report/publish.ts (hatchet may import: nothing)',
      'hatchet/a.ts imports report/view.ts (hatchet may import: nothing)',
      'hatchet/b.ts imports main.ts (hatchet may import: nothing)',
      'hatchet/c.ts imports report/write.ts (hatchet may import: nothing)',
      'report/d.ts imports ../scripts/house.mjs (report may import: hatchet)',
    ]);
  });

  it('lets a unit import itself and what its row lists', () => {
    const down = [
      fixture('main.ts', "import { a } from './report/a.js';\nimport { b } from './hatchet/b.js';"),
      fixture(
        'report/summary/x.ts',
        "import { y } from '../y.js';\nimport { z } from '../../hatchet/z.js';",
      ),
    ];
    expect(wrongImports(down, table)).toEqual([]);
  });

  it('flags a folder or top-level file the table does not place', () => {
    expect(unplaced(['main.ts', 'action/main.ts', 'report/a.ts', 'loose.ts'], table)).toEqual([
      'action',
      'loose.ts',
    ]);
  });

  it('flags a row that lists a unit above it, itself, or one not in the table', () => {
    const wrong: Table = [
      { unit: 'main.ts', imports: ['report'] },
      { unit: 'report', imports: ['main.ts', 'report', 'action'] },
    ];
    expect(arrowsUp(wrong)).toEqual(['report → main.ts', 'report → report', 'report → action']);
  });

  it('finds every circle, a type import’s too, and nothing in a chain', () => {
    const files = [
      fixture('run/a.ts', "import type { B } from './b.js';"),
      fixture('run/b.ts', "import { c } from './c.js';"),
      fixture('run/c.ts', "import { a } from './a.js';"),
      fixture('run/d.ts', "import { d } from './d.js';"),
      fixture('run/e.ts', "import { a } from './a.js';"),
    ];
    expect(importCycles(files)).toEqual([
      'run/a.ts, run/b.ts, run/c.ts (run/a.ts → run/b.ts → run/c.ts → run/a.ts)',
      'run/d.ts (run/d.ts → run/d.ts)',
    ]);
    expect(importCycles(files.filter((file) => file.path !== 'run/c.ts'))).toEqual([
      'run/d.ts (run/d.ts → run/d.ts)',
    ]);
  });
});

describe('the unit-test rule, on fixtures (it is not vacuous)', () => {
  const fixture = (path: string, text: string): Source => ({ path, text });

  it('wants test/unit/<same path>.test.ts, not a file of the same name elsewhere', () => {
    const modules = ['run/a.ts', 'run/b.ts', 'hatchet/a.ts', 'main.ts', 'entry.ts'];
    const tests = ['run/a.test.ts', 'a.test.ts', 'run/b.property.test.ts', 'main.test.ts'];
    expect(missingUnitTests(modules, tests, { 'entry.ts': 'entry' })).toEqual([
      'src/hatchet/a.ts has no test/unit/hatchet/a.test.ts',
      'src/run/b.ts has no test/unit/run/b.test.ts',
    ]);
  });

  it('checks each exemption against the module', () => {
    const modules = [
      fixture(
        'types.ts',
        "import type { A } from './a.js';\nexport interface B { a: A }\ntype C = B;",
      ),
      fixture('typesAndCode.ts', 'export interface B { a: 1 }\nexport const b = 1;'),
      fixture('typesWithImport.ts', "import { a } from './a.js';\nexport type B = typeof a;"),
      fixture('barrel.ts', "export { a } from './a.js';\nexport type { B } from './b.js';"),
      fixture('barrelAndCode.ts', "export { a } from './a.js';\nexport function c() {}"),
      fixture('entry.ts', "import { run } from './main.js';\n\nawait run();"),
      fixture('entryExporting.ts', "import { run } from './main.js';\nexport const done = run();"),
    ];
    expect(
      exemptionProblems(modules, {
        'types.ts': 'types',
        'typesAndCode.ts': 'types',
        'typesWithImport.ts': 'types',
        'barrel.ts': 're-exports',
        'barrelAndCode.ts': 're-exports',
        'entry.ts': 'entry',
        'entryExporting.ts': 'entry',
        'gone.ts': 'types',
      }),
    ).toEqual([
      'src/typesAndCode.ts is exempted as types but is not',
      'src/typesWithImport.ts is exempted as types but is not',
      'src/barrelAndCode.ts is exempted as re-exports but is not',
      'src/entryExporting.ts is exempted as entry but is not',
      'src/gone.ts is exempted (types) but does not exist',
    ]);
  });
});

describe('the function-length rule, on fixtures (it is not vacuous)', () => {
  /** A function of `lines` lines in all, its doc comment before it not counted. */
  const fn = (name: string, lines: number) =>
    [
      '/** Doc. */',
      `export function ${name}(): number {`,
      ...Array.from({ length: lines - 3 }, (_, i) => `  void ${i};`),
      '  return 0;',
    ].join('\n') + '\n}';

  it('counts from the first line of a function to its last, both included', () => {
    expect(functionLengths(fn('sixty', 60))).toEqual([{ name: 'sixty', line: 2, lines: 60 }]);
    expect(longFunctions([{ path: 'src/ok.ts', text: fn('sixty', 60) }], 60)).toEqual([]);
    expect(longFunctions([{ path: 'src/long.ts', text: fn('sixtyOne', 61) }], 60)).toEqual([
      'src/long.ts:2 sixtyOne (61 lines)',
    ]);
  });

  it('finds methods, arrows and function expressions, nested ones too, by their names', () => {
    const text = [
      'class Cli {',
      '  spawn() {',
      '    const inner = () => {',
      '      return [1].map(function (x) { return x; });',
      '    };',
      '  }',
      '  constructor() {}',
      '}',
      'const obj = { run: async () => 1, go() {} };',
    ].join('\n');
    expect(
      functionLengths(text).map(({ name, line, lines }) => `${line} ${name} ${lines}`),
    ).toEqual([
      '2 Cli.spawn 5',
      '3 inner 3',
      '4 (anonymous) 1',
      '7 Cli.constructor 1',
      '9 run 1',
      '9 go 1',
    ]);
  });
});
