// `npm run screenshot`: runs the demo, renders its job summary the way GitHub does (GFM, GitHub's
// markdown CSS, mermaid for the timeline) in headless Chromium, and writes docs/summary.png and
// docs/summary.md (the normalized markdown, which a test compares with the current summary).
// Needs Chromium (Debian: apt-get install chromium); set CHROMIUM to its path if it is elsewhere.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { marked } from 'marked';
import puppeteer from 'puppeteer-core';
import { normalizeSummary } from '../test/harness/normalize.mjs';
import { DEMO_RUN_ID, orderProcessingSim } from '../test/harness/scenarios.mjs';
import { ROOT, makeToken, runAction } from '../test/harness/sim.mjs';

const result = await runAction({
  sim: orderProcessingSim(),
  inputs: { 'run-id': DEMO_RUN_ID, token: makeToken(), 'poll-interval': '2s' },
});
if (result.code !== 0) throw new Error(`the demo failed:\n${result.stdout}`);

const css = readFileSync(
  join(ROOT, 'node_modules/github-markdown-css/github-markdown-light.css'),
  'utf8',
);
const mermaid = readFileSync(join(ROOT, 'node_modules/mermaid/dist/mermaid.min.js'), 'utf8');
// GitHub turns ```mermaid blocks into diagrams; marked leaves them as code, so convert them here.
const body = marked
  .parse(result.summary, { gfm: true, async: false })
  .replace(
    /<pre><code class="language-mermaid">([\s\S]*?)<\/code><\/pre>/g,
    '<pre class="mermaid">$1</pre>',
  );
const page = `<!doctype html><html><head><meta charset="utf-8"><style>${css}
body { margin: 0; background: #fff; }
.markdown-body { box-sizing: border-box; width: 980px; padding: 24px 32px; }
.frame { border: 1px solid #d0d7de; border-radius: 6px; margin: 16px; }
.title { font: 600 14px -apple-system, "Segoe UI", sans-serif; padding: 12px 16px; border-bottom: 1px solid #d0d7de; background: #f6f8fa; }
</style></head><body><div class="frame"><div class="title">replay summary</div>
<article class="markdown-body">${body}</article></div>
<script>${mermaid}</script>
<script>mermaid.initialize({ startOnLoad: false, theme: 'default' });
mermaid.run().then(() => { document.body.dataset.ready = '1'; });</script></body></html>`;

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--font-render-hinting=none'],
});
try {
  const tab = await browser.newPage();
  await tab.setViewport({ width: 1014, height: 800, deviceScaleFactor: 1 });
  await tab.setContent(page, { waitUntil: 'load' });
  await tab.waitForSelector('body[data-ready="1"]', { timeout: 30_000 });
  // Open the first log section, as an engineer would.
  await tab.$$eval('details', (sections) => sections[2]?.setAttribute('open', ''));
  const frame = await tab.$('.frame');
  await frame.screenshot({ path: join(ROOT, 'docs/summary.png') });
} finally {
  await browser.close();
}
writeFileSync(join(ROOT, 'docs/summary.md'), normalizeSummary(result.summary));
console.log('Wrote docs/summary.png and docs/summary.md');
