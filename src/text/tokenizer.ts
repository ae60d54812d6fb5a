import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { dictionaryFile, readDictionary } from './lexicon.js';
import { analyse, fold, hanBigrams } from './text.js';

/** Curated government terms shipped with wenda (organisations, campaigns, titles). */
const CURATED = 'gov-terms.txt';
export const CURATED_DICTIONARY = dictionaryFile(CURATED);

const WORDLIKE = /[\p{L}\p{N}]/u;
// A frequency high enough that jieba prefers the whole word over its parts.
const USER_WORD_FREQ = 50000;

/** A word with jieba's part-of-speech tag (nr person, ns place, nt organisation, m numeral, t time …). */
export interface Tagged {
  word: string;
  tag: string;
}

export interface Terms {
  words: string[];
  bigrams: string[];
}

/** jieba over folded text, with the curated dictionary and the words learned from the corpus kept whole. */
export class Tokenizer {
  private readonly jieba: Jieba;

  constructor(extraWords: readonly string[] = []) {
    this.jieba = Jieba.withDict(dict);
    const words = [...readDictionary(CURATED).map((entry) => entry[0]!), ...extraWords].map(fold);
    this.jieba.loadDict(Buffer.from(words.map((w) => `${w} ${USER_WORD_FREQ}`).join('\n')));
  }

  /** Words of already folded text, punctuation dropped. */
  wordsOfFolded(folded: string): string[] {
    return this.jieba.cut(folded, false).filter((t) => WORDLIKE.test(t) && !/\s/u.test(t));
  }

  /** Tagged words of already analysed text. */
  tag(folded: string): Tagged[] {
    return this.jieba.tag(folded, false);
  }

  terms(text: string): Terms {
    const folded = analyse(text);
    return { words: this.wordsOfFolded(folded), bigrams: hanBigrams(folded) };
  }
}
