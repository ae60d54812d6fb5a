import type Database from 'better-sqlite3';
import path from 'node:path';
import { DamagedIndex } from './integrity.js';

/**
 * The numbers a reader holds for every passage and article of a segment, stored as one blob each (32-bit
 * little-endian integers, entry i for the segment's i-th id) in its `columns` table: opening an index reads a few
 * blobs instead of scanning its passages, whose texts make most of the file (at a million passages the scan took
 * seconds and paged the whole table in). Neighbours and first articles are global ids, -1 for none.
 */
export const PASSAGE_COLUMNS = ['passage_words', 'passage_bigrams', 'passage_prev', 'passage_next', 'passage_article'] as const;
export const ARTICLE_COLUMNS = ['article_words', 'article_bigrams'] as const;
/**
 * Per row of `passage_sources`, in its key order (article id, ordinal): the article and the passage. What the file
 * order of a build is made from (index/file-order.ts); read as rows, a fifth of a second at 250,000 passages.
 */
const SOURCE_COLUMNS = ['source_article', 'source_passage'] as const;
export type ColumnName = (typeof PASSAGE_COLUMNS)[number] | (typeof ARTICLE_COLUMNS)[number] | (typeof SOURCE_COLUMNS)[number];

export function writeColumns(db: Database.Database, columns: Record<ColumnName, Int32Array>): void {
  const insert = db.prepare('INSERT INTO columns (name, data) VALUES (?, ?)');
  db.transaction(() => {
    for (const [name, values] of Object.entries(columns)) insert.run(name, Buffer.from(values.buffer, values.byteOffset, values.byteLength));
  })();
}

/**
 * A column of the segment `file` (a file name in the folder of `db`'s own file, its generation) attached as `schema`,
 * which must hold `length` entries (its id range's size; for a source column, the other's length).
 */
export function readColumn(db: Database.Database, segment: { schema: string; file: string }, name: ColumnName, length?: number): Int32Array {
  const schema = segment.schema;
  const file = path.join(path.dirname(db.name), segment.file);
  const data = db.prepare(`SELECT data FROM ${schema}.columns WHERE name = ?`).pluck().get(name) as Buffer | undefined;
  length ??= data ? Math.floor(data.byteLength / 4) : 0;
  if (!data || data.byteLength !== 4 * length) {
    throw new DamagedIndex(file, `its ${name} column holds ${data ? data.byteLength / 4 : 'no'} entries for ${length} rows`);
  }
  // a view of the blob's own buffer when it is aligned (a large blob has a buffer of its own); copied otherwise
  if (data.byteOffset % 4 === 0) return new Int32Array(data.buffer, data.byteOffset, length);
  const out = new Int32Array(length);
  new Uint8Array(out.buffer).set(data);
  return out;
}

/** An Int32Array that grows as values are pushed, for the columns a build learns row by row. */
export class GrowingColumn {
  private values = new Int32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.values.length) {
      const grown = new Int32Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = value;
  }

  array(): Int32Array {
    return this.values.slice(0, this.length);
  }
}
