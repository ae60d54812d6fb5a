import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelShapeSpeed } from '../../bench/model-shape.js';
import { buildIndex } from '../../src/index/build.js';
import { IndexReader } from '../../src/retrieval/index-reader.js';
import { articlesWith, tempDir } from '../helpers/fixtures.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir()));
afterAll(() => cleanup());

describe("npm run bench's embedding speed of the default model's shape", () => {
  it("samples the index's passages and embeds them with a stand-in of that shape", async () => {
    const index = path.join(dir, 'index');
    await buildIndex({ articlesDir: articlesWith(dir), indexDir: index });
    const reader = IndexReader.open(index);
    const passages = reader.passageCount;
    reader.close();

    const row = await modelShapeSpeed(index, { modelsDir: path.join(dir, 'models'), allowRemote: false }, 3);
    expect(row).toMatchObject({ sample: 3, corpusPassages: passages });
    expect(row.passagesPerSecond).toBeGreaterThan(0);
    expect(row.estimatedEmbedMinutes).toBeCloseTo(passages / row.passagesPerSecond / 60, 1);
  }, 120_000);
});
