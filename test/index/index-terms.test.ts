import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build.js';
import { decodePostings } from '../../src/store/postings-codec.js';
import { openGeneration } from '../../src/store/segments.js';
import { readVocabulary } from '../../src/store/vocabulary.js';
import { Tokenizer } from '../../src/text/tokenizer.js';
import { articlesWith, plainArticle, TAX_ARTICLE, tempDir } from '../helpers/fixtures.js';

// passages in two articles (a whole article copied, a paragraph shared), one repeated within an article, traditional
// text and numerals (what analysis folds), a character outside the BMP (its bigrams are counted apart), and titles
// whose bigrams the passages share (the article's counts add both)
const SHARED = '会议要求，各级党组织要把学习成果转化为推动高质量发展的实际行动，切实解决群众急难愁盼问题，以实干实绩检验主题教育成效，确保各项任务落地见效。';
const FILES = {
  'tax.txt': TAX_ARTICLE,
  'a/tax copy.txt': TAX_ARTICLE,
  'meeting.txt': plainArticle('國家發展改革委召開主題教育推進會', [
    '7月2日，國家發展改革委召開主題教育推進會，副主任李斌出席並講話，要求各司局把調查研究成果轉化為政策舉措。',
    SHARED,
    '会议强调，要坚持问题导向，聚焦群众反映强烈的五百多个突出问题，拿出务实管用的举措。',
    SHARED,
  ]),
  'school.txt': plainArticle('市教育局召开秋季开学工作会议', [
    SHARED,
    '8月28日，市教育局召开秋季开学工作会议，局长陈晓东、副局长王𫖯要求各校做好校园安全排查和教学准备工作，确保新学期平稳有序开展。',
  ]),
};

let dir: string;
let cleanup: () => void;
let articles: string;
beforeAll(() => {
  ({ dir, cleanup } = tempDir());
  articles = articlesWith(dir, FILES);
});
afterAll(() => cleanup());

type Postings = Record<string, [number, number][]>;

function postingsOf(index: string): Postings {
  const { db } = openGeneration(path.join(index, 'current'));
  try {
    const rows = db.prepare('SELECT key, list FROM s0.postings').all() as { key: string; list: Buffer }[];
    return Object.fromEntries(rows.map(({ key, list }) => {
      const { ids, tfs } = decodePostings(list);
      return [key, Array.from(ids, (id, i) => [id, tfs[i]!] as [number, number])];
    }));
  } finally {
    db.close();
  }
}

/**
 * The postings worked out from the stored rows alone, the obvious way: each passage's text analysed and tokenized
 * afresh with the index's vocabulary, each article its title thrice and every place a passage stands in it.
 */
function expectedPostings(index: string): Postings {
  const { db } = openGeneration(path.join(index, 'current'));
  try {
    const { words, names } = readVocabulary(db);
    const tokenizer = new Tokenizer(words, { names });
    const out: Record<string, Map<number, number>> = {};
    const note = (prefix: string, id: number, terms: string[], times = 1) => {
      for (const t of terms) {
        const list = (out[prefix + t] ??= new Map());
        list.set(id, (list.get(id) ?? 0) + times);
      }
    };
    const passages = db.prepare('SELECT id, text FROM passages').all() as { id: number; text: string }[];
    const terms = new Map(passages.map((p) => [p.id, tokenizer.terms(p.text)]));
    for (const [id, t] of terms) {
      note('w:', id, t.words);
      note('b:', id, t.bigrams);
    }
    for (const { id, title } of db.prepare('SELECT id, title FROM articles').all() as { id: number; title: string }[]) {
      const t = tokenizer.terms(title);
      note('aw:', id, t.words, 3);
      note('ab:', id, t.bigrams, 3);
      for (const p of db.prepare('SELECT passage_id FROM passage_sources WHERE article_id = ?').pluck().all(id) as number[]) {
        note('aw:', id, terms.get(p)!.words);
        note('ab:', id, terms.get(p)!.bigrams);
      }
    }
    return Object.fromEntries(Object.entries(out).map(([key, list]) => [key, [...list].sort((a, b) => a[0] - b[0])]));
  } finally {
    db.close();
  }
}

describe('the full-text postings a build writes', () => {
  it('are those of every passage and article tokenized afresh, through one run or many', async () => {
    for (const [name, runSize] of [['one', undefined], ['many', 40]] as const) {
      const index = path.join(dir, name);
      await buildIndex({ articlesDir: articles, indexDir: index, runSize });
      const postings = postingsOf(index);
      expect(Object.keys(postings).length).toBeGreaterThan(500);
      expect(postings).toEqual(expectedPostings(index));
    }
  });
});
