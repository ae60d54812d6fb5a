import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build.js';
import { openGeneration } from '../../src/store/segments.js';
import { readVocabulary } from '../../src/store/vocabulary.js';
import { decodePlaced, encodePlaced } from '../../src/store/placed-passages.js';
import { decodePostings, decodePostingsInto, MAX_POSTING_BYTES, postingCount, type PostingList, writePostingGaps } from '../../src/store/postings-codec.js';
import { varintLength, writeVarint } from '../../src/store/varint.js';
import { applyEdits, encodeEdits } from '../../src/store/text-edits.js';
import { decodeWords, encodeWords } from '../../src/store/word-cuts.js';
import { analyse, simplify } from '../../src/text/text.js';
import { Tokenizer } from '../../src/text/tokenizer.js';
import { articlesWith, plainArticle, TAX_ARTICLE, tempDir } from '../helpers/fixtures.js';
import { random } from '../helpers/random.js';

// A whole stored list as the build writes one from a single run: its count, then its gaps (index/postings.ts).
function encodePostings({ ids, tfs }: PostingList): Buffer {
  const out = Buffer.allocUnsafe(varintLength(ids.length) + MAX_POSTING_BYTES * ids.length);
  return out.subarray(0, writePostingGaps(out, writeVarint(out, 0, ids.length), ids, tfs));
}
const list = (ids: number[], tfs: number[]) => ({ ids: Uint32Array.from(ids), tfs: Uint16Array.from(tfs) });
const roundTrip = (ids: number[], tfs: number[]) => decodePostings(encodePostings(list(ids, tfs)));

describe('the postings codec', () => {
  it('gives back every list it encodes', () => {
    const cases: [number[], number[]][] = [
      [[], []],
      [[0], [1]],
      [[0, 1, 2, 3], [1, 2, 1, 0xffff]],
      // tf above a byte and above a one-byte varint
      [[5, 6, 400], [255, 256, 16_384]],
      // ids near 2^32: gaps doubled pass 2^32, and a first id that large
      [[2 ** 32 - 3, 2 ** 32 - 2, 2 ** 32 - 1], [1, 7, 1]],
      [[0, 2 ** 32 - 1], [3, 1]],
      [[2 ** 31 - 1, 2 ** 31, 2 ** 31 + 1], [1, 1, 2]],
    ];
    for (const [ids, tfs] of cases) expect(roundTrip(ids, tfs)).toEqual(list(ids, tfs));
    const next = random(7);
    for (let n = 0; n < 50; n++) {
      const ids: number[] = [];
      let id = Math.floor(next() * 1000);
      for (let i = 0; i < n * 40; i++, id += 1 + Math.floor(next() ** 4 * 100_000)) ids.push(id);
      const tfs = ids.map(() => (next() < 0.7 ? 1 : 1 + Math.floor(next() ** 3 * 0xfffe)));
      expect(roundTrip(ids, tfs)).toEqual(list(ids, tfs));
    }
  });

  it('stores near ids in about a byte a posting', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => 3 * i);
    const blob = encodePostings(list(ids, ids.map(() => 1)));
    expect(blob.length).toBe(2 + 1000);
    expect(decodePostings(blob).ids).toEqual(Uint32Array.from(ids));
    expect(encodePostings(list([], []))).toEqual(Buffer.from([0]));
  });

  it('decodes lists one after another into one array, as each alone', () => {
    const next = random(11);
    const lists = [0, 1, 300, 5, 2000].map((n) => {
      const ids: number[] = [];
      // gaps of one byte and of several (a code of one byte is halved without arithmetic on floats)
      for (let i = 0, id = Math.floor(next() * 100); i < n; i++, id += 1 + Math.floor(next() ** 6 * 1_000_000)) ids.push(id);
      return list(
        ids,
        ids.map(() => (next() < 0.6 ? 1 : 1 + Math.floor(next() ** 3 * 0xfffe))),
      );
    });
    const blobs = lists.map(encodePostings);
    const total = blobs.reduce((n, b) => n + postingCount(b), 0);
    // longer than needed, and dirty: only the postings' places are written
    const into = { ids: new Uint32Array(total + 3).fill(7), tfs: new Uint16Array(total + 3).fill(7) };
    let at = 0;
    for (const blob of blobs) at = decodePostingsInto(blob, into, at);
    expect(at).toBe(total);
    expect(into.ids.subarray(0, total)).toEqual(Uint32Array.from(lists.flatMap((l) => [...l.ids])));
    expect(into.tfs.subarray(0, total)).toEqual(Uint16Array.from(lists.flatMap((l) => [...l.tfs])));
    expect([...into.ids.subarray(total)]).toEqual([7, 7, 7]);
    expect(() => decodePostingsInto(blobs[4]!, { ids: new Uint32Array(10), tfs: new Uint16Array(10) }, 0)).toThrow(/does not fit/u);
  });

  it('refuses a list cut short, with bytes left over, or counting a posting 0 times', () => {
    const blob = encodePostings(list([1, 2, 300_000], [1, 1, 2]));
    expect(() => decodePostings(blob.subarray(0, blob.length - 1))).toThrow();
    expect(() => decodePostings(Buffer.concat([blob, Buffer.from([1])]))).toThrow();
    // one posting, id 3 (gap doubled, count not 1), counted 0 times
    expect(() => decodePostings(Buffer.from([1, 6, 0]))).toThrow(/0 times/u);
    expect(decodePostings(Buffer.from([1, 6, 2]))).toEqual(list([3], [2]));
  });
});

describe('placed passages', () => {
  it('gives back every list it encodes, order, repeats and large numbers kept', () => {
    const next = random(7);
    for (let n = 0; n < 50; n++) {
      let order = 0;
      const placed = Array.from({ length: Math.floor(next() * 40) }, () => ({
        rank: Math.floor(next() * 2_000_000),
        passage: Math.floor(next() * 2 ** 40),
        order: (order += Math.floor(next() * 3)),
      }));
      const columns = { ranks: placed.map((p) => p.rank), passages: placed.map((p) => p.passage) };
      expect(decodePlaced(encodePlaced({ ...columns, orders: placed.map((p) => p.order) }))).toEqual(placed);
      // without orders, each is its index
      expect(decodePlaced(encodePlaced(columns)).map((p) => p.order)).toEqual(placed.map((_, i) => i));
    }
    expect(decodePlaced(encodePlaced({ ranks: [], passages: [] }))).toEqual([]);
  });

  it('refuses a blob cut short and a list out of order', () => {
    const blob = encodePlaced({ ranks: [300], passages: [70_000] });
    expect(() => decodePlaced(blob.subarray(0, blob.length - 1))).toThrow();
    expect(() => encodePlaced({ ranks: [1, 0], passages: [1, 0], orders: [2, 1] })).toThrow(/increasing order/u);
  });
});

describe('text edits', () => {
  const texts = [
    '',
    '国务院召开常务会议，部署推进高质量发展。',
    '國務院召開常務會議（第一百二十次），部署“十四五”規劃。',
    '二〇一九年，全市GDP增长百分之五点二，新增就业两千三百人。',
    'ＡＢＣ　全角ＡＳＣＩＩ和全角数字１２３',
    // a character outside the BMP (two UTF-16 code units), and a lone surrogate
    '𠀀字与\ud800孤立代理',
  ];

  it('make the analysed and simplified forms from the text, and nothing when they are equal', () => {
    for (const text of texts) {
      for (const to of [analyse(text), text, '', text.slice(3), `${text}尾`, [...text].reverse().join('')]) {
        expect(applyEdits(text, encodeEdits(text, to))).toBe(to);
      }
    }
    expect(encodeEdits('一样', '一样')).toBeNull();
    expect(applyEdits('一样', null)).toBe('一样');
  });

  it('give back any pair of texts, however unlike', () => {
    const next = random(11);
    const alphabet = ['a', 'b', '，', ',', '一', '1', '百', '國', '国', '\ud83d\ude00', '\udc00'];
    const text = (n: number) => Array.from({ length: n }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
    for (let i = 0; i < 300; i++) {
      const from = text(Math.floor(next() * 60));
      const to = next() < 0.5 ? text(Math.floor(next() * 60)) : from.replace(/[,一國]/gu, (c) => ({ ',': '，', 一: '1', 國: '国' })[c]!);
      expect(applyEdits(from, encodeEdits(from, to))).toBe(to);
    }
  });

  it('cost a few bytes for a passage whose analysed form differs in a few places', () => {
    const text = '7月2日，国家发展改革委召开主题教育推进会，要求各司局把调查研究成果转化为政策举措，新增就业两千三百人。';
    // commas as ASCII, a numeral as digits (and a phrase of Taiwan's as the mainland's): five edits of about six bytes
    expect(encodeEdits(text, analyse(text))!.length).toBeLessThan(Buffer.byteLength(text) / 4);
  });
});

describe('word cuts', () => {
  const tokenizer = new Tokenizer();

  it('give back the words of a passage, in order, from its analysed text', () => {
    for (const text of ['国务院召开常务会议，部署推进高质量发展。', '二〇一九年 全市GDP增长5.2%，“十四五”规划', '', '。，！']) {
      const analysed = analyse(text);
      const words = tokenizer.terms(text).words;
      expect(decodeWords(analysed, encodeWords(analysed, words))).toEqual(words);
    }
  });

  it('keep words that are not in the text, and repeated words, as they are', () => {
    const analysed = '会议会议，abc';
    const words = ['会议', '会议', '缺席', 'abc', '', 'abc'];
    expect(decodeWords(analysed, encodeWords(analysed, words))).toEqual(words);
  });

  it('cost about a byte a word', () => {
    const analysed = analyse('国务院召开常务会议，部署推进高质量发展，要求各地区各部门认真落实。');
    const words = tokenizer.terms(analysed).words;
    expect(encodeWords(analysed, words).length).toBeLessThanOrEqual(words.length + 2);
  });
});

describe('a built segment read through the views', () => {
  let dir: string;
  let cleanup: () => void;
  beforeAll(() => ({ dir, cleanup } = tempDir()));
  afterAll(() => cleanup());

  it('gives back each passage analysed and tokenized, and each unit simplified, as the build made them', async () => {
    // traditional characters, full-width forms and numerals: analysed and simplified differ from the text
    const traditional = plainArticle('國務院召開常務會議', ['國務院總理主持召開常務會議，部署第一百二十次規劃工作，ＡＢＣ企業參加，新增就業兩千三百人。']);
    const articles = articlesWith(dir, { 'tax.txt': TAX_ARTICLE, 'trad.txt': traditional });
    const index = path.join(dir, 'index');
    await buildIndex({ articlesDir: articles, indexDir: index });
    const { db } = openGeneration(path.join(index, 'current'));
    const { words, names } = readVocabulary(db);
    const tokenizer = new Tokenizer(words, { names });
    try {
      const passages = db.prepare('SELECT id, text, analysed, words FROM passages').all() as { id: number; text: string; analysed: string; words: string }[];
      expect(passages.length).toBeGreaterThan(5);
      for (const p of passages) {
        expect(p.analysed).toBe(analyse(p.text));
        expect(p.words).toBe(tokenizer.terms(p.text).words.join(' '));
      }
      const units = db.prepare('SELECT kind, id, simplified FROM units').all() as { kind: number; id: number; simplified: string }[];
      const textOf = db.prepare('SELECT text FROM passages WHERE id = ?').pluck();
      const titleOf = db.prepare('SELECT title FROM articles WHERE id = ?').pluck();
      for (const u of units) expect(u.simplified).toBe(simplify((u.kind === 0 ? textOf.get(u.id) : titleOf.get(u.id)) as string));
      expect(units.some((u) => u.simplified.includes('国务院'))).toBe(true);
    } finally {
      db.close();
    }
  });
});
