import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hnswRecall } from '../../bench/hnsw.js';
import { buildIndex } from '../../src/index/build.js';
import { articlesWith, plainArticle, tempDir } from '../helpers/fixtures.js';
import { writeTinyModel } from '../helpers/tiny-model.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir()));
afterAll(() => cleanup());

describe("npm run bench's HNSW recall", () => {
  it('finds the exact top 10 of a small hybrid index at every efSearch', async () => {
    const models = path.join(dir, 'models');
    const modelSource = { modelsDir: models, allowRemote: false };
    const model = writeTinyModel(models);
    const paragraphs = Array.from({ length: 12 }, (_, i) => `第${i + 1}项工作由区里各部门分工负责，按照计划在年底以前全部完成并接受检查验收。`);
    const index = path.join(dir, 'index');
    await buildIndex({ articlesDir: articlesWith(dir, { 'work.txt': plainArticle('区政府部署年度重点工作', paragraphs) }), indexDir: index, model, modelSource });

    const rows = await hnswRecall(index, 5);
    expect(rows.map((r) => r.efSearch)).toEqual([10, 32, 64, 128]);
    // a graph of a few dozen vectors is searched exhaustively
    for (const row of rows) expect(row.recallAt10).toBe(1);
  }, 120_000);
});
