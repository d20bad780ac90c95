import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../harness/sim.mjs';
import { markdownHash, SCREENSHOTS } from './screenshots.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

describe.each(Object.entries(SCREENSHOTS))('the README picture %s', (name, shot) => {
  it('is of the current summary (regenerate with `npm run screenshot`)', () => {
    const recorded = readFileSync(join(ROOT, `docs/images/${name}.sha256`), 'utf8').trim();
    expect(markdownHash(shot.markdown())).toBe(recorded);
  });

  it('is a PNG of the first screen', () => {
    const png = readFileSync(join(ROOT, `docs/images/${name}.png`));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    // IHDR: width and height, big-endian, right after the signature and chunk header.
    expect(png.readUInt32BE(16)).toBe(1000);
    expect(png.readUInt32BE(20)).toBeLessThanOrEqual(900);
  });

  it('is in the README, with its alt text', () => {
    expect(readme).toContain(`![${shot.alt}](docs/images/${name}.png)`);
  });
});

describe('the failing replay picture', () => {
  it('is of a replay that fails again, its log open without forcing anything open', () => {
    const markdown = SCREENSHOTS['replay-failing']?.markdown() ?? '';
    expect(markdown.split('\n')[0]).toMatch(/^## ❌ Still failing/);
    expect(markdown).not.toContain('<details open');
    expect(readFileSync(join(ROOT, 'scripts/screenshot.mjs'), 'utf8')).not.toMatch(
      /setAttribute\('open'|\.open = true/,
    );
  });
});
