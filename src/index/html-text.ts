import { load, type Cheerio } from 'cheerio/slim';
import type { AnyNode } from 'domhandler';
import { parse, parseFragment, type ParserOptions } from 'parse5';
import { adapter, type Htmlparser2TreeAdapterMap } from 'parse5-htmlparser2-tree-adapter';
import { cleanParagraph, cleanParagraphs } from './paragraph.js';

// HTML is parsed as cheerio's default `load` parses it (parse5, as browsers do, into cheerio's tree), and the tree is
// handed to cheerio's slim entry: the default entry also loads undici for fetching pages, a quarter of a second of
// every process and worker that reads articles, and the build fetches nothing.
const PARSE5: ParserOptions<Htmlparser2TreeAdapterMap> = { treeAdapter: adapter, scriptingEnabled: true };

const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'dd', 'div', 'dl', 'dt', 'figcaption', 'figure', 'footer', 'h1', 'h2',
  'h3', 'h4', 'h5', 'h6', 'header', 'li', 'main', 'ol', 'p', 'pre', 'section', 'table', 'td', 'th', 'tr', 'ul',
]);
const HIDDEN = new Set(['script', 'style', 'noscript', 'template', 'nav', 'iframe', 'svg', 'form', 'button', 'head']);

/** Text of each block element (and each <br>-separated line) in document order: the paragraphs of an HTML fragment. */
function blockTexts(nodes: AnyNode[]): string[] {
  const out: string[] = [];
  let buffer = '';
  const flush = () => {
    out.push(buffer);
    buffer = '';
  };
  const walk = (node: AnyNode) => {
    if (node.type === 'text') {
      buffer += node.data;
      return;
    }
    if (node.type !== 'tag' && node.type !== 'root') return;
    const name = node.type === 'tag' ? node.name.toLowerCase() : '';
    if (HIDDEN.has(name)) return;
    if (name === 'br') return flush();
    const block = BLOCK.has(name);
    if (block) flush();
    for (const child of node.children) walk(child);
    if (block) flush();
  };
  for (const n of nodes) walk(n);
  flush();
  return cleanParagraphs(out);
}

/** Paragraphs of a body made of HTML fragments (the `<div><span>…</span></div>` bodies of the .txt articles). */
export function fragmentParagraphs(html: string): string[] {
  return blockTexts([parseFragment(html, PARSE5)]);
}

export interface HtmlPage {
  title: string;
  date: string | null;
  url: string | null;
  paragraphs: string[];
}

const DATE_META = [
  'meta[property="article:published_time"]',
  'meta[name="pubdate"]',
  'meta[name="PubDate"]',
  'meta[name="publishdate"]',
  'meta[name="date"]',
  'meta[itemprop="datePublished"]',
];

/** Title (first <h1>, else <title>), date and canonical URL from metadata, paragraphs from <p> (or blocks when a page has none). */
export function parseHtmlPage(html: string): HtmlPage {
  const $ = load(parse(html, PARSE5));
  const h1 = $('h1').first();
  // a heading of nothing to read (white space, a zero-width space) is no title: <title> is
  const title = cleanParagraph(h1.text()) || cleanParagraph($('title').first().text());
  const roots: Cheerio<AnyNode>[] = [$('article').first(), $('main').first(), $('body').first()];
  const root = roots.find((r) => r.length > 0) ?? $.root();
  h1.remove();
  const candidates = root.find('p, h2, h3, h4, h5, h6, li');
  const leaves = candidates.filter((_, el) => $(el).find('p, h2, h3, h4, h5, h6, li').length === 0);
  const paragraphs = leaves.length > 0 ? cleanParagraphs(leaves.toArray().map((el) => $(el).text())) : blockTexts(root.toArray());
  const date =
    DATE_META.map((sel) => $(sel).attr('content')).find(Boolean) ?? $('time[datetime]').first().attr('datetime') ?? null;
  const url = $('link[rel="canonical"]').attr('href') ?? $('meta[property="og:url"]').attr('content') ?? null;
  return { title, date, url, paragraphs };
}
