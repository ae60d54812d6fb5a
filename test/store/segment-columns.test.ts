import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { readColumn, writeColumns, GrowingColumn, PASSAGE_COLUMNS, ARTICLE_COLUMNS } from '../../src/store/segment-columns.js';
import { SEGMENT_SCHEMA } from '../../src/store/schema.js';
import { DamagedIndex } from '../../src/store/integrity.js';

function segmentWith(length: number): { db: Database.Database; columns: Record<string, Int32Array> } {
  const db = new Database(':memory:');
  db.exec(SEGMENT_SCHEMA);
  const columns = Object.fromEntries(
    [...PASSAGE_COLUMNS, ...ARTICLE_COLUMNS].map((name, c) => [name, Int32Array.from({ length }, (_, i) => (i % 3 === 0 ? -1 : i * 1000 + c))]),
  );
  writeColumns(db, columns as Parameters<typeof writeColumns>[1]);
  return { db, columns };
}

describe('segment columns', () => {
  it('reads back what was written, -1 and large ids included', () => {
    const { db, columns } = segmentWith(5000);
    for (const name of [...PASSAGE_COLUMNS, ...ARTICLE_COLUMNS]) expect(readColumn(db, { schema: 'main', file: 'segment.db' }, name, 5000)).toEqual(columns[name]);
    db.close();
  });

  it('refuses a column that does not hold one entry per row', () => {
    const { db } = segmentWith(10);
    expect(() => readColumn(db, { schema: 'main', file: 'segment.db' }, 'passage_words', 11)).toThrow(DamagedIndex);
    db.prepare("DELETE FROM columns WHERE name = 'passage_next'").run();
    expect(() => readColumn(db, { schema: 'main', file: 'segment.db' }, 'passage_next', 10)).toThrow(/no entries/u);
    db.close();
  });

  it('grows a column as values are pushed', () => {
    const column = new GrowingColumn();
    for (let i = 0; i < 3000; i++) column.push(i - 1);
    expect(column.array()).toEqual(Int32Array.from({ length: 3000 }, (_, i) => i - 1));
  });
});
