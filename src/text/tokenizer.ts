import { Jieba } from '@node-rs/jieba';
import { readFileSync } from 'node:fs';
import { CHECKED_JIEBA_DICTIONARY, isCheckedJieba, JIEBA_DICTIONARY, readDictionary } from './lexicon.js';
import { SortedDictionary } from './sorted-dictionary.js';
import { analyse, foldAll, hanBigrams } from './text.js';

/** Curated government terms shipped with wenda (organisations, campaigns, titles). */
const CURATED = 'gov-terms.txt';
/** The words of the curated dictionary (gov-terms.txt), as the tokenizer keeps them whole now. */
export const curatedWords = (): string[] => readDictionary(CURATED).map((entry) => entry[0]!);

const WORDLIKE = /[\p{L}\p{N}]/u;
// A frequency high enough that jieba prefers the whole word over its parts.
const USER_WORD_FREQ = 50000;
// A name found in the articles weighs as jieba's own frequent names do (its names' 99th percentile is 435), even one
// jieba weighs more itself (毛泽东: no cut of the corpus differs for it, measured on 2026-12-03): a word where no other
// word overlaps it, but not one that cuts the common words around it in two (传于军中 is 传|于|军中, not 传|于军|中;
// 关于金融和 stays 关于|金融|和 where 关于金 was taken for a name).
const NAME_FREQ = 500;

/** A word with jieba's part-of-speech tag (nr person, ns place, nt organisation, m numeral, t time …). */
export interface Tagged {
  word: string;
  tag: string;
}

export interface Terms {
  words: string[];
  bigrams: string[];
}

export interface TokenizerOptions {
  /**
   * Cut each text with a jieba made of the dictionary's lines whose words occur in it (OneTextJieba), instead of
   * loading jieba's whole dictionary first: the same cuts and tags, for a process that cuts a few texts (a one-shot
   * question) and would spend more on the dictionary than on them.
   */
  perText?: boolean;
  /** Of the extra words, the names found in the articles (NAME_FREQ), unless the curated dictionary has them too. */
  names?: readonly string[];
}

/** A user word, its frequency and, for a name, its tag (a word without one keeps the dictionary's, or none). */
type UserWord = readonly [word: string, frequency: number, tag?: string];

/** A user word's dictionary line, without its newline. */
function lineOf([word, frequency, tag]: UserWord): string {
  return tag ? `${word} ${frequency} ${tag}` : `${word} ${frequency}`;
}

// Two characters that jieba's cut never yields as one word (only Han, Latin letters and digits join into words, and
// other characters come out one by one), so that a dictionary line for them changes nothing but the total.
const NEVER_A_WORD = '\uE000\uE000';
const NEWLINE = Buffer.from('\n');
const WHITE = /[\s\u0085]/u;
const LONE_SURROGATE = /\p{Cs}/u;

/** Code point order, which is UTF-8's byte order (UTF-16's, the default, puts U+10000 and beyond before U+E000). */
function byCodePoint(a: string, b: string): number {
  for (let i = 0; i < a.length && i < b.length; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/**
 * One text at a time: jieba's cut of a text depends only on the dictionary's words that occur in it, with their
 * frequencies and tags, and on the sum of all frequencies (a word's weight is its frequency over that sum; a word
 * the dictionary lacks counts 1). A jieba of the dictionary's lines and the user's words that occur in the text,
 * plus a line for NEVER_A_WORD carrying the frequencies left out, therefore cuts and tags it as the whole one does,
 * for the cost of finding those lines (binary searches in the sorted dictionary) instead of loading 349,000 (a
 * quarter of a second: most of a one-shot `ask`'s start). A user word takes its frequency (USER_WORD_FREQ, or
 * NAME_FREQ for a name) and its tag (nr for a name), or keeps the dictionary's tag, as jieba's loading does.
 */
class OneTextJieba {
  private readonly base: SortedDictionary;
  private readonly user: SortedDictionary;
  private readonly total: number;
  private last: { text: string; jieba: Jieba } | null = null;

  /**
   * Null when the dictionary is not the one checked, or a user word would not read as one word (white space, a lone
   * surrogate, the placeholder).
   */
  static of(dictionary: Buffer, userWords: readonly UserWord[]): OneTextJieba | null {
    if (!isCheckedJieba(dictionary)) return null;
    // a lone surrogate is one U+FFFD in bytes (two words could become one), and NEVER_A_WORD's line must be the only one
    if (userWords.some(([w]) => w === '' || WHITE.test(w) || LONE_SURROGATE.test(w) || w === NEVER_A_WORD)) return null;
    return new OneTextJieba(dictionary, userWords);
  }

  private constructor(dictionary: Buffer, userWords: readonly UserWord[]) {
    this.base = new SortedDictionary(dictionary);
    const words = [...userWords].sort(([a], [b]) => byCodePoint(a, b));
    this.user = new SortedDictionary(Buffer.from(words.map((word) => `${lineOf(word)}\n`).join('')));
    let total = CHECKED_JIEBA_DICTIONARY.total;
    for (const [w, f] of words) {
      const inBase = this.base.find(Buffer.from(w));
      total += f - (inBase < 0 ? 0 : this.base.frequency(inBase));
    }
    this.total = total;
  }

  for(text: string): Jieba {
    if (this.last?.text === text) return this.last.jieba;
    const bytes = Buffer.from(text);
    const baseLines = this.base.linesIn(bytes);
    const userLines = this.user.linesIn(bytes);
    // what the kept words weigh once loaded: the dictionary's frequencies, a user word's replacing its word's
    const kept = new Map<string, number>();
    for (const at of baseLines) kept.set(this.base.word(at), this.base.frequency(at));
    for (const at of userLines) kept.set(this.user.word(at), this.user.frequency(at));
    let keptTotal = 0;
    for (const freq of kept.values()) keptTotal += freq;
    const lines = (dictionary: SortedDictionary, starts: number[]) => starts.flatMap((at) => [dictionary.line(at), NEWLINE]);
    const jieba = Jieba.withDict(Buffer.concat(lines(this.base, baseLines)));
    jieba.loadDict(Buffer.concat([...lines(this.user, userLines), Buffer.from(`${NEVER_A_WORD} ${this.total - keptTotal}`)]));
    this.last = { text, jieba };
    return jieba;
  }
}

/**
 * The curated words and the learned ones, folded, once each: a name at NAME_FREQ and tagged a person's (nr), as
 * answer types read people by it; any other at USER_WORD_FREQ.
 */
function userWords(curated: readonly string[], extraWords: readonly string[], names: readonly string[]): UserWord[] {
  const isName = new Set(foldAll(names));
  const words = new Map<string, UserWord>();
  for (const w of foldAll(extraWords)) words.set(w, isName.has(w) ? [w, NAME_FREQ, 'nr'] : [w, USER_WORD_FREQ]);
  for (const w of foldAll(curated)) words.set(w, [w, USER_WORD_FREQ]);
  return [...words.values()];
}

/** jieba over folded text, with the curated dictionary and the words learned from the corpus kept whole. */
export class Tokenizer {
  private jieba: Jieba | null = null;
  private oneText: OneTextJieba | null = null;
  /** One text at a time: the words, folded when the first text is cut (a reader for /who never cuts one). */
  private pending: (() => UserWord[]) | null = null;

  constructor(extraWords: readonly string[] = [], { perText = false, names = [] }: TokenizerOptions = {}) {
    const words = () => userWords(curatedWords(), extraWords, names);
    if (perText) this.pending = words;
    else this.loadWhole(readFileSync(JIEBA_DICTIONARY), words());
  }

  private loadWhole(dictionary: Buffer, words: readonly UserWord[]): void {
    this.jieba = Jieba.withDict(dictionary);
    this.jieba.loadDict(Buffer.from(words.map(lineOf).join('\n')));
  }

  private jiebaFor(text: string): Jieba {
    if (this.pending) {
      const [dictionary, words] = [readFileSync(JIEBA_DICTIONARY), this.pending()];
      this.pending = null;
      this.oneText = OneTextJieba.of(dictionary, words);
      if (!this.oneText) this.loadWhole(dictionary, words);
    }
    return this.jieba ?? this.oneText!.for(text);
  }

  /** Words of already folded text, punctuation dropped. */
  wordsOfFolded(folded: string): string[] {
    return this.jiebaFor(folded)
      .cut(folded, false)
      .filter((t) => WORDLIKE.test(t) && !/\s/u.test(t));
  }

  /** Tagged words of already analysed text. */
  tag(folded: string): Tagged[] {
    return this.jiebaFor(folded).tag(folded, false);
  }

  terms(text: string): Terms {
    const folded = analyse(text);
    return { words: this.wordsOfFolded(folded), bigrams: hanBigrams(folded) };
  }
}
