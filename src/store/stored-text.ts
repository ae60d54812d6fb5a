import type Database from 'better-sqlite3';
import { applyEdits } from './text-edits.js';
import { decodeWords } from './word-cuts.js';

/**
 * SQL functions that give segments' compact columns back as text, defined on every connection that reads them (the
 * generation's views, the segment a build writes): `edited(from, edits)` (store/text-edits.ts) and
 * `words_of(analysed, cuts)`, the words joined by spaces (store/word-cuts.ts; a word holds no white space).
 */
export function defineStoredText(db: Database.Database): void {
  db.function('edited', { deterministic: true }, (from: string, edits: Buffer | null) => applyEdits(from, edits));
  db.function('words_of', { deterministic: true }, (analysed: string, cuts: Buffer) => decodeWords(analysed, cuts).join(' '));
}

/** SQL for a passage's analysed text, from the columns of `passages` (qualified by `table` when given). */
export const analysedSql = (table = '') => `edited(${table}text, ${table}analysed_edits)`;

/** SQL for a passage's words, space-joined. */
export const wordsSql = (table = '') => `words_of(${analysedSql(table)}, ${table}word_cuts)`;

/**
 * SQL for a unit's simplified text, from a row `u` of `units` in `schema` (a segment attached under that name, or the
 * connection's main database): its edits applied to the passage's text or the article's title. Most units have none
 * (NULL): their text is read as it is, without a call into JavaScript, since the people's searches (`instr` for a
 * name) scan every unit.
 */
export function simplifiedSql(schema = 'main'): string {
  const source = `CASE u.kind WHEN 0 THEN (SELECT text FROM ${schema}.passages WHERE id = u.id) ELSE (SELECT title FROM ${schema}.articles WHERE id = u.id) END`;
  return `CASE WHEN u.simplified_edits IS NULL THEN ${source} ELSE edited(${source}, u.simplified_edits) END`;
}
