import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build.js';
import { IndexReader } from '../../src/retrieval/index-reader.js';
import { ask } from '../../src/retrieval/search.js';
import { articlesWith, plainArticle, TAX_ARTICLE, tempDir } from '../helpers/fixtures.js';
import { writeTinyModel } from '../helpers/tiny-model.js';

/**
 * Hybrid ranking on a model whose neighbours mean something: 微 (微型终端) and 算 (计算机) share one direction, so a
 * question about 微型终端 embeds next to a passage about 计算机, which shares no word with it (微机 would not do: the
 * thesaurus makes it a synonym of 计算机, which lexical search finds).
 */
const COMPUTERS = plainArticle('市教育局推进农村学校信息化建设', [
  '今年市教育局为全市农村学校配发计算机三千台，每所学校都建成了标准化的信息技术教室，师生上课条件明显改善。',
  '下一步，市教育局将组织教师参加信息技术应用能力培训，确保设备用得上、用得好。',
]);

let dir: string;
let cleanup: () => void;
let reader: IndexReader;

beforeAll(async () => {
  ({ dir, cleanup } = tempDir());
  const models = path.join(dir, 'models');
  const modelSource = { modelsDir: models, allowRemote: false };
  const model = writeTinyModel(models, { id: 'wenda-test/concepts', concepts: [['微', '算']] });
  const articles = articlesWith(dir, { 'tax.txt': TAX_ARTICLE, 'computers.txt': COMPUTERS });
  await buildIndex({ articlesDir: articles, indexDir: path.join(dir, 'index'), model, modelSource });
  reader = IndexReader.open(path.join(dir, 'index'));
  await reader.useModel(model, modelSource, () => {});
});
afterAll(() => {
  reader?.close();
  cleanup();
});

const PARAPHRASE = '微型终端一共发下去多少';

describe('hybrid search', () => {
  it('finds a passage that shares no word with the question, which lexical search cannot', async () => {
    const hybrid = await ask(reader, PARAPHRASE, 3);
    expect(hybrid.mode).toBe('hybrid');
    expect(hybrid.answers[0]).toMatchObject({ source: 'computers.txt', paragraph: 1 });

    // the same index without its model loaded ranks lexically
    const plain = IndexReader.open(path.join(dir, 'index'));
    try {
      const lexical = await ask(plain, PARAPHRASE, 3);
      expect(lexical.mode).toBe('lexical');
      expect(lexical.answers.map((a) => a.source)).not.toContain('computers.txt');
    } finally {
      plain.close();
    }
  });

  it('gives no answer in hybrid mode either when nothing is close to the question', async () => {
    expect(await ask(reader, '上海迪士尼乐园的门票多少钱一张', 3)).toMatchObject({ mode: 'hybrid', noAnswer: true });
  });

  it('keeps the passage that names the person on top when the dense side prefers another', async () => {
    const question = '王建国用微机主持的是什么会';
    const result = await ask(reader, question, 3);
    expect(result.mode).toBe('hybrid');
    expect(result.answers[0]).toMatchObject({ source: 'tax.txt', paragraph: 1 });
  });
});
