import { readdir, realpath, stat } from 'node:fs/promises';
import iconv from 'iconv-lite';
import path from 'node:path';
import { WendaError, errorReason } from '../errors.js';
import { ArticleError, type Article, type ParseResult, type Skipped } from './article.js';
import { decode, UNKNOWN_ENCODING } from '../text/decode.js';
import { parseHtml } from './parse-html.js';
import { parseJsonl } from './parse-jsonl.js';
import { parseMarkdown } from './parse-markdown.js';
import { parseTxt } from './parse-txt.js';
import { charLength } from '../text/text.js';
import { chunkParagraphs } from './chunk.js';
import { checkDepth, DEFAULT_LIMITS, htmlDepth, markdownDepth, type ReadLimits } from './limits.js';
import type { StoredArticle } from './previous.js';

const PARSERS: Record<string, (source: string, text: string) => Article> = {
  '.txt': parseTxt,
  '.html': parseHtml,
  '.htm': parseHtml,
  '.md': parseMarkdown,
  '.markdown': parseMarkdown,
};

/** Below this many characters of body text an article is a title or a stub, not something to quote. */
const MIN_BODY_CHARS = 20;

/** A file to read: its source (the name shown and stored, relative to the folder) and the path to open, by its bytes. */
export interface ArticleFile {
  source: string;
  path: Buffer;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A file name as text: UTF-8 as it is, else GB18030 (zips made on Chinese Windows keep GBK names), else with each
 * byte that is not ASCII escaped (\xNN). The file is always opened by its bytes, whatever the name shows.
 */
function nameOf(bytes: Buffer): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    const gb = iconv.decode(bytes, 'GB18030');
    if (!gb.includes('\uFFFD')) return gb;
    return [...bytes].map((b) => (b < 0x80 ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`)).join('');
  }
}

const SLASH = Buffer.from('/');

/** The error of an articles folder that cannot be listed, with what mends it when it is a matter of permission. */
export function unreadableFolder(root: string, e: unknown): WendaError {
  const code = errorReason(e);
  const hint = code === 'EACCES' || code === 'EPERM' ? ': the user running wenda needs to be able to read it' : '';
  return new WendaError(`cannot read the articles folder ${root} (${code})${hint}`);
}

/**
 * Every file below root, as sources relative to it with `/` between folders, in a stable order; hidden entries left
 * out. Symbolic links are followed when they lead to a file or folder inside root, each linked folder once (a link
 * back to root or to a folder already reached by a link, as loops are, is not followed again); links leading outside,
 * broken links and folders that cannot be read are reported to `unreadable` and passed over, like unreadable files.
 * Root itself that cannot be read is a WendaError naming it.
 */
export async function listArticleFiles(root: string, unreadable: (item: Skipped) => void = () => {}): Promise<ArticleFile[]> {
  const files: ArticleFile[] = [];
  const top = await realpath(root);
  const seen = new Set<string>([top]);
  const sources = new Set<string>();
  const inside = (real: string) => real === top || real.startsWith(top + path.sep);
  const walk = async (dir: Buffer, rel: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true, encoding: 'buffer' });
    } catch (e) {
      if (!rel) throw unreadableFolder(root, e);
      unreadable({ source: `${rel}/`, reason: `cannot read the folder: ${errorReason(e)}` });
      return;
    }
    for (const e of entries) {
      const bytes = e.name; // readdir with encoding 'buffer' gives the names' bytes
      const name = nameOf(bytes);
      if (name.startsWith('.')) continue;
      const child = rel ? `${rel}/${name}` : name;
      const full = Buffer.concat([dir, SLASH, bytes]);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        let real: string;
        try {
          real = await realpath(full, 'utf8');
          const info = await stat(full);
          isDir = info.isDirectory();
          isFile = info.isFile();
        } catch (err) {
          unreadable({ source: child, reason: `a link that leads nowhere: ${errorReason(err)}` });
          continue;
        }
        if (!inside(real)) {
          unreadable({ source: child, reason: 'a link to outside the articles folder: not followed' });
          continue;
        }
        if (isDir && seen.has(real)) {
          unreadable({ source: `${child}/`, reason: 'a link to a folder already read (a loop): not followed again' });
          continue;
        }
        if (isDir) seen.add(real);
      }
      if (isDir) await walk(full, child);
      else if (isFile && sources.has(child)) {
        // a GBK name decoded beside a UTF-8 one that reads the same: one source cannot stand for two files
        unreadable({ source: child, reason: 'another file here has a name that reads the same: rename one of them' });
      } else if (isFile) {
        sources.add(child);
        files.push({ source: child, path: full });
      } else unreadable({ source: child, reason: 'not a regular file (a FIFO, a socket or a device): not read' });
    }
  };
  await walk(Buffer.from(top), '');
  return files.sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
}

function checkBody(article: Article): void {
  const chars = article.paragraphs.reduce((n, p) => n + charLength(p), 0);
  if (chars < MIN_BODY_CHARS) throw new ArticleError(`no body text (${chars} characters after the title, fewer than ${MIN_BODY_CHARS})`);
}

/** Nesting a parser would have to build a tree for: refused before it tries (HTML in .txt and Markdown too). */
function checkNesting(ext: string, text: string, limits: ReadLimits): void {
  if (ext === '.jsonl') return;
  checkDepth(htmlDepth(text, limits.maxDepth), limits);
  if (ext === '.md' || ext === '.markdown') checkDepth(markdownDepth(text), limits);
}

/**
 * Paragraphs within the length limit, and why each one past it is left out: emptied, not removed, so that the
 * paragraphs after it keep their numbers (chunk.ts passes over an empty one).
 */
function withinLength(article: Article, limits: ReadLimits): { article: Article; leftOut: string[] } {
  const leftOut: string[] = [];
  const paragraphs = article.paragraphs.map((p, i) => {
    if (p.length <= limits.maxParagraphChars) return p;
    leftOut.push(`paragraph ${i + 1} left out: ${p.length} characters, over the limit of ${limits.maxParagraphChars} (WENDA_MAX_PARAGRAPH_CHARS)`);
    return '';
  });
  return { article: leftOut.length === 0 ? article : { ...article, paragraphs }, leftOut };
}

/** Parses one file by its extension; anything wrong with it becomes a skip with the reason, never an exception. */
export function parseArticleFile(source: string, bytes: Uint8Array, limits: ReadLimits = DEFAULT_LIMITS): ParseResult {
  const ext = path.extname(source).toLowerCase();
  const parser = PARSERS[ext];
  if (!parser && ext !== '.jsonl') return { articles: [], skipped: [{ source, reason: `unsupported file type "${ext || '(none)'}"` }] };
  try {
    if (bytes.length > limits.maxFileBytes) throw new ArticleError(tooLarge(bytes.length, limits));
    const text = decode(bytes)?.text;
    if (text === undefined) throw new ArticleError(UNKNOWN_ENCODING);
    if (!text.trim()) throw new ArticleError('the file is empty');
    checkNesting(ext, text, limits);
    const result = parser ? { articles: [parser(source, text)], skipped: [] } : parseJsonl(source, text);
    const articles: Article[] = [];
    for (const parsed of result.articles) {
      const { article, leftOut } = withinLength(parsed, limits);
      try {
        checkBody(article);
      } catch (e) {
        // an article left with no body once its long paragraphs are out: one reason says both, and it counts once
        result.skipped.push({ source: parsed.source, reason: [(e as Error).message, ...leftOut].join('; ') });
        continue;
      }
      result.skipped.push(...leftOut.map((reason) => ({ source: parsed.source, reason: `${reason}; the rest is indexed` })));
      articles.push(article);
    }
    return { articles, skipped: result.skipped };
  } catch (e) {
    const reason = e instanceof ArticleError ? e.message : `cannot parse: ${(e as Error).message}`;
    return { articles: [], skipped: [{ source, reason }] };
  }
}

export const tooLarge = (bytes: number, limits: ReadLimits) => {
  const limit = limits.maxFileBytes / 1e6;
  return `${shownOver(bytes / 1e6, limit)} MB, over the limit of ${limit} MB (WENDA_MAX_FILE_MB)`;
};

/** A size or duration past a limit, with as many decimals as it takes to show it past the limit (0.0012 over 0.001, not 0.0). */
export function shownOver(value: number, limit: number): string {
  let decimals = 1;
  while (decimals < 9 && Number(value.toFixed(decimals)) <= limit) decimals++;
  return value.toFixed(decimals);
}

/**
 * One file read, parsed and cut into passages, within the limits: whatever goes wrong, or takes longer than the
 * limit allows, is a skip with the reason, so that no file can end the build.
 */
export function readArticleFile(
  source: string,
  bytes: Uint8Array,
  limits: ReadLimits,
): { articles: StoredArticle[]; skipped: Skipped[] } {
  const started = performance.now();
  const result = parseArticleFile(source, bytes, limits);
  try {
    const articles = result.articles.map((article) => {
      const chunks = chunkParagraphs(article.paragraphs);
      return { article, passages: chunks.map((c) => c.text), paragraphs: chunks.map((c) => c.paragraph) };
    });
    const seconds = (performance.now() - started) / 1000;
    // a file that yielded no article is skipped already, for the reason its parse gave
    if (seconds > limits.maxFileSeconds && articles.length > 0) {
      throw new ArticleError(`reading it took ${shownOver(seconds, limits.maxFileSeconds)} s, over the limit of ${limits.maxFileSeconds} s (WENDA_MAX_FILE_SECONDS)`);
    }
    return { articles, skipped: result.skipped };
  } catch (e) {
    const reason = e instanceof ArticleError ? e.message : `cannot cut into passages: ${(e as Error).message}`;
    // the articles read are not indexed after all: what was said of their left-out paragraphs ("the rest is indexed") no longer holds
    const dropped = new Set(result.articles.map((a) => a.source));
    return { articles: [], skipped: [...result.skipped.filter((s) => !dropped.has(s.source)), { source, reason }] };
  }
}
