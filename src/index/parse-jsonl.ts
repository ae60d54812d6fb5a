import { z } from 'zod';
import type { Article, ParseResult } from './article.js';
import { cleanParagraph, cleanParagraphs } from './paragraph.js';
import { normaliseDate } from './metadata.js';
import { jsonLines } from '../json-lines.js';

// what a line lacks or holds amiss, said as such (zod's own words for a missing field are "Invalid input")
const missingOr = (amiss: string) => ({ error: (issue: { input: unknown }) => (issue.input === undefined ? 'is missing' : amiss) });

const Line = z
  .object({
    id: z.union([z.string().min(1, 'is empty'), z.number()], missingOr('must be a string or a number')),
    title: z
      .string(missingOr('must be a string'))
      .transform(cleanParagraph)
      .refine((title) => title !== '', 'the title is empty'),
    text: z.string().optional(),
    paragraphs: z.array(z.string()).optional(),
    url: z.string().nullish(),
    // a number too (20190611): a date that cannot be read is no reason to lose the article
    date: z.union([z.string(), z.number()], missingOr('must be a string or a number')).nullish(),
  })
  .refine((a) => a.text !== undefined || a.paragraphs !== undefined, { message: 'needs "text" or "paragraphs"' });

/** A JSONL file, one article a line; each article's source is `<file>#<id>`. A bad line is skipped, not the file. */
export function parseJsonl(file: string, text: string): ParseResult {
  const articles: Article[] = [];
  const skipped: ParseResult['skipped'] = [];
  const seen = new Set<string>();
  for (const read of jsonLines(text, Line)) {
    if ('problem' in read) {
      skipped.push({ source: `${file}:${read.line}`, reason: read.problem });
      continue;
    }
    const a = read.row;
    const source = `${file}#${a.id}`;
    if (seen.has(source)) {
      skipped.push({ source: `${file}:${read.line}`, reason: `id ${a.id} repeats an earlier line` });
      continue;
    }
    seen.add(source);
    articles.push({
      source,
      title: a.title,
      date: normaliseDate(a.date == null ? null : String(a.date)),
      url: a.url ?? null,
      paragraphs: cleanParagraphs(a.paragraphs ?? (a.text ?? '').split(/\r\n?|\n/u)),
    });
  }
  return { articles, skipped };
}
