import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SYNONYMS, readSynonyms, searchSynonyms, THESAURUS, type SynonymSettings } from '../../src/text/synonyms.js';
import { tempDir } from '../helpers/fixtures.js';

/** Every word's synonyms gathered at once, as the thesaurus was read before words were gathered on demand. */
function eager(file: string, settings: SynonymSettings): Map<string, string[]> {
  const map = new Map<string, Set<string>>();
  for (const line of readFileSync(file, 'utf8').replace(/^\uFEFF/u, '').split('\n')) {
    const [code, ...words] = line.trim().split(/\s+/u);
    if (!code || code.length < 8 || !settings.marks.includes(code[7]!)) continue;
    const group = words.filter((w) => [...w].length >= settings.minChars);
    if (group.length < 2 || group.length > settings.maxGroup) continue;
    for (const w of group) {
      let set = map.get(w);
      if (!set) map.set(w, (set = new Set()));
      for (const other of group) if (other !== w) set.add(other);
    }
  }
  return new Map([...map].map(([w, set]) => [w, [...set]]));
}

/**
 * Both ways of reading the thesaurus (its groups read whole, or searched word by word) against the eager one; the
 * searched one on every `searchedEvery`-th word (each search reads the file's text).
 */
function expectSame(file: string, settings: SynonymSettings, probes: string[] = [], searchedEvery = 1): void {
  const expected = eager(file, settings);
  const words = [...expected.keys(), ...probes];
  const whole = readSynonyms(file, settings);
  const searched = searchSynonyms(file, settings);
  words.forEach((word, i) => {
    expect(whole.get(word), word).toEqual(expected.get(word));
    if (i % searchedEvery === 0 || probes.includes(word)) expect(searched.get(word), word).toEqual(expected.get(word));
  });
}

describe('the thesaurus', () => {
  it('gives each word the synonyms of all its groups, in order, as reading every word at once did', () => {
    const { dir, cleanup } = tempDir();
    const file = path.join(dir, 'thesaurus.txt');
    writeFileSync(
      file,
      [
        '\uFEFFAa01A01= 电脑 计算机 微机',
        'Aa01A02= 计算机 电子计算机 电脑',
        'Aa01A03# 部长 司长 局长', // a group of one kind, not synonyms
        'Aa01A04= 店 铺 商店 店铺', // single characters have too many senses
        'Aa01A05= 全球 全球', // one distinct word: no synonym
        'Aa01A06@ 独立',
        'short 甲乙 丙丁',
      ].join('\n'),
    );
    expectSame(file, DEFAULT_SYNONYMS, ['部长', '店', '独立', '甲乙', '不在', '', '计算', '\nAa01A02=']);
    expectSame(file, { marks: '=#', minChars: 1, maxGroup: 3 }, ['部长', '店', '电子计算机']);
    expect(readSynonyms(file).get('计算机')).toEqual(['电脑', '微机', '电子计算机']);
    expect(searchSynonyms(file).get('计算机')).toEqual(['电脑', '微机', '电子计算机']);
    cleanup();
  });

  it('is the shipped thesaurus read eagerly, word for word', () => {
    expectSame(THESAURUS, DEFAULT_SYNONYMS, ['部长', '的'], 16);
  });
});
