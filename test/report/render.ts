// Reading a summary as GitHub shows it: GFM to HTML, what is visible before any click, and the
// text a reader sees.
import { marked } from 'marked';

/** The HTML GitHub would make of the summary (GFM). */
export function html(markdown: string): string {
  return marked.parse(markdown, { gfm: true, async: false }) as string;
}

/**
 * The part of the page a reader sees without opening anything: the content of closed
 * `<details>` is dropped (their `<summary>` line stays).
 */
export function visible(page: string): string {
  const stack: boolean[] = [];
  const shown = () => stack.every(Boolean);
  let out = '';
  let last = 0;
  for (const match of page.matchAll(/<details(\s+open)?[^>]*>|<\/details>/g)) {
    if (shown()) out += page.slice(last, match.index);
    last = match.index + match[0].length;
    if (match[0].startsWith('</')) {
      stack.pop();
      continue;
    }
    const parentShown = shown();
    stack.push(Boolean(match[1]));
    const summary = /^\s*<summary>[\s\S]*?<\/summary>/.exec(page.slice(last));
    if (parentShown && !match[1] && summary) out += summary[0];
  }
  if (shown()) out += page.slice(last);
  return out;
}

/** The text of HTML as read: tags removed, entities decoded. */
export function text(page: string): string {
  return page
    .replace(/<[^>]+>/g, '')
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** How many times `needle` occurs in `haystack`. */
export function occurrences(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}
