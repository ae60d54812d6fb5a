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
 * noting on the way how many passages hold each word of `dictionary`: as a token, or for a word jieba cuts apart,
 * as many as hold its rarest Han bigram (0: the corpus lacks it).
 */
export function writePostings(db: Database.Database, rows: Iterable<PostingRow>, dictionary: Iterable<string>): (word: string) => number {
  const words = new Set(dictionary);
  const bigrams = new Set([...words].flatMap((w) => hanBigrams(w)));
  const tokens = new Map<string, number>();
  const pairs = new Map<string, number>();
  function* noted(): Generator<PostingRow> {
    for (const row of rows) {
      const [key, ids] = row;
      const df = ids.byteLength / Uint32Array.BYTES_PER_ELEMENT;
      if (key.startsWith('w:') && words.has(key.slice(2))) tokens.set(key.slice(2), df);
      else if (key.startsWith('b:') && bigrams.has(key.slice(2))) pairs.set(key.slice(2), df);
      yield row;
    }
  }
  insertAll(db, 'INSERT INTO postings (key, ids, tfs) VALUES (?, ?, ?)', noted());
  return (word) => {
    const token = tokens.get(word);
    if (token !== undefined) return token;
    const of = hanBigrams(word);
    return of.length === 0 ? 0 : Math.min(...of.map((b) => pairs.get(b) ?? 0));
  };
}

/** What remains once the passages and postings are in: the people, the glossary, the vocabulary, what was skipped. */
export function writeDirectories(
  db: Database.Database,
  content: { cedict: CedictEntry[]; passagesHolding: (word: string) => number; people: Person[]; learned: string[]; skipped: Skipped[] },
): void {
  const { cedict, passagesHolding, people, learned, skipped } = content;
  const names = new Set(people.filter((p) => !p.reporter).map((p) => p.name));
  const glossary = buildGlossary(cedict, passagesHolding, names);
  insertAll(db, 'INSERT INTO glossary (key, words) VALUES (?, ?)', [...glossary].map(([key, words]) => [key, words.join(' ')]));
  insertAll(db, 'INSERT INTO vocabulary (word) VALUES (?)', learned.map((w) => [w]));
  insertAll(db, 'INSERT INTO skipped (source, reason) VALUES (?, ?)', skipped.map((s) => [s.source, s.reason]));
  insertAll(db, 'INSERT INTO people (id, name, reporter) VALUES (?, ?, ?)', people.map((p, id) => [id, p.name, p.reporter ? 1 : 0]));
  insertAll(db, 'INSERT INTO person_titles (person_id, title, passage_id) VALUES (?, ?, ?)', people.flatMap((p, id) => p.titles.map((t) => [id, t.title, t.passage])));
  insertAll(db, 'INSERT INTO person_mentions (person_id, passage_id) VALUES (?, ?)', people.flatMap((p, id) => [...new Set(p.mentions)].map((m) => [id, m])));
}
