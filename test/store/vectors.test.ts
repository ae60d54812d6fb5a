import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEGMENT_SCHEMA } from '../../src/store/schema.js';
import { hnswBytes, writeHnsw } from '../../src/store/vectors.js';
import { tempDir } from '../helpers/fixtures.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir()));
afterAll(() => cleanup());

/** Reproducible vectors (their values do not change the layout, only the upper layers' draw). */
function vectors(count: number, dimension: number): Float32Array[] {
  let s = 1;
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) - 0.5;
  return Array.from({ length: count }, () => Float32Array.from({ length: dimension }, next));
}

describe('the graph size estimate', () => {
  it.each([
    [2000, 8],
    [500, 96],
  ])('matches the file hnswlib writes for %i vectors of %i numbers within a fiftieth', async (count, dimension) => {
    const file = path.join(dir, `graph-${count}-${dimension}.hnsw`);
    await writeHnsw(file, vectors(count, dimension), count, dimension, (i) => i);
    const size = statSync(file).size;
    expect(Math.abs(hnswBytes(count, dimension) - size) / size).toBeLessThan(0.02);
  });
});

describe('the embeddings table', () => {
  it('stores a vector of the default width in about its own size, not on an overflow page of its own', () => {
    const db = new Database(path.join(dir, 'segment.db'));
    db.exec(SEGMENT_SCHEMA);
    const insert = db.prepare('INSERT INTO embeddings (key, model, vector) VALUES (?, ?, ?)');
    const count = 500;
    const stored = vectors(count, 384);
    db.transaction(() => stored.forEach((v, i) => insert.run(createHash('sha1').update(String(i)).digest('base64url'), 'Xenova/multilingual-e5-small@int8', Buffer.from(v.buffer))))();
    // the table and its index, in bytes of pages: a vector is 1,536 bytes
    const bytes = db.prepare("SELECT SUM(pgsize) FROM dbstat WHERE name IN (SELECT name FROM sqlite_master WHERE tbl_name = 'embeddings')").pluck().get() as number;
    db.close();
    expect(bytes / count).toBeLessThan(2400);
  });
});
