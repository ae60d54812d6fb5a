import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Jieba } from '@node-rs/jieba';
import { describe, expect, it } from 'vitest';
import { askedPost, JIEBA_DICTIONARY, nameOdds, saysShort, statesPost, wordAt, wordBoundaries, wordFrequency, wordTag } from '../../src/text/lexicon.js';
import { GIVEN_ARTICLE } from '../helpers/fixtures.js';

/** Every line's word, with its tag and frequency, read the plain way. */
function entriesRead(): Map<string, { tag: string; frequency: number }> {
  const entries = new Map<string, { tag: string; frequency: number }>();
  for (const line of readFileSync(JIEBA_DICTIONARY, 'utf8').split('\n')) {
    const [word, frequency, tag] = line.split(' ');
    if (word && tag) entries.set(word, { tag, frequency: Number(frequency) });
  }
  return entries;
}

/**
 * How name-like each character is, read the plain way: the given names (surname left out) of words tagged nr or nrfg
 * of 2 to 4 characters against every other word not tagged nr…, by frequency.
 */
function nameOddsRead(): Map<string, number> {
  const inNames = new Map<string, number>();
  const inWords = new Map<string, number>();
  let [names, words] = [0, 0];
  for (const line of readFileSync(JIEBA_DICTIONARY, 'utf8').split('\n')) {
    const [word, frequency, tag] = line.split(' ');
    if (!word || !tag) continue;
    const characters = [...word];
    if ((tag === 'nr' || tag === 'nrfg') && characters.length >= 2 && characters.length <= 4) {
      for (const c of characters.slice(1)) inNames.set(c, (inNames.get(c) ?? 0) + 1);
      names += characters.length - 1;
    } else if (!tag.startsWith('nr')) {
      const f = Number(frequency) || 1;
      for (const c of characters) inWords.set(c, (inWords.get(c) ?? 0) + f);
      words += f * characters.length;
    }
  }
  const odds = new Map<string, number>();
  for (const c of new Set([...inNames.keys(), ...inWords.keys()])) {
    const x = Math.log(((inNames.get(c) ?? 0) + 0.5) / names) - Math.log(((inWords.get(c) ?? 0) + 1) / words);
    odds.set(c, Math.min(4, Math.max(-5, x)));
  }
  return odds;
}

describe("jieba's dictionary as the lexicon reads it", () => {
  it("gives every word's tag and frequency as the dictionary writes them, searched where it lies, and none for a string it lacks", () => {
    const entries = entriesRead();
    expect(entries.size).toBeGreaterThan(300_000);
    // a spread of the words (every 97th), the first and the last, some twice (the second time from what was found)
    const words = [...entries.keys()].filter((_, i) => i % 97 === 0 || i === entries.size - 1);
    for (const word of [...words, ...words.slice(0, 50)]) {
      expect(wordTag(word), word).toBe(entries.get(word)!.tag);
      expect(wordFrequency(word), word).toBe(entries.get(word)!.frequency);
    }
    for (const absent of ['不是一个词语', '𠀀𠀀', 'zz', '']) {
      expect(wordTag(absent), absent).toBeUndefined();
      expect(wordFrequency(absent), absent).toBe(0);
    }
    expect(wordTag('关于')).toBe('p');
    expect(wordTag('吉林')).toBe('ns');
  });

  it('finds the longest word that is not a name, and how name-like characters are', () => {
    expect(wordAt('主题教育动员', 0)).toBe('主题');
    expect(wordAt('汪洋说', 0)).toBeNull();
    for (const c of ['俊', '亮']) expect(nameOdds(c), c).toBeGreaterThan(0);
    for (const c of ['说', '的', '是']) expect(nameOdds(c), c).toBeLessThan(0);
    expect(nameOdds('\u{E000}')).toBe(0);
  });

  it('cuts Han text where jieba cuts it without its model of unknown words', () => {
    const jieba = Jieba.withDict(readFileSync(JIEBA_DICTIONARY));
    const article = readFileSync(path.join(import.meta.dirname, '..', '..', 'data', 'articles', GIVEN_ARTICLE), 'utf8');
    const runs = [...article.matchAll(/\p{Script=Han}+/gu)].map((m) => m[0]);
    expect(runs.length).toBeGreaterThan(100);
    for (const run of [...runs, '北京同仁医院副院长', '习近平在内蒙古自治区考察', '全国人大环境与资源保护委员会主任', '参观侵华日军南京大屠杀遇难同胞纪念馆']) {
      const cut = jieba.cut(run, false);
      const ends = cut.map((_, i) => cut.slice(0, i + 1).join('').length);
      expect([...wordBoundaries(run)].sort((a, b) => a - b), run).toEqual([0, ...ends]);
    }
  });

  it("gives every character's name odds as the plain reading does, to the last bit", () => {
    const odds = nameOddsRead();
    expect(odds.size).toBeGreaterThan(10_000);
    const differing = [...odds].filter(([c, x]) => nameOdds(c) !== x);
    expect(differing).toEqual([]);
  });

  it('tells a title said short from another post: the same post, of an organisation the full title ends with', () => {
    const cases: [string, string, boolean][] = [
      ['市长', '重庆市市长', true],
      ['市委副书记', '重庆市委副书记', true],
      ['省委书记', '河南省委书记', true],
      ['组长', '副组长', false],
      ['副书记', '重庆市委副书记', true],
      ['市委书记', '重庆市委副书记', false],
      ['区委书记', '重庆市委书记', false],
      ['市长', '市长', false],
    ];
    for (const [title, full, expected] of cases) expect(saysShort(title, full), `${title} / ${full}`).toBe(expected);
  });
});

describe('a post stated in a text', () => {
  it('is the post at its own rank, of any organisation, and not the deputy or acting holder of it', () => {
    expect(statesPost('北航校长张三出席', '校长')).toBe(true);
    expect(statesPost('副校长李四主持，校长未出席', '校长')).toBe(true);
    expect(statesPost('常务副校长王五主持', '副校长')).toBe(true);
    expect(statesPost('四季青镇党委书记陈爱清参加', '书记')).toBe(true);
    expect(statesPost('副校长李四主持', '校长')).toBe(false);
    expect(statesPost('国务院副总理出席', '总理')).toBe(false);
    expect(statesPost('代区长赵六出席', '区长')).toBe(false);
    expect(statesPost('学习习近平总书记重要讲话', '书记')).toBe(false);
    // as a word of its own, not inside another
    expect(statesPost('完善社区长效管理机制', '区长')).toBe(false);
    expect(statesPost('着眼城市长远发展', '市长')).toBe(false);
    expect(statesPost('海淀区区长曾劲出席', '区长')).toBe(true);
    // a name that jieba's cut glues to the post's last character (长江, 长孙)
    expect(statesPost('市长江海波主持会议', '市长')).toBe(true);
    expect(statesPost('党委书记、行长孙立华主持会议', '行长')).toBe(true);
    // but not the start of a longer word, nor of a word that is no name (长期)
    for (const [text, post] of [['区委员会召开会议', '委员'], ['代表在主席台就座', '主席'], ['公司董事长出席', '董事'], ['我局长期坚持', '局长']]) {
      expect(statesPost(text!, post!), `${post} in ${text}`).toBe(false);
    }
    // a post written with another in brackets states both
    for (const post of ['副校长', '副院长']) expect(statesPost('分管日常工作的副校（院）长何毅亭出席', post), post).toBe(true);
    for (const post of ['乡长', '镇长']) expect(statesPost('各乡（镇）长参加会议', post), post).toBe(true);
  });
});

describe('the post a question asks who holds', () => {
  it('is the post its head ends with where the question last writes it, with the rank written before it', () => {
    expect(askedPost('区法院副院长是谁', '院长')).toBe('副院长');
    expect(askedPost('铁科院副总经理是谁', '总经理')).toBe('副总经理');
    expect(askedPost('法军的总参谋长是谁', '参谋长')).toBe('总参谋长');
    expect(askedPost('总书记是谁', '书记')).toBe('总书记');
    expect(askedPost('中央党校常务副校长是谁', '副校长')).toBe('副校长');
    expect(askedPost('学院副院长曹文泽讲话，那学院的院长是谁？', '院长')).toBe('院长');
    // a descriptor, or a head that is no post, asks for none
    expect(askedPost('哪位领导主持了会议', '领导')).toBeNull();
    expect(askedPost('体育中心是哪年建成的', '体育中心')).toBeNull();
  });
});
