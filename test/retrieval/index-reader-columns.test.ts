import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build.js';
import { IndexReader } from '../../src/retrieval/index-reader.js';
import { decodePostings } from '../../src/store/postings-codec.js';
import { openGeneration, segmentSchema } from '../../src/store/segments.js';
import { articlesWith, plainArticle, TAX_ARTICLE, tempDir } from '../helpers/fixtures.js';

// a paragraph two articles share (one passage with two sources), and one each of their own
const SHARED = '会议要求，各级党组织要把学习成果转化为推动高质量发展的实际行动，切实解决群众急难愁盼问题，以实干实绩检验主题教育成效，确保各项任务落地见效。';
const MEETING = plainArticle('国家发展改革委召开主题教育推进会', [
  '7月2日，国家发展改革委召开主题教育推进会，国家发展改革委副主任李斌出席并讲话，要求各司局把调查研究成果转化为政策举措。',
  SHARED,
  '会议强调，要坚持问题导向，聚焦群众反映强烈的突出问题，拿出务实管用的举措。',
]);
const SCHOOL = plainArticle('市教育局召开秋季开学工作会议', [
  SHARED,
  '8月28日，市教育局召开秋季开学工作会议，局长陈晓东要求各校做好校园安全排查和教学准备工作，确保新学期平稳有序开展。',
]);

let dir: string;
let cleanup: () => void;
let index: string;

/**
 * What the reader must hold for each live passage and article, worked out from the stored rows alone: lengths from
 * the text tokenized afresh (as a one-off tokenizer of the same vocabulary cuts it), the first article and the
 * neighbours there from passage_sources, all as dense ids (live rows in id order).
 */
function expectedFromRows(reader: IndexReader) {
  const { db } = openGeneration(path.join(index, 'current'));
  try {
    const passageIds = db.prepare('SELECT id FROM passages ORDER BY id').pluck().all() as number[];
    const articleIds = db.prepare('SELECT id FROM articles ORDER BY id').pluck().all() as number[];
    const densePassage = new Map(passageIds.map((id, i) => [id, i]));
    const denseArticle = new Map(articleIds.map((id, i) => [id, i]));
    const text = db.prepare('SELECT text FROM passages WHERE id = ?').pluck();
    const place = db.prepare('SELECT article_id AS article, MIN(ordinal) AS ordinal FROM passage_sources WHERE passage_id = ? GROUP BY article_id ORDER BY article_id LIMIT 1');
    const at = db.prepare('SELECT passage_id FROM passage_sources WHERE article_id = ? AND ordinal = ?').pluck();
    const terms = (id: number) => reader.tokenizer.terms(text.get(id) as string);
    const passages = passageIds.map((id) => {
      const { article, ordinal } = place.get(id) as { article: number; ordinal: number };
      const neighbour = (o: number) => {
        const p = at.get(article, o) as number | undefined;
        return p === undefined ? -1 : densePassage.get(p)!;
      };
      const t = terms(id);
      return { words: t.words.length, bigrams: t.bigrams.length, article: denseArticle.get(article)!, prev: neighbour(ordinal - 1), next: neighbour(ordinal + 1) };
    });
    const title = db.prepare('SELECT title FROM articles WHERE id = ?').pluck();
    const sources = db.prepare('SELECT passage_id FROM passage_sources WHERE article_id = ?').pluck();
    const articles = articleIds.map((id) => {
      const t = reader.tokenizer.terms(title.get(id) as string);
      const held = (sources.all(id) as number[]).map(terms);
      const sum = (f: (x: { words: string[]; bigrams: string[] }) => number) => held.reduce((n, x) => n + f(x), 0);
      return { words: 3 * t.words.length + sum((x) => x.words.length), bigrams: 3 * t.bigrams.length + sum((x) => x.bigrams.length) };
    });
    return { passages, articles };
  } finally {
    db.close();
  }
}

function heldBy(reader: IndexReader) {
  const passages = Array.from({ length: reader.passageCount }, (_, i) => ({
    words: reader.passageLengths.words[i]!,
    bigrams: reader.passageLengths.bigrams[i]!,
    article: reader.passageArticle[i]!,
    prev: reader.prev[i]!,
    next: reader.next[i]!,
  }));
  const articles = Array.from({ length: reader.articleCount }, (_, i) => ({ words: reader.articleLengths.words[i]!, bigrams: reader.articleLengths.bigrams[i]! }));
  return { passages, articles };
}

/**
 * Every term's postings and every article's passages worked out plainly: each segment's stored list decoded on its
 * own, deleted rows left out, ids made dense, the segments' lists one after the other; an article's passages through
 * the view over all segments.
 */
function listsFromRows() {
  const { db, segments } = openGeneration(path.join(index, 'current'));
  try {
    const dense = (table: string) => new Map((db.prepare(`SELECT id FROM ${table} ORDER BY id`).pluck().all() as number[]).map((id, i) => [id, i]));
    const [densePassage, denseArticle] = [dense('passages'), dense('articles')];
    const postings = new Map<string, { ids: number[]; tfs: number[] }>();
    segments.forEach((_, i) => {
      for (const { key, list } of db.prepare(`SELECT key, list FROM ${segmentSchema(i)}.postings ORDER BY key`).all() as { key: string; list: Buffer }[]) {
        const ids = key.startsWith('a') ? denseArticle : densePassage;
        const { ids: stored, tfs } = decodePostings(list);
        const held = postings.get(key) ?? { ids: [], tfs: [] };
        stored.forEach((id, j) => {
          if (!ids.has(id)) return;
          held.ids.push(ids.get(id)!);
          held.tfs.push(tfs[j]!);
        });
        postings.set(key, held);
      }
    });
    const passagesOf = db.prepare('SELECT passage_id FROM passage_sources WHERE article_id = ? ORDER BY ordinal').pluck();
    const articlePassages = [...denseArticle.keys()].map((id) => (passagesOf.all(id) as number[]).map((p) => densePassage.get(p)!));
    return { postings: [...postings].map(([key, p]) => [key, p.ids.length === 0 ? null : p]), articlePassages };
  } finally {
    db.close();
  }
}

/** The same as the reader reads them (every list read before any is compared: a list must not share another's arrays). */
function listsHeldBy(reader: IndexReader, keys: string[]) {
  const read = keys.map((key) => [key, reader.posting(key)] as const);
  return {
    postings: read.map(([key, p]) => [key, p === null ? null : { ids: [...p.ids], tfs: [...p.tfs] }]),
    articlePassages: Array.from({ length: reader.articleCount }, (_, a) => reader.articlePassages(a)),
  };
}

function compare(): void {
  const reader = IndexReader.open(index);
  try {
    expect(heldBy(reader)).toEqual(expectedFromRows(reader));
    const plain = listsFromRows();
    expect(plain.postings.length).toBeGreaterThan(100);
    expect(listsHeldBy(reader, plain.postings.map(([key]) => key as string))).toEqual(plain);
    expect(reader.passageLengths.avgWords).toBeCloseTo(reader.passageLengths.words.reduce((a, b) => a + b, 0) / reader.passageCount, 12);
  } finally {
    reader.close();
  }
}

beforeAll(async () => {
  ({ dir, cleanup } = tempDir());
  index = path.join(dir, 'index');
});
afterAll(() => cleanup());

describe("the reader's per-passage and per-article numbers, postings and articles' passages", () => {
  it('are those the stored rows give, in a fresh build', async () => {
    const articles = articlesWith(dir, { 'tax.txt': TAX_ARTICLE, 'meeting.txt': MEETING, 'school.txt': SCHOOL });
    await buildIndex({ articlesDir: articles, indexDir: index });
    compare();
    // and in a segmented one, with rows of the old segment deleted (the tax article changed)
    writeFileSync(path.join(articles, 'tax.txt'), TAX_ARTICLE + '\n会议还通报了上半年减税降费政策落实情况，企业普遍反映获得感增强。');
    await buildIndex({ articlesDir: articles, indexDir: index });
    const { db, segments } = openGeneration(path.join(index, 'current'));
    const deleted = db.prepare('SELECT COUNT(*) FROM main.deleted_passages').pluck().get();
    db.close();
    expect(segments.length).toBe(2);
    expect(deleted).toBeGreaterThan(0);
    compare();
  });
});
