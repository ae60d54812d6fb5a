import { z } from 'zod';
import type { Article, ParseResult } from './article.js';
import { cleanParagraph, cleanParagraphs } from './paragraph.js';
import { normaliseDate } from './metadata.js';

const Line = z
  .object({
    id: z.union([z.string().min(1), z.number()]),
    title: z
      .string()
      .transform(cleanParagraph)
      .refine((title) => title !== '', 'the title is empty'),
    text: z.string().optional(),
    paragraphs: z.array(z.string()).optional(),
    url: z.string().nullish(),
    date: z.string().nullish(),
  })
  .refine((a) => a.text !== undefined || a.paragraphs !== undefined, { message: 'needs "text" or "paragraphs"' });

/** A JSONL file, one article a line; each article's source is `<file>#<id>`. A bad line is skipped, not the file. */
export function parseJsonl(file: string, text: string): ParseResult {
  const articles: Article[] = [];
  const skipped: ParseResult['skipped'] = [];
  const seen = new Set<string>();
  text.split(/\r\n?|\n/u).forEach((line, i) => {
    if (!line.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (e) {
      skipped.push({ source: `${file}:${i + 1}`, reason: `not JSON (${(e as Error).message})` });
      return;
    }
    const parsed = Line.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      skipped.push({ source: `${file}:${i + 1}`, reason: `${issue?.path.join('.') || 'line'}: ${issue?.message}` });
      return;
    }
    const a = parsed.data;
    const source = `${file}#${a.id}`;
    if (seen.has(source)) {
      skipped.push({ source: `${file}:${i + 1}`, reason: `id ${a.id} repeats an earlier line` });
      return;
    }
    seen.add(source);
    articles.push({
      source,
      title: a.title,
      date: normaliseDate(a.date),
      url: a.url ?? null,
      paragraphs: cleanParagraphs(a.paragraphs ?? (a.text ?? '').split(/\r\n?|\n/u)),
    });
  });
  return { articles, skipped };
}
