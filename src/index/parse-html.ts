import { ArticleError, type Article } from './article.js';
import { parseHtmlPage } from './html-text.js';
import { dateFromPath, normaliseDate } from './metadata.js';

/** An .html/.htm page: title from <h1> or <title>, paragraphs from <p>, date and URL from its metadata. */
export function parseHtml(source: string, html: string): Article {
  const page = parseHtmlPage(html);
  if (!page.title) throw new ArticleError('the page has neither <h1> nor <title>');
  return {
    source,
    title: page.title,
    date: normaliseDate(page.date) ?? dateFromPath(source),
    url: page.url,
    paragraphs: page.paragraphs,
  };
}
