import type { Vocabulary } from '../store/vocabulary.js';
import Database from 'better-sqlite3';
import type { Skipped } from './article.js';
import type { Person } from './people.js';
import type { PostingRow } from './postings.js';
import type { Dictionary } from './glossary-state.js';
import { defineStoredText } from '../store/stored-text.js';
import { encodePlaced } from '../store/placed-passages.js';
import type { FileOrder } from './file-order.js';

/**
 * The database of a new generation, written by one build and read by nobody until it is published: no journal, no
 * syncing (a build that dies is thrown away whole), and a page cache large enough for the inserts into the key index.
 */
export function createDatabase(file: string, schema: string): Database.Database {
  const db = new Database(file);
  // pages of 16 KB rather than 4: a long posting list or a column is a chain of overflow pages that SQLite reads one
  // at a time, and there are four times fewer (at a million passages a question took 39 ms of CPU instead of 43)
  db.pragma('page_size = 16384');
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -131072'); // 128 MB
  db.exec(schema);
  defineStoredText(db);
  return db;
}

/** Rows in one transaction, through one prepared statement. */
export function insertAll(db: Database.Database, sql: string, rows: Iterable<unknown[]>): void {
  const insert = db.prepare(sql);
  db.transaction(() => {
    for (const row of rows) insert.run(...row);
  })();
}

/** Posting keys asked of the dictionary at once. */
const HELD_BATCH = 10_000;

/**
 * Writes a segment's merged postings, in key order (the order of the table's primary key, which makes the inserts
 * appends), noting on the way the keys of `dictionary` the segment holds and in how many passages: what the glossary
 * asks of every segment.
 */
export function writePostings(db: Database.Database, rows: Iterable<PostingRow>, dictionary: Pick<Dictionary, 'held'>): void {
  const noted: [string, number][] = [];
  // the keys that may be the dictionary's, asked of it a batch at a time
  let asked: [string, number][] = [];
  const ask = () => {
    const held = dictionary.held(asked.map(([key]) => key));
    for (const row of asked) if (held.has(row[0])) noted.push(row);
    asked = [];
  };
  insertAll(db, 'INSERT INTO postings (key, list) VALUES (?, ?)', function* () {
    for (const [key, list, count] of rows) {
      if (key.startsWith('w:') || key.startsWith('b:')) asked.push([key, count]);
      if (asked.length === HELD_BATCH) ask();
      yield [key, list];
    }
  }());
  ask();
  insertAll(db, 'INSERT INTO dictionary_terms (key, passages) VALUES (?, ?)', noted);
}

/** What remains once the passages and postings are in: the people, the vocabulary, what was skipped. */
export function writeDirectories(
  db: Database.Database,
  content: { people: Person[]; learned: Vocabulary; skipped: Skipped[] },
  order: Pick<FileOrder, 'rank' | 'passages'>,
): void {
  const { people, learned, skipped } = content;
  const names = new Set(learned.names);
  insertAll(db, 'INSERT INTO vocabulary (word, name) VALUES (?, ?)', learned.words.map((w) => [w, names.has(w) ? 1 : 0]));
  insertAll(db, 'INSERT INTO skipped (source, reason) VALUES (?, ?)', skipped.map((s) => [s.source, s.reason]));
  // a person's passages as one blob, each title's as one: rows a passage were most of a small rebuild's writing
  insertAll(db, 'INSERT INTO people (id, name, reporter, mentions, passages) VALUES (?, ?, ?, ?, ?)', rowsOf(people, (p, id) => {
    // each live passage has its own rank: the mentions by rank, each once
    const ranks = Int32Array.from(new Set(p.mentions), (m) => order.rank[m]!).sort();
    return [[id, p.name, p.reporter ? 1 : 0, ranks.length, encodePlaced({ ranks, passages: Array.from(ranks, (r) => order.passages[r]!) })]];
  }));
  insertAll(db, 'INSERT INTO person_titles (person_id, title, count, passages) VALUES (?, ?, ?, ?)', rowsOf(people, (p, id) => {
    const byTitle = new Map<string, { ranks: number[]; passages: number[]; orders: number[] }>();
    p.titles.forEach((t, i) => {
      let placed = byTitle.get(t.title);
      if (!placed) byTitle.set(t.title, (placed = { ranks: [], passages: [], orders: [] }));
      placed.ranks.push(order.rank[t.passage]!);
      placed.passages.push(t.passage);
      placed.orders.push(i);
    });
    return [...byTitle].map(([title, placed]) => [id, title, placed.ranks.length, encodePlaced(placed)]);
  }));
}

/** Each person's rows, one person's at a time. */
function* rowsOf(people: Person[], rows: (person: Person, id: number) => unknown[][]): Generator<unknown[]> {
  for (let id = 0; id < people.length; id++) yield* rows(people[id]!, id);
}
