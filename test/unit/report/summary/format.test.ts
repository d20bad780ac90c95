import { describe, expect, it } from 'vitest';
import {
  code,
  collapsed,
  count,
  duration,
  instantOf,
  modeWord,
  newRunLabel,
  offset,
  offsetOf,
  passMark,
  runLink,
  statusText,
  utc,
} from '../../../../src/report/summary/format.js';
import type { Mode } from '../../../../src/run/result.js';
import { html } from '../../../report/render.js';

const ID = '0b5e1c6a-2f43-4f0e-9a59-6a1c3e7d9b21';
const URL = `https://hatchet.example.com/tenants/t/runs/${ID}`;
const START = Date.UTC(2026, 10, 26, 10, 0, 0);

describe('statusText', () => {
  it.each([
    [undefined, '—'],
    ['', '—'],
    ['COMPLETED', '✅ COMPLETED'],
    ['FAILED', '❌ FAILED'],
    ['CANCELLED', '🚫 CANCELLED'],
    ['TIMED_OUT', '⏱️ TIMED&#95;OUT'],
    ['ABORTED', '🛑 ABORTED'],
    ['ERROR', '⚠️ ERROR'],
    ['RUNNING', '🔄 RUNNING'],
    ['QUEUED', '⏳ QUEUED'],
    ['PAUSED', '❔ PAUSED'],
    // An unknown status from the engine is shown, but inert.
    ['A|B<img src=x>', '❔ A&#124;B&lt;img src=x&gt;'],
    ['`x`', '❔ &#96;x&#96;'],
  ])('%j reads %j', (status, text) => {
    expect(statusText(status)).toBe(text);
  });

  it('cuts a long status at 40 characters', () => {
    expect(statusText('X'.repeat(100))).toBe(`❔ ${'X'.repeat(39)}…`);
  });
});

describe('passMark', () => {
  it.each([
    [true, '✅'],
    [false, '❌'],
  ])('%s is %s', (passed, mark) => {
    expect(passMark(passed)).toBe(mark);
  });
});

describe('duration', () => {
  it.each([
    [undefined, '—'],
    [0, '0ms'],
    [650, '650ms'],
    [1_234, '1.2s'],
    [75_000, '1m 15s'],
    [3_723_000, '1h 2m 3s'],
  ])('%j ms reads %j', (ms, text) => {
    expect(duration(ms)).toBe(text);
  });
});

describe('count', () => {
  it.each([
    [0, 'run', undefined, '0 runs'],
    [1, 'run', undefined, '1 run'],
    [2, 'run', undefined, '2 runs'],
    [1, 'entry', 'entries', '1 entry'],
    [3, 'entry', 'entries', '3 entries'],
  ])('%d %s (plural %s) reads %j', (n, thing, things, text) => {
    expect(count(n, thing, things)).toBe(text);
  });
});

describe('runLink', () => {
  it.each<[string | undefined, string | undefined, boolean, string]>([
    [undefined, URL, false, '—'],
    ['', URL, false, '—'],
    [ID, undefined, false, `\`${ID}\``],
    [ID, URL, false, `[\`${ID}\`](${URL})`],
    // Short: the UUID's first block, the link has the rest.
    [ID, URL, true, `[\`0b5e1c6a\`](${URL})`],
    // Short without a link would lose the id: it stays whole.
    [ID, undefined, true, `\`${ID}\``],
    [
      'http://x.example/a',
      'http://x.example/a',
      false,
      '[`http&#58;//x.example/a`](http://x.example/a)',
    ],
    // Only http(s) addresses are links.
    [ID, 'javascript:alert(1)', false, `\`${ID}\``],
    [ID, 'JAVASCRIPT:alert(1)//https://x', false, `\`${ID}\``],
    [ID, 'ftp://x.example/run', false, `\`${ID}\``],
    [ID, 'http:x.example/run', false, `\`${ID}\``],
    [ID, ' https://x.example/run', false, `\`${ID}\``],
  ])('id %j, url %j, short %s reads %j', (id, url, short, text) => {
    expect(runLink(id, url, short)).toBe(text);
  });

  it('keeps a link’s address inside its parentheses and quotes', () => {
    const link = runLink(ID, 'https://x.example/a b"<img src=x onerror=alert(1)>');
    expect(link).toBe(
      `[\`${ID}\`](https://x.example/a%20b%22%3Cimg%20src=x%20onerror=alert%281%29%3E)`,
    );
    expect(html(link)).not.toMatch(/<img/);
  });

  it('never lets a `)` in the address end the link early', () => {
    const link = runLink(ID, 'https://h.example/a)https://evil.example/x');
    expect(link).toBe(`[\`${ID}\`](https://h.example/a%29https://evil.example/x)`);
    expect(html(link).match(/<a /g)).toHaveLength(1);
  });

  it('escapes an id that is not a UUID (backticks cannot close the code span)', () => {
    const link = runLink('a`<b>|c', undefined);
    expect(link).toBe('`a&#96;&lt;b&gt;&#124;c`');
    expect(html(link)).not.toMatch(/<b>/);
  });

  it('cuts an id at 80 characters', () => {
    expect(runLink('x'.repeat(100), undefined)).toBe(`\`${'x'.repeat(79)}…\``);
  });
});

describe('code', () => {
  it.each([
    ['PaymentError: declined', '<code>PaymentError&#58; declined</code>'],
    [
      '</code><script>alert(1)</script>',
      '<code>&lt;/code&gt;&lt;script&gt;alert(1)&lt;/script&gt;</code>',
    ],
    ['a | b `c`', '<code>a &#124; b &#96;c&#96;</code>'],
    ['[x](https://evil.example)', '<code>&#91;x&#93;(https&#58;//evil.example)</code>'],
    ['line one\nline two', '<code>line one line two</code>'],
  ])('%j becomes %j', (text, out) => {
    expect(code(text)).toBe(out);
  });

  it('makes no live HTML of what it is given', () => {
    expect(html(code('<img src=x onerror=alert(1)>'))).not.toMatch(/<img/);
  });

  it('cuts at `max` characters (160 unless told)', () => {
    expect(code('y'.repeat(200))).toBe(`<code>${'y'.repeat(159)}…</code>`);
    expect(code('abcdefgh', 4)).toBe('<code>abc…</code>');
  });
});

describe('instantOf', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['not a time', undefined],
    ['2026-11-26T10:00:00Z', START],
    ['2026-11-26T10:00:00.5Z', START + 500],
    ['2026-11-26T11:00:00+01:00', START],
  ])('%j is %j', (timestamp, ms) => {
    expect(instantOf(timestamp)).toBe(ms);
  });
});

describe('utc', () => {
  it.each([
    [START, '2026-11-26 10:00:00 UTC'],
    [START + 123, '2026-11-26 10:00:00.123 UTC'],
    [0, '1970-01-01 00:00:00 UTC'],
  ])('%d reads %j', (ms, text) => {
    expect(utc(ms)).toBe(text);
  });
});

describe('offset', () => {
  it.each([
    [0, '+0ms'],
    [650, '+650ms'],
    [999, '+999ms'],
    [-300, '−300ms'],
    [1_000, '+1s'],
    [1_250, '+1.25s'],
    [1_500, '+1.5s'],
    [10_000, '+10s'],
    [20_050, '+20.05s'],
    [-2_500, '−2.5s'],
    [125_000, '+2m 5s'],
    [-3_723_000, '−1h 2m 3s'],
    // Rounding never shows a unit's upper bound: the next unit takes it.
    [999.6, '+1s'],
    [59_999, '+1m'],
  ])('%d ms reads %j', (ms, text) => {
    expect(offset(ms)).toBe(text);
  });
});

describe('offsetOf', () => {
  it.each<[string | undefined, number | undefined, string]>([
    ['2026-11-26T10:00:01.25Z', START, '+1.25s'],
    ['2026-11-26T09:59:59.7Z', START, '−300ms'],
    [undefined, START, ''],
    ['garbage', START, ''],
    ['2026-11-26T10:00:01Z', undefined, ''],
  ])('%j from %j reads %j', (timestamp, startMs, text) => {
    expect(offsetOf(timestamp, startMs)).toBe(text);
  });
});

describe('modeWord and newRunLabel', () => {
  it.each<[Mode, string, string]>([
    ['replay', 'replay', 'New attempt'],
    ['retrigger', 're-trigger', 'New run'],
    ['trigger', 'trigger', 'New run'],
  ])('%s is a %s with a %s', (mode, word, label) => {
    expect(modeWord(mode)).toBe(word);
    expect(newRunLabel(mode)).toBe(label);
  });
});

describe('collapsed', () => {
  it('wraps the body in a closed section, blank lines around it', () => {
    expect(collapsed('Events', ['- one', '- two'])).toEqual([
      '<details><summary>Events</summary>',
      '',
      '- one',
      '- two',
      '',
      '</details>',
      '',
    ]);
  });

  it('keeps the markdown body parsed as markdown inside the section', () => {
    const page = html(collapsed('Log', ['| a | b |', '|---|---|', '| 1 | 2 |']).join('\n'));
    expect(page).toMatch(
      /<details><summary>Log<\/summary>[\s\S]*<table>[\s\S]*<\/table>[\s\S]*<\/details>/,
    );
  });
});
