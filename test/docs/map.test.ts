import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withMap } from '../../scripts/map.mjs';
import { ROOT } from '../harness/sim.mjs';

// CONTRIBUTING.md's "Map of the house" is written from scripts/house.mjs (`npm run docs`).
const contributing = readFileSync(join(ROOT, 'CONTRIBUTING.md'), 'utf8');
const map = contributing.slice(
  contributing.indexOf('<!-- map -->'),
  contributing.indexOf('<!-- /map -->'),
);

function folders(dir: string, deep: boolean): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      return [path, ...(deep ? folders(path, deep) : [])];
    })
    .map((path) => `${relative(ROOT, path).split('\\').join('/')}/`);
}

describe('the map of the house (CONTRIBUTING.md)', () => {
  it('has its markers', () => {
    expect(map.length).toBeGreaterThan(0);
  });

  it.each([...folders(join(ROOT, 'src'), true), ...folders(join(ROOT, 'test'), false)])(
    'lists %s',
    (folder) => {
      expect(map).toContain(`\`${folder}\``);
    },
  );

  it('lists every top-level file of src/', () => {
    const files = readdirSync(join(ROOT, 'src')).filter((name) => name.endsWith('.ts'));
    expect(files.filter((name) => !map.includes(`\`src/${name}\``))).toEqual([]);
  });

  it('is the one `npm run docs` writes from scripts/house.mjs', async () => {
    expect(await withMap(contributing)).toBe(contributing);
  });
});
