import type { IndexReader } from '../src/retrieval/index-reader.js';

/**
 * What a running bot was asked before the measured questions: the titles of `count` articles spread over the index.
 * Warming with the measured questions themselves made their first asking a second one (their lists already read).
 */
export function warmingQuestions(reader: IndexReader, count = 20): string[] {
  return Array.from({ length: Math.min(count, reader.articleCount) }, (_, i) => reader.analysedTitle(Math.floor((i * reader.articleCount) / count)));
}
