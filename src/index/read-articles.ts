import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { ArticleError, type Article, type ParseResult, type Skipped } from './article.js';
import { decode } from './decode.js';
import { parseHtml } from './parse-html.js';
import { parseJsonl } from './parse-jsonl.js';
import { parseMarkdown } from './parse-markdown.js';
import { parseTxt } from './parse-txt.js';
import { charLength } from '../text/text.js';

const PARSERS: Record<string, (source: string, text: string) => Article> = {
  '.txt': parseTxt,
  '.html': parseHtml,
  '.htm': parseHtml,
  '.md': parseMarkdown,
  '.markdown': parseMarkdown,
};

/** Below this many characters of body text an article is a title or a stub, not something to quote. */
export const MIN_BODY_CHARS = 20;

/**
 * Every file below root, as paths relative to it with `/` between folders, in a stable order; hidden entries left out.
 * A folder that cannot be read is reported to `unreadable` and passed over, like a file that cannot be.
 */
export async function listArticleFiles(root: string, unreadable: (item: Skipped) => void = () => {}): Promise<string[]> {
  const files: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(path.join(root, rel), { withFileTypes: true });
    } catch (e) {
      if (!rel) throw e; // the articles folder itself: the caller says what is wrong with it
      unreadable({ source: `${rel}/`, reason: `cannot read the folder: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(child);
      else if (e.isFile()) files.push(child);
    }
  };
  await walk('');
  return files.sort();
}

function checkBody(article: Article): void {
  const chars = article.paragraphs.reduce((n, p) => n + charLength(p), 0);
  if (chars < MIN_BODY_CHARS) throw new ArticleError(`no body text (${chars} characters after the title)`);
}

/** Parses one file by its extension; anything wrong with it becomes a skip with the reason, never an exception. */
export function parseArticleFile(source: string, bytes: Uint8Array): ParseResult {
  const ext = path.extname(source).toLowerCase();
  const parser = PARSERS[ext];
  if (!parser && ext !== '.jsonl') return { articles: [], skipped: [{ source, reason: `unsupported file type "${ext || '(none)'}"` }] };
  try {
    const { text } = decode(bytes);
    if (!text.trim()) throw new ArticleError('the file is empty');
    const result = parser ? { articles: [parser(source, text)], skipped: [] } : parseJsonl(source, text);
    const articles: Article[] = [];
    for (const article of result.articles) {
      try {
        checkBody(article);
        articles.push(article);
      } catch (e) {
        result.skipped.push({ source: article.source, reason: (e as Error).message });
      }
    }
    return { articles, skipped: result.skipped };
  } catch (e) {
    const reason = e instanceof ArticleError ? e.message : `cannot parse: ${(e as Error).message}`;
    return { articles: [], skipped: [{ source, reason }] };
  }
}
