import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build.js';
import { Embedder } from '../../src/embedding/embedder.js';
import { IndexReader } from '../../src/retrieval/index-reader.js';
import { currentGeneration } from '../../src/store/generations.js';
import { openGeneration } from '../../src/store/segments.js';
import { ask } from '../../src/retrieval/search.js';
import { articlesWith, plainArticle, TAX_ARTICLE, tempDir, writeFiles } from '../helpers/fixtures.js';
import { HNSW_FILE, readHnsw, vectorFromBlob } from '../../src/store/vectors.js';
import { readManifest } from '../../src/store/manifest.js';
import { FORMAT_VERSION } from '../../src/store/schema.js';
import { pipelineVectors, writeTinyModel } from '../helpers/tiny-model.js';


let dir: string;
let cleanup: () => void;
let models: string;
let model: string;
let articles: string;
const source = () => ({ modelsDir: models, allowRemote: false });
const generation = (index: string) => currentGeneration(index)!;

beforeAll(() => {
  ({ dir, cleanup } = tempDir());
  models = path.join(dir, 'models');
  model = writeTinyModel(models);
  articles = articlesWith(dir, { 'tax.txt': TAX_ARTICLE });
});
afterAll(() => cleanup());

describe('the embedder', () => {
  it('embeds in batches with the int8 weights, one normalised vector a text', async () => {
    const embedder = await Embedder.load(model, source());
    expect(embedder.quantized).toBe(true);
    const texts = Array.from({ length: 40 }, (_, i) => `第${i}段 中央网信办`);
    let batches = 0;
    const vectors = await embedder.passages(texts, () => batches++);
    expect(vectors).toHaveLength(40);
    expect(batches).toBe(3);
    for (const v of vectors) {
      expect(v).toHaveLength(32);
      expect(Math.hypot(...v)).toBeCloseTo(1, 4);
    }
  });

  it('gives vectors as wide as the generated model is made (384, the default model\'s, for the scale bench)', async () => {
    const wide = path.join(dir, 'wide-models');
    const id = writeTinyModel(wide, { id: 'wenda-test/tiny-bert-384', dim: 384 });
    const embedder = await Embedder.load(id, { modelsDir: wide, allowRemote: false });
    const [a, b] = await embedder.passages(['中央网信办召开会议', '办税平均用时压缩']);
    expect(a).toHaveLength(384);
    expect(Math.hypot(...a!)).toBeCloseTo(1, 4);
    expect(a).not.toEqual(b);
    await embedder.dispose();
  });
});

/** A build's counted phases: each one's total and how many it ticked. */
function countedPhases() {
  const phases = new Map<string, { total: number; ticked: number }>();
  let current: { total: number; ticked: number } | null = null;
  const progress = {
    phase(name: string, total?: number) {
      current = total === undefined ? null : { total, ticked: 0 };
      if (current) phases.set(name, current);
    },
    tick(n = 1) {
      if (current) current.ticked += n;
    },
    skipped() {},
    notice() {},
    end() {},
  };
  return { phases, progress };
}

describe('a hybrid index', () => {
  const index = () => path.join(dir, 'hybrid');

  it('writes the vectors, the graph and the manifest', async () => {
    const report = await buildIndex({ articlesDir: articles, indexDir: index(), model, modelSource: source() });
    expect(report).toMatchObject({ mode: 'hybrid', embeddedPassages: report.passages });
    const manifest = JSON.parse(readFileSync(path.join(generation(index()), 'manifest.json'), 'utf8'));
    expect(manifest.mode).toBe('hybrid');
    expect(manifest.settings.dense).toEqual({ model, dimension: 32, space: 'cosine', M: 16, efConstruction: 200, efSearch: 64, quantized: true, deleted: 0 });
    expect(existsSync(path.join(generation(index()), 'vectors.hnsw'))).toBe(true);
    const { db } = openGeneration(generation(index()));
    expect(db.prepare('SELECT COUNT(*) AS n FROM embeddings WHERE model = ?').get(`${model}@int8`)).toEqual({ n: report.passages });
    db.close();
  });

  it("stores each passage's vector as the model's own pipeline gives it for that passage", async () => {
    const { db } = openGeneration(generation(index()));
    const rows = db.prepare('SELECT p.text, e.vector FROM passages p JOIN embeddings e ON e.key = p.key ORDER BY p.id').all() as { text: string; vector: Buffer }[];
    db.close();
    expect(rows.length).toBeGreaterThan(1);
    const expected = await pipelineVectors(model, true, rows.map((r) => r.text));
    const close = (a: Float32Array, b: Float32Array) => a.length === b.length && a.every((x, i) => Math.abs(x - b[i]!) < 1e-5);
    expect(rows.map((r, i) => close(vectorFromBlob(r.vector), expected[i]!))).toEqual(rows.map(() => true));
  });

  it('answers in hybrid mode once the model is loaded', async () => {
    const reader = IndexReader.open(index());
    await reader.useModel(model, source(), () => {});
    const result = await ask(reader, '办税平均用时压缩到多少分钟', 3);
    expect(result.mode).toBe('hybrid');
    expect(result.answers[0]!.text).toContain('15分钟以内');
    reader.close();
  });

  it('embeds again only the passages of the article that changed', async () => {
    writeFileSync(path.join(articles, 'tax.txt'), TAX_ARTICLE.replace('15分钟', '12分钟'));
    const report = await buildIndex({ articlesDir: articles, indexDir: index(), model, modelSource: source() });
    expect(report).toMatchObject({ mode: 'hybrid', parsedFiles: 1, embeddedPassages: 1 });
  });

  it('refuses a model other than the one it was built with, saying what to do', async () => {
    const reader = IndexReader.open(index());
    await expect(reader.useModel('Xenova/bge-m3', source(), () => {})).rejects.toThrow(
      `the index was built with the model ${model} (32 dimensions), not Xenova/bge-m3: rebuild it with "wenda index build --index ${index()} --model Xenova/bge-m3" or use --model ${model}`,
    );
    reader.close();
  });

  it('refuses a model whose vectors are not the size the index holds', async () => {
    const other = path.join(dir, 'other-models');
    writeTinyModel(other, { id: model, dim: 16 });
    const reader = IndexReader.open(index());
    await expect(reader.useModel(model, { modelsDir: other, allowRemote: false }, () => {})).rejects.toThrow(
      'gives 16 numbers a vector; the index holds 32',
    );
    reader.close();
  });

  it('keeps the vectors of int8 and float32 weights apart, and refuses to mix them', async () => {
    const floatOnly = path.join(dir, 'float-models');
    writeTinyModel(floatOnly, { id: model });
    rmSync(path.join(floatOnly, model, 'onnx', 'model_quantized.onnx'));
    const floatSource = { modelsDir: floatOnly, allowRemote: false };
    // the int8 index cannot be asked with float32 weights: its vectors would not be comparable
    const reader = IndexReader.open(index());
    await expect(reader.useModel(model, floatSource, () => {})).rejects.toThrow(
      `the index was built with the int8 weights of ${model}, but float32 ones are installed: rebuild it with "wenda index build --index ${index()}"`,
    );
    reader.close();
    // a rebuild with them embeds every passage again instead of reusing the int8 vectors
    const report = await buildIndex({ articlesDir: articles, indexDir: index(), model, modelSource: floatSource });
    expect(report.embeddedPassages).toBe(report.passages);
    const { db } = openGeneration(generation(index()));
    const keys = db.prepare('SELECT model, COUNT(*) AS n FROM embeddings GROUP BY model ORDER BY model').all();
    db.close();
    expect(keys).toEqual([{ model: `${model}@float32`, n: report.passages }]);
  });
});

describe('a rebuild of a hybrid index', () => {
  const index = () => path.join(dir, 'growing');
  const folder = () => path.join(dir, 'growing-articles');
  const paragraphs = (topic: string) =>
    [1, 2, 3].map((i) => `${topic}第${i}项工作取得新进展，有关部门围绕${topic}召开第${i}次专题会议，听取各单位情况汇报，研究部署下一阶段的重点任务和保障措施，要求压实责任、狠抓落实。`);
  /** Live passages' stored ids and vectors, as the generation in use holds them. */
  const liveVectors = () => {
    const { db } = openGeneration(generation(index()));
    const rows = db.prepare('SELECT p.id, e.vector FROM passages p JOIN embeddings e ON e.key = p.key ORDER BY p.id').all() as { id: number; vector: Buffer }[];
    db.close();
    return new Map(rows.map((r) => [r.id, vectorFromBlob(r.vector)]));
  };

  it('adds the new passages to the previous graph, and it never returns the deleted ones', async () => {
    const topics = ['防汛', '养老', '开学', '清廉机关', '安全生产', '招商引资', '文明城市', '河长制'];
    writeFiles(folder(), Object.fromEntries(topics.map((t, i) => [`${i}.txt`, plainArticle(`${t}工作会议`, paragraphs(t))])));
    const first = countedPhases();
    await buildIndex({ articlesDir: folder(), indexDir: index(), model, modelSource: source(), progress: first.progress });
    const before = liveVectors();
    // the graph is a phase of its own, counted in vectors added: every passage on a first build
    expect(first.phases.get('building the vector graph')).toEqual({ total: before.size, ticked: before.size });
    expect(first.phases.has('adding to the vector graph')).toBe(false);
    // three passages changed, three removed, one added: four new passages take the places of deleted ones, two stay deleted
    writeFiles(folder(), { '1.txt': plainArticle('养老工作会议', paragraphs('助餐服务')), 'new.txt': plainArticle('乡村振兴推进会', paragraphs('乡村振兴').slice(0, 1)) });
    rmSync(path.join(folder(), '2.txt'));
    const second = countedPhases();
    await buildIndex({ articlesDir: folder(), indexDir: index(), model, modelSource: source(), progress: second.progress });
    expect(second.phases.get('adding to the vector graph')).toEqual({ total: 4, ticked: 4 });
    expect(second.phases.has('building the vector graph')).toBe(false);

    const live = liveVectors();
    const gone = [...before.keys()].filter((id) => !live.has(id));
    expect(gone).toHaveLength(6);
    const { settings, counts } = readManifest(generation(index()));
    // added to, not built again: the passages that left are marked deleted in the graph, new ones in the places of four
    expect(settings.dense!.deleted).toBe(2);
    const graph = await readHnsw(path.join(generation(index()), HNSW_FILE), settings.dense!, counts.passages);
    expect(graph.getCurrentCount()).toBe(before.size);
    // every live passage, the new ones included, is its own nearest neighbour; no deleted one is ever returned
    for (const [id, vector] of [...live, ...gone.map((g): [number, Float32Array] => [g, before.get(g)!])]) {
      const { neighbors } = graph.searchKnn(Array.from(vector), counts.passages);
      expect(new Set(neighbors)).toEqual(new Set(live.keys()));
      if (live.has(id)) expect(neighbors[0]).toBe(id);
    }
    // the reader maps the graph's labels (stored ids) to its own ids
    const reader = IndexReader.open(index());
    await reader.useModel(model, source(), () => {});
    const newest = Math.max(...live.keys());
    const nearest = reader.dense!.nearest(live.get(newest)!, 1)[0]!;
    expect(reader.passage(nearest.id).text).toContain('乡村振兴');
    reader.close();
  });

  it('builds the graph whole again when many passages left, labelled with the stored ids', async () => {
    for (const file of ['3.txt', '4.txt', '5.txt', '6.txt']) rmSync(path.join(folder(), file));
    await buildIndex({ articlesDir: folder(), indexDir: index(), model, modelSource: source() });
    const live = liveVectors();
    const { settings, counts } = readManifest(generation(index()));
    expect(settings.dense!.deleted).toBe(0);
    const graph = await readHnsw(path.join(generation(index()), HNSW_FILE), settings.dense!, counts.passages);
    expect(graph.getCurrentCount()).toBe(live.size);
    // the stored ids have gaps: labels 0…n-1 would name other passages
    expect(Math.max(...live.keys())).toBeGreaterThanOrEqual(live.size);
    for (const [id, vector] of live) expect(graph.searchKnn(Array.from(vector), 1).neighbors[0]).toBe(id);
  });
});

describe('without the model', () => {
  it('builds a lexical index and says so once', async () => {
    const notices: string[] = [];
    const progress = { phase() {}, tick() {}, skipped() {}, notice: (m: string) => notices.push(m), end() {} };
    const report = await buildIndex({
      articlesDir: articles,
      indexDir: path.join(dir, 'lexical'),
      model: 'Xenova/multilingual-e5-small',
      modelSource: source(),
      progress,
    });
    expect(report.mode).toBe('lexical');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/^the model Xenova\/multilingual-e5-small is not available .*wenda model fetch Xenova\/multilingual-e5-small.*; building a lexical index$/);
    const reader = IndexReader.open(path.join(dir, 'lexical'));
    expect((await ask(reader, '办税平均用时压缩到多少分钟', 3)).mode).toBe('lexical');
    reader.close();
  });

  it('leaves a hybrid index as it was when its model went missing, unless asked for a lexical one', async () => {
    const hybrid = path.join(dir, 'kept-hybrid');
    await buildIndex({ articlesDir: articles, indexDir: hybrid, model, modelSource: source() });
    const before = generation(hybrid);
    const nowhere = { modelsDir: path.join(dir, 'no-models'), allowRemote: false };
    await expect(buildIndex({ articlesDir: articles, indexDir: hybrid, model, modelSource: nowhere })).rejects.toThrow(
      new RegExp(`^the model ${model} is not available .*; the index in use, hybrid with ${model}, is left as it was: make the model available, or rebuild with --model none for a lexical index$`, 'u'),
    );
    expect(generation(hybrid)).toBe(before);
    expect(readManifest(before).settings.dense?.model).toBe(model);
    // an index of an older format, which is rebuilt whole, is hybrid all the same
    const manifest = path.join(before, 'manifest.json');
    writeFileSync(manifest, JSON.stringify({ ...JSON.parse(readFileSync(manifest, 'utf8')), formatVersion: FORMAT_VERSION - 1 }));
    await expect(buildIndex({ articlesDir: articles, indexDir: hybrid, model, modelSource: nowhere })).rejects.toThrow(/; the index in use, hybrid with /u);
    expect(generation(hybrid)).toBe(before);
    expect(await buildIndex({ articlesDir: articles, indexDir: hybrid, model: 'none', modelSource: nowhere })).toMatchObject({ mode: 'lexical' });
  });
});
