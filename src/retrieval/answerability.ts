import type { Candidate, Matching } from './features.js';
import { FEATURES } from './features.js';
import { share } from './highlight.js';
import type { IndexReader } from './index-reader.js';
import type { QuestionTerms } from './query.js';

/**
 * What tells an answerable question from one the articles only come near (DESIGN.md, No answer): the first passage's
 * score and its lead over the next, the share of the question's weight that the passage (and with its neighbours and
 * title) holds, the rarest question word they lack, the first passage's sentence match and proximity, whether the
 * question asks for a type of answer that its best sentence lacks, and whether the question was English (translated
 * words match less).
 */
export const ANSWERABILITY_FEATURES = ['coverage', 'context', 'missing', 'sentence', 'proximity', 'typeMissing', 'foreign'] as const;
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
  foreignThreshold: number;
  questionWords: string[];
}

const SHARE_FLOOR = 0.02;
const feature = (c: Candidate, name: (typeof FEATURES)[number]) => c.features[FEATURES.indexOf(name)]!;

/** The question-level values, in ANSWERABILITY_FEATURES order, for a ranking (best first, at least one passage). */
export function answerabilityFeatures(
  reader: IndexReader,
  q: QuestionTerms,
  matching: Matching,
  ranked: Scored[],
  questionWords: ReadonlySet<string>,
): number[] {
  const first = ranked[0]!;
  // what a question is about, less the words that only make it a question (learned: see bench/train.ts)
  const topic = matching.words.filter((t) => !questionWords.has(t.alternatives[0]!));
  const around = [reader.prev[first.id]!, reader.next[first.id]!].filter((id) => id >= 0).map((id) => reader.passage(id).analysed);
  const analysed = reader.passage(first.id).analysed;
  const context = [reader.analysedTitle(reader.passageArticle[first.id]!), analysed, ...around].join('\n');
  let missing = 0;
  for (const t of topic) if (!t.alternatives.some((a) => context.includes(a))) missing = Math.max(missing, t.idf);
  const values: Record<AnswerabilityFeature, number> = {
    // logarithms: the evidence against an answer grows without bound as the share of the topic found goes to nothing
    coverage: Math.log(SHARE_FLOOR + share(analysed, topic)),
    context: Math.log(SHARE_FLOOR + share(context, topic)),
    missing: missing / matching.maxIdf,
    sentence: feature(first, 'sentence'),
    proximity: feature(first, 'proximity'),
    typeMissing: q.type !== null && feature(first, 'answerType') === 0 ? 1 : 0,
    foreign: q.foreign ? 1 : 0,
  };
  return ANSWERABILITY_FEATURES.map((f) => values[f]);
}

/** The model's probability that the first passage answers. */
export function answerability(values: number[], model: Omit<AnswerabilityModel, 'threshold' | 'foreignThreshold' | 'questionWords'>): number {
  let z = model.bias;
  ANSWERABILITY_FEATURES.forEach((f, i) => {
    z += (model.weights[f] * (values[i]! - model.mean[f])) / (model.scale[f] || 1);
  });
  return 1 / (1 + Math.exp(-z));
}
