import { singletons, type QueryTerm } from './bm25.js';
import { answerType, type AnswerType } from './answer-type.js';
import { isForeign, translate } from './english.js';
import type { IndexReader } from './index-reader.js';
import { synonyms } from '../text/synonyms.js';
import { analyse, hanBigrams } from '../text/text.js';

/** At most this many synonyms of one word are looked up: the thesaurus lists the common ones first. */
const MAX_SYNONYMS = 12;

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
  const type = answerType(question);
  const analysed = analyse(question);
  if (isForeign(question)) {
    const groups = translate(question, (key) => reader.glossary(key));
    const bigrams = groups
      .map((g) => [...new Set(g.flatMap((w) => hanBigrams(w)))])
      .filter((b) => b.length > 0)
      .map((alternatives) => ({ alternatives, count: 1 }));
    const words = groups.map((alternatives) => ({ alternatives, count: 1 }));
    return { question, analysed, foreign: true, words, bigrams, synonyms: words.map(() => []), type };
  }
  const terms = reader.tokenizer.terms(question);
  const words = singletons(terms.words);
  const thesaurus = synonyms();
  const inIndex = (w: string) => reader.posting(`w:${w}`) !== null;
  const synonymsOf = (w: string) => (thesaurus.get(w) ?? []).slice(0, MAX_SYNONYMS).filter(inIndex);
  return { question, analysed, foreign: false, words, bigrams: singletons(terms.bigrams), synonyms: words.map((t) => synonymsOf(t.alternatives[0]!)), type };
}
