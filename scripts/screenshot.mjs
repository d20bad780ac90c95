// `npm run screenshot`: renders the README's pictures of the job summary the way GitHub shows
// it (GFM, GitHub's markdown CSS, mermaid) in headless Chromium, cropped to the first screen, with
// every <details> as the user first sees it (closed). The markdown comes from the real renderer
// (test/report/screenshots.ts); docs/images/<name>.sha256 records it, and a test compares it with
// the current rendering. Needs Chromium (Debian: apt-get install chromium fonts-noto-color-emoji);
// set CHROMIUM to its path if it is elsewhere.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { marked } from 'marked';
import puppeteer from 'puppeteer-core';
import { runnerImport } from 'vite';
import { ROOT } from '../test/harness/sim.mjs';

/** The first screen of a job summary page. */
const WIDTH = 1000;
const HEIGHT = 900;

const { module } = await runnerImport(join(ROOT, 'test/report/screenshots.ts'), {
  configFile: false,
  logLevel: 'silent',
});
const { SCREENSHOTS, markdownHash } = module;

const css = readFileSync(
  join(ROOT, 'node_modules/github-markdown-css/github-markdown-light.css'),
  'utf8',
);
const mermaid = readFileSync(join(ROOT, 'node_modules/mermaid/dist/mermaid.min.js'), 'utf8');

function page(markdown) {
  // GitHub turns ```mermaid blocks into diagrams; marked leaves them as code, so convert them.
  const body = marked
    .parse(markdown, { gfm: true, async: false })
    .replace(
      /<pre><code class="language-mermaid">([\s\S]*?)<\/code><\/pre>/g,
      '<pre class="mermaid">$1</pre>',
    );
  return `<!doctype html><html><head><meta charset="utf-8"><style>${css}
body { margin: 0; background: #fff; }
.markdown-body { box-sizing: border-box; padding: 24px 32px; }
.frame { border: 1px solid #d0d7de; border-radius: 6px; margin: 8px; }
.title { font: 600 14px -apple-system, "Segoe UI", sans-serif; padding: 12px 16px; border-bottom: 1px solid #d0d7de; background: #f6f8fa; }
</style></head><body><div class="frame"><div class="title">replay summary</div>
<article class="markdown-body">${body}</article></div>
<script>${mermaid}</script>
<script>mermaid.initialize({ startOnLoad: false, theme: 'default' });
mermaid.run().then(() => { document.body.dataset.ready = '1'; });</script></body></html>`;
}

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--font-render-hinting=none'],
});
const dir = join(ROOT, 'docs/images');
mkdirSync(dir, { recursive: true });
try {
  for (const [name, shot] of Object.entries(SCREENSHOTS)) {
    const markdown = shot.markdown();
    const tab = await browser.newPage();
    await tab.setViewport({ width: WIDTH, height: HEIGHT, deviceScaleFactor: 1 });
    await tab.setContent(page(markdown), { waitUntil: 'load' });
    await tab.waitForSelector('body[data-ready="1"]', { timeout: 30_000 });
    const frame = await tab.$('.frame');
    const box = await frame.boundingBox();
    await tab.screenshot({
      path: join(dir, `${name}.png`),
      clip: {
        x: 0,
        y: 0,
        width: WIDTH,
        height: Math.min(HEIGHT, Math.ceil(box.y + box.height + 8)),
      },
    });
    writeFileSync(join(dir, `${name}.sha256`), `${markdownHash(markdown)}\n`);
    await tab.close();
    console.log(`Wrote docs/images/${name}.png and docs/images/${name}.sha256`);
  }
} finally {
  await browser.close();
}
