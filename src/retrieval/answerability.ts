import type { Candidate, Matching } from './features.js';
import { FEATURES } from './features.js';
import { share } from './highlight.js';
import type { IndexReader } from './index-reader.js';
import { analyse } from '../text/text.js';

/**
 * What tells an answerable question from one the articles only come near (DESIGN.md, No answer): the first passage's
 * score and its lead over the next, the share of the question's weight that the passage with its neighbours and title
 * holds, the rarest question word they lack, and the first passage's sentence match, proximity and answer type.
 */
export const ANSWERABILITY_FEATURES = ['score', 'margin', 'context', 'missing', 'sentence', 'proximity', 'answerType'] as const;
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
}

const feature = (c: Candidate, name: (typeof FEATURES)[number]) => c.features[FEATURES.indexOf(name)]!;

/** The question-level values, in ANSWERABILITY_FEATURES order, for a ranking (best first, at least one passage). */
export function answerabilityFeatures(reader: IndexReader, matching: Matching, ranked: Scored[]): number[] {
  const first = ranked[0]!;
  const around = [reader.prev[first.id]!, reader.next[first.id]!].filter((id) => id >= 0).map((id) => reader.passageText(id));
  const context = analyse([reader.article(reader.passageArticle[first.id]!).title, first.text, ...around].join('\n'));
  let missing = 0;
  for (const t of matching.words) if (!t.alternatives.some((a) => context.includes(a))) missing = Math.max(missing, t.idf);
  const values: Record<AnswerabilityFeature, number> = {
    score: first.score,
    margin: first.score - (ranked[1]?.score ?? 0),
    context: share(context, matching.words),
    missing: missing / matching.maxIdf,
    sentence: feature(first, 'sentence'),
    proximity: feature(first, 'proximity'),
    answerType: feature(first, 'answerType'),
  };
  return ANSWERABILITY_FEATURES.map((f) => values[f]);
}

/** The model's probability that the first passage answers. */
export function answerability(values: number[], model: Omit<AnswerabilityModel, 'threshold'>): number {
  let z = model.bias;
  ANSWERABILITY_FEATURES.forEach((f, i) => {
    z += (model.weights[f] * (values[i]! - model.mean[f])) / (model.scale[f] || 1);
  });
  return 1 / (1 + Math.exp(-z));
}
