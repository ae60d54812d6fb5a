import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JIEBA_DICTIONARY, nameOdds, wordAt, wordTag } from '../../src/text/lexicon.js';

/** Every line's word and tag, read the plain way. */
function tagsRead(): Map<string, string> {
  const tags = new Map<string, string>();
  for (const line of readFileSync(JIEBA_DICTIONARY, 'utf8').split('\n')) {
    const [word, , tag] = line.split(' ');
    if (word && tag) tags.set(word, tag);
  }
  return tags;
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
  it("gives every word's tag as the dictionary writes it, searched where it lies, and none for a string it lacks", () => {
    const tags = tagsRead();
    expect(tags.size).toBeGreaterThan(300_000);
    // a spread of the words (every 97th), the first and the last, some twice (the second time from what was found)
    const words = [...tags.keys()].filter((_, i) => i % 97 === 0 || i === tags.size - 1);
    for (const word of [...words, ...words.slice(0, 50)]) expect(wordTag(word), word).toBe(tags.get(word));
    for (const absent of ['不是一个词语', '𠀀𠀀', 'zz', '']) expect(wordTag(absent), absent).toBeUndefined();
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

  it("gives every character's name odds as the plain reading does, to the last bit", () => {
    const odds = nameOddsRead();
    expect(odds.size).toBeGreaterThan(10_000);
    const differing = [...odds].filter(([c, x]) => nameOdds(c) !== x);
    expect(differing).toEqual([]);
  });
});
