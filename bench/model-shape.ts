import { currentGeneration } from '../src/store/generations.js';
import { openGeneration } from '../src/store/segments.js';
import { Embedder, type ModelSource } from '../src/embedding/embedder.js';
import { E5_SMALL_SHAPE, writeTinyModel } from '../test/helpers/tiny-model.js';

export interface ShapeRow {
  model: string;
  sample: number;
  passagesPerSecond: number;
  corpusPassages: number;
  estimatedEmbedMinutes: number;
  rssMB: number;
}

/**
 * Embedding speed of the default model's shape: a stand-in with multilingual-e5-small's encoder (12 layers, 384 wide,
 * 12 heads; random float32 weights) embeds a sample of the corpus's passages. The real model's int8 weights run
 * faster than this float32 stand-in, so the estimate for a corpus is an upper bound.
 */
export async function modelShapeSpeed(indexDir: string, source: ModelSource, sample = 128): Promise<ShapeRow> {
  const id = writeTinyModel(source.modelsDir, { id: 'wenda-test/e5-small-shape', dim: E5_SMALL_SHAPE.dim, shape: E5_SMALL_SHAPE });
  const generation = currentGeneration(indexDir)!;
  // the passages are in the generation's segments: its view joins them
  const { db } = openGeneration(generation);
  const count = (db.prepare('SELECT COUNT(*) AS n FROM passages').get() as { n: number }).n;
  const step = Math.max(1, Math.floor(count / sample));
  const texts = (db.prepare('SELECT text FROM passages WHERE id % ? = 0 ORDER BY id LIMIT ?').all(step, sample) as { text: string }[]).map((r) => r.text);
  db.close();
  const embedder = await Embedder.load(id, source);
  const started = performance.now();
  await embedder.passages(texts);
  const rate = texts.length / ((performance.now() - started) / 1000);
  return {
    model: 'multilingual-e5-small shape, random float32',
    sample: texts.length,
    passagesPerSecond: Math.round(rate * 10) / 10,
    corpusPassages: count,
    estimatedEmbedMinutes: Math.round((count / rate / 60) * 10) / 10,
    rssMB: Math.round(process.memoryUsage().rss / 1024 / 1024),
  };
}
