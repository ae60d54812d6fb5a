/**
 * The HNSW graph measured three ways. `hnswRecall(INDEX)` (part of `npm run bench`): how much of the exact top 10 the
 * graph of a hybrid index finds at each efSearch, with passages' own vectors as questions (what HNSW_SETTINGS.efSearch
 * was chosen on). `node dist/bench/hnsw.js --build [PASSAGES]` (default 250000): the product's path at scale, a
 * collection of about that many distinct passages (bench/collection.ts) built by `wenda index build` in hybrid mode
 * with the generated test model at the default model's width (384), then its embedding and graph times, peak memory,
 * the graph's file, memory and estimate, the reader's memory and hybrid ask latency (`--reader`), recall and query
 * time, what adding 1 % of new vectors (deleting as many) to the written graph costs, and a rebuild after one changed
 * article. `--graph COUNT`: the graph alone. `--embedding COUNT`: where embedding's CPU goes, step by step, a passage
 * (ours against the library's and the model's). `node dist/bench/hnsw.js [COUNT] [DIMENSION]`
 * (default 250000 384): the same graph figures over random vectors, the hard case for HNSW (their neighbours are
 * nearly equidistant).
 */
import type { Tensor } from '@huggingface/transformers';
import Database from 'better-sqlite3';
import hnswlib from 'hnswlib-node';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { changeArticles, collection, corpus, markCopy, scaleDir } from './collection.js';
import { phaseOf, timedBuild } from './timed-build.js';
import { Embedder } from '../src/embedding/embedder.js';
import { poolTokens } from '../src/embedding/pooling.js';
import { packageRoot } from '../src/paths.js';
import { percentile, readQuestions } from '../src/retrieval/evaluate.js';
import { IndexReader } from '../src/retrieval/index-reader.js';
import { ask } from '../src/retrieval/search.js';
import { buildIndex } from '../src/index/build.js';
import { vectorsKey } from '../src/index/vectors-phase.js';
import { currentGeneration } from '../src/store/generations.js';
import { openGeneration } from '../src/store/segments.js';
import { addToHnsw, HNSW_FILE, HNSW_SETTINGS, hnswBytes, vectorFromBlob, writeHnsw } from '../src/store/vectors.js';
import { readManifest } from '../src/store/manifest.js';
import { SEGMENT_SCHEMA } from '../src/store/schema.js';
import { writeTinyModel } from '../test/helpers/tiny-model.js';

export interface HnswRow {
  efSearch: number;
  recallAt10: number;
  /** Found neighbours at least as near as the 10th exact one less 10⁻³ (ann-benchmarks' rule): near-ties count. */
  recallAt10Ties: number;
  msPerQuery: number;
}

/** How much nearer than the 10th exact neighbour a found one may fall short and still count (ann-benchmarks' epsilon). */
const TIE = 1e-3;

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
    return { ids: top.map((x) => x.id), tenth: top.at(-1)!.s };
  });
  const share = (n: number) => Math.round((n / (sample.length * 10)) * 1000) / 1000;
  return efs.map((ef) => {
    graph.setEf(ef);
    let found = 0;
    let near = 0;
    const started = performance.now();
    sample.forEach((q, i) => {
      const { neighbors, distances } = graph.searchKnn(Array.from(q), 10);
      const got = new Set(neighbors);
      found += exact[i]!.ids.filter((id) => got.has(id)).length;
      // copies of one passage (the scale collections) have near-equal vectors: which of them is "the" 10th is chance
      near += distances.filter((d) => 1 - d >= exact[i]!.tenth - TIE).length;
    });
    const ms = (performance.now() - started) / sample.length;
    return { efSearch: ef, recallAt10: share(found), recallAt10Ties: share(near), msPerQuery: Math.round(ms * 1000) / 1000 };
  });
}

/** A hybrid index's live passages: stored ids, texts and unit vectors, and its graph's file and manifest entry. */
function livePassages(indexDir: string) {
  const generation = currentGeneration(indexDir)!;
  const dense = readManifest(generation).settings.dense!;
  const { db } = openGeneration(generation);
  const rows = db
    .prepare('SELECT p.id, p.text, e.vector FROM passages p JOIN embeddings e ON e.key = p.key AND e.model = ? ORDER BY p.id')
    .all(vectorsKey(dense.model, dense.quantized)) as { id: number; text: string; vector: Buffer }[];
  db.close();
  const unit = (v: Float32Array) => {
    const n = Math.sqrt(dot(v, v)) || 1;
    return v.map((x) => x / n);
  };
  return { file: path.join(generation, HNSW_FILE), dense, ids: rows.map((r) => r.id), texts: rows.map((r) => r.text), vectors: rows.map((r) => unit(vectorFromBlob(r.vector))) };
}

async function recallOf(live: ReturnType<typeof livePassages>, queries: number): Promise<HnswRow[]> {
  const graph = new hnswlib.HierarchicalNSW(HNSW_SETTINGS.space, live.dense.dimension);
  await graph.readIndex(live.file);
  return recallRows(graph, live.vectors, live.ids, queries, [10, 32, 64, 128]);
}

/** Recall of a hybrid index's graph against exact search over its live passages' vectors (labels are stored ids). */
export async function hnswRecall(indexDir: string, queries = 200): Promise<HnswRow[]> {
  return recallOf(livePassages(indexDir), queries);
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

/**
 * A graph of `vectors` written as the indexer writes it, in a folder of its own: build time, the process's peak memory,
 * the graph's file, memory and estimate, then recall and query time against exact search, and what a rebuild after 1 %
 * changed costs (as many labels deleted, `fresh(n)` new vectors added to the written graph) against building it.
 */
async function measureGraph(vectors: Float32Array[], fresh: (n: number) => Promise<Float32Array[]>, said: Record<string, unknown>): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'wenda-hnsw-'));
  try {
    const count = vectors.length;
    const dimension = vectors[0]!.length;
    const file = path.join(dir, HNSW_FILE);
    let started = performance.now();
    await writeHnsw(file, vectors, count, dimension, (i) => i);
    const build = seconds(started);
    // said at once: the recall against exact search that follows takes minutes at 250,000 vectors
    const peak = { 'process peak MB': Math.round(process.resourceUsage().maxRSS / 1024) };
    console.log(JSON.stringify({ ...said, vectors: count, dimension, 'graph build s': build, ...peak, ...graphSizes(file, count, dimension) }));
    const graph = new hnswlib.HierarchicalNSW(HNSW_SETTINGS.space, dimension);
    await graph.readIndex(file);
    const recall = recallRows(graph, vectors, vectors.map((_, i) => i), 200, [10, 32, 64, 128]);
    const changed = Math.max(1, Math.round(count / 100));
    const added = await fresh(changed);
    started = performance.now();
    await addToHnsw(file, file, { deleted: Array.from({ length: changed }, (_, i) => (i * 97) % count), deletedBefore: 0, added, firstLabel: count, dimension });
    const update = seconds(started);
    console.log(JSON.stringify({ recall, [`graph update: ${changed} deleted and added, s`]: update, 'graph update / build': Math.round((update / build) * 1000) / 1000 }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function synthetic(count: number, dimension: number): Promise<void> {
  await measureGraph(randomVectors(count, dimension, 1), async (n) => randomVectors(n, dimension, 2), { vectors: 'random' });
}

/** The generated 384-wide test model, written to the scale folder and loaded as the indexer loads it. */
async function scaleEmbedder(): Promise<Embedder> {
  const modelsDir = path.join(scaleDir, 'models');
  return Embedder.load(writeTinyModel(modelsDir, { id: SCALE_MODEL, dim: 384 }), { modelsDir, allowRemote: false });
}

/** COUNT passages of the corpus (copies made distinct past its 6,472), or null without the shared material. */
async function corpusTexts(count: number): Promise<string[] | null> {
  if (!existsSync(corpus)) {
    console.log(`no shared material at ${corpus} (set WENDA_BENCH_SHARED): nothing to measure`);
    return null;
  }
  const index = path.join(scaleDir, 'corpus-index');
  if (!currentGeneration(index)) await buildIndex({ articlesDir: corpus, indexDir: index, model: 'none' });
  const { db } = openGeneration(currentGeneration(index)!);
  const passages = db.prepare('SELECT text FROM passages ORDER BY id').pluck().all() as string[];
  db.close();
  return Array.from({ length: count }, (_, i) => markCopy(passages[i % passages.length]!, Math.floor(i / passages.length)));
}

/**
 * `--embedding COUNT`: where embedding's CPU goes, in ms a passage (process CPU, ONNX Runtime's threads included), over
 * COUNT corpus passages with the generated 384-wide model: the library's tokenizer and the model's run, then ours,
 * pooling (against the library's mean pooling over the same outputs) and writing the vectors as the vectors phase
 * does (a segment's table, 256 a transaction); in batches of 16 in the given order and in order of length (the
 * embedder's), with the padded tokens a passage each runs. Then the embedder itself, end to end.
 */
async function embeddingCost(count: number): Promise<void> {
  const texts = await corpusTexts(count);
  if (!texts) return;
  const embedder = await scaleEmbedder();
  const { pipeline, mean_pooling } = await import('@huggingface/transformers');
  const extract = await pipeline('feature-extraction', SCALE_MODEL, { dtype: 'q8', device: 'cpu' });
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const perPassage = (ms: number) => Math.round((ms / count) * 1000) / 1000;
  const orders = { given: texts.map((_, i) => i), 'by length': texts.map((_, i) => i).sort((a, b) => texts[a]!.length - texts[b]!.length) };
  const rows = [];
  let pooled: Float32Array[] = [];
  for (const [order, ids] of Object.entries(orders)) {
    const ms = { tokenizer: 0, model: 0, 'our pooling': 0, "library's pooling": 0 };
    let padded = 0;
    pooled = [];
    for (let i = 0; i < count; i += 16) {
      let at = cpu();
      const lap = (step: keyof typeof ms) => {
        const now = cpu();
        ms[step] += now - at;
        at = now;
      };
      const inputs = extract.tokenizer(ids.slice(i, i + 16).map((t) => texts[t]!), { padding: true, truncation: true });
      lap('tokenizer');
      const hidden = (await extract.model(inputs)).last_hidden_state as Tensor;
      lap('model');
      const mask = inputs.attention_mask as Tensor;
      const ours = poolTokens({ data: hidden.data as Float32Array, dims: hidden.dims, mask: mask.data as BigInt64Array }, 'mean', true);
      lap('our pooling');
      mean_pooling(hidden, mask).normalize(2, -1);
      lap("library's pooling");
      padded += hidden.dims[0]! * hidden.dims[1]!;
      for (let j = 0; j < hidden.dims[0]!; j++) pooled.push(ours.subarray(j * 384, (j + 1) * 384));
    }
    rows.push({ order, 'padded tokens a passage': Math.round(padded / count), ...Object.fromEntries(Object.entries(ms).map(([k, v]) => [`${k} ms`, perPassage(v)])) });
  }
  await extract.dispose();
  const dir = mkdtempSync(path.join(tmpdir(), 'wenda-embeddings-'));
  const db = new Database(path.join(dir, 'segment.db'));
  db.exec(SEGMENT_SCHEMA);
  const insert = db.prepare('INSERT INTO embeddings (key, model, vector) VALUES (?, ?, ?)');
  let at = cpu();
  for (let i = 0; i < count; i += 256) {
    db.transaction(() => pooled.slice(i, i + 256).forEach((v, j) => insert.run(`passage ${i + j}`, vectorsKey(SCALE_MODEL, true), Buffer.from(v.buffer, v.byteOffset, v.byteLength))))();
  }
  const write = perPassage(cpu() - at);
  db.close();
  rmSync(dir, { recursive: true, force: true });
  at = cpu();
  await embedder.passages(texts);
  console.log(JSON.stringify({ passages: count, steps: rows, 'vectors written ms': write, 'embedder end to end ms': perPassage(cpu() - at) }));
  await embedder.dispose();
}

/**
 * `--graph COUNT`: the graph alone at the product's width, without the lexical build around it: COUNT passages (the
 * corpus's, copies made distinct) embedded with the generated 384-wide test model through the real embedder, then
 * measured as measureGraph does.
 */
async function embeddedGraph(count: number): Promise<void> {
  const texts = await corpusTexts(count);
  if (!texts) return;
  const embedder = await scaleEmbedder();
  const started = performance.now();
  const vectors = await embedder.passages(texts);
  const embedSeconds = seconds(started);
  await measureGraph(vectors, (n) => embedder.passages(texts.slice(0, n).map((t) => `${t}（新）`)), {
    vectors: `${SCALE_MODEL} (${embedder.quantized ? 'int8' : 'float32'})`,
    'embedding s': embedSeconds,
    'embedded a second': Math.round(count / embedSeconds),
  });
  await embedder.dispose();
}

/** A graph's file: its size, the reader's memory for it (measured) and hnswBytes's estimate, in MB. */
function graphSizes(file: string, count: number, dimension: number) {
  return { 'graph file MB': mb(statSync(file).size), 'graph MB in memory': loadedMB(file, dimension), 'graph MB estimated': mb(hnswBytes(count, dimension)) };
}

/**
 * `--reader INDEX MODELS`: what the bot holds for a hybrid index, in a process of its own: the reader (lexical
 * columns, and the database pages it maps) and then the graph and the model, with hybrid ask p50/p95 over the bench's
 * questions; resident memory after each.
 */
async function readerMode(index: string, modelsDir: string): Promise<void> {
  const dir = path.join(packageRoot, 'bench', 'questions');
  const questions = readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => readQuestions(path.join(dir, f)).map((q) => q.question));
  const reader = IndexReader.open(index);
  const lexical = mb(process.memoryUsage().rss);
  await reader.useModel(SCALE_MODEL, { modelsDir, allowRemote: false }, () => {});
  const loaded = mb(process.memoryUsage().rss);
  const times: number[] = [];
  for (const q of questions) {
    const started = performance.now();
    if ((await ask(reader, q, 5)).mode !== 'hybrid') throw new Error('the reader answered lexically');
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  console.log(
    JSON.stringify({
      'reader MB, lexical': lexical,
      'reader MB, graph and model loaded': loaded,
      'reader MB after asking': mb(process.memoryUsage().rss),
      // file pages: the databases the reader maps (up to mmap_size) and code, resident but given back under pressure
      'of it file pages MB': Math.round(Number(/RssFile:\s+(\d+)/u.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) / 1024),
      'hybrid ask p50 / p95 ms': [round(percentile(times, 50)), round(percentile(times, 95))],
      questions: questions.length,
    }),
  );
  reader.close();
}

/** The generated test model at the default model's width, as the indexer uses it (int8 twin included). */
const SCALE_MODEL = 'wenda-test/tiny-bert-384';

async function productPath(passages: number): Promise<void> {
  if (!existsSync(corpus)) {
    console.log(`no shared material at ${corpus} (set WENDA_BENCH_SHARED): nothing to measure`);
    return;
  }
  mkdirSync(scaleDir, { recursive: true });
  const articles = collection(passages);
  const modelsDir = path.join(scaleDir, 'models');
  writeTinyModel(modelsDir, { id: SCALE_MODEL, dim: 384 });
  const index = path.join(scaleDir, `hybrid-index-${path.basename(articles)}`);
  rmSync(index, { recursive: true, force: true });
  try {
    const full = await timedBuild(articles, index, SCALE_MODEL, modelsDir);
    // before this process holds every vector for the exact search
    const read = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--reader', index, modelsDir], { encoding: 'utf8', env: { ...process.env, WENDA_OFFLINE: '1' } });
    if (read.status !== 0) throw new Error(read.stderr);
    const live = livePassages(index);
    const count = live.ids.length;
    const embedSeconds = phaseOf(full, 'embedding passages', 'counted').seconds;
    const graphSeconds = phaseOf(full, 'building the vector graph', 'next').seconds;
    // said at once: the recall against exact search that follows takes minutes at 250,000 vectors
    console.log(
      JSON.stringify({
        passages: count,
        dimension: live.dense.dimension,
        'build s': full.seconds,
        'build user s': full.userSeconds,
        'build peak MB': full.peakMB,
        'embedding s': embedSeconds,
        'embedded a second': Math.round(count / embedSeconds),
        'graph build s': graphSeconds,
        ...graphSizes(live.file, count, live.dense.dimension),
        ...JSON.parse(read.stdout.trim()),
      }),
    );
    const recall = await recallOf(live, 200);
    // 1 % changed, as a rebuild does it: as many labels deleted, new passages' vectors (embedded now) added
    const changed = Math.max(1, Math.round(count / 100));
    const embedder = await Embedder.load(SCALE_MODEL, { modelsDir, allowRemote: false });
    const fresh = await embedder.passages(live.texts.slice(0, changed).map((t) => `${t}（新）`));
    await embedder.dispose();
    const updated = path.join(scaleDir, 'updated.hnsw');
    const started = performance.now();
    await addToHnsw(live.file, updated, {
      deleted: live.ids.filter((_, i) => i % 100 === 0).slice(0, changed),
      deletedBefore: 0,
      added: fresh,
      firstLabel: live.ids.at(-1)! + 1,
      dimension: live.dense.dimension,
    });
    const update = seconds(started);
    rmSync(updated);
    console.log(JSON.stringify({ recall, [`graph update: ${changed} deleted and added, s`]: update, 'graph update / build': Math.round((update / graphSeconds) * 1000) / 1000 }));
    // the product's rebuild after one changed article: its graph is added to, not built again
    changeArticles(articles, 1, Date.now());
    const again = await timedBuild(articles, index, SCALE_MODEL, modelsDir);
    const after = readManifest(currentGeneration(index)!);
    const added = phaseOf(again, 'adding to the vector graph', 'next');
    console.log(
      JSON.stringify({
        'rebuild, 1 article changed, s': again.seconds,
        'rebuild peak MB': again.peakMB,
        'vectors added to the graph': added.total,
        'graph update s': added.seconds,
        'graph elements marked deleted': after.settings.dense!.deleted,
        phases: again.phases.map((p) => p.name.replace(/ with .*/u, '')),
      }),
    );
  } finally {
    rmSync(index, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === '--load') {
    const before = process.memoryUsage().rss;
    const graph = new hnswlib.HierarchicalNSW(HNSW_SETTINGS.space, Number(process.argv[4]));
    await graph.readIndex(process.argv[3]!);
    console.log(mb(process.memoryUsage().rss - before));
  } else if (process.argv[2] === '--reader') {
    await readerMode(process.argv[3]!, process.argv[4]!);
  } else if (process.argv[2] === '--build') {
    await productPath(Number(process.argv[3] ?? 250000));
  } else if (process.argv[2] === '--embedding') {
    await embeddingCost(Number(process.argv[3] ?? 3000));
  } else if (process.argv[2] === '--graph') {
    await embeddedGraph(Number(process.argv[3] ?? 250000));
  } else {
    const [count = 250000, dimension = 384] = process.argv.slice(2).map(Number);
    await synthetic(count, dimension);
  }
}
