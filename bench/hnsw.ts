/**
 * The HNSW graph measured two ways. `hnswRecall(INDEX)` (part of `npm run bench`): how much of the exact top 10 the
 * graph of a hybrid index finds at each efSearch, with passages' own vectors as questions (what HNSW_SETTINGS.efSearch
 * was chosen on). `node dist/bench/hnsw.js [COUNT] [DIMENSION]` (default 250000 384, the default model's width): the
 * same over random vectors, with the graph's build time, memory and file size, and what adding 1 % of new vectors to
 * the written graph (deleting as many) costs against building it again: a synthetic stand-in for a collection that
 * size, since no real model is installed here (random vectors are the hard case: their neighbours are nearly
 * equidistant).
 */
import hnswlib from 'hnswlib-node';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { vectorsKey } from '../src/index/vectors-phase.js';
import { currentGeneration } from '../src/store/generations.js';
import { openGeneration } from '../src/store/segments.js';
import { addToHnsw, HNSW_FILE, HNSW_SETTINGS, vectorFromBlob, writeHnsw } from '../src/store/vectors.js';
import { readManifest } from '../src/store/manifest.js';

export interface HnswRow {
  efSearch: number;
  recallAt10: number;
  msPerQuery: number;
}

const dot = (a: Float32Array, b: Float32Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

/** Recall@10 of the graph against exact cosine search (vectors unit length), and ms a query, at each efSearch. */
function recallRows(graph: hnswlib.HierarchicalNSW, vectors: Float32Array[], labels: number[], queries: number, efs: number[]): HnswRow[] {
  const step = Math.max(1, Math.floor(vectors.length / queries));
  const sample = vectors.filter((_, i) => i % step === 0).slice(0, queries);
  const exact = sample.map((q) => {
    const top: { id: number; s: number }[] = [];
    vectors.forEach((v, i) => {
      const s = dot(q, v);
      if (top.length < 10 || s > top[9]!.s) {
        top.push({ id: labels[i]!, s });
        top.sort((a, b) => b.s - a.s);
        top.length = Math.min(top.length, 10);
      }
    });
    return top.map((x) => x.id);
  });
  return efs.map((ef) => {
    graph.setEf(ef);
    let found = 0;
    const started = performance.now();
    sample.forEach((q, i) => {
      const got = new Set(graph.searchKnn(Array.from(q), 10).neighbors);
      found += exact[i]!.filter((id) => got.has(id)).length;
    });
    const ms = (performance.now() - started) / sample.length;
    return { efSearch: ef, recallAt10: Math.round((found / (sample.length * 10)) * 1000) / 1000, msPerQuery: Math.round(ms * 1000) / 1000 };
  });
}

/** Recall of a hybrid index's graph against exact search over its live passages' vectors (labels are stored ids). */
export async function hnswRecall(indexDir: string, queries = 200): Promise<HnswRow[]> {
  const generation = currentGeneration(indexDir)!;
  const dense = readManifest(generation).settings.dense!;
  const { db } = openGeneration(generation);
  const rows = db
    .prepare('SELECT p.id, e.vector FROM passages p JOIN embeddings e ON e.key = p.key AND e.model = ? ORDER BY p.id')
    .all(vectorsKey(dense.model, dense.quantized)) as { id: number; vector: Buffer }[];
  db.close();
  const unit = (v: Float32Array) => {
    const n = Math.sqrt(dot(v, v)) || 1;
    return v.map((x) => x / n);
  };
  const vectors = rows.map((r) => unit(vectorFromBlob(r.vector)));
  const graph = new hnswlib.HierarchicalNSW(HNSW_SETTINGS.space, dense.dimension);
  await graph.readIndex(path.join(generation, HNSW_FILE));
  return recallRows(graph, vectors, rows.map((r) => r.id), queries, [10, 32, 64, 128]);
}

/** Reproducible random unit vectors (a linear congruential generator; Box–Muller for normal coordinates). */
function randomVectors(count: number, dimension: number, seed: number): Float32Array[] {
  let state = seed >>> 0;
  const uniform = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) + 1) / 4294967297;
  return Array.from({ length: count }, () => {
    const v = new Float32Array(dimension);
    for (let i = 0; i < dimension; i++) v[i] = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    const n = Math.sqrt(dot(v, v));
    return v.map((x) => x / n);
  });
}

const seconds = (since: number) => Math.round((performance.now() - since) / 100) / 10;
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/** The resident memory a graph adds to a process that loads it as a reader does (measured in a process of its own). */
function loadedMB(file: string, dimension: number): number {
  const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--load', file, String(dimension)], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return Number(run.stdout.trim());
}

async function synthetic(count: number, dimension: number): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'wenda-hnsw-'));
  try {
    const vectors = randomVectors(count, dimension, 1);
    const file = path.join(dir, HNSW_FILE);
    let started = performance.now();
    await writeHnsw(file, vectors, count, dimension, (i) => i);
    const build = seconds(started);
    const graphMB = loadedMB(file, dimension);
    // said at once: the recall against exact search that follows takes minutes at 250,000 vectors
    console.log(JSON.stringify({ vectors: count, dimension, 'build s': build, 'graph MB in memory': graphMB, 'file MB': mb(statSync(file).size) }));
    const graph = new hnswlib.HierarchicalNSW(HNSW_SETTINGS.space, dimension);
    await graph.readIndex(file);
    const recall = recallRows(graph, vectors, vectors.map((_, i) => i), 200, [10, 64, 128]);
    // a rebuild after 1 % changed: as many labels deleted, new ones added to the written graph
    const changed = Math.max(1, Math.round(count / 100));
    const fresh = randomVectors(changed, dimension, 2);
    started = performance.now();
    await addToHnsw(file, file, { deleted: Array.from({ length: changed }, (_, i) => (i * 97) % count), deletedBefore: 0, added: fresh, firstLabel: count, dimension });
    const update = seconds(started);
    console.log(
      JSON.stringify({
        recall,
        [`update: ${changed} deleted and added, s`]: update,
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === '--load') {
    const before = process.memoryUsage().rss;
    const graph = new hnswlib.HierarchicalNSW(HNSW_SETTINGS.space, Number(process.argv[4]));
    await graph.readIndex(process.argv[3]!);
    console.log(mb(process.memoryUsage().rss - before));
  } else {
    const [count = 250000, dimension = 384] = process.argv.slice(2).map(Number);
    await synthetic(count, dimension);
  }
}
