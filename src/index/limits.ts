import { ArticleError } from './article.js';
import { plural } from '../plural.js';

/**
 * What one file may cost the build. An attachment pasted into a .txt, a page nested ten thousand levels deep or a
 * gigabyte log in the articles folder is skipped (or cut) with the reason, instead of stalling or killing the build.
 */
export interface ReadLimits {
  /** Larger files are skipped unread. */
  maxFileBytes: number;
  /** Longer paragraphs are left out of their article (the rest of it is indexed). */
  maxParagraphChars: number;
  /** Deeper nesting of HTML elements or Markdown lists and quotes: the file is skipped before it is parsed. */
  maxDepth: number;
  /** A file whose reading took longer is skipped (checked after each step, so it bounds what is kept, not the wait). */
  maxFileSeconds: number;
}

export const DEFAULT_LIMITS: ReadLimits = { maxFileBytes: 20_000_000, maxParagraphChars: 100_000, maxDepth: 200, maxFileSeconds: 10 };

// Elements whose end tag may be left out (HTML closes them itself) and elements that never have one: neither nests.
const NOT_NESTING = new Set(
  'p li dt dd tr td th thead tbody tfoot option optgroup rt rp colgroup caption html head body area base br col embed hr img input link meta source track wbr'.split(' '),
);
// No `<` inside a tag: a text of a million unclosed `<a ` costs one pass, not one pass per `<`.
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)(?:[^<>"']|"[^"]*"|'[^']*')*?(\/?)>/gu;

/** How deeply the elements of an HTML text nest, counted in one pass over its tags (stops once past `limit`). */
export function htmlDepth(html: string, limit = Infinity): number {
  let depth = 0;
  let max = 0;
  for (const m of html.matchAll(TAG)) {
    const name = m[2]!.toLowerCase();
    if (NOT_NESTING.has(name) || m[3]) continue;
    if (m[1]) depth = Math.max(0, depth - 1);
    else if ((max = Math.max(max, ++depth)) > limit) break;
  }
  return max;
}

const LIST_ITEM = /^([ \t]*)(?:[-*+]|\d{1,9}[.)])[ \t]/u;
const QUOTES = /^(?:[ \t]*>)+/u;

/** How deeply the lists and quotes of a Markdown text nest: list items by their indentation (two columns a level), quotes by their `>`. */
export function markdownDepth(text: string): number {
  let max = 0;
  for (const line of text.split('\n')) {
    const quotes = QUOTES.exec(line)?.[0].split('>').length ?? 1;
    const rest = line.replace(QUOTES, '');
    const indent = LIST_ITEM.exec(rest)?.[1]!.replace(/\t/gu, '    ').length;
    max = Math.max(max, quotes - 1 + (indent === undefined ? 0 : Math.floor(indent / 2) + 1));
  }
  return max;
}

/** Refuses a text that nests deeper than the limit allows, before a parser builds its tree. */
export function checkDepth(depth: number, limits: ReadLimits): void {
  if (depth > limits.maxDepth) {
    throw new ArticleError(`nested more than ${plural(limits.maxDepth, 'level')} deep (set WENDA_MAX_DEPTH to allow more)`);
  }
}
