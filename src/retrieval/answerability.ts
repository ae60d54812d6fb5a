import type { Candidate, Matching } from './features.js';
import { FEATURES } from './features.js';
import { share } from './highlight.js';
import { typeSpans } from './answer-type.js';
import type { IndexReader } from './index-reader.js';
import type { QuestionTerms } from './query.js';

/**
 * What tells an answerable question from one the articles only come near (DESIGN.md, No answer): the share of the
 * question's topic that the first passage (and with its neighbours and title) holds, the rarest topic word they lack,
 * the first passage's sentence match and proximity, whether the question asks for a type of answer that its best
 * sentence lacks, whether the question was English (translated words match less), whether it asks for a type at all,
 * how much of its topic stands around the best thing of that type in the passage (a near miss on the very article
 * has the topic but not the asked thing beside it), and the same share and topic around for the second passage (an
 * answer ranked second still counts).
 */
export const ANSWERABILITY_FEATURES = [
  'coverage',
  'context',
  'missing',
  'sentence',
  'proximity',
  'typeMissing',
  'foreign',
  'typed',
  'typeNear',
  'nextCoverage',
  'nextTypeNear',
] as const;
export type AnswerabilityFeature = (typeof ANSWERABILITY_FEATURES)[number];

export interface Scored extends Candidate {
  score: number;
}

export interface AnswerabilityModel {
  mean: Record<AnswerabilityFeature, number>;
  scale: Record<AnswerabilityFeature, number>;
  weights: Record<AnswerabilityFeature, number>;
  bias: number;
  threshold: number;
  questionWords: string[];
}

const SHARE_FLOOR = 0.02;
/** Characters either side of a thing of the asked type that count as its context. */
const NEAR = 20;
const feature = (c: Candidate, name: (typeof FEATURES)[number]) => c.features[FEATURES.indexOf(name)]!;

/**
 * How well the question's topic surrounds the best thing of the asked type in the passage: the largest share of the
 * topic within NEAR characters of one (0 when the passage holds none).
 */
function typeNear(reader: IndexReader, q: QuestionTerms, analysed: string, topic: Matching['words']): number {
  if (q.type === null) return 0;
  let best = 0;
  for (const s of typeSpans(q.type, analysed, q.analysed, () => reader.tokenizer.tag(analysed))) {
    best = Math.max(best, share(analysed.slice(Math.max(0, s.at - NEAR), s.at + s.length + NEAR), topic));
  }
  return best;
}

/** The question-level values, in ANSWERABILITY_FEATURES order, for a ranking (best first, at least one passage). */
export function answerabilityFeatures(
  reader: IndexReader,
  q: QuestionTerms,
  matching: Matching,
  ranked: Scored[],
  questionWords: ReadonlySet<string>,
  // the first passage's analysed text; training passes one with its answer taken out
  analysed = reader.passage(ranked[0]!.id).analysed,
): number[] {
  const first = ranked[0]!;
  // what a question is about, less the words that only make it a question (learned: see bench/train.ts)
  const topic = matching.words.filter((t) => !questionWords.has(t.alternatives[0]!));
  const around = [reader.prev[first.id]!, reader.next[first.id]!].filter((id) => id >= 0).map((id) => reader.passage(id).analysed);
  const context = [reader.analysedTitle(reader.passageArticle[first.id]!), analysed, ...around].join('\n');
  let missing = 0;
  for (const t of topic) if (!t.alternatives.some((a) => context.includes(a))) missing = Math.max(missing, t.idf);
  const second = ranked[1] ? reader.passage(ranked[1].id).analysed : '';
  // logarithms: the evidence against an answer grows without bound as the share of the topic found goes to nothing
  const coverage = (text: string) => Math.log(SHARE_FLOOR + share(text, topic));
  const values: Record<AnswerabilityFeature, number> = {
    coverage: coverage(analysed),
    context: coverage(context),
    missing: missing / matching.maxIdf,
    sentence: feature(first, 'sentence'),
    proximity: feature(first, 'proximity'),
    typeMissing: q.type !== null && feature(first, 'answerType') === 0 ? 1 : 0,
    foreign: q.foreign ? 1 : 0,
    typed: q.type === null ? 0 : 1,
    typeNear: typeNear(reader, q, analysed, topic),
    nextCoverage: coverage(second),
    nextTypeNear: typeNear(reader, q, second, topic),
  };
  return ANSWERABILITY_FEATURES.map((f) => values[f]);
}

/**
 * Whether the article of the first passage states anything of the kind a number or date question asks for (a number
 * in the asked measure, a date) that the question does not already say. An article that states none cannot answer,
 * however well it matches the topic: the near miss on the very article. Other questions: true (names are everywhere).
 */
export function articleStatesAsked(reader: IndexReader, q: QuestionTerms, first: number, analysedOf = (id: number) => reader.passage(id).analysed): boolean {
  const type = q.type;
  if (type !== 'number' && type !== 'date') return true;
  return reader.articlePassages(reader.passageArticle[first]!).some((id) => typeSpans(type, analysedOf(id), q.analysed, () => []).length > 0);
}

/** The model's probability that the first passage answers. */
export function answerability(values: number[], model: Omit<AnswerabilityModel, 'threshold' | 'questionWords'>): number {
  let z = model.bias;
  ANSWERABILITY_FEATURES.forEach((f, i) => {
    z += (model.weights[f] * (values[i]! - model.mean[f])) / (model.scale[f] || 1);
  });
  return 1 / (1 + Math.exp(-z));
}
