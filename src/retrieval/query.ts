import { singletons, type QueryTerm } from './bm25.js';
import { answerType, type AnswerType } from './answer-type.js';
import { chineseRuns, englishParts, isForeign, translate } from './english.js';
import type { IndexReader } from './index-reader.js';
import { withHanNames } from '../text/pinyin.js';
import { analyse, hanBigrams } from '../text/text.js';

/** At most this many synonyms of one word are looked up: the thesaurus lists the common ones first. */
const MAX_SYNONYMS = 12;
/** The candidates of an English word whose synonyms are looked up: the glossary's first, its likeliest senses. */
const SYNONYM_CANDIDATES = 2;
/** The candidates of an English word whose character pairs are searched: 4, 8 and all ranked alike; fewer lists are cheaper. */
const BIGRAM_CANDIDATES = 4;

/**
 * A group of candidates as the index can match it: a translation the index does not hold as one word (6月 and 第18,
 * which the tokenizer cuts as 6|月 and 第|18) becomes the words the tokenizer makes of it, each a group of its own.
 */
function heldAsWords(reader: IndexReader, group: string[]): string[][] {
  if (group.length !== 1 || reader.posting(`w:${group[0]}`) !== null) return [group];
  const words = reader.tokenizer.terms(group[0]!).words;
  return words.length > 1 ? words.map((w) => [w]) : [group];
}

// jieba's tags of places, and of names, which it gives some places too (石家庄 nr)
const PLACE_OR_NAME = /^n[sr]/u;
// The level a place's name may end with (四川省, 海淀区, 宁夏回族自治区), and its party committee (四川省委).
const LEVEL = '(?:省|市|县|区|州|盟|旗|镇|乡|村|(?:\\p{Script=Han}{1,4}族)?自治[区州县旗])';
const LEVEL_END = new RegExp(`${LEVEL}$`, 'u');
const LEVEL_OR_COMMITTEE = new RegExp(`^${LEVEL}委?$`, 'u');

/**
 * A place as the index may hold it: a question names 四川 or 海淀 where articles write 四川省, 四川省委, 海淀区, which jieba
 * keeps as one word each, so the shorter name matched none of them. The forms are the place's name without its level
 * and the index's words that are that name with a level or a level's party committee, one term together (as an
 * English word's candidates); the word as asked stays first. Only levels: 南京路, 中国香港 and 长江流域 are other places.
 */
function placeForms(reader: IndexReader, word: string, inIndex: (w: string) => boolean): string[] {
  const isPlace = (w: string) => {
    const tagged = reader.tokenizer.tag(w);
    return tagged.length === 1 && PLACE_OR_NAME.test(tagged[0]!.tag);
  };
  if ([...word].length < 2 || !isPlace(word)) return [word];
  // 四川省 → 四川: the name without its level, when that is a place too
  const bare = word.replace(LEVEL_END, '');
  const base = bare !== word && [...bare].length >= 2 && isPlace(bare) ? bare : word;
  // wordsExtending gives only words a live passage holds
  return [...new Set([word, ...(base !== word && inIndex(base) ? [base] : []), ...reader.wordsExtending(base, LEVEL_OR_COMMITTEE)])];
}

/** A question as ranking sees it. */
export interface QuestionTerms {
  question: string;
  /** The question folded, with numerals as digits (what passages are matched in). */
  analysed: string;
  /** English: words translated through the index's glossary, each a group of Chinese candidates. */
  foreign: boolean;
  words: QueryTerm[];
  bigrams: QueryTerm[];
  /** For each of `words` (same order), its thesaurus synonyms that the index holds; empty when it has none. */
  synonyms: string[][];
  type: AnswerType | null;
}

/** The terms of a question: jieba words, Han bigrams and the words' synonyms, or for English the glossary's groups. */
export function questionTerms(reader: IndexReader, question: string): QuestionTerms {
  const analysed = analyse(question);
  const thesaurus = reader.thesaurus;
  const inIndex = (w: string) => reader.posting(`w:${w}`) !== null;
  const synonymsOf = (w: string) => (thesaurus.get(w) ?? []).slice(0, MAX_SYNONYMS).filter(inIndex);
  if (isForeign(question)) {
    const lookup = (key: string) => reader.glossary(key);
    const english = englishParts(question);
    const groups = english
      .flatMap((part) => translate(part, lookup, inIndex))
      .flatMap((g) => heldAsWords(reader, g));
    const bigrams = groups
      .map((g) => [...new Set(g.slice(0, BIGRAM_CANDIDATES).flatMap((w) => hanBigrams(w)))])
      .filter((b) => b.length > 0)
      .map((alternatives) => ({ alternatives, count: 1 }));
    // the thesaurus synonyms of a word's first candidates, as for a Chinese word: CC-CEDICT glosses 参加 "to take
    // part", not "to attend", but the thesaurus puts it beside 出席
    const groupSynonyms = groups.map((g) => {
      const own = new Set(g);
      return [...new Set(g.slice(0, SYNONYM_CANDIDATES).flatMap(synonymsOf))].filter((w) => !own.has(w));
    });
    // what the question writes in Chinese (a name, a term) is searched as a Chinese question's words are, once: the
    // 网信办 of "the 网信办 (Cyberspace Administration)" is a translation's candidate too
    const translated = new Set(groups.flat());
    const chinese = chineseRuns(question).map((run) => reader.tokenizer.terms(run));
    const own = singletons(chinese.flatMap((t) => t.words).filter((w) => !translated.has(w))).map((t) => ({
      ...t,
      alternatives: placeForms(reader, t.alternatives[0]!, inIndex),
    }));
    const translatedBigrams = new Set(bigrams.flatMap((b) => b.alternatives));
    return {
      question,
      analysed,
      foreign: true,
      words: [...groups.map((alternatives) => ({ alternatives, count: 1 })), ...own],
      bigrams: [...bigrams, ...singletons(chinese.flatMap((t) => t.bigrams).filter((b) => !translatedBigrams.has(b)))],
      synonyms: [...groupSynonyms, ...own.map((t) => synonymsOf(t.alternatives[0]!))],
      // what an English question asks is said in English: the 几 of 几内亚 asks nothing
      type: answerType(english.join(' ')),
    };
  }
  // people named in pinyin are searched as the articles write their names
  const asked = withHanNames(question, (latin) => reader.people.nameSpelled(latin));
  const terms = reader.tokenizer.terms(asked);
  const words = singletons(terms.words).map((t) => ({ ...t, alternatives: placeForms(reader, t.alternatives[0]!, inIndex) }));
  const synonyms = words.map((t) => synonymsOf(t.alternatives[0]!));
  return { question, analysed: asked === question ? analysed : analyse(asked), foreign: false, words, bigrams: singletons(terms.bigrams), synonyms, type: answerType(asked) };
}
