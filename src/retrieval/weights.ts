import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { WendaError, errorReason } from '../errors.js';
import { packageRoot } from '../paths.js';
import { ANSWERABILITY_FEATURES, FACT_FEATURES } from './answerability.js';
import { SPAN_FEATURES } from './answer-span.js';
import { FEATURES } from './features.js';

/** The weights `bench/train.ts` learns, shipped with wenda. */
export const WEIGHTS_FILE = path.join(packageRoot, 'data', 'ranking', 'weights.json');

const record = <T extends readonly string[]>(names: T) => z.object(Object.fromEntries(names.map((n) => [n, z.number()])) as Record<T[number], z.ZodNumber>);

/** A logistic regression over standardised named features (logistic.ts). */
const logistic = <T extends readonly string[]>(names: T) => z.object({ mean: record(names), scale: record(names), weights: record(names), bias: z.number() });

const parts = z.object({ whole: z.number(), fact: z.number() });

export const RankingWeights = z.object({
  /** A passage's score: the weighted sum of its features. */
  ranking: record(FEATURES),
  /** The probability that the first passage answers, by the whole regression and by its fact part. */
  answerability: logistic(ANSWERABILITY_FEATURES).extend({
    fact: logistic(FACT_FEATURES),
    /**
     * Below either part's threshold the answer is "no answer": a pair for Chinese questions and one for English
     * questions, each set on answerable questions of its own language.
     */
    thresholds: z.object({ chinese: parts, english: parts }),
    /** Words that make a sentence a question (哪, 多少, 何时): learned from the training questions, left out of its topic. */
    questionWords: z.array(z.string()),
    /** The probability that a thing of the asked type is the answer, by where it stands among the question's words. */
    span: logistic(SPAN_FEATURES),
  }),
  /** How the weights were learned (the command, the sets, the figures at training time): for people, not for ranking. */
  trained: z.record(z.string(), z.unknown()).optional(),
});
export type RankingWeights = z.infer<typeof RankingWeights>;

/** Reads a weights file; a missing or malformed one is an error that names the file. */
export function readWeights(file: string): RankingWeights {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new WendaError(`cannot read the ranking weights ${file} (${errorReason(e)})`);
  }
  const parsed = RankingWeights.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new WendaError(`the ranking weights ${file} are not valid: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return parsed.data;
}

let shipped: RankingWeights | null = null;

/** The shipped weights, read once. */
export function shippedWeights(): RankingWeights {
  shipped ??= readWeights(WEIGHTS_FILE);
  return shipped;
}
