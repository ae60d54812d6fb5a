import { describe, expect, it } from 'vitest';
import { chunkParagraphs, type ChunkSettings } from '../../src/index/chunk.js';

/** The passages' texts alone. */
const texts = (paragraphs: string[], settings?: ChunkSettings) => chunkParagraphs(paragraphs, settings).map((c) => c.text);

/** Length in code points, as the chunker promises to count. */
const len = (text: string) => [...text].length;

/** A sentence of exactly n characters ending with the given mark. */
const sentence = (n: number, mark = '。', ch = '字') => ch.repeat(n - 1) + mark;

describe('chunkParagraphs: fragments', () => {
  const body = sentence(100);

  it('merges a short fragment into the paragraph that follows it, joined by a newline', () => {
    expect(texts(['一、总体要求', body])).toEqual([`一、总体要求\n${body}`]);
  });

  it('merges several fragments in a row into the same following paragraph', () => {
    expect(texts(['新华社北京6月11日电', '记者 张三', body])).toEqual([`新华社北京6月11日电\n记者 张三\n${body}`]);
  });

  it('merges a trailing fragment into the previous paragraph', () => {
    const other = sentence(80);
    expect(texts([other, body, '（完）'])).toEqual([other, `${body}\n（完）`]);
  });

  it('keeps a fragment out of a following paragraph it would push over 400 characters', () => {
    const first = sentence(80);
    const long = sentence(395);
    expect(texts([first, '二、主要任务', long])).toEqual([`${first}\n二、主要任务`, long]);
    // nothing before it to close: the fragment stands alone
    expect(texts(['二、主要任务', long])).toEqual(['二、主要任务', long]);
  });

  it('uses 60 characters as the limit: 59 is a fragment, 60 is a passage', () => {
    const sixty = sentence(60);
    const fiftyNine = sentence(59);
    expect(texts([sixty, body])).toEqual([sixty, body]);
    expect(texts([fiftyNine, body])).toEqual([`${fiftyNine}\n${body}`]);
  });

  it('keeps an article made only of fragments as one passage', () => {
    expect(texts(['标题', '正文很短。'])).toEqual(['标题\n正文很短。']);
  });

  it('returns nothing for no paragraphs', () => {
    expect(texts([])).toEqual([]);
  });
});

describe('chunkParagraphs: long paragraphs', () => {
  it('leaves a paragraph of exactly 400 characters whole', () => {
    const p = sentence(200) + sentence(200);
    expect(texts([p])).toEqual([p]);
  });

  it('splits a paragraph over 400 characters at 。！？； into even pieces that rejoin to the original', () => {
    const marks = ['。', '！', '？', '；'];
    const p = Array.from({ length: 12 }, (_, i) => sentence(75, marks[i % 4])).join('');
    const pieces = texts([p]);
    expect(pieces.map(len)).toEqual([300, 300, 300]);
    expect(pieces.join('')).toBe(p);
    for (const piece of pieces) expect(piece).toMatch(/[。！？；]$/u);
  });

  it('keeps a closing quote with the sentence it ends', () => {
    const quoted = `他说：“${'字'.repeat(295)}。”`;
    const p = quoted + sentence(300);
    expect(texts([p])).toEqual([quoted, sentence(300)]);
  });

  // A short last sentence must stay part of its own paragraph's text, not become a "fragment".
  it('rejoins to exactly the original when the last sentence of a long paragraph is short', () => {
    const p = sentence(100) + sentence(100) + sentence(100) + sentence(100) + sentence(10);
    const pieces = texts([p]);
    for (const piece of pieces) expect(len(piece)).toBeLessThanOrEqual(400);
    expect(pieces.join('')).toBe(p);
  });

  it('does not move the short last sentence of a long paragraph into the next paragraph', () => {
    const p = sentence(100) + sentence(100) + sentence(100) + sentence(100) + sentence(10);
    const next = sentence(100, '。', '文');
    const passages = texts([p, next]);
    expect(passages.at(-1)).toBe(next);
    expect(passages.slice(0, -1).join('')).toBe(p);
  });

  it('splits a sentence over 400 characters that has no sentence end inside at its commas', () => {
    const clause = '字'.repeat(49) + '，';
    const p = clause.repeat(9) + '字'.repeat(49) + '。';
    const pieces = texts([p]);
    expect(pieces.map(len)).toEqual([250, 250]);
    expect(pieces[0]).toMatch(/，$/u);
    expect(pieces.join('')).toBe(p);
  });

  it('cuts a run of text without punctuation by length', () => {
    const run = '字'.repeat(1000);
    expect(texts([run])).toEqual(['字'.repeat(400), '字'.repeat(400), '字'.repeat(200)]);
  });

  it('cuts a clause over 400 characters by length and keeps the clauses after it', () => {
    const p = '甲'.repeat(500) + '，' + '乙'.repeat(99) + '。';
    expect(texts([p])).toEqual(['甲'.repeat(400), '甲'.repeat(100) + '，', '乙'.repeat(99) + '。']);
  });

  it('counts characters outside the BMP as one character each', () => {
    // 𠀀 is two UTF-16 units: a cut by .length would give 200-character pieces
    const run = '𠀀'.repeat(500);
    expect(texts([run])).toEqual(['𠀀'.repeat(400), '𠀀'.repeat(100)]);
  });
});

describe('chunkParagraphs: the paragraph each passage begins in', () => {
  it('gives the parts of a split paragraph its number, and the paragraphs after it their own', () => {
    const long = sentence(300) + sentence(300);
    const chunks = chunkParagraphs([sentence(100), long, sentence(90)]);
    expect(chunks.map((c) => c.paragraph)).toEqual([1, 2, 2, 3]);
    expect(chunks.map((c) => len(c.text))).toEqual([100, 300, 300, 90]);
  });

  it('passes over an empty paragraph (one left out for its length), which keeps its number', () => {
    expect(chunkParagraphs([sentence(100), '', sentence(90)]).map((c) => c.paragraph)).toEqual([1, 3]);
  });

  it("numbers a passage led by fragments by the first fragment's paragraph, and a trailing one joins the passage before", () => {
    const chunks = chunkParagraphs([sentence(100), '二、主要任务', '（一）总体安排', sentence(100), '（完）']);
    expect(chunks).toEqual([
      { text: sentence(100), paragraph: 1 },
      { text: `二、主要任务\n（一）总体安排\n${sentence(100)}\n（完）`, paragraph: 2 },
    ]);
  });
});

describe('chunkParagraphs: limits hold for any input', () => {
  /** Deterministic pseudo-random numbers (LCG), so a failure can be reproduced. */
  function random(seed: number): () => number {
    let state = seed;
    return () => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state / 2 ** 31;
    };
  }

  it('never makes a passage over 400 code points and loses no text', () => {
    const next = random(42);
    const alphabet = ['字', '国', '𠀀', 'a', '1', ' ', '，', '、', '：', '。', '！', '？', '；', '”'];
    for (let article = 0; article < 200; article++) {
      const paragraphs = Array.from({ length: 1 + Math.floor(next() * 8) }, () => {
        const n = 1 + Math.floor(next() * 1200);
        let p = '';
        for (let i = 0; i < n; i++) {
          // mostly text, with punctuation now and then, sometimes none for hundreds of characters
          const r = next();
          p += r < 0.85 ? alphabet[Math.floor(next() * 5)] : alphabet[5 + Math.floor(next() * (alphabet.length - 5))];
        }
        return p.trim() || '字';
      });
      const passages = texts(paragraphs);
      for (const passage of passages) expect(len(passage)).toBeLessThanOrEqual(400);
      // merging only ever adds "\n" between pieces
      expect(passages.join('').replaceAll('\n', '')).toBe(paragraphs.join(''));
    }
  });
});
