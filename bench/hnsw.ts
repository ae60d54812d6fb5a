import Database from 'better-sqlite3';
import hnswlib from 'hnswlib-node';
import path from 'node:path';
import { currentGeneration } from '../src/store/generations.js';
import { HNSW_FILE, HNSW_SETTINGS, vectorFromBlob } from '../src/store/vectors.js';

export interface HnswRow {
  efSearch: number;
  recallAt10: number;
  msPerQuery: number;
}

/**
 * How much of the exact top 10 (by cosine, over every stored vector) the HNSW graph finds at each efSearch, with
 * `queries` of the passages' own vectors as questions: what HNSW_SETTINGS.efSearch was chosen on.
 */
export async function hnswRecall(indexDir: string, queries = 200): Promise<HnswRow[]> {
  const generation = currentGeneration(indexDir)!;
  const db = new Database(path.join(generation, 'wenda.db'), { readonly: true });
  const rows = db.prepare('SELECT p.id, e.vector FROM passages p JOIN embeddings e ON e.key = p.key ORDER BY p.id').all() as { id: number; vector: Buffer }[];
  db.close();
  const vectors = rows.map((r) => vectorFromBlob(r.vector));
  const dimension = vectors[0]!.length;
  const graph = new hnswlib.HierarchicalNSW(HNSW_SETTINGS.space, dimension);
  await graph.readIndex(path.join(generation, HNSW_FILE));
  const step = Math.max(1, Math.floor(vectors.length / queries));
  const sample = vectors.filter((_, i) => i % step === 0).slice(0, queries);
  const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);
  const exact = sample.map((q) =>
    vectors
      .map((v, id) => ({ id, s: dot(q, v) }))
      .sort((a, b) => b.s - a.s)
      .slice(0, 10)
      .map((x) => x.id),
  );
  const out: HnswRow[] = [];
  for (const ef of [10, 32, 64, 128]) {
    graph.setEf(ef);
    let found = 0;
    const started = performance.now();
    sample.forEach((q, i) => {
      const got = new Set(graph.searchKnn(Array.from(q), 10).neighbors);
      found += exact[i]!.filter((id) => got.has(id)).length;
    });
    out.push({ efSearch: ef, recallAt10: Math.round((found / (sample.length * 10)) * 1000) / 1000, msPerQuery: Math.round(((performance.now() - started) / sample.length) * 1000) / 1000 });
  }
  return out;
}
