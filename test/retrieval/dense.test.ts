import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build.js';
import { Embedder } from '../../src/embedding/embedder.js';
import { IndexReader } from '../../src/retrieval/index-reader.js';
import { currentGeneration } from '../../src/store/generations.js';
import { openGeneration } from '../../src/store/segments.js';
import { ask } from '../../src/retrieval/search.js';
import { articlesWith, TAX_ARTICLE, tempDir } from '../helpers/fixtures.js';
import { writeTinyModel } from '../helpers/tiny-model.js';


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
});

describe('a hybrid index', () => {
  const index = () => path.join(dir, 'hybrid');

  it('writes the vectors, the graph and the manifest', async () => {
    const report = await buildIndex({ articlesDir: articles, indexDir: index(), model, modelSource: source() });
    expect(report).toMatchObject({ mode: 'hybrid', embeddedPassages: report.passages });
    const manifest = JSON.parse(readFileSync(path.join(generation(index()), 'manifest.json'), 'utf8'));
    expect(manifest.mode).toBe('hybrid');
    expect(manifest.settings.dense).toEqual({ model, dimension: 32, space: 'cosine', M: 16, efConstruction: 200, efSearch: 64, quantized: true });
    expect(existsSync(path.join(generation(index()), 'vectors.hnsw'))).toBe(true);
    const { db } = openGeneration(generation(index()));
    expect(db.prepare('SELECT COUNT(*) AS n FROM embeddings WHERE model = ?').get(`${model}@int8`)).toEqual({ n: report.passages });
    db.close();
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
      `the index was built with the model ${model} (32 dimensions), not Xenova/bge-m3: rebuild it with "wenda index build --model Xenova/bge-m3"`,
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
      `the index was built with the int8 weights of ${model}, but float32 ones are installed: rebuild it with "wenda index build"`,
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

describe('without the model', () => {
  it('builds a lexical index and says so once', async () => {
    const notices: string[] = [];
    const progress = { phase() {}, tick() {}, skipped() {}, notice: (m: string) => notices.push(m) };
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
});
