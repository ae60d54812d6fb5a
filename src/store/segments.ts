import Database from 'better-sqlite3';
import path from 'node:path';
import { WendaError } from '../errors.js';
import { DATABASE_FILE, SEGMENT_FILE } from './schema.js';
import { analysedSql, defineStoredText, simplifiedSql, wordsSql } from './stored-text.js';

/** A segment of a generation and the global id ranges it owns. */
export interface Segment {
  name: string;
  firstPassage: number;
  endPassage: number;
  firstArticle: number;
  endArticle: number;
}

/** SQLite attaches at most 10 databases: the merge policy keeps segments below this. */
export const MAX_SEGMENTS = 8;

/** The segments of an open global database, in id order (each segment's ids are above the previous one's). */
export function readSegments(db: Database.Database): Segment[] {
  return db
    .prepare(
      `SELECT name, first_passage AS firstPassage, end_passage AS endPassage, first_article AS firstArticle,
       end_article AS endArticle FROM segments ORDER BY first_passage, first_article`,
    )
    .all() as Segment[];
}

/** Schema name under which segment i is attached. */
export const segmentSchema = (i: number) => `s${i}`;

/**
 * Opens a generation read-only as one database: wenda.db with every segment attached, and TEMP views `articles`,
 * `passages`, `passage_sources`, `embeddings` and `units` over the live rows of all segments, so that queries written for one
 * database keep working. The views give the compact columns back as text (`analysed`, `words`, `simplified`), decoded
 * only for the queries that read them. The segments own disjoint id ranges, so a view needs no arithmetic on ids and a
 * lookup by id uses each segment's primary key.
 */
export function openGeneration(dir: string): { db: Database.Database; segments: Segment[] } {
  const db = new Database(path.join(dir, DATABASE_FILE), { readonly: true, fileMustExist: true });
  try {
    const segments = readSegments(db);
    for (const s of segments) {
      // a name is joined to the generation's folder: nothing but a segment file of it is ever attached
      if (!SEGMENT_FILE.test(s.name)) throw new WendaError(`${path.join(dir, DATABASE_FILE)} names a segment "${s.name}" that is not one: rebuild the index`);
    }
    segments.forEach((s, i) => db.prepare(`ATTACH DATABASE ? AS ${segmentSchema(i)}`).run(path.join(dir, s.name)));
    defineStoredText(db);
    const union = (select: (schema: string) => string) => segments.map((_, i) => select(segmentSchema(i))).join(' UNION ALL ');
    db.exec(`
      CREATE TEMP VIEW articles AS ${union((s) => `SELECT * FROM ${s}.articles WHERE id NOT IN (SELECT id FROM main.deleted_articles)`)};
      CREATE TEMP VIEW passages AS ${union(
        (s) => `SELECT id, key, text, ${analysedSql()} AS analysed, ${wordsSql()} AS words
                FROM ${s}.passages WHERE id NOT IN (SELECT id FROM main.deleted_passages)`,
      )};
      CREATE TEMP VIEW passage_sources AS ${union(
        (s) => `SELECT * FROM ${s}.passage_sources WHERE article_id NOT IN (SELECT id FROM main.deleted_articles)`,
      )};
      CREATE TEMP VIEW embeddings AS ${union((s) => `SELECT * FROM ${s}.embeddings`)};
      CREATE TEMP VIEW units AS ${union(
        (s) => `SELECT kind, id, ${simplifiedSql(s)} AS simplified, found, mentions FROM ${s}.units u WHERE NOT (kind = 0 AND id IN (SELECT id FROM main.deleted_passages) OR kind = 1 AND id IN (SELECT id FROM main.deleted_articles))`,
      )};
    `);
    return { db, segments };
  } catch (e) {
    db.close();
    throw e;
  }
}
