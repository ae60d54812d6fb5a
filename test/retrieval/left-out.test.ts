import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build.js';
import { answerabilityFeatures, articleStatesAsked } from '../../src/retrieval/answerability.js';
import { IndexReader } from '../../src/retrieval/index-reader.js';
import { leavingOut, leavingOutArticles, type LeftOut } from '../../src/retrieval/left-out.js';
import { questionTerms } from '../../src/retrieval/query.js';
import { rank } from '../../src/retrieval/search.js';
import { shippedWeights } from '../../src/retrieval/weights.js';
import { articlesWith, plainArticle, tempDir, TAX_ARTICLE } from '../helpers/fixtures.js';

// Two articles on the same kind of event, so that a question about one still finds the other on topic; every
// paragraph is 60 characters or more, a passage of its own.
const STATED = '据统计，全民健身日当天共有3600名市民走进区体育中心参与健身，各项活动井然有序，工作人员全天在各个场馆内提供指导和服务。';
const FITNESS = [
  '全民健身日当天，区体育中心向市民免费开放，游泳馆、羽毛球馆和篮球馆全天迎客，市民参与健身活动的热情很高，现场气氛十分热烈。',
  STATED,
  '活动期间，区体育中心还邀请了国家级社会体育指导员现场教学，为市民讲解科学健身的方法，并向到场的市民发放了健身知识手册两千余册。',
];
const PARK = plainArticle('市民公园举办健身步道开放仪式', [
  '市民公园健身步道全长五公里，沿途设有健身器材和休息区，开放当天不少市民前来健身，体育中心的指导员现场为市民讲解锻炼方法。',
  '公园管理处表示，今后将定期举办健身活动，邀请社会体育指导员为市民提供科学健身指导，让更多市民参与到全民健身中来。',
]);
const QUESTION = '全民健身日当天有多少名市民到区体育中心参与健身？';

const readers: IndexReader[] = [];
let cleanup: () => void;
/** An index of the given extra articles (beside the article the project ships). */
async function indexOf(dir: string, name: string, files: Record<string, string>): Promise<IndexReader> {
  const articles = articlesWith(path.join(dir, name), files);
  await buildIndex({ articlesDir: articles, indexDir: path.join(dir, name, 'index') });
  const reader = IndexReader.open(path.join(dir, name, 'index'));
  readers.push(reader);
  return reader;
}

let all: IndexReader;
let withoutArticle: IndexReader;
let withoutFact: IndexReader;
beforeAll(async () => {
  const temp = tempDir();
  cleanup = temp.cleanup;
  const others = { 'park.txt': PARK, 'tax.txt': TAX_ARTICLE };
  all = await indexOf(temp.dir, 'all', { ...others, 'fitness.txt': plainArticle('区体育中心举办全民健身日活动', FITNESS) });
  withoutArticle = await indexOf(temp.dir, 'without-article', others);
  withoutFact = await indexOf(temp.dir, 'without-fact', { ...others, 'fitness.txt': plainArticle('区体育中心举办全民健身日活动', FITNESS.filter((p) => p !== STATED)) });
});
afterAll(() => {
  for (const r of readers) r.close();
  cleanup();
});

const weights = shippedWeights();
const reading = { questionWords: new Set(weights.answerability.questionWords), span: weights.answerability.span };

/** What the answerability model reads of a question ranked over an index (less what is left out): the passages, their features, the model's row. */
function seen(reader: IndexReader, leftOut?: LeftOut) {
  const terms = questionTerms(reader, QUESTION);
  const { ranked, matching } = rank(reader, terms, weights, { leftOut });
  return {
    passages: ranked.map((c) => c.text),
    features: ranked.map((c) => c.features),
    row: answerabilityFeatures(reader, terms, matching, ranked, reading, { leftOut }),
    stated: articleStatesAsked(reader, terms, ranked[0]!.id, null, { leftOut }),
  };
}

const fitness = () => all.articleId('fitness.txt')!;

describe('a training near miss', () => {
  it('ranked without its answering article, is the question over an index built without it', () => {
    const negative = seen(all, leavingOutArticles(all, (a) => a === fitness()));
    expect(negative.passages.some((p) => p.includes('体育中心'))).toBe(true);
    expect(negative).toEqual(seen(withoutArticle));
  });

  it('ranked without the passage stating the fact, is the question over an index of the article without it', () => {
    const stating = all.articlePassages(fitness()).filter((id) => all.passage(id).text === STATED);
    expect(stating).toHaveLength(1);
    const negative = seen(all, leavingOut(all, stating));
    expect(negative.passages.some((p) => p.includes('体育中心'))).toBe(true);
    expect(negative).toEqual(seen(withoutFact));
  });
});
