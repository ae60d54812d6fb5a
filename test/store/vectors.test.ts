import { statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
