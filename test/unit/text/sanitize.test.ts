import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import {
  cleanText,
  clip,
  codeBlock,
  firstLine,
  inline,
  logSafe,
  mermaidLabel,
  neutraliseCommands,
} from '../../../src/text/sanitize.js';

/** The HTML GitHub would make of markdown (GFM). */
function html(markdown: string): string {
  return marked.parse(markdown, { gfm: true, async: false }) as string;
}

describe('inline', () => {
  it.each([
    ['a|b', 'a&#124;b'],
    ['<b>x</b>', '&lt;b&gt;x&lt;/b&gt;'],
    ['line1\nline2', 'line1 line2'],
    ['- item', '\\- item'],
    ['# title', '&#35; title'],
    ['[x](javascript:alert(1))', '&#91;x&#93;(javascript&#58;alert(1))'],
    ['@everyone', '&#64;everyone'],
    ['`code`', '&#96;code&#96;'],
    ['see www.evil.example/login', 'see www&#46;evil.example/login'],
    ['WWW.Evil.example', 'WWW&#46;Evil.example'],
  ])('inline(%j) → %j', (text, out) => expect(inline(text)).toBe(out));

  it('cuts at `max` characters, marking the cut', () => {
    expect(inline('abcdefgh', 5)).toBe('abcd…');
  });

  it('renders as the text itself, with no markup', () => {
    const page = html(
      `| ${inline('<img src=x onerror=alert(1)> | *b* [l](https://x.example)')} |\n|---|\n`,
    );
    expect(page).not.toMatch(/<img|<em>|<a /);
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('makes no link of a bare `www.` address (GFM’s extended autolink needs no `:`)', () => {
    const text = 'see www.evil.example/login or https://evil.example and a@evil.example';
    const page = html(`${inline(text)}\n`);
    expect(page).not.toMatch(/<a /);
    expect(page).toContain('www.evil.example/login');
  });
});

describe('firstLine', () => {
  it('is the first non-blank line, escaped', () => {
    expect(firstLine('\n\n  Error: <bad>\n  at x')).toBe('Error&#58; &lt;bad&gt;');
    expect(firstLine(undefined)).toBe('');
  });
});

describe('codeBlock', () => {
  it('fences with more backticks than any run inside, so no line can close it', () => {
    const text = 'a ```` b\n```\n`````';
    const block = codeBlock(text);
    expect(block.startsWith('``````\n')).toBe(true);
    expect((html(block).match(/<pre>/g) ?? []).length).toBe(1);
    expect(html(block)).toContain('a ```` b');
  });

  it('keeps workflow-command-looking lines as text', () => {
    expect(html(codeBlock('::set-output name=status::COMPLETED'))).toContain(
      '::set-output name=status::COMPLETED',
    );
  });
});

describe('cleanText and clip', () => {
  it('replaces broken UTF-16 and removes ANSI, OSC and C0/C1 controls', () => {
    expect(cleanText('a\ud800b')).toBe('a\ufffdb');
    expect(cleanText('\u001b[1;31mx\u001b[0m\u001b]0;title\u0007y\u0085z\u0000')).toBe('xyz');
  });

  it('removes bidi overrides', () => {
    expect(cleanText('a\u202eb\u2066c')).toBe('abc');
  });

  it('clips, saying how much was cut', () => {
    expect(clip('abcdef', 3)).toBe('abc… [3 more characters cut]');
    expect(clip('abc', 3)).toBe('abc');
  });

  it('says how much it cut of a long text (no registered secret needed to see it)', () => {
    expect(cleanText('x'.repeat(500), 100)).toBe(`${'x'.repeat(100)}… [400 more characters cut]`);
    expect(cleanText('x'.repeat(100), 100)).toBe('x'.repeat(100));
  });
});

describe('mermaidLabel', () => {
  it.each(['section Evil', 'click t0 call alert()', 'excludes weekends', 'dateFormat YYYY'])(
    'never starts with a gantt keyword: %j',
    (name) => {
      const label = mermaidLabel(name);
      expect(label).toMatch(/^task /);
      expect(label).toContain(name.split(' ')[0]);
    },
  );

  it('leaves an ordinary name as it is', () => {
    expect(mermaidLabel('charge-payment')).toBe('charge-payment');
  });

  it('keeps only characters mermaid gives no meaning to', () => {
    expect(mermaidLabel('a:b;c#d%%{init}')).toBe('a_b_c_d___init_');
    expect(mermaidLabel('')).toBe('task');
  });
});

describe('logSafe', () => {
  // The runner's parser (ActionCommandManager): a line is trimmed, then `::name …::` must start
  // it; the old `##[name]` form is found anywhere in the line.
  const isCommand = (line: string) =>
    /^::[A-Za-z-]+/.test(line.trim()) || /##\[[A-Za-z-]+/.test(line);

  it.each([
    '::error::x',
    '  ::warning title=a::x',
    'ok ##[error]pwned',
    'ok\n::error::x\n  ##[warning]y',
  ])('keeps %j from acting as a workflow command', (text) => {
    const line = logSafe(text);
    expect(line).not.toContain('\n');
    expect(isCommand(line)).toBe(false);
    expect(isCommand(text)).toBe(true);
  });

  it('keeps the text readable', () => {
    expect(logSafe('ok\nsecond line')).toBe('ok ⏎ second line');
  });
});

describe('neutraliseCommands', () => {
  const isCommand = (line: string) =>
    /^::[A-Za-z-]+/.test(line.trim()) || /##\[[A-Za-z-]+/.test(line);

  it('keeps every line of a text from acting as a workflow command, and keeps its lines', () => {
    const text = 'ok\n::error::x\n  ::set-output name=a::b\nfine ##[warning]y\n\n::debug::z';
    const safe = neutraliseCommands(text);
    expect(text.split('\n').some(isCommand)).toBe(true);
    expect(safe.split('\n')).toHaveLength(text.split('\n').length);
    expect(safe.split('\n').some(isCommand)).toBe(false);
    expect(safe.replace(/\u200b/g, '')).toBe(text);
  });
});
