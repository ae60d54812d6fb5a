/** One article as read from disk, before it is cut into passages. */
export interface Article {
  /** Path relative to the articles folder exactly as on disk (`file.jsonl#id` for JSONL lines). */
  source: string;
  title: string;
  /** ISO date (YYYY-MM-DD) where the article states one. */
  date: string | null;
  url: string | null;
  paragraphs: string[];
}

/** Something that could not be indexed, with the reason a reader can act on. */
export interface Skipped {
  source: string;
  reason: string;
}

/** What a parser made of one file: most files give one article, a JSONL file one per line. */
export interface ParseResult {
  articles: Article[];
  skipped: Skipped[];
}

/** Thrown by parsers for a file that cannot be indexed; the message becomes the skip reason. */
export class ArticleError extends Error {}
