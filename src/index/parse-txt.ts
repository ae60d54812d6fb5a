import path from 'node:path';
import { ArticleError, type Article } from './article.js';
import { fragmentParagraphs } from './html-text.js';
import { cleanParagraph, cleanParagraphs } from './paragraph.js';
import { dateFromPath, metadataFromParagraphs } from './metadata.js';
import { parseHtml } from './parse-html.js';

const HTML_BODY = /<(?:div|span|p|br|section|table)\b/iu;
// A whole web page (a doctype or <html> first), which a browser's "save as text" or a crawler may have named .txt.
const HTML_PAGE = /^\s*(?:<!doctype\s+html|<html[\s>])/iu;

// An ordering number before a file-name title; not a year (2019年…, 2019中关村论坛) nor a count (70周年, 15个).
const ORDER_NUMBER = /^(?!(?:19|20)\d\d)\d+(?![\d年月日届号期次周个])[.、\s]*/u;

/** A title line that is a file name (183中央网信办召开….txt, or with １８３ typed full width): drop the ordering number and the extension. */
function cleanTitle(line: string): string {
  const title = cleanParagraph(line);
  const fileName = /^(.*?)\.txt$/iu.exec(title);
  if (!fileName) return title;
  // the number found as NFKC reads it (１８３ is 183), which keeps each character's length: the title keeps its own
  const number = ORDER_NUMBER.exec(fileName[1]!.normalize('NFKC'))?.[0] ?? '';
  return fileName[1]!.slice(number.length).trim();
}

/**
 * A .txt article: the title on the first line (possibly followed on the same line by the body), then either HTML
 * fragments, one paragraph per block, or plain lines, one paragraph per line. Fragments from the first character on
 * have no title line: the file's name is the title, as the title lines of such files are (183中央网信办召开….txt).
 * A whole web page is read as an .html file is.
 */
export function parseTxt(source: string, text: string): Article {
  if (HTML_PAGE.test(text)) return parseHtml(source, text);
  // lines end with \n, \r\n or a lone \r (as old Mac editors save); the title is the first line with text on it
  const lines = text.split(/\r\n?|\n/u);
  const first = Math.max(0, lines.findIndex((line) => cleanParagraph(line) !== ''));
  let titleLine = lines[first] ?? '';
  let body = lines.slice(first + 1).join('\n');
  const inlineBody = titleLine.search(/</u);
  if (inlineBody >= 0 && HTML_BODY.test(titleLine)) {
    body = titleLine.slice(inlineBody) + '\n' + body;
    titleLine = titleLine.slice(0, inlineBody);
  }
  const title = cleanTitle(titleLine) || (inlineBody === 0 ? cleanTitle(path.basename(source)) : '');
  if (!title) throw new ArticleError('no title: no line holds text');
  const raw = HTML_BODY.test(body) ? fragmentParagraphs(body) : cleanParagraphs(body.split('\n'));
  const meta = metadataFromParagraphs(raw);
  return { source, title, date: meta.date ?? dateFromPath(source), url: meta.url, paragraphs: meta.paragraphs };
}
