import Database from 'better-sqlite3';
import type { Skipped } from './article.js';
import { buildGlossary, type CedictEntry } from './glossary.js';
import type { Person } from './people.js';
import type { PostingRow } from './postings.js';
import { SCHEMA } from '../store/schema.js';
import { hanBigrams } from '../text/text.js';

/**
 * The database of a new generation, written by one build and read by nobody until it is published: no journal, no
 * syncing (a build that dies is thrown away whole), and a page cache large enough for the inserts into the key index.
 */
export function createDatabase(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -131072'); // 128 MB
  db.exec(SCHEMA);
  return db;
}

/** Rows in one transaction, through one prepared statement. */
function insertAll(db: Database.Database, sql: string, rows: Iterable<unknown[]>): void {
  const insert = db.prepare(sql);
  db.transaction(() => {
    for (const row of rows) insert.run(...row);
  })();
}

/**
 * Writes the merged postings (in key order: the order of the table's primary key, which makes the inserts appends),
 * noting on the way which words of `dictionary` the corpus holds, as tokens or as all of their Han bigrams.
 */
export function writePostings(db: Database.Database, rows: Iterable<PostingRow>, dictionary: Iterable<string>): (word: string) => boolean {
  const words = new Set(dictionary);
  const bigrams = new Set([...words].flatMap((w) => hanBigrams(w)));
  const tokens = new Set<string>();
  const pairs = new Set<string>();
  function* noted(): Generator<PostingRow> {
    for (const row of rows) {
      const [key] = row;
      if (key.startsWith('w:') && words.has(key.slice(2))) tokens.add(key.slice(2));
      else if (key.startsWith('b:') && bigrams.has(key.slice(2))) pairs.add(key.slice(2));
      yield row;
    }
  }
  insertAll(db, 'INSERT INTO postings (key, ids, tfs) VALUES (?, ?, ?)', noted());
  // a word is in the corpus when it is a token, or every pair of its characters occurs (jieba may cut it apart)
  return (word) => {
    const of = hanBigrams(word);
    return tokens.has(word) || (of.length > 0 && of.every((b) => pairs.has(b)));
  };
}

/** What remains once the passages and postings are in: the people, the glossary, the vocabulary, what was skipped. */
export function writeDirectories(
  db: Database.Database,
  content: { cedict: CedictEntry[]; inCorpus: (word: string) => boolean; people: Person[]; learned: string[]; skipped: Skipped[] },
): void {
  const { cedict, inCorpus, people, learned, skipped } = content;
  const names = new Set(people.filter((p) => !p.reporter).map((p) => p.name));
  const glossary = buildGlossary(cedict, inCorpus, names);
  insertAll(db, 'INSERT INTO glossary (key, words) VALUES (?, ?)', [...glossary].map(([key, words]) => [key, words.join(' ')]));
  insertAll(db, 'INSERT INTO vocabulary (word) VALUES (?)', learned.map((w) => [w]));
  insertAll(db, 'INSERT INTO skipped (source, reason) VALUES (?, ?)', skipped.map((s) => [s.source, s.reason]));
  insertAll(db, 'INSERT INTO people (id, name, reporter) VALUES (?, ?, ?)', people.map((p, id) => [id, p.name, p.reporter ? 1 : 0]));
  insertAll(db, 'INSERT INTO person_titles (person_id, title, passage_id) VALUES (?, ?, ?)', people.flatMap((p, id) => p.titles.map((t) => [id, t.title, t.passage])));
  insertAll(db, 'INSERT INTO person_mentions (person_id, passage_id) VALUES (?, ?)', people.flatMap((p, id) => [...new Set(p.mentions)].map((m) => [id, m])));
}
