import Database from 'better-sqlite3';
import type { Skipped } from './article.js';
import { buildGlossary, type CedictEntry } from './glossary.js';
import type { Person } from './people.js';
import { countTerms, Postings } from './postings.js';
import type { StoredArticle } from './previous.js';
import { SCHEMA } from '../store/schema.js';
import type { Tokenizer } from '../text/tokenizer.js';
import { analyse, hanBigrams } from '../text/text.js';

/** An article with the file it came from and that file's hash (what tells a rebuild the file is unchanged). */
export type FileArticle = StoredArticle & { file: string; hash: string };

/** A distinct passage text, its key and its words. */
export interface Unique {
  key: string;
  text: string;
  words: string[];
}

/** Everything a build has read and worked out, ready to be written. */
export interface IndexContent {
  cedict: CedictEntry[];
  stored: FileArticle[];
  uniques: Unique[];
  links: { article: number; ordinal: number; passage: number }[];
  people: Person[];
  learned: string[];
  skipped: Skipped[];
  /** One vector per unique passage, with the model (and weights) that made them; null for a lexical index. */
  vectors: { model: string; list: Float32Array[] } | null;
}

/** The passages before and after each passage, within the first article that holds it. */
function neighbours(links: IndexContent['links']): { prev: Map<number, number>; next: Map<number, number> } {
  const prev = new Map<number, number>();
  const next = new Map<number, number>();
  const firstArticle = new Map<number, number>();
  for (const l of links) if (!firstArticle.has(l.passage)) firstArticle.set(l.passage, l.article);
  for (let i = 1; i < links.length; i++) {
    const a = links[i - 1]!;
    const b = links[i]!;
    if (a.article !== b.article) continue;
    if (firstArticle.get(b.passage) === b.article && !prev.has(b.passage)) prev.set(b.passage, a.passage);
    if (firstArticle.get(a.passage) === a.article && !next.has(a.passage)) next.set(a.passage, b.passage);
  }
  return { prev, next };
}

/**
 * Writes the database of a new generation: articles, passages and where they stand, the full-text index (passage and
 * article fields), people, the glossary, the vocabulary and what was skipped. Nothing reads it until it is published.
 */
export function writeDatabase(file: string, content: IndexContent, tokenizer: Tokenizer): void {
  const { cedict, stored, uniques, links, people, learned, skipped, vectors } = content;
  const db = new Database(file);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.exec(SCHEMA);
  const postings = new Postings();
  const write = db.transaction(() => {
    const insertPassage = db.prepare(
      'INSERT INTO passages (id, key, text, analysed, words, n_words, n_bigrams, prev, next) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const { prev, next } = neighbours(links);
    const wordCounts: Map<string, number>[] = [];
    const bigramCounts: Map<string, number>[] = [];
    uniques.forEach((u, id) => {
      const words = countTerms(u.words);
      const analysed = analyse(u.text);
      const bigrams = countTerms(hanBigrams(analysed));
      wordCounts.push(words);
      bigramCounts.push(bigrams);
      postings.add('w:', id, words);
      postings.add('b:', id, bigrams);
      const nBigrams = [...bigrams.values()].reduce((a, b) => a + b, 0);
      insertPassage.run(id, u.key, u.text, analysed, u.words.join(' '), u.words.length, nBigrams, prev.get(id) ?? null, next.get(id) ?? null);
    });

    const insertArticle = db.prepare(
      'INSERT INTO articles (id, source, file, file_hash, title, date, url, n_words, n_bigrams) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const passagesOf = new Map<number, number[]>();
    for (const l of links) {
      let list = passagesOf.get(l.article);
      if (!list) passagesOf.set(l.article, (list = []));
      list.push(l.passage);
    }
    const total = (counts: Map<string, number>) => [...counts.values()].reduce((a, b) => a + b, 0);
    stored.forEach((s, id) => {
      // the title counts three times: it names what the whole article is about
      const title = tokenizer.terms(s.article.title);
      const words = countTerms(title.words, new Map(), 3);
      const bigrams = countTerms(title.bigrams, new Map(), 3);
      for (const p of passagesOf.get(id) ?? []) {
        for (const [t, n] of wordCounts[p]!) words.set(t, (words.get(t) ?? 0) + n);
        for (const [t, n] of bigramCounts[p]!) bigrams.set(t, (bigrams.get(t) ?? 0) + n);
      }
      postings.add('aw:', id, words);
      postings.add('ab:', id, bigrams);
      const a = s.article;
      insertArticle.run(id, a.source, s.file, s.hash, a.title, a.date, a.url, total(words), total(bigrams));
    });

    // a word is in the corpus when it is a token, or every pair of its characters occurs (jieba may cut it apart)
    const inCorpus = (word: string) => {
      const bigrams = hanBigrams(word);
      return postings.has(`w:${word}`) || (bigrams.length > 0 && bigrams.every((b) => postings.has(`b:${b}`)));
    };
    const insertGloss = db.prepare('INSERT INTO glossary (key, words) VALUES (?, ?)');
    for (const [key, words] of buildGlossary(cedict, inCorpus, new Set(people.filter((p) => !p.reporter).map((p) => p.name)))) {
      insertGloss.run(key, words.join(' '));
    }

    const insertLink = db.prepare('INSERT INTO passage_sources (article_id, ordinal, passage_id) VALUES (?, ?, ?)');
    for (const l of links) insertLink.run(l.article, l.ordinal, l.passage);
    const insertPosting = db.prepare('INSERT INTO postings (key, ids, tfs) VALUES (?, ?, ?)');
    for (const row of postings.rows()) insertPosting.run(...row);
    const insertWord = db.prepare('INSERT INTO vocabulary (word) VALUES (?)');
    for (const w of learned) insertWord.run(w);
    const insertSkipped = db.prepare('INSERT INTO skipped (source, reason) VALUES (?, ?)');
    for (const s of skipped) insertSkipped.run(s.source, s.reason);
    if (vectors) {
      const insertVector = db.prepare('INSERT INTO embeddings (key, model, vector) VALUES (?, ?, ?)');
      vectors.list.forEach((v, id) => insertVector.run(uniques[id]!.key, vectors.model, Buffer.from(v.buffer, v.byteOffset, v.byteLength)));
    }
    const insertPerson = db.prepare('INSERT INTO people (id, name, reporter) VALUES (?, ?, ?)');
    const insertTitle = db.prepare('INSERT INTO person_titles (person_id, title, passage_id) VALUES (?, ?, ?)');
    const insertMention = db.prepare('INSERT INTO person_mentions (person_id, passage_id) VALUES (?, ?)');
    people.forEach((person, id) => {
      insertPerson.run(id, person.name, person.reporter ? 1 : 0);
      for (const t of person.titles) insertTitle.run(id, t.title, t.passage);
      for (const p of new Set(person.mentions)) insertMention.run(id, p);
    });
  });
  write();
  db.close();
}

