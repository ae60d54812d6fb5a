import type Database from 'better-sqlite3';

/**
 * The words a build learned from its articles, which the tokenizer keeps whole (quoted terms and the names found), and
 * which of them are names: a name weighs less (text/tokenizer.ts, NAME_FREQ).
 */
export interface Vocabulary {
  words: string[];
  names: string[];
}

/** The vocabulary an index's global database records, each list in code unit order. */
export function readVocabulary(db: Database.Database): Vocabulary {
  const rows = db.prepare('SELECT word, name FROM vocabulary').raw().all() as [string, number][];
  return { words: rows.map(([w]) => w).sort(), names: rows.filter(([, name]) => name === 1).map(([w]) => w).sort() };
}
