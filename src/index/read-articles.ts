import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { ArticleError, type Article, type ParseResult } from './article.js';
import { decode } from './decode.js';
import { parseHtml } from './parse-html.js';
import { parseJsonl } from './parse-jsonl.js';
import { parseMarkdown } from './parse-markdown.js';
import { parseTxt } from './parse-txt.js';
import { charLength } from '../retrieval/text.js';

const PARSERS: Record<string, (source: string, text: string) => Article> = {
  '.txt': parseTxt,
  '.html': parseHtml,
  '.htm': parseHtml,
  '.md': parseMarkdown,
  '.markdown': parseMarkdown,
};
export const SUPPORTED_EXTENSIONS = [...Object.keys(PARSERS), '.jsonl'];

/** Below this many characters of body text an article is a title or a stub, not something to quote. */
export const MIN_BODY_CHARS = 20;

/** Every file below root, as paths relative to it with `/` between folders, in a stable order; hidden entries left out. */
export async function listArticleFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .filter((rel) => !rel.split('/').some((part) => part.startsWith('.')))
    .sort();
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
