import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { packageRoot } from '../paths.js';
import { SortedDictionary } from './sorted-dictionary.js';

/** jieba's own dictionary, as the @node-rs/jieba package ships it. */
export const JIEBA_DICTIONARY = path.join(path.dirname(createRequire(import.meta.url).resolve('@node-rs/jieba/package.json')), 'dict.txt');

/**
 * jieba's dictionary as @node-rs/jieba 2.0.3 ships it. The tests check that it is sorted by its words' bytes, lists
 * each word once, has nothing but single spaces between fields, and that its frequencies sum to `total`: what
 * searching it in place relies on (a tokenizer cutting one text at a time, the tags of words). Another dictionary
 * (another release) is loaded whole.
 */
export const CHECKED_JIEBA_DICTIONARY = { sha256: '139519822fe8ab9e10d9d07e68ea0451045380aedaf54ecc51e2a28c6b42a13f', total: 60101964 };

/** Whether a dictionary's bytes are those of CHECKED_JIEBA_DICTIONARY. */
export function isCheckedJieba(bytes: Buffer): boolean {
  return createHash('sha256').update(bytes).digest('hex') === CHECKED_JIEBA_DICTIONARY.sha256;
}

/** A dictionary shipped with wenda, in data/dictionary/. */
export function dictionaryFile(name: string): string {
  return path.join(packageRoot, 'data', 'dictionary', name);
}

/** The entries of a dictionary file: one a line, fields split at white space, '#' starting a comment. */
export function readDictionary(name: string): string[][] {
  return readFileSync(dictionaryFile(name), 'utf8')
    .split('\n')
    .map((line) => line.replace(/#.*/u, '').trim())
    .filter(Boolean)
    .map((line) => line.split(/\s+/u));
}

export interface Lexicon {
  /** Every post, and those that name their own organisation (区长: a chain never lends it one). */
  posts: Set<string>;
  ownPosts: Set<string>;
  /** Words that introduce names without being their title (市领导, 有关负责人). */
  descriptors: Set<string>;
  longestPost: number;
  /** The first and the last UTF-16 unit of every post: most places in a text are ruled out by one lookup. */
  postStarts: Set<string>;
  postEnds: Set<string>;
  /** The surnames by their first UTF-16 unit, compound ones first, so that 欧阳 is tried before 欧. */
  surnamesByFirst: Map<string, string[]>;
}

let cached: Lexicon | null = null;

/** The curated surnames and posts of data/dictionary/, read once. */
export function lexicon(): Lexicon {
  if (cached) return cached;
  const surnames = readDictionary('surnames.txt').flat().sort((a, b) => b.length - a.length);
  const postLines = readDictionary('posts.txt');
  const posts = new Set(postLines.map((l) => l[0]!));
  const ownPosts = new Set(postLines.filter((l) => l[1] === 'own').map((l) => l[0]!));
  const descriptors = new Set(postLines.filter((l) => l[1] === 'descriptor').map((l) => l[0]!));
  const surnamesByFirst = new Map<string, string[]>();
  for (const s of surnames) surnamesByFirst.set(s[0]!, [...(surnamesByFirst.get(s[0]!) ?? []), s]);
  cached = {
    posts,
    ownPosts,
    descriptors,
    longestPost: Math.max(...[...posts].map((p) => p.length)),
    postStarts: new Set([...posts].map((p) => p[0]!)),
    postEnds: new Set([...posts].map((p) => p.at(-1)!)),
    surnamesByFirst,
  };
  return cached;
}

interface JiebaWords {
  /** The tag of a word. */
  tag: (word: string) => string | undefined;
  /** log(share among the given names of jieba's person names / share in its other words, by frequency), per character. */
  nameOdds: Map<string, number>;
}

let jiebaWords: JiebaWords | null = null;
// Odds beyond these say more about a small count than about the character (斌 occurs in no other word at all).
const MAX_ODDS = 4;
const MIN_ODDS = -5;

/**
 * jieba's own dictionary, read once: the part-of-speech tag of every word, and how much more often each character
 * stands in the given name of a person's name (words tagged nr, surname left out) than in other words (weighted by
 * their frequency): 俊 and 亮 are name characters, 说, 的 and 是 are not, 其 and 和 lie in between. The checked
 * dictionary is searched for a word's tag where it lies (and the tags found kept): a map of its 349,000 words took
 * half a second to make, most of what a small rebuild spent reading an article's names.
 */
function jieba(): JiebaWords {
  if (jiebaWords) return jiebaWords;
  const bytes = readFileSync(JIEBA_DICTIONARY);
  const tags = isCheckedJieba(bytes) ? null : new Map<string, string>();
  // counts by code point, in arrays: a map updated for every character of 350,000 words was most of the reading
  const inNames = new Float64Array(CODE_POINTS);
  const inWords = new Float64Array(CODE_POINTS);
  let names = 0;
  let words = 0;
  const text = bytes.toString('utf8');
  // lines of "word frequency tag", cut by indexOf: splitting each line into an array took twice as long
  for (let at = 0, end; at < text.length; at = end + 1) {
    end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    const first = text.indexOf(' ', at);
    const second = first < 0 ? -1 : text.indexOf(' ', first + 1);
    if (first <= at || first >= end || second < 0 || second >= end - 1) continue;
    const third = text.indexOf(' ', second + 1);
    const tag = text.slice(second + 1, third < 0 || third > end ? end : third);
    tags?.set(text.slice(at, first), tag);
    const named = tag === 'nr' || tag === 'nrfg';
    const length = named ? codePoints(text, at, first) : 0;
    if (named && length >= 2 && length <= 4) {
      // the surname (the first character) left out
      names += addCodePoints(inNames, text, at + (text.codePointAt(at)! > 0xffff ? 2 : 1), first, 1);
    } else if (!tag.startsWith('nr')) {
      const f = Number(text.slice(first + 1, second)) || 1;
      words += f * addCodePoints(inWords, text, at, first, f);
    }
  }
  const nameOdds = new Map<string, number>();
  for (let c = 0; c < CODE_POINTS; c++) {
    if (inNames[c] === 0 && inWords[c] === 0) continue;
    const odds = Math.log((inNames[c]! + 0.5) / names) - Math.log((inWords[c]! + 1) / words);
    nameOdds.set(String.fromCodePoint(c), Math.min(MAX_ODDS, Math.max(MIN_ODDS, odds)));
  }
  jiebaWords = { tag: tags ? (word) => tags.get(word) : searchedTags(new SortedDictionary(bytes)), nameOdds };
  return jiebaWords;
}

/** Strings found missing that are kept at most, forgotten all at once past it: a build looks up millions. */
const MISSES_KEPT = 100_000;

/**
 * Tags looked up in the sorted dictionary: each word found kept (at most the dictionary's words), strings found missing
 * kept within MISSES_KEPT.
 */
function searchedTags(dictionary: SortedDictionary): (word: string) => string | undefined {
  const found = new Map<string, string>();
  const missing = new Set<string>();
  return (word) => {
    const known = found.get(word);
    if (known !== undefined || missing.has(word)) return known;
    const at = dictionary.find(Buffer.from(word));
    const tag = at < 0 ? undefined : dictionary.tag(at);
    if (tag !== undefined) found.set(word, tag);
    else {
      if (missing.size >= MISSES_KEPT) missing.clear();
      missing.add(word);
    }
    return tag;
  };
}

const CODE_POINTS = 0x110000;
/** Adds weight to counts[c] for each code point c of text[from, to) (no string made a character); returns how many. */
function addCodePoints(counts: Float64Array, text: string, from: number, to: number, weight: number): number {
  let n = 0;
  for (let i = from; i < to; n++) {
    const c = text.codePointAt(i)!;
    counts[c]! += weight;
    i += c > 0xffff ? 2 : 1;
  }
  return n;
}
/** Characters of text[from, to) (code points; surrogate pairs counted once). */
function codePoints(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; n++) i += text.codePointAt(i)! > 0xffff ? 2 : 1;
  return n;
}

/**
 * The part-of-speech tag jieba's own dictionary gives a word (关于 p, 吉林 ns, 汪洋 nr): a string that the dictionary
 * knows as something other than a person's name (nr…) is not taken for a name.
 */
export function wordTag(word: string): string | undefined {
  return jieba().tag(word);
}

/** How name-like a character is (see jieba()); 0 for a character jieba never writes. */
export function nameOdds(char: string): number {
  return jieba().nameOdds.get(char) ?? 0;
}

/** The longest word of jieba's dictionary (up to four characters) that starts at `at`, not counting person names. */
export function wordAt(text: string, at: number): string | null {
  for (let len = Math.min(4, text.length - at); len >= 2; len--) {
    const tag = jieba().tag(text.slice(at, at + len));
    if (tag !== undefined && !tag.startsWith('nr')) return text.slice(at, at + len);
  }
  return null;
}

/** The organisation of a title (中央网信办主任 → 中央网信办); '' for a bare post (副主任). */
export function organisationOf(title: string): string {
  const { posts, longestPost } = lexicon();
  for (let len = Math.min(longestPost, title.length); len >= 2; len--) {
    if (posts.has(title.slice(-len))) return title.slice(0, -len);
  }
  return title;
}
