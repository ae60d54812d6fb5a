import { marked } from 'marked';
import { parse as parseYaml } from 'yaml';
import { ArticleError, type Article } from './article.js';
import { fragmentParagraphs } from './html-text.js';
import { dateFromPath, normaliseDate } from './metadata.js';
import { cleanParagraph } from './paragraph.js';

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/u;

function frontMatter(text: string): { fields: Record<string, unknown>; body: string } {
  const m = FRONT_MATTER.exec(text);
  if (!m) return { fields: {}, body: text };
  const fields: unknown = parseYaml(m[1]!);
  return { fields: fields && typeof fields === 'object' ? (fields as Record<string, unknown>) : {}, body: text.slice(m[0].length) };
}

function field(fields: Record<string, unknown>, name: string): string | null {
  const value = fields[name];
  if (value instanceof Date) return value.toISOString();
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}

/** A Markdown article: title from front matter or the first heading, paragraphs from its blocks. */
export function parseMarkdown(source: string, text: string): Article {
  const { fields, body } = frontMatter(text);
  const tokens = marked.lexer(body);
  const heading = tokens.find((t) => t.type === 'heading');
  // an empty front matter title (title: "") names nothing: the heading does
  const titled = cleanParagraph(field(fields, 'title') ?? '');
  const title = titled || cleanParagraph(heading && 'text' in heading ? String(heading.text) : '');
  if (!title) throw new ArticleError('no title: neither front matter `title:` nor a heading');
  const rest = titled ? tokens : tokens.filter((t) => t !== heading);
  const paragraphs = fragmentParagraphs(marked.parser(rest));
  return {
    source,
    title,
    date: normaliseDate(field(fields, 'date')) ?? dateFromPath(source),
    url: field(fields, 'url'),
    paragraphs,
  };
}
