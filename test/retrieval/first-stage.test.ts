import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildIndex } from '../../src/index/build.js';
import * as features from '../../src/retrieval/features.js';
import { firstStage } from '../../src/retrieval/first-stage.js';
import { share, split } from '../../src/retrieval/highlight.js';
import { IndexReader } from '../../src/retrieval/index-reader.js';
import { leavingOut, leavingOutArticles, type LeftOut } from '../../src/retrieval/left-out.js';
import { questionTerms } from '../../src/retrieval/query.js';
import { rank } from '../../src/retrieval/search.js';
import { shippedWeights } from '../../src/retrieval/weights.js';
import { openGeneration } from '../../src/store/segments.js';
import { exhaustivePool } from '../helpers/exhaustive-pool.js';
import { plainArticle, tempDir, writeFiles } from '../helpers/fixtures.js';
import { random } from '../helpers/random.js';

// Words from common to rare: a passage draws mostly the first ones, so their lists cover most passages, while the
// rare words stand only in the first articles; a question's rare words then decide.
const WORDS = (
  '工作 发展 建设 推进 加强 全面 深入 社会 经济 群众 服务 管理 创新 改革 落实 会议 部署 要求 组织 重点 ' +
  '干部 基层 安全 教育 文化 生态 环境 乡村 振兴 产业 科技 人才 市场 企业 项目 资金 政策 制度 法治 民生 ' +
  '医疗 养老 就业 住房 交通 水利 农业 旅游 消费 投资 开放 合作 港口 铁路 机场 电网 计算机 图书馆 博物馆 体育馆 ' +
  // synonyms of 计算机 (the thesaurus puts them in one group): a word whose synonyms are several lists
  '电脑 微机 微电脑'
).split(' ');
const RARE = '量子通信 冬奥场馆 盐碱地 深海探测 古籍修复 候鸟迁徙 氢能重卡 北斗导航'.split(' ');

const next = random(7);
const word = () => WORDS[Math.floor(WORDS.length * next() ** 2)]!;
/** A paragraph of 60 characters or more (each is a passage of its own), in the first articles with two rare words. */
function paragraph(rare: boolean): string {
  const words = Array.from({ length: 30 + Math.floor(next() * 12) }, word);
  for (let i = 0; rare && i < 2; i++) words.splice(Math.floor(next() * words.length), 0, RARE[Math.floor(next() * RARE.length)]!);
  return words.join('') + '。';
}

const ARTICLES = 150;
const RARE_ARTICLES = 15;
const PARAGRAPHS = 20;
const articles: Record<string, string> = {};
const paragraphs: string[] = [];
for (let a = 0; a < ARTICLES; a++) {
  const body = Array.from({ length: PARAGRAPHS }, (_, p) => (a % 10 === 9 && p < 3 ? paragraphs[p * 7]! : paragraph(a < RARE_ARTICLES)));
  paragraphs.push(...body);
  articles[`article-${String(a).padStart(3, "0")}.txt`] = plainArticle(`${word()}${word()}${a < RARE_ARTICLES ? RARE[a % RARE.length] : ''}${word()}`, body);
}

/** Questions of every kind: words of a passage in its order, rare words among common ones, only common words, a synonym, English. */
function questions(): string[] {
  const out: string[] = [];
  for (let i = 0; i < 30; i++) {
    const words = paragraphs[Math.floor(next() * paragraphs.length)]!.replace('。', '');
    const start = Math.floor(next() * (words.length - 12));
    out.push(words.slice(start, start + 6 + Math.floor(next() * 8)));
  }
  for (let i = 0; i < 15; i++) out.push(`${word()}${RARE[i % RARE.length]}${word()}${word()}是什么`);
  for (let i = 0; i < 5; i++) out.push(`${word()}${word()}${word()}`);
  // the last: one list scored at two scales, 计算机 twice as a word and once as the synonym of 电脑; a word with
  // several synonyms; an English word with several candidates, each with synonyms
  out.push('图书馆的电脑', 'quantum communication and the library', `${RARE[0]}${RARE[1]}`, '计算机和计算机的电脑', '计算机', 'the computer');
  return out;
}
const QUESTIONS = questions();

let cleanup: () => void;
let dir: string;
let reader: IndexReader;
beforeAll(async () => {
  ({ dir, cleanup } = tempDir());
  writeFiles(path.join(dir, 'articles'), articles);
  await buildIndex({ articlesDir: path.join(dir, 'articles'), indexDir: path.join(dir, 'index') });
  reader = IndexReader.open(path.join(dir, 'index'));
}, 120_000);
afterAll(() => {
  reader.close();
  cleanup();
});

/** The first stage in the reference's form: the pool with each passage's first-stage features. */
function pooled(question: string, leftOut?: LeftOut, on = reader) {
  const stage = firstStage(on, questionTerms(on, question), { leftOut });
  return stage.ids.map((id) => ({
    id,
    features: [stage.W[id]! / stage.maxW, stage.B[id]! / stage.maxB, stage.S[id]! / stage.maxW, stage.A[on.passageArticle[id]!]! / stage.maxA, stage.around(id)],
  }));
}

describe('the first stage', () => {
  it('returns the pool of the plain reference: the same passages, in the same order, with the same scores', () => {
    expect(reader.passageCount).toBeGreaterThan(2000);
    // terms of several lists are asked: a word's synonyms, an English word's candidates and their synonyms
    expect(questionTerms(reader, '计算机').synonyms[0]!.length).toBeGreaterThanOrEqual(2);
    const computer = questionTerms(reader, 'the computer');
    expect(computer.words.some((w, i) => w.alternatives.length >= 2 && computer.synonyms[i]!.length >= 1)).toBe(true);
    for (const question of QUESTIONS) {
      const pool = pooled(question);
      expect(pool.length, question).toBeGreaterThan(0);
      expect(pool, question).toEqual(exhaustivePool(reader, questionTerms(reader, question)));
    }
  });

  it('is the same with articles left out (training ranks a question without its answering article)', () => {
    for (const question of QUESTIONS.slice(0, 20)) {
      const leftOut = leavingOutArticles(reader, (article) => article % 3 === 0);
      expect(pooled(question, leftOut), question).toEqual(exhaustivePool(reader, questionTerms(reader, question), leftOut));
    }
  });

  it('is the same with passages left out: the best ones, or long runs, so that their neighbours meet over them', () => {
    // runs of 14 ids of every 20: a neighbour stepping over one lands far off
    const runs = leavingOut(reader, Array.from({ length: reader.passageCount }, (_, id) => id).filter((id) => id % 20 >= 3 && id % 20 <= 16));
    for (const question of QUESTIONS) {
      const best = pooled(question).slice(0, 6).map((p) => p.id);
      for (const leftOut of [leavingOut(reader, best.flatMap((id) => [id, reader.next[id]!]).filter((id) => id >= 0)), runs]) {
        expect(pooled(question, leftOut), question).toEqual(exhaustivePool(reader, questionTerms(reader, question), leftOut));
      }
    }
  });

});

describe('the ranking completed only as deep as it is read', () => {
  it('gives the first places of the full ranking: the same passages, order, features, scores and highlights', () => {
    const weights = shippedWeights();
    // typed questions too: their answer-type features are bounded until the best sentence is found
    const typed = ['多少名干部参加了基层工作会议', '谁负责量子通信项目', '哪里建设了图书馆', '何时召开乡村振兴会议'];
    let saved = 0;
    for (const question of [...QUESTIONS, ...typed]) {
      const q = questionTerms(reader, question);
      const full = rank(reader, q, weights).ranked;
      for (const depth of [1, 5, 10]) {
        const { ranked } = rank(reader, q, weights, {}, depth);
        expect(ranked, `${question} at ${depth}`).toEqual(full.slice(0, depth));
      }
      saved += full.length - countCompleted(q, 5);
    }
    // the fixture makes stopping early matter: most questions complete fewer passages than the pool holds
    expect(saved).toBeGreaterThan(QUESTIONS.length * 10);
  });
});

describe("the pool's features of a passage's text", () => {
  it("are those of the plain functions: each word's places found once give coverage, proximity and the sentence bound", () => {
    const at = (f: features.Feature) => features.FEATURES.indexOf(f);
    let held = 0;
    let absent = 0;
    for (const question of [...QUESTIONS, '计算机和电脑的图书馆']) {
      const q = questionTerms(reader, question);
      const { passages, matching } = features.pool(reader, q);
      absent += matching.words.length - matching.present.length;
      for (const p of passages) {
        const { text, analysed } = reader.passage(p.id);
        const coverage = share(analysed, matching.words);
        held += coverage > 0 ? 1 : 0;
        expect(p.least[at('coverage')], question).toBe(coverage);
        expect(p.least[at('proximity')], question).toBe(features.proximity(analysed, matching.present));
        const bound = split(text, analysed).folded ? (share(analysed, matching.present) + share(analysed, matching.bigrams)) / 2 : 1;
        expect(p.most[at('sentence')], question).toBe(bound);
      }
    }
    expect(held).toBeGreaterThan(QUESTIONS.length * 10);
    // words no passage holds count in the coverage (with the rarest IDF), not in proximity
    expect(absent).toBeGreaterThan(0);
  });
});

/** How many passages a ranking read 5 deep completes: the pool less those whose bound let them be passed over. */
function countCompleted(q: ReturnType<typeof questionTerms>, depth: number): number {
  let completed = 0;
  const complete = features.pool;
  const spy = vi.spyOn(features, 'pool').mockImplementation((...args) => {
    const out = complete(...args);
    return { ...out, passages: out.passages.map((p) => ({ ...p, complete: () => (completed++, p.complete()) })) };
  });
  rank(reader, q, shippedWeights(), {}, depth);
  spy.mockRestore();
  return completed;
}

// last: it rebuilds the index the other tests read
describe('the first stage after a rebuild', () => {
  it('is the same in an index of two segments with deleted rows', async () => {
    // articles changed and deleted: their old passages are deleted rows of the first segment, the new ones a second
    const changed: Record<string, string> = {};
    for (let a = 0; a < ARTICLES; a += 7) changed[`article-${String(a).padStart(3, '0')}.txt`] = plainArticle(`${word()}${RARE[a % RARE.length]}`, [paragraph(true), paragraph(a % 2 === 0)]);
    writeFiles(path.join(dir, 'articles'), changed);
    for (let a = 3; a < ARTICLES; a += 11) rmSync(path.join(dir, 'articles', `article-${String(a).padStart(3, '0')}.txt`));
    await buildIndex({ articlesDir: path.join(dir, 'articles'), indexDir: path.join(dir, 'index') });
    const { db, segments } = openGeneration(path.join(dir, 'index', 'current'));
    const deleted = db.prepare('SELECT COUNT(*) FROM main.deleted_passages').pluck().get();
    db.close();
    expect(segments.length).toBe(2);
    expect(deleted).toBeGreaterThan(0);
    const segmented = IndexReader.open(path.join(dir, 'index'));
    try {
      for (const question of QUESTIONS) {
        const q = questionTerms(segmented, question);
        expect(pooled(question, undefined, segmented), question).toEqual(exhaustivePool(segmented, q));
        const leftOut = leavingOutArticles(segmented, (article) => article % 4 === 1);
        expect(pooled(question, leftOut, segmented), question).toEqual(exhaustivePool(segmented, q, leftOut));
      }
    } finally {
      segmented.close();
    }
  });
});
