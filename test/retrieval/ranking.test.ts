import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build.js';
import { IndexReader } from '../../src/retrieval/index-reader.js';
import { search } from '../../src/retrieval/search.js';
import { readWeights, shippedWeights, WEIGHTS_FILE } from '../../src/retrieval/weights.js';
import { articlesWith, plainArticle, tempDir, TAX_ARTICLE } from '../helpers/fixtures.js';

// Articles of our own on neighbouring topics: each question has a passage that answers and passages that come near.
// Every paragraph is 60 characters or more, so that each is a passage of its own (shorter ones join the next).
const LIBRARY = plainArticle('区图书馆开展全民阅读月活动', [
  '全民阅读月期间，区图书馆接待读者的活动丰富多彩，读者参与热情高涨，图书馆服务受到读者好评，不少读者表示今后会常来图书馆看看。',
  '据统计，阅读月期间走进区图书馆参加各类活动的共有12000人次，比去年同期增长三成，其中青少年占了将近一半，亲子共读尤其受欢迎。',
  '馆内新添置的计算机已经向市民开放，可以上网查阅电子期刊和数字资源，工作人员还在现场手把手教老年人使用，帮助他们跨越数字鸿沟。',
]);
const FIRMS = plainArticle('市工商联发布民营企业发展报告', [
  '报告显示，全市民营企业数量持续增长，一批民营企业进入国际市场，民营企业国际化水平不断提升，民营企业家对开拓国际市场的信心明显增强。',
  '今年全市有三家民营企业跻身五百强榜单，比去年增加一家，入围数量创历史新高，榜单由有关部门根据企业上一年度的营业收入排定。',
]);
const FITNESS = plainArticle('区体育中心举办全民健身日活动', [
  '全民健身日当天，区体育中心向市民免费开放，市民参与健身活动的热情很高，体育中心的场馆里处处是参与健身的市民，气氛十分热烈。',
  '全民健身日当天，共有3600名市民走进区体育中心参与健身，各项活动井然有序，体育中心的工作人员全天在场馆内提供指导和服务。',
]);
const FLOOD = plainArticle('南平市把主题教育开在防汛一线', [
  '6月下旬，南平市遭遇持续强降雨，多地出现洪涝灾害。',
  '市委第一时间启动应急响应，全市共派出5320名干部下沉一线，指导群众转移避险。',
]);

let dir: string;
let cleanup: () => void;
let reader: IndexReader;
beforeAll(async () => {
  ({ dir, cleanup } = tempDir());
  const articles = articlesWith(dir, { 'library.txt': LIBRARY, 'firms.txt': FIRMS, 'fitness.txt': FITNESS, 'flood.txt': FLOOD, 'tax.txt': TAX_ARTICLE });
  await buildIndex({ articlesDir: articles, indexDir: path.join(dir, 'index') });
  reader = IndexReader.open(path.join(dir, 'index'));
});
afterAll(() => {
  reader.close();
  cleanup();
});

describe('ranking', () => {
  it('finds a passage that holds the question word only as a thesaurus synonym (电脑 → 计算机)', () => {
    const result = search(reader, '馆里的电脑', 5);
    expect(result.noAnswer).toBe(false);
    expect(result.answers[0]!.text).toContain('计算机');
  });

  it('matches Chinese numerals with digits (500强 → 五百强, 五千三百二十名 → 5320名)', () => {
    // the numbers are written one way in the question and the other in the article: they meet only folded alike
    const firms = search(reader, '500强民营企业', 5);
    expect(firms.noAnswer).toBe(false);
    expect(firms.answers[0]!.highlight).toContain('五百强');
    expect(search(reader, '五千三百二十名', 5).answers[0]!.text).toContain('5320名干部');
  });

  it('prefers, for a how-many question, the passage with a number over one that repeats the question words', () => {
    const answers = search(reader, '体育中心全民健身日来了多少市民', 5).answers;
    expect(answers[0]!.text).toContain('3600名市民');
  });

  it('refuses a question whose topic the articles cover but whose fact they do not state', () => {
    expect(search(reader, '南平市防汛期间无人机巡查了多少座水库？', 5)).toMatchObject({ noAnswer: true, answers: [] });
    // the same topic, with the fact stated, is answered
    expect(search(reader, '南平市防汛派出了多少名干部', 5).answers[0]!.text).toContain('5320名干部');
  });

  it('names the closest topics of the same run when it has no answer', () => {
    const result = search(reader, '南平市防汛期间无人机巡查了多少座水库？', 5);
    expect(result.closest[0]).toBe('南平市把主题教育开在防汛一线');
  });
});

describe('learned weights', () => {
  it('ranks with the shipped weights file', () => {
    expect(shippedWeights()).toEqual(readWeights(WEIGHTS_FILE));
    const question = '阅读月期间区图书馆接待了多少读者';
    expect(search(reader, question, 3)).toEqual(search(reader, question, 3, readWeights(WEIGHTS_FILE)));
  });

  it('uses the weights it is given: the ranking weights order passages, the threshold decides noAnswer', () => {
    const shipped = shippedWeights();
    const question = '体育中心全民健身日来了多少市民';
    expect(search(reader, question, 3, shipped).answers[0]!.text).toContain('3600名市民');
    // only BM25 of the words counted: the passage that repeats the question's words comes first
    const wordsOnly = { ...shipped, ranking: Object.fromEntries(Object.keys(shipped.ranking).map((f) => [f, f === 'words' ? 1 : 0])) as typeof shipped.ranking };
    expect(search(reader, question, 3, wordsOnly).answers[0]!.text).toContain('气氛十分热烈');
    const refuseAll = { ...shipped, answerability: { ...shipped.answerability, thresholds: { chinese: { whole: 1.01, fact: 0 }, english: { whole: 1.01, fact: 0 } } } };
    expect(search(reader, question, 3, refuseAll)).toMatchObject({ noAnswer: true, answers: [] });
  });

  it('names the file and the field of a weights file that is not valid', () => {
    const file = path.join(dir, 'weights.json');
    writeFileSync(file, JSON.stringify({ ...shippedWeights(), ranking: { words: 1 } }));
    expect(() => readWeights(file)).toThrow(`the ranking weights ${file} are not valid: ranking.bigrams:`);
    expect(() => readWeights(path.join(dir, 'none.json'))).toThrow(`cannot read the ranking weights ${path.join(dir, 'none.json')} (ENOENT)`);
  });
});
