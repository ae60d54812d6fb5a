import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKED_JIEBA_DICTIONARY, JIEBA_DICTIONARY } from '../../src/text/lexicon.js';
import { packageRoot } from '../../src/paths.js';
import { analyse, sentences } from '../../src/text/text.js';
import { Tokenizer } from '../../src/text/tokenizer.js';
import { GIVEN_ARTICLE } from '../helpers/fixtures.js';

// words a corpus could teach: a name jieba does not know, terms it cuts otherwise, words it knows (a frequency of ours
// replacing its own: jieba's commonest words, which moves the total most), an English word, and one written twice
const VOCABULARY = ['庄荣文', '陈凤翔', '于军', '主题教育', '动员大会', '中央网信办', '讲话', ...'了是在和有他不我的人也为就这上年中', 'covid', '主题教育'];
// of which names found in articles, weighing less; 中央网信办 is a curated word too, and weighs as one
const NAMES = ['庄荣文', '陈凤翔', '于军', '中央网信办'];

/** The given article's sentences, analysed as passages are, and texts at the edges of what jieba splits into words. */
function texts(): string[] {
  const article = readFileSync(path.join(packageRoot, 'data', 'articles', GIVEN_ARTICLE), 'utf8').replace(/<[^>]*>|&nbsp;/gu, '\n');
  return [
    ...sentences(article).map(analyse),
    analyse('中央网信办主题教育动员大会是哪天召开的'),
    analyse('谁作动员讲话？'),
    'covid 19 病例 3.5% a-b c++ 4s店 1号店',
    '𠮷野家 与 \uE000\uE000 和 \uE000',
    '  \n\t',
    '',
    '主题教育主题教育主题教育',
    '不',
    '主将大喜，传于军中，士气大振。',
    '区委书记于军强调',
  ];
}

describe('the tokenizer, one text at a time', () => {
  it('cuts and tags every text as the tokenizer of the whole dictionary does', () => {
    const whole = new Tokenizer(VOCABULARY, { names: NAMES });
    const perText = new Tokenizer(VOCABULARY, { names: NAMES, perText: true });
    for (const text of texts()) {
      expect(perText.wordsOfFolded(text), text).toEqual(whole.wordsOfFolded(text));
      expect(perText.tag(text), text).toEqual(whole.tag(text));
    }
    expect(perText.terms('庄荣文作动员讲话').words).toEqual(['庄荣文', '作', '动员', '讲话']);
  });

  it('keeps a name whole where no word overlaps it, without cutting the words around it in two', () => {
    for (const tokenizer of [new Tokenizer(VOCABULARY, { names: NAMES }), new Tokenizer(VOCABULARY, { names: NAMES, perText: true })]) {
      expect(tokenizer.wordsOfFolded('区委书记于军强调')).toEqual(['区委', '书记', '于军', '强调']);
      expect(tokenizer.wordsOfFolded('于军充分肯定了')).toContain('于军');
      expect(tokenizer.wordsOfFolded('传于军中')).toEqual(['传', '于', '军中']);
      expect(tokenizer.wordsOfFolded('庄荣文作动员讲话')).toEqual(['庄荣文', '作', '动员', '讲话']);
    }
    // the same word learned as a term (a quoted one) is kept whole wherever it occurs
    expect(new Tokenizer(VOCABULARY).wordsOfFolded('传于军中')).toEqual(['传', '于军', '中']);
  });

  it("tags a name found in the articles as a person's, and a learned term with the tag jieba gives it", () => {
    for (const tokenizer of [new Tokenizer(VOCABULARY, { names: NAMES }), new Tokenizer(VOCABULARY, { names: NAMES, perText: true })]) {
      const tags = new Map(tokenizer.tag('党组书记陈凤翔主持会议，中央网信办讲话').map(({ word, tag }) => [word, tag]));
      expect(tags.get('陈凤翔')).toBe('nr');
      expect(tags.get('中央网信办')).not.toBe('nr'); // a curated word, even when found as a name
      expect(tags.get('讲话')).toBe('n'); // jieba's own tag, kept
    }
    expect(new Tokenizer(VOCABULARY).tag('党组书记陈凤翔主持会议').find(({ word }) => word === '陈凤翔')?.tag).not.toBe('nr');
  });

  it("weighs words against the whole dictionary's total, with a corpus word's frequency in place of jieba's", () => {
    // 一成 (frequency 144) stays one word when 144 · total > 一 · 成: with VOCABULARY's common words at 50,000 the
    // total falls by a tenth and it splits, which counting their frequencies of jieba's as well would not show
    for (const tokenizer of [new Tokenizer(VOCABULARY), new Tokenizer(VOCABULARY, { perText: true })]) {
      for (const word of ['一成', '万只', '七本']) expect(tokenizer.wordsOfFolded(word), word).toEqual([...word]);
    }
  });

  it("relies on jieba's dictionary being the one checked: sorted by its words' bytes, each word once, plain fields, the recorded total", () => {
    const bytes = readFileSync(JIEBA_DICTIONARY);
    const lines = bytes.toString('utf8').split('\n').filter(Boolean);
    const words = lines.map((line) => line.split(' ')[0]!);
    expect(lines.find((line) => !/^\S+ \d+ \S+$/u.test(line))).toBeUndefined();
    const total = lines.reduce((sum, line) => sum + Number(line.split(' ')[1]), 0);
    const sorted = words.map((w) => Buffer.from(w)).every((w, i, all) => i === 0 || Buffer.compare(all[i - 1]!, w) < 0);
    expect(sorted).toBe(true); // strictly: each word once
    expect(total).toBe(CHECKED_JIEBA_DICTIONARY.total);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(CHECKED_JIEBA_DICTIONARY.sha256);
  });
});
