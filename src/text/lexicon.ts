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

// Odds beyond these say more about a small count than about the character (斌 occurs in no other word at all).
const MAX_ODDS = 4;
const MIN_ODDS = -5;

let dictionaryBytes: Buffer | null = null;
const jiebaBytes = () => (dictionaryBytes ??= readFileSync(JIEBA_DICTIONARY));

/**
 * Each line of jieba's dictionary ("word frequency tag") with at least a word, a frequency and a tag, as byte offsets:
 * the word is [start, first), the frequency (first, second), the tag (second, tagEnd). Read byte by byte in one pass:
 * its 349,000 lines as a string cut by indexOf, with a string made for each tag and frequency, took three times as long.
 */
function forEachLine(bytes: Buffer, visit: (start: number, first: number, second: number, tagEnd: number) => void): void {
  const SPACE = 0x20;
  const NEWLINE = 0x0a;
  const n = bytes.length;
  for (let start = 0; start < n; ) {
    let first = -1;
    let second = -1;
    let tagEnd = -1;
    let end = start;
    for (; end < n; end++) {
      const byte = bytes[end];
      if (byte === NEWLINE) break;
      if (byte !== SPACE) continue;
      if (first < 0) first = end;
      else if (second < 0) second = end;
      else if (tagEnd < 0) tagEnd = end;
    }
    // a word, a second field and a tag that is not empty
    if (first > start && second > 0 && second < end - 1) visit(start, first, second, tagEnd < 0 ? end : tagEnd);
    start = end + 1;
  }
}

/** A word of jieba's dictionary: its part-of-speech tag and its frequency (its count in jieba's corpus). */
interface DictionaryEntry {
  tag: string;
  frequency: number;
}

let entryOf: ((word: string) => DictionaryEntry | undefined) | null = null;

/**
 * A word's entry in jieba's own dictionary. The checked dictionary is searched for a word where it lies (and the
 * entries found kept): a map of its 349,000 words took half a second to make, most of what a small rebuild spent
 * reading an article's names; another dictionary is read into that map.
 */
function entries(): (word: string) => DictionaryEntry | undefined {
  if (entryOf) return entryOf;
  const bytes = jiebaBytes();
  if (isCheckedJieba(bytes)) return (entryOf = searchedEntries(new SortedDictionary(bytes)));
  const map = new Map<string, DictionaryEntry>();
  forEachLine(bytes, (start, first, second, tagEnd) =>
    map.set(bytes.toString('utf8', start, first), { tag: bytes.toString('utf8', second + 1, tagEnd), frequency: frequency(bytes, first + 1, second) }),
  );
  return (entryOf = (word) => map.get(word));
}

let oddsOf: Map<string, number> | null = null;

/**
 * How much more often each character stands in the given name of a person's name (words tagged nr or nrfg of 2 to 4
 * characters, surname left out) than in other words (weighted by their frequency) in jieba's own dictionary: 俊 and 亮
 * are name characters, 说, 的 and 是 are not, 其 and 和 lie in between. Computed once, when first asked (a tag alone
 * does not need it: /who asks tags).
 */
function nameOddsMap(): Map<string, number> {
  if (oddsOf) return oddsOf;
  const bytes = jiebaBytes();
  // counts by code point, in arrays: a map updated for every character of 350,000 words was most of the reading
  const inNames = new Float64Array(CODE_POINTS);
  const inWords = new Float64Array(CODE_POINTS);
  let names = 0;
  let words = 0;
  // the code points met, so that the odds are made for those alone rather than by a pass over every code point
  const met: number[] = [];
  const add = (counts: Float64Array, c: number, weight: number) => {
    if (inNames[c] === 0 && inWords[c] === 0) met.push(c);
    counts[c]! += weight;
  };
  const word: number[] = [];
  forEachLine(bytes, (start, first, second, tagEnd) => {
    const tagLength = tagEnd - second - 1;
    const nr = bytes[second + 1] === 0x6e && bytes[second + 2] === 0x72 && tagLength >= 2;
    const named = nr && (tagLength === 2 || (tagLength === 4 && bytes[second + 3] === 0x66 && bytes[second + 4] === 0x67));
    if (nr && !named) return;
    codePointsOf(bytes, start, first, word);
    if (named) {
      // the surname (the first character) left out
      if (word.length >= 2 && word.length <= 4) for (let i = 1; i < word.length; i++, names++) add(inNames, word[i]!, 1);
      return;
    }
    const f = frequency(bytes, first + 1, second);
    for (const c of word) add(inWords, c, f);
    words += f * word.length;
  });
  oddsOf = new Map();
  for (const c of met) {
    // a negative frequency can bring both counts back to 0: as if never met
    if (inNames[c] === 0 && inWords[c] === 0) continue;
    const odds = Math.log((inNames[c]! + 0.5) / names) - Math.log((inWords[c]! + 1) / words);
    oddsOf.set(String.fromCodePoint(c), Math.min(MAX_ODDS, Math.max(MIN_ODDS, odds)));
  }
  return oddsOf;
}

/** The code points of UTF-8 bytes [from, to) into `out`, decoded as Node decodes them (an ill-formed sequence as U+FFFD). */
function codePointsOf(bytes: Buffer, from: number, to: number, out: number[]): void {
  out.length = 0;
  for (let i = from; i < to; ) {
    const b = bytes[i]!;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    let c = length === 1 ? b : length === 2 ? b & 0x1f : length === 3 ? b & 0x0f : b & 0x07;
    let ok = length > 0 && i + length <= to;
    for (let k = 1; ok && k < length; k++) {
      const next = bytes[i + k]!;
      ok = (next & 0xc0) === 0x80;
      c = (c << 6) | (next & 0x3f);
    }
    // overlong, surrogate or beyond U+10FFFF: such a word is decoded by Node itself, whose replacements it then holds
    if (!ok || (length === 3 && (c < 0x800 || (c >= 0xd800 && c < 0xe000))) || (length === 4 && (c < 0x10000 || c > 0x10ffff))) {
      out.length = 0;
      for (const ch of bytes.toString('utf8', from, to)) out.push(ch.codePointAt(0)!);
      return;
    }
    out.push(c);
    i += length;
  }
}

/** A frequency field as a number (as `Number` reads it; 1 when it reads none). */
function frequency(bytes: Buffer, from: number, to: number): number {
  const read = () => Number(bytes.toString('utf8', from, to)) || 1;
  // beyond 15 digits summing them might round otherwise than Number does
  if (to - from > 15) return read();
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = bytes[i]! - 0x30;
    if (d < 0 || d > 9) return read();
    n = n * 10 + d;
  }
  return n || 1;
}

/** Strings found missing that are kept at most, forgotten all at once past it: a build looks up millions. */
const MISSES_KEPT = 100_000;

/**
 * Entries looked up in the sorted dictionary: each word found kept (at most the dictionary's words), strings found
 * missing kept within MISSES_KEPT.
 */
function searchedEntries(dictionary: SortedDictionary): (word: string) => DictionaryEntry | undefined {
  const found = new Map<string, DictionaryEntry>();
  const missing = new Set<string>();
  return (word) => {
    const known = found.get(word);
    if (known !== undefined || missing.has(word)) return known;
    const at = dictionary.find(Buffer.from(word));
    const tag = at < 0 ? undefined : dictionary.tag(at);
    const entry = tag === undefined ? undefined : { tag, frequency: dictionary.frequency(at) };
    if (entry) found.set(word, entry);
    else {
      if (missing.size >= MISSES_KEPT) missing.clear();
      missing.add(word);
    }
    return entry;
  };
}

const CODE_POINTS = 0x110000;
/**
 * The part-of-speech tag jieba's own dictionary gives a word (关于 p, 吉林 ns, 汪洋 nr): a string that the dictionary
 * knows as something other than a person's name (nr…) is not taken for a name.
 */
export function wordTag(word: string): string | undefined {
  return entries()(word)?.tag;
}

/** How often jieba's corpus has a word (its dictionary's frequency); 0 for a word it does not list. */
export function wordFrequency(word: string): number {
  return entries()(word)?.frequency ?? 0;
}

// The longest word the likeliest cut looks for: the longest of jieba's dictionary (侵华日军南京大屠杀遇难同胞纪念馆 is 16).
const LONGEST_CUT_WORD = 16;

/**
 * Where jieba's dictionary cuts `text` into words: its likeliest cut into dictionary words (each word as likely as its
 * frequency, a character it lacks as a word seen once), as jieba cuts without its model of unknown words. The offsets
 * between words, 0 and text.length included: 在|内蒙古, not 在内|蒙古; 北京同仁医院 whole.
 */
export function wordBoundaries(text: string): Set<number> {
  const logTotal = Math.log(CHECKED_JIEBA_DICTIONARY.total);
  // best[i]: the likeliest cut of text.slice(i), as its log probability and its first word's length
  const best: { logP: number; length: number }[] = Array.from({ length: text.length + 1 }, () => ({ logP: 0, length: 0 }));
  for (let i = text.length - 1; i >= 0; i--) {
    best[i] = { logP: -Infinity, length: 1 };
    for (let length = 1; length <= LONGEST_CUT_WORD && i + length <= text.length; length++) {
      const frequency = wordFrequency(text.slice(i, i + length));
      if (frequency === 0 && length > 1) continue;
      const logP = Math.log(Math.max(frequency, 1)) - logTotal + best[i + length]!.logP;
      if (logP > best[i]!.logP) best[i] = { logP, length };
    }
  }
  const boundaries = new Set([0]);
  for (let i = 0; i < text.length; i += best[i]!.length) boundaries.add(i + best[i]!.length);
  return boundaries;
}

/** How name-like a character is (see nameOddsMap); 0 for a character jieba never writes. */
export function nameOdds(char: string): number {
  return nameOddsMap().get(char) ?? 0;
}

/** The longest word of jieba's dictionary (up to four characters) that starts at `at`, not counting person names. */
export function wordAt(text: string, at: number): string | null {
  for (let len = Math.min(4, text.length - at); len >= 2; len--) {
    const tag = wordTag(text.slice(at, at + len));
    if (tag !== undefined && !tag.startsWith('nr')) return text.slice(at, at + len);
  }
  return null;
}

/** The longest post that ends at `end` of `text` (主任 of 中央网信办主任), or null. */
export function postEndingAt(text: string, end: number): string | null {
  const { posts, longestPost, postEnds } = lexicon();
  if (!postEnds.has(text[end - 1]!)) return null;
  for (let len = Math.min(longestPost, end); len >= 2; len--) {
    const candidate = text.slice(end - len, end);
    if (posts.has(candidate)) return candidate;
  }
  return null;
}

/** A rank written before a post, part of the post and no organisation (常务副市长, 常务副主任). */
export const RANK = '常务';

/** The organisation of a title (中央网信办主任 → 中央网信办); '' for a bare post (副主任). */
export function organisationOf(title: string): string {
  const post = postEndingAt(title, title.length);
  return post ? title.slice(0, -post.length) : title;
}

// What makes a post another before it: a deputy's, an acting holder's, or the general's (副校长, 代区长, 总书记)
const OTHER_RANK = /^[副代总]$/u;
// How far either side of a post its clause is read to cut it into words
const CLAUSE = 16;
// A post written with another in brackets (副校（院）长, 乡（镇）长): the one in brackets stands for as many characters
const BRACKETED = /(\p{Script=Han}+)[（(](\p{Script=Han}{1,2})[）)](?=\p{Script=Han})/gu;

/**
 * Whether a text names a post somewhere at its own rank, of any organisation (书记 in 党委书记, 副校长 in 常务副校长),
 * as a word of its own: not as another rank of it (校长 in 副校长, 区长 in 代区长, 书记 in 总书记), nor inside a word
 * (区长 in 社区长效, 委员 in 委员会: jieba's cut of the clause does not end a word where the post ends), unless the cut
 * glued its last character to a name after it (市|长江海波, 行|长孙立华). A post written with another in brackets
 * states both (副校（院）长: 副校长 and 副院长). Whether it can say who holds the post.
 */
export function statesPost(written: string, post: string): boolean {
  const readings = new Set([written.replace(BRACKETED, '$1'), written.replace(BRACKETED, (_, before: string, inside: string) => before.slice(0, -inside.length) + inside)]);
  return [...readings].some((text) => {
    for (let at = text.indexOf(post); at >= 0; at = text.indexOf(post, at + 1)) {
      if (OTHER_RANK.test(text[at - 1] ?? '')) continue;
      const end = at + post.length;
      let start = at;
      while (start > 0 && start > at - CLAUSE && /\p{Script=Han}/u.test(text[start - 1]!)) start--;
      let stop = end;
      while (stop < text.length && stop < end + CLAUSE && /\p{Script=Han}/u.test(text[stop]!)) stop++;
      const cut = wordBoundaries(text.slice(start, stop));
      const glued = cut.has(at - start) && cut.has(end - start - 1) && lexicon().surnamesByFirst.has(text[end]!);
      if (cut.has(end - start) || glued) return true;
    }
    return false;
  });
}

/**
 * The post a question asks who holds, by its asked head: the post the head ends with where the question last writes
 * it (the asking word comes after the rest: 副院长曹文泽讲话，学院的院长是谁 asks the 院长), with the rank the question
 * writes before it (副|院长 as the tokenizer cuts it, 副总经理 or 总参谋长 that the dictionary lists no post for); null
 * for no post, or a descriptor (领导, 负责人), which is no post anyone holds: the articles name such people by their titles.
 */
export function askedPost(question: string, head: string): string | null {
  const at = question.lastIndexOf(head);
  const end = at + head.length;
  const post = at < 0 ? null : postEndingAt(question, end);
  if (post === null || lexicon().descriptors.has(post)) return null;
  const before = question[end - post.length - 1] ?? '';
  return (OTHER_RANK.test(before) ? before : '') + post;
}

/**
 * Whether a title is another said short: the same post, of an organisation the other's ends with (市长 of 重庆市市长,
 * 市委副书记 of 重庆市委副书记; not 组长 of 副组长, another post).
 */
export function saysShort(title: string, full: string): boolean {
  const organisation = organisationOf(title);
  const fullOrganisation = organisationOf(full);
  return title !== full && full.slice(fullOrganisation.length) === title.slice(organisation.length) && fullOrganisation.endsWith(organisation);
}
