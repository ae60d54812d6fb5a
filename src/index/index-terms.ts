import type Database from 'better-sqlite3';
import { ARTICLE_BIGRAMS, ARTICLE_WORDS, PASSAGE_BIGRAMS, PASSAGE_WORDS, TermCounter, type Counted, type PostingRuns } from './postings.js';
import type { AnalysisPool } from './analysis-pool.js';
import { splitWords, type CutItem } from './analysis.js';
import { forEachHanBigram } from '../text/text.js';
import { analysedSql, wordsSql } from '../store/stored-text.js';
import { encodeWords } from '../store/word-cuts.js';

/** Articles tokenized (on a worker, when there are enough) and indexed between two commits. */
const ARTICLE_BATCH = 500;

/** The lengths indexTerms finds, per passage and article of the segment (store/segment-columns.ts). */
export interface SegmentLengths {
  passage_words: Int32Array;
  passage_bigrams: Int32Array;
  article_words: Int32Array;
  article_bigrams: Int32Array;
}

/** A batch of articles as read before it is counted: its rows, and the passages it meets first with their words or their place in the batch's items. */
interface TermsBatch {
  titles: { id: number; title: string }[];
  rows: { article: number; passage: number; key: string; analysed: string }[];
  /** Per passage met first in the batch: the words a kept passage had (space-joined), or its item (a number). */
  fresh: Map<number, string | number>;
  items: CutItem[];
}

/**
 * Tokenizes the passages a segment's ArticleWriter wrote (or keeps the tokens `kept` gives for their key) and adds the
 * full-text postings of passages (`w:`, `b:`) and of whole articles (`aw:`, `ab:`, the title counted thrice) to runs,
 * article by article in batches, so that only a batch's terms are in memory. The cutting (jieba) is the pool's: a
 * batch's titles and new passages are cut on a worker while the batch before is counted and stored here, in order.
 * Returns how many passages were tokenized, and the lengths of every passage and article.
 */
export async function indexTerms(
  db: Database.Database,
  first: { article: number; passage: number },
  pool: AnalysisPool,
  kept: (key: string) => string | undefined,
  runs: PostingRuns,
  tick: () => void,
): Promise<{ tokenized: number; lengths: SegmentLengths }> {
  const titles = db.prepare('SELECT id, title FROM articles WHERE id >= ? AND id < ? ORDER BY id');
  const links = db.prepare(
    `SELECT s.article_id AS article, s.passage_id AS passage, p.key, ${analysedSql('p.')} AS analysed FROM passage_sources s
     JOIN passages p ON p.id = s.passage_id WHERE s.article_id >= ? AND s.article_id < ? ORDER BY s.article_id, s.ordinal`,
  );
  // the words of a passage a batch before cut and stored (read when it is met again: batches are read ahead)
  const storedWords = db.prepare(`SELECT ${wordsSql('p.')} FROM passages p WHERE p.id = ?`).pluck();
  const updatePassage = db.prepare('UPDATE passages SET word_cuts = ? WHERE id = ?');
  const updateTitle = db.prepare('UPDATE articles SET title_words = ? WHERE id = ?');
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
  // passages are first met in the order of their ids: those from `met` on are new to a batch
  let met = first.passage;
  function* batches(): Generator<TermsBatch> {
    for (let from = first.article; from < end; from += ARTICLE_BATCH) {
      const batch: TermsBatch = { titles: titles.all(from, from + ARTICLE_BATCH) as TermsBatch['titles'], rows: links.all(from, from + ARTICLE_BATCH) as TermsBatch['rows'], fresh: new Map(), items: [] };
      batch.items = batch.titles.map(({ title }) => ({ text: title, title: true }));
      for (const row of batch.rows) {
        if (row.passage < met || batch.fresh.has(row.passage)) continue;
        const old = kept(row.key);
        batch.fresh.set(row.passage, old ?? batch.items.length);
        if (old === undefined) batch.items.push({ text: row.analysed, title: false });
      }
      met += batch.fresh.size;
      yield batch;
    }
  }
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
  let indexed = first.passage;
  let tokenized = 0;
  for await (const [batch, cut] of pool.map('cut', batches(), Math.ceil(articleCount / ARTICLE_BATCH))) {
    const { rows } = batch;
    // by passage, its counts (in the runs' term numbers: forgotten when they start again) and the words it was cut
    // into in this batch
    const counted = new Map<number, { words: Counted; bigrams: Counted }>();
    const words = new Map<number, string[]>();
    const countsOf = (row: (typeof rows)[number]) => {
      let c = counted.get(row.passage);
      if (c) return c;
      const bigrams = countBigrams(row.analysed);
      const known = words.get(row.passage);
      if (known) {
        c = { words: count(known), bigrams };
      } else if (row.passage < indexed) {
        c = { words: count(splitWords(storedWords.get(row.passage) as string)), bigrams };
      } else {
        const fresh = batch.fresh.get(row.passage)!;
        const item = typeof fresh === 'number' ? cut[fresh]! : null;
        const passageWords = splitWords(item ? item.words : (fresh as string));
        if (item) tokenized++;
        c = { words: count(passageWords), bigrams };
        words.set(row.passage, passageWords);
        // the stored analysed text is what tokenizer.terms would analyse the text into again
        updatePassage.run(item ? item.cuts! : encodeWords(row.analysed, passageWords), row.passage);
        lengths.passage_words[row.passage - first.passage] = passageWords.length;
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
    batch.titles.forEach(({ id }, i) => {
      // the title counts thrice in its article
      updateTitle.run(cut[i]!.words, id);
      for (const w of splitWords(cut[i]!.words)) article.words.add(runs.term(w), 3);
      for (const b of splitWords(cut[i]!.bigrams!)) article.bigrams.add(runs.term(b), 3);
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
    });
    db.exec('COMMIT');
  }
  return { tokenized, lengths };
}
