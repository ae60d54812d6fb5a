import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { forEachHanBigram } from '../text/text.js';
import { cedictEdition, loadCedict, type CedictEntry } from './glossary.js';
import { heldKeys, LoadedDictionary, pairCode, wordsAndPairs, type Dictionary } from './glossary-state.js';

/**
 * CC-CEDICT kept in the index folder in a form read by lookup: a rebuild that keeps the previous segments asks about
 * the keys of a few articles and refiles a few thousand entries, and reading, parsing and keying the package's 11 MB
 * for that was most of what a one-article rebuild cost beyond starting (about 0.6 s and the garbage it left). Made by
 * the first build that reads the dictionary whole, replaced when the package's release changes; a build from nothing
 * still reads it whole, since it files every entry.
 */
const FOLDER = 'cc-cedict';
const SCHEMA = `
  CREATE TABLE edition (edition TEXT NOT NULL);
  CREATE TABLE entries (id INTEGER PRIMARY KEY, word TEXT NOT NULL, entry TEXT NOT NULL);
  CREATE TABLE pairs (pair INTEGER NOT NULL, entry INTEGER NOT NULL, PRIMARY KEY (pair, entry)) WITHOUT ROWID;`;

const fileOf = (indexDir: string, edition: string) => path.join(indexDir, FOLDER, `${edition}.sqlite`);

/** The dictionary looked up in its file. */
class DictionaryFile implements Dictionary {
  private readonly parsed = new Map<number, CedictEntry>();
  private readonly entryOf: Database.Statement<[number], string>;
  private readonly idsOf: Database.Statement<[string], number>;
  private readonly wordsHeld: Database.Statement<[string], string>;
  private readonly pairsHeld: Database.Statement<[string], number>;
  private readonly entriesTouched: Database.Statement<[string, string], number>;

  constructor(
    private readonly db: Database.Database,
    readonly size: number,
  ) {
    // a batch of words or pairs is one JSON array, looked up in one query
    const batch = 'SELECT value FROM json_each(?)';
    this.entryOf = db.prepare<[number], string>('SELECT entry FROM entries WHERE id = ?').pluck();
    this.idsOf = db.prepare<[string], number>('SELECT id FROM entries WHERE word = ? ORDER BY id').pluck();
    this.wordsHeld = db.prepare<[string], string>(`SELECT DISTINCT word FROM entries WHERE word IN (${batch})`).pluck();
    this.pairsHeld = db.prepare<[string], number>(`SELECT DISTINCT pair FROM pairs WHERE pair IN (${batch})`).pluck();
    this.entriesTouched = db
      .prepare<[string, string], number>(`SELECT id FROM entries WHERE word IN (${batch}) UNION SELECT entry FROM pairs WHERE pair IN (${batch}) ORDER BY 1`)
      .pluck();
  }

  entry(i: number): CedictEntry {
    let entry = this.parsed.get(i);
    if (!entry) this.parsed.set(i, (entry = JSON.parse(this.entryOf.get(i)!) as CedictEntry));
    return entry;
  }

  withWord(word: string): number[] {
    return this.idsOf.all(word);
  }

  held(keys: readonly string[]): Set<string> {
    const batch = wordsAndPairs(keys);
    const words = new Set(this.wordsHeld.all(JSON.stringify([...batch.words.keys()])));
    const pairs = new Set(this.pairsHeld.all(JSON.stringify([...batch.pairs.keys()])));
    return heldKeys(batch, (word) => words.has(word), (pair) => pairs.has(pair));
  }

  touchedBy(keys: ReadonlySet<string>): number[] {
    const { words, pairs } = wordsAndPairs(keys);
    return this.entriesTouched.all(JSON.stringify([...words.keys()]), JSON.stringify([...pairs.keys()]));
  }

  close(): void {
    this.db.close();
  }
}

/** The file of this edition, or null when there is none or it cannot be read (it is then made again). */
function openFile(file: string, edition: string): DictionaryFile | null {
  if (!existsSync(file)) return null;
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    if (db.prepare('SELECT edition FROM edition').pluck().get() !== edition) throw new Error('another edition');
    return new DictionaryFile(db, db.prepare('SELECT COUNT(*) FROM entries').pluck().get() as number);
  } catch {
    db?.close();
    return null;
  }
}

/** Writes the file whole under another name, then renames it: a build stopped halfway leaves no file that seems whole. */
function writeFile(file: string, edition: string, entries: CedictEntry[]): void {
  const dir = path.dirname(file);
  mkdirSync(dir, { recursive: true });
  // other editions' files, and what a stopped build left (builds of a folder hold its lock one at a time)
  for (const name of readdirSync(dir)) rmSync(path.join(dir, name), { force: true });
  const temporary = `${file}.partial`;
  const db = new Database(temporary);
  try {
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.exec(SCHEMA);
    db.transaction(() => {
      db.prepare('INSERT INTO edition (edition) VALUES (?)').run(edition);
      const entry = db.prepare('INSERT INTO entries (id, word, entry) VALUES (?, ?, ?)');
      const pairs = new Map<number, number[]>();
      entries.forEach((e, i) => {
        entry.run(i, e[1], JSON.stringify(e));
        forEachHanBigram(e[1], (first, second) => {
          const code = pairCode(first, second);
          const of = pairs.get(code);
          if (!of) pairs.set(code, [i]);
          else if (of.at(-1) !== i) of.push(i);
        });
      });
      const pair = db.prepare('INSERT INTO pairs (pair, entry) VALUES (?, ?)');
      for (const code of [...pairs.keys()].sort((a, b) => a - b)) for (const i of pairs.get(code)!) pair.run(code, i);
    })();
    db.exec('CREATE INDEX entries_word ON entries (word)');
  } finally {
    db.close();
  }
  renameSync(temporary, file);
}

/**
 * CC-CEDICT for a build: looked up in the index folder's file by a rebuild that keeps segments (`few`), read whole
 * otherwise, and then written to that file if it was missing.
 */
export async function openDictionary(indexDir: string, few: boolean): Promise<Dictionary> {
  const edition = cedictEdition();
  const file = fileOf(indexDir, edition);
  const found = openFile(file, edition);
  if (few && found) return found;
  found?.close();
  const entries = await loadCedict();
  if (!found) {
    try {
      writeFile(file, edition, entries);
    } catch {
      // only a later rebuild's speed depends on the file: it reads the package again
      rmSync(`${file}.partial`, { force: true });
    }
  }
  return new LoadedDictionary(entries);
}
