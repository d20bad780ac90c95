import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../harness/sim.mjs';

// The house's rules (CONTRIBUTING.md, "Map of the house"): each folder may import from the
// folders below it, never from one above.
const LAYERS: Record<string, string[]> = {
  text: [],
  hatchet: ['text'],
  install: ['text', 'hatchet'],
  run: ['text', 'hatchet'],
  report: ['text', 'hatchet', 'run'],
};

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

const SRC = join(ROOT, 'src');
const files = sources(SRC).filter((file) => file.endsWith('.ts'));
const folderOf = (file: string) => relative(SRC, file).split('/')[0] as string;
const importsOf = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/^import[^'"]*['"](\.[^'"]+)['"]/gm)].map((m) =>
    resolve(dirname(file), m[1] as string),
  );

describe('the house', () => {
  it.each(files.map((file) => [relative(ROOT, file), file]))(
    '%s imports only from its own layer or below',
    (_name, file) => {
      const own = folderOf(file);
      const allowed = LAYERS[own];
      if (!allowed) return; // top level (main, setup, gate, inputs, …) may import anything
      const wrong = importsOf(file)
        .map(folderOf)
        .filter((folder) => folder !== own && !allowed.includes(folder));
      expect(wrong).toEqual([]);
    },
  );

  it('has no source file over 250 lines', () => {
    const long = files
      .map((file) => [relative(ROOT, file), readFileSync(file, 'utf8').split('\n').length] as const)
      .filter(([, lines]) => lines > 251);
    expect(long).toEqual([]);
  });

  it('parses what the CLI prints with schemas, never with casts', () => {
    // `as` on parsed data hides a shape the CLI did not print; zod checks it instead.
    const casts = files
      .filter((file) => ['hatchet', 'run', 'install'].includes(folderOf(file)))
      .flatMap((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .filter(
            (line) =>
              /\bas (?!const\b)[A-Z{[]/.test(line) && /JSON\.parse|stdout|readFile/.test(line),
          )
          .map((line) => `${relative(ROOT, file)}: ${line.trim()}`),
      );
    expect(casts).toEqual([]);
  });

  it('would catch a wrong import (the rule is not vacuous)', () => {
    expect(files.some((file) => folderOf(file) === 'hatchet')).toBe(true);
    expect(LAYERS.hatchet).not.toContain('report');
  });
});
