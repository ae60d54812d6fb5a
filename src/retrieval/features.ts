import type { WeightedTerm } from './bm25.js';
import { holdsType } from './answer-type.js';
import { firstStage, type FirstStageOptions } from './first-stage.js';
import { bestSentence, sentenceBound, share, shareHeld, split, type Split } from './highlight.js';
import type { IndexReader } from './index-reader.js';
import type { QuestionTerms } from './query.js';

/**
 * What ranking sees of a passage for a question, each scaled to about 0–1 so that one set of weights fits every
 * question (DESIGN.md, Ranking, says what each is).
 */
export const FEATURES = [
  'words',
  'bigrams',
  'synonyms',
  'article',
  'neighbours',
  'sentence',
  'proximity',
  'coverage',
  'answerType',
  'answerTypePassage',
  'title',
] as const;
export type Feature = (typeof FEATURES)[number];
const AT = Object.fromEntries(FEATURES.map((f, i) => [f, i])) as Record<Feature, number>;

// Term positions looked at per term when measuring proximity: enough for any passage of 400 characters.
const MAX_POSITIONS = 16;

export interface Candidate {
  id: number;
  text: string;
  highlight: string;
  /** Values in FEATURES order. */
  features: number[];
}

/** The question's terms as passages are matched against them, with their IDF over the passages. */
export interface Matching {
  /** Each word with its synonyms as alternatives: a sentence holds the word when it holds either. */
  words: WeightedTerm[];
  /** The words that some passage holds. */
  present: WeightedTerm[];
  /** Where each of `present` stands in `words`. */
  presentAt: number[];
  bigrams: WeightedTerm[];
  /** The IDF a term no passage holds counts with: the rarest. */
  maxIdf: number;
}

/** Positions of a term's alternatives in text, at most MAX_POSITIONS. */
function positions(text: string, alternatives: string[]): { at: number; length: number }[] {
  const out: { at: number; length: number }[] = [];
  for (const a of alternatives) {
    for (let at = text.indexOf(a); at >= 0 && out.length < MAX_POSITIONS; at = text.indexOf(a, at + a.length)) out.push({ at, length: a.length });
  }
  return out;
}

/**
 * How close together the question's words stand: for each pair of words, the lesser IDF of the two scaled by how near
 * their nearest occurrences are (1 when adjacent, ½ ten characters apart), over the same sum for every pair.
 */
export function proximity(text: string, words: WeightedTerm[]): number {
  return proximityOf(words.map((w) => positions(text, w.alternatives)), words);
}

/** proximity, from each word's positions. */
function proximityOf(found: { at: number; length: number }[][], words: WeightedTerm[]): number {
  let total = 0;
  let near = 0;
  for (let i = 0; i < words.length; i++) {
    for (let j = i + 1; j < words.length; j++) {
      const weight = Math.min(words[i]!.idf, words[j]!.idf);
      total += weight;
      let gap = Infinity;
      for (const a of found[i]!) {
        for (const b of found[j]!) gap = Math.min(gap, Math.max(0, a.at < b.at ? b.at - a.at - a.length : a.at - b.at - b.length));
      }
      if (gap < Infinity) near += weight / (1 + gap / 10);
    }
  }
  return total === 0 ? 0 : near / total;
}

type Content = 'sentence' | 'proximity' | 'coverage' | 'answerType' | 'answerTypePassage';

/** What a passage's text gives at little cost: the features that need no best sentence, and how the text splits. */
interface TextReading {
  text: string;
  analysed: string;
  split: Split;
  proximity: number;
  coverage: number;
  /** share(analysed, matching.present): the words' part of the bound on the best sentence's match. */
  presentShare: number;
  /** For a number or date question, whether the passage holds one (found by pattern); null for the other types. */
  passageHolds: boolean | null;
}

function readText(q: QuestionTerms, text: string, analysed: string, matching: Matching): TextReading {
  const type = q.type;
  // each word's places found once: proximity reads those of the words present, coverage and the sentence bound
  // whether there are any (a word is held when one of its alternatives is found, as share looks for it)
  const found = matching.words.map((w) => positions(analysed, w.alternatives));
  const held = found.map((f) => f.length > 0);
  const present = matching.presentAt.map((i) => found[i]!);
  return {
    text,
    analysed,
    split: split(text, analysed),
    proximity: proximityOf(present, matching.present),
    coverage: shareHeld(matching.words, held),
    presentShare: shareHeld(matching.present, matching.presentAt.map((i) => held[i]!)),
    // numbers and dates are found by pattern in the whole passage; named things only in the best sentence (tagging a
    // whole passage costs more than the rest of the ranking)
    passageHolds: type === 'number' || type === 'date' ? holdsType(type, analysed, q.analysed, () => []) : null,
  };
}

/** The features of a passage's text, the best sentence found (the costly part: tagging it for names). */
function readSentence(reader: IndexReader, q: QuestionTerms, r: TextReading, matching: Matching): { highlight: string; values: Record<Content, number> } {
  const best = bestSentence(r.text, r.split, matching.present, matching.bigrams);
  const type = q.type;
  const sentenceHolds = type !== null && holdsType(type, best.analysed, q.analysed, () => reader.tokenizer.tag(best.analysed));
  return {
    highlight: best.sentence,
    values: {
      sentence: best.share,
      proximity: r.proximity,
      coverage: r.coverage,
      answerType: sentenceHolds ? 1 : 0,
      answerTypePassage: (r.passageHolds ?? sentenceHolds) ? 1 : 0,
    },
  };
}

/**
 * The features a passage's own text gives (its best sentence, proximity, coverage, the answer type): also what
 * training computes for a passage with its answer taken out.
 */
export function contentFeatures(
  reader: IndexReader,
  q: QuestionTerms,
  text: string,
  analysed: string,
  matching: Matching,
): { highlight: string; values: Record<Content, number> } {
  return readSentence(reader, q, readText(q, text, analysed, matching), matching);
}

/**
 * A passage of the pool before its best sentence is found: its features in FEATURES order with, for the best
 * sentence's and the answer type's, the least and the most they can be (the others are known: both the same).
 */
export interface PoolPassage {
  id: number;
  least: number[];
  most: number[];
  /** Finds the best sentence: the candidate with every feature. */
  complete: () => Candidate;
}

/**
 * The ranking's pool for a question and each candidate's features: BM25 of words, bigrams and synonyms over passages,
 * BM25 over whole articles (title thrice), the neighbours' scores, then for the pool proximity, coverage and the title,
 * and on completion the best sentence and the answer type.
 */
export function pool(reader: IndexReader, q: QuestionTerms, options: FirstStageOptions = {}): { passages: PoolPassage[]; matching: Matching } {
  const { ids, W, B, S, A, maxW, maxB, maxA, wordIdf, bigramIdf, around } = firstStage(reader, q, options);
  const maxIdf = Math.log(1 + (options.leftOut?.passagesKept ?? reader.passageCount));
  const words = wordIdf.map((t, i) => ({ alternatives: [...t.alternatives, ...q.synonyms[i]!], idf: t.idf > 0 ? t.idf : maxIdf }));
  const presentAt = words.flatMap((_, i) => (wordIdf[i]!.idf > 0 ? [i] : []));
  const matching: Matching = { words, present: presentAt.map((i) => words[i]!), presentAt, bigrams: bigramIdf, maxIdf };
  const present = matching.present;
  const titles = new Map<number, number>();
  const titleShare = (article: number) => {
    let value = titles.get(article);
    if (value === undefined) titles.set(article, (value = share(reader.analysedTitle(article), present)));
    return value;
  };
  const passages = ids.map((id): PoolPassage => {
    const { text, analysed } = reader.passage(id);
    const reading = readText(q, text, analysed, matching);
    // arrays in FEATURES order, set by index: objects spread per passage cost more than the features
    const known = new Array<number>(FEATURES.length).fill(0);
    known[AT.words] = W[id]! / maxW;
    known[AT.bigrams] = B[id]! / maxB;
    known[AT.synonyms] = S[id]! / maxW;
    known[AT.article] = A[reader.passageArticle[id]!]! / maxA;
    known[AT.neighbours] = around(id);
    known[AT.proximity] = reading.proximity;
    known[AT.coverage] = reading.coverage;
    known[AT.title] = titleShare(reader.passageArticle[id]!);
    const typed = q.type === null ? 0 : 1;
    const least = known.slice();
    const most = known.slice();
    if (reading.passageHolds === null) most[AT.answerTypePassage] = typed;
    else least[AT.answerTypePassage] = most[AT.answerTypePassage] = reading.passageHolds ? 1 : 0;
    most[AT.sentence] = sentenceBound(analysed, reading.split, reading.presentShare, matching.bigrams);
    most[AT.answerType] = typed;
    const complete = (): Candidate => {
      const content = readSentence(reader, q, reading, matching);
      const features = known.slice();
      for (const [f, value] of Object.entries(content.values) as [Content, number][]) features[AT[f]] = value;
      return { id, text, highlight: content.highlight, features };
    };
    return { id, least, most, complete };
  });
  return { passages, matching };
}
