import type Database from 'better-sqlite3';
import { ARTICLE_BIGRAMS, ARTICLE_WORDS, PASSAGE_BIGRAMS, PASSAGE_WORDS, TermCounter, type Counted, type PostingRuns } from './postings.js';
import type { Tokenizer } from '../text/tokenizer.js';
import { forEachHanBigram } from '../text/text.js';
import { analysedSql, wordsSql } from '../store/stored-text.js';
import { encodeWords } from '../store/word-cuts.js';

/** Articles tokenized and indexed between two commits (and two turns of the event loop, where signals are heard). */
const ARTICLE_BATCH = 500;

/** The lengths indexTerms finds, per passage and article of the segment (store/segment-columns.ts). */
export interface SegmentLengths {
  passage_words: Int32Array;
  passage_bigrams: Int32Array;
  article_words: Int32Array;
  article_bigrams: Int32Array;
}

/**
 * Tokenizes the passages a segment's ArticleWriter wrote (or keeps the tokens `kept` gives for their key) and adds the
 * full-text postings of passages (`w:`, `b:`) and of whole articles (`aw:`, `ab:`, the title counted thrice) to runs,
 * article by article in batches, so that only a batch's terms are in memory. Returns how many passages were tokenized,
 * and the lengths of every passage and article.
 */
export async function indexTerms(
  db: Database.Database,
  first: { article: number; passage: number },
  tokenizer: Tokenizer,
  kept: (key: string) => string | undefined,
  runs: PostingRuns,
  tick: () => void,
): Promise<{ tokenized: number; lengths: SegmentLengths }> {
  const titles = db.prepare('SELECT id, title FROM articles WHERE id >= ? AND id < ? ORDER BY id');
  const links = db.prepare(
    // a passage not yet cut has no words to decode (its analysed text is not made twice)
    `SELECT s.article_id AS article, s.passage_id AS passage, p.key, ${analysedSql('p.')} AS analysed,
       CASE WHEN length(p.word_cuts) = 0 THEN '' ELSE ${wordsSql('p.')} END AS words FROM passage_sources s
     JOIN passages p ON p.id = s.passage_id WHERE s.article_id >= ? AND s.article_id < ? ORDER BY s.article_id, s.ordinal`,
  );
  const updatePassage = db.prepare('UPDATE passages SET word_cuts = ? WHERE id = ?');
  const rowsOf = (table: string) => db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
  const articleCount = rowsOf('articles');
  const passageCount = rowsOf('passages');
  const lengths: SegmentLengths = {
    passage_words: new Int32Array(passageCount),
    passage_bigrams: new Int32Array(passageCount),
    article_words: new Int32Array(articleCount),
    article_bigrams: new Int32Array(articleCount),
  };
  const end = first.article + articleCount;
  const counter = new TermCounter();
  const count = (terms: readonly string[]): Counted => {
    for (const t of terms) counter.add(runs.term(t));
    return counter.take();
  };
  // a passage's bigrams counted without making them strings (runs.pair), but for pairs outside the BMP
  const countPair = (first: number, second: number) =>
    counter.add(first > 0xffff || second > 0xffff ? runs.term(String.fromCodePoint(first, second)) : runs.pair(first, second));
  const countBigrams = (analysed: string): Counted => {
    forEachHanBigram(analysed, countPair);
    return counter.take();
  };
  const article = { words: new TermCounter(), bigrams: new TermCounter() };
  let indexed = first.passage; // passages are first met in the order of their ids
  let tokenized = 0;
  for (let from = first.article; from < end; from += ARTICLE_BATCH) {
    const to = from + ARTICLE_BATCH;
    const rows = links.all(from, to) as { article: number; passage: number; key: string; analysed: string; words: string }[];
    // by passage, its counts (in the runs' term numbers: forgotten when they start again) and the words it was cut
    // into in this batch (rows were read before their words were stored)
    const counted = new Map<number, { words: Counted; bigrams: Counted }>();
    const cut = new Map<number, string[]>();
    const countsOf = (row: (typeof rows)[number]) => {
      let c = counted.get(row.passage);
      if (c) return c;
      const bigrams = countBigrams(row.analysed);
      const known = cut.get(row.passage);
      if (known) {
        c = { words: count(known), bigrams };
      } else if (row.passage < indexed) {
        c = { words: count(row.words ? row.words.split(' ') : []), bigrams };
      } else {
        const old = kept(row.key);
        // the stored analysed text is what tokenizer.terms would analyse the text into again
        const words = old !== undefined ? (old ? old.split(' ') : []) : tokenizer.wordsOfFolded(row.analysed);
        if (old === undefined) tokenized++;
        c = { words: count(words), bigrams };
        cut.set(row.passage, words);
        updatePassage.run(encodeWords(row.analysed, words), row.passage);
        lengths.passage_words[row.passage - first.passage] = words.length;
        lengths.passage_bigrams[row.passage - first.passage] = bigrams.total;
        runs.add(PASSAGE_WORDS, row.passage, c.words);
        runs.add(PASSAGE_BIGRAMS, row.passage, c.bigrams);
        indexed++;
        tick();
      }
      counted.set(row.passage, c);
      return c;
    };
    db.exec('BEGIN');
    let at = 0;
    for (const { id, title } of titles.all(from, to) as { id: number; title: string }[]) {
      const t = tokenizer.terms(title);
      // the title counts thrice in its article
      for (const w of t.words) article.words.add(runs.term(w), 3);
      for (const b of t.bigrams) article.bigrams.add(runs.term(b), 3);
      for (; at < rows.length && rows[at]!.article === id; at++) {
        const c = countsOf(rows[at]!);
        article.words.addAll(c.words);
        article.bigrams.addAll(c.bigrams);
      }
      const words = article.words.take();
      const bigrams = article.bigrams.take();
      runs.add(ARTICLE_WORDS, id, words);
      runs.add(ARTICLE_BIGRAMS, id, bigrams);
      lengths.article_words[id - first.article] = words.total;
      lengths.article_bigrams[id - first.article] = bigrams.total;
      if (runs.release()) counted.clear();
    }
    db.exec('COMMIT');
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { tokenized, lengths };
}
