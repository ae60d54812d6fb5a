import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build.js';
import { IndexReader, mapSizes, type CacheBudgets } from '../../src/retrieval/index-reader.js';
import { search } from '../../src/retrieval/search.js';
import { openGeneration } from '../../src/store/segments.js';
import { analyse } from '../../src/text/text.js';
import { articlesWith, plainArticle, tempDir } from '../helpers/fixtures.js';

const FLOOD = plainArticle('南平市五千三百二十名干部投入防汛（第二批）', [
  '6月下旬，南平市遭遇持续强降雨，多地出现洪涝灾害。',
  '市委第一时间启动应急响应，全市共派出五千三百二十名干部下沉一线，累计转移群众4.2万人。',
]);
const QUESTIONS = ['中央网信办主题教育动员大会是哪天召开的', '南平防汛派了多少干部下到基层？', 'What did Zhuang Rongwen stress?', 'When was the mobilization meeting held?'];
/** Budgets no entry fits in: every read evicts what the one before kept. */
const NOTHING_KEPT: CacheBudgets = { postings: 1, passages: 1, glossary: 1, articles: 1 };

let dir: string;
let cleanup: () => void;
let index: string;
let reader: IndexReader;
let bounded: IndexReader;
beforeAll(async () => {
  ({ dir, cleanup } = tempDir());
  index = path.join(dir, 'index');
  await buildIndex({ articlesDir: articlesWith(dir, { 'flood.txt': FLOOD }), indexDir: index });
  reader = IndexReader.open(index);
  bounded = IndexReader.open(index, { mapBytes: 0, caches: NOTHING_KEPT });
});
afterAll(() => {
  reader.close();
  bounded.close();
  cleanup();
});

describe('the map budget', () => {
  it('maps every file whole when they fit, else each the same share of its size', () => {
    expect(mapSizes([300, 100], 1000)).toEqual([300, 100]);
    expect(mapSizes([300, 100], 400)).toEqual([300, 100]);
    expect(mapSizes([600, 200], 400)).toEqual([300, 100]);
    expect(mapSizes([], 400)).toEqual([]);
  });
});

describe('a reader whose caches keep nothing', () => {
  it('reads each passage analysed as the views give it', () => {
    const { db } = openGeneration(path.join(index, 'current'));
    const rows = db.prepare('SELECT text, analysed FROM passages ORDER BY id').all() as { text: string; analysed: string }[];
    db.close();
    // the fixture's passages have edits to apply (full-width punctuation, numerals written in characters)
    expect(rows.filter((r) => r.analysed !== r.text).length).toBeGreaterThan(0);
    for (const round of [0, 1]) rows.forEach((row, id) => expect(bounded.passage(id), `${id} ${round}`).toEqual(row));
  });

  it('reads each article and its analysed title as stored', () => {
    const { db } = openGeneration(path.join(index, 'current'));
    const rows = db.prepare('SELECT source, title, date, url FROM articles ORDER BY id').all() as { source: string; title: string }[];
    db.close();
    for (const round of [0, 1]) {
      rows.forEach((row, id) => {
        expect(bounded.article(id), `${id} ${round}`).toEqual(row);
        expect(bounded.analysedTitle(id), `${id} ${round}`).toBe(analyse(row.title));
      });
    }
    expect(rows.some((r) => analyse(r.title) !== r.title)).toBe(true);
  });

  it('answers as a reader with the default budgets, twice, in Chinese and in English', () => {
    for (const round of [0, 1]) {
      for (const question of QUESTIONS) expect(search(bounded, question, 5), `${question} ${round}`).toEqual(search(reader, question, 5));
      for (const key of ['mobilization', 'py:zhuangrongwen', 'skateboard']) expect(bounded.glossary(key), key).toEqual(reader.glossary(key));
    }
  });
});

describe('the glossary answers kept', () => {
  it('cannot be changed by the code that asked for them', () => {
    const words = reader.glossary('mobilization')!;
    expect(() => (words as string[]).push('改')).toThrow(TypeError);
    expect(reader.glossary('mobilization')).toEqual(['动员']);
  });
});
