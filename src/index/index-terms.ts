import type Database from 'better-sqlite3';
import { countTerms, type PostingRuns } from './postings.js';
import type { Tokenizer } from '../text/tokenizer.js';
import { hanBigrams } from '../text/text.js';
import { analysedSql, wordsSql } from '../store/stored-text.js';
import { encodeWords } from '../store/word-cuts.js';

/** Articles tokenized and indexed between two commits (and two turns of the event loop, where signals are heard). */
const ARTICLE_BATCH = 500;

interface Counted {
  words: Map<string, number>;
  bigrams: Map<string, number>;
}

const total = (counts: Map<string, number>) => {
  let n = 0;
  for (const v of counts.values()) n += v;
  return n;
};

/**
 * Tokenizes the passages a segment's ArticleWriter wrote (or keeps the tokens `kept` gives for their key) and adds the
 * full-text postings of passages (`w:`, `b:`) and of whole articles (`aw:`, `ab:`, the title counted thrice) to runs,
 * article by article in batches, so that only a batch's terms are in memory. Returns how many passages were tokenized.
 */
export async function indexTerms(
  db: Database.Database,
  first: { article: number; passage: number },
  tokenizer: Tokenizer,
  kept: (key: string) => string | undefined,
  runs: PostingRuns,
  tick: () => void,
): Promise<number> {
  const titles = db.prepare('SELECT id, title FROM articles WHERE id >= ? AND id < ? ORDER BY id');
  const links = db.prepare(
    `SELECT s.article_id AS article, s.passage_id AS passage, p.key, p.text, ${analysedSql('p.')} AS analysed, ${wordsSql('p.')} AS words FROM passage_sources s
     JOIN passages p ON p.id = s.passage_id WHERE s.article_id >= ? AND s.article_id < ? ORDER BY s.article_id, s.ordinal`,
  );
  const updatePassage = db.prepare('UPDATE passages SET word_cuts = ?, n_words = ?, n_bigrams = ? WHERE id = ?');
  const updateArticle = db.prepare('UPDATE articles SET n_words = ?, n_bigrams = ? WHERE id = ?');
  const end = first.article + (db.prepare('SELECT COUNT(*) AS n FROM articles').get() as { n: number }).n;
  let indexed = first.passage; // passages are first met in the order of their ids
  let tokenized = 0;
  for (let from = first.article; from < end; from += ARTICLE_BATCH) {
    const to = from + ARTICLE_BATCH;
    const rows = links.all(from, to) as { article: number; passage: number; key: string; text: string; analysed: string; words: string }[];
    const counted = new Map<number, Counted>();
    const countsOf = (row: (typeof rows)[number]): Counted => {
      let c = counted.get(row.passage);
      if (c) return c;
      const bigrams = countTerms(hanBigrams(row.analysed));
      if (row.passage < indexed) {
        c = { words: countTerms(row.words ? row.words.split(' ') : []), bigrams };
      } else {
        const old = kept(row.key);
        const words = old !== undefined ? (old ? old.split(' ') : []) : tokenizer.terms(row.text).words;
        if (old === undefined) tokenized++;
        c = { words: countTerms(words), bigrams };
        updatePassage.run(encodeWords(row.analysed, words), words.length, total(bigrams), row.passage);
        runs.add('w:', row.passage, c.words);
        runs.add('b:', row.passage, c.bigrams);
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
      const words = countTerms(t.words, new Map(), 3);
      const bigrams = countTerms(t.bigrams, new Map(), 3);
      for (; at < rows.length && rows[at]!.article === id; at++) {
        const c = countsOf(rows[at]!);
        for (const [w, n] of c.words) words.set(w, (words.get(w) ?? 0) + n);
        for (const [b, n] of c.bigrams) bigrams.set(b, (bigrams.get(b) ?? 0) + n);
      }
      runs.add('aw:', id, words);
      runs.add('ab:', id, bigrams);
      updateArticle.run(total(words), total(bigrams), id);
    }
    db.exec('COMMIT');
    await new Promise((resolve) => setImmediate(resolve));
  }
  return tokenized;
}
