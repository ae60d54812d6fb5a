import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build.js';
import { IndexReader } from '../../src/retrieval/index-reader.js';
import { questionTerms } from '../../src/retrieval/query.js';
import { articlesWith, plainArticle, tempDir } from '../helpers/fixtures.js';

// jieba keeps 四川省, 四川省委, 南京市, 南京路 and 主题教育 whole, so a question's 四川, 南京 or 主题 met none of them as a word
const SICHUAN = plainArticle('四川省委常委会举办读书班', [
  '四川省委常委会举办读书班，为期五天，采取个人自学、集中研讨、专题辅导相结合的方式进行，省委常委逐一交流学习体会。',
  '四川省各地结合实际开展主题教育，四川大学的专家学者应邀作专题辅导，四川各级党组织把学习成果转化为推动发展的实际行动。',
]);
const NANJING = plainArticle('南京市开展主题教育', [
  '南京市把主题教育同为民办实事结合起来，南京路沿线商户和中国香港来的游客都说，街区的面貌这一年变化很大，开发区的服务也更贴心了。',
]);
// after a rebuild: the committee's passage gone, the province still named in a new segment
const SICHUAN_AFTER = plainArticle('四川省各地开展主题教育', ['四川省各地结合实际开展主题教育，各级党组织把学习成果转化为推动发展的实际行动，群众普遍反映干部作风有了新变化。']);

let dir: string;
let cleanup: () => void;
let reader: IndexReader;
beforeAll(async () => {
  ({ dir, cleanup } = tempDir());
  await buildIndex({ articlesDir: articlesWith(dir, { 'sichuan.txt': SICHUAN, 'nanjing.txt': NANJING }), indexDir: path.join(dir, 'index') });
  reader = IndexReader.open(path.join(dir, 'index'));
});
afterAll(() => {
  reader.close();
  cleanup();
});

const alternativesOf = (r: IndexReader, question: string, word: string) => questionTerms(r, question).words.find((t) => t.alternatives[0] === word)?.alternatives;

describe('question terms', () => {
  it('reads a question in traditional script for the same answer type as in simplified', () => {
    expect(questionTerms(reader, '讀書班是什麼時候辦的？').type).toBe('date');
    expect(questionTerms(reader, '讀書班辦了幾天？').type).toBe('number');
    expect(questionTerms(reader, '是誰作的專題輔導？').type).toBe('person');
  });

  it('matches a place named without its level with the names the index holds with a level, as one term', () => {
    // the province and its party committee; not the university
    expect(alternativesOf(reader, '四川读书班办了几天', '四川')).toEqual(['四川', '四川省', '四川省委']);
    // asked with its level, the name without it too
    expect(alternativesOf(reader, '四川省读书班办了几天', '四川省')).toEqual(['四川省', '四川', '四川省委']);
    // a road, and a region named after the country, are other places
    expect(alternativesOf(reader, '南京的主题教育', '南京')).toEqual(['南京', '南京市']);
    expect(alternativesOf(reader, '中国的游客', '中国')).toEqual(['中国']);
  });

  it('leaves words that are no places alone, whatever longer words the index holds', () => {
    expect(alternativesOf(reader, '主题是什么', '主题')).toEqual(['主题']);
    // 开发区 is 开发 with a level, but 开发 names no place
    expect(alternativesOf(reader, '开发了什么', '开发')).toEqual(['开发']);
    expect(alternativesOf(reader, '四川大学的专家', '四川大学')).toEqual(['四川大学']);
  });

  it('reads the longer names from every segment and not from deleted passages', async () => {
    rmSync(path.join(dir, 'articles', 'sichuan.txt'));
    writeFileSync(path.join(dir, 'articles', 'sichuan-after.txt'), SICHUAN_AFTER);
    await buildIndex({ articlesDir: path.join(dir, 'articles'), indexDir: path.join(dir, 'index') });
    const rebuilt = IndexReader.open(path.join(dir, 'index'));
    try {
      expect(alternativesOf(rebuilt, '四川读书班办了几天', '四川')).toEqual(['四川', '四川省']);
      expect(alternativesOf(rebuilt, '南京的主题教育', '南京')).toEqual(['南京', '南京市']);
    } finally {
      rebuilt.close();
    }
  });
});
