/**
 * `npm run train [-- --index DIR]`: learns the ranking weights and the answerability model on the tuned sets
 * (bench/questions and the training halves of CMRC 2018 and DRCD, over the distractor index of bench/sets.ts) and
 * writes data/ranking/weights.json. The same data gives the same file: no randomness anywhere.
 *
 * Ranking: coordinate ascent on MRR@10, averaged over the sets so that each counts alike, over each question's pool
 * plus every other passage of its answering article (hard negatives). Answerability: logistic regression whose
 * positives are the training questions ranked as usual and whose negatives are the same questions ranked with their
 * answering article left out (near misses: on topic, not answering) and the sets' unanswerable questions; its
 * threshold refuses at most MAX_REFUSED of the answerable questions of any tuned set.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { answerabilityFeatures, ANSWERABILITY_FEATURES, answerability, type AnswerabilityModel } from '../src/retrieval/answerability.js';
import { answerable, comparable, type Question } from '../src/retrieval/evaluate.js';
import { FEATURES, type Feature } from '../src/retrieval/features.js';
import type { IndexReader } from '../src/retrieval/index-reader.js';
import { questionTerms } from '../src/retrieval/query.js';
import { rank } from '../src/retrieval/search.js';
import { readWeights, WEIGHTS_FILE, type RankingWeights } from '../src/retrieval/weights.js';
import { distractorIndex, questionSets } from './sets.js';

const MAX_REFUSED = 0.04;
const STEPS = [-0.8, -0.4, -0.2, -0.1, -0.05, 0.05, 0.1, 0.2, 0.4, 0.8];
const ROUNDS = 6;
/** Questions of one set the answerability model learns from: the large wiki sets would otherwise drown the news ones. */
const MAX_ANSWERABILITY_QUESTIONS = 600;

/** At most n items, evenly spread over the list. */
function spread<T>(items: T[], n: number): T[] {
  if (items.length <= n) return items;
  return Array.from({ length: n }, (_, i) => items[Math.floor((i * items.length) / n)]!);
}

interface Example {
  set: number;
  /** One row of FEATURES per candidate, and whether the candidate answers. */
  rows: number[][];
  good: boolean[];
}

/** Whether a passage answers a question the way `wenda eval` counts it: from the right article, holding the answer. */
function answers(reader: IndexReader, q: Question, id: number, text: string): boolean {
  const article = reader.articleId(q.source!);
  if (!reader.passageSources(id).some((s) => s.article === article)) return false;
  return !q.answer || comparable(text).includes(comparable(q.answer));
}

/** MRR@10 of each set under the weights, averaged over sets. */
function objective(examples: Example[], sets: number, w: number[]): number {
  const sum = new Float64Array(sets);
  const count = new Float64Array(sets);
  for (const e of examples) {
    count[e.set]!++;
    const scores = e.rows.map((r) => r.reduce((s, x, i) => s + x * w[i]!, 0));
    let best = -Infinity;
    e.good.forEach((g, i) => {
      if (g) best = Math.max(best, scores[i]!);
    });
    if (best === -Infinity) continue;
    const rankOf = 1 + scores.filter((s) => s > best).length;
    if (rankOf <= 10) sum[e.set]! += 1 / rankOf;
  }
  let total = 0;
  for (let s = 0; s < sets; s++) total += count[s]! ? sum[s]! / count[s]! : 0;
  return total / sets;
}

/** Coordinate ascent from the current weights; `words` stays at 1 (only the ratios of weights change a ranking). */
function learnRanking(examples: Example[], sets: number, start: number[]): number[] {
  const w = [...start];
  let best = objective(examples, sets, w);
  for (let round = 0; round < ROUNDS; round++) {
    let improved = false;
    FEATURES.forEach((f, i) => {
      if (f === 'words') return;
      for (const step of STEPS) {
        const trial = [...w];
        trial[i] = Math.max(0, w[i]! + step);
        const value = objective(examples, sets, trial);
        if (value > best + 1e-6) {
          best = value;
          w[i] = trial[i]!;
          improved = true;
        }
      }
    });
    console.log(`round ${round + 1}: mean MRR@10 ${best.toFixed(4)}`);
    if (!improved) break;
  }
  return w.map((x) => Math.round(x * 1000) / 1000);
}

/** Logistic regression by gradient descent on standardised features, classes weighted alike, a little L2. */
function learnAnswerability(rows: number[][], labels: number[]): Omit<AnswerabilityModel, 'threshold'> {
  const d = ANSWERABILITY_FEATURES.length;
  const mean = Array.from({ length: d }, (_, j) => rows.reduce((s, r) => s + r[j]!, 0) / rows.length);
  const scale = mean.map((m, j) => Math.sqrt(rows.reduce((s, r) => s + (r[j]! - m) ** 2, 0) / rows.length) || 1);
  const x = rows.map((r) => r.map((v, j) => (v - mean[j]!) / scale[j]!));
  const positives = labels.filter((l) => l === 1).length;
  const weightOf = (l: number) => (l === 1 ? 0.5 / positives : 0.5 / (labels.length - positives));
  const w = new Array<number>(d).fill(0);
  let bias = 0;
  for (let iteration = 0; iteration < 2000; iteration++) {
    const grad = new Array<number>(d).fill(0);
    let gradBias = 0;
    x.forEach((r, i) => {
      const p = 1 / (1 + Math.exp(-(bias + r.reduce((s, v, j) => s + v * w[j]!, 0))));
      const g = (p - labels[i]!) * weightOf(labels[i]!);
      r.forEach((v, j) => (grad[j]! += g * v));
      gradBias += g;
    });
    for (let j = 0; j < d; j++) w[j]! -= 0.5 * (grad[j]! + 0.001 * w[j]!);
    bias -= 0.5 * gradBias;
  }
  const byName = (values: number[]) => Object.fromEntries(ANSWERABILITY_FEATURES.map((f, j) => [f, Math.round(values[j]! * 10000) / 10000])) as AnswerabilityModel['mean'];
  return { mean: byName(mean), scale: byName(scale), weights: byName(w), bias: Math.round(bias * 10000) / 10000 };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { index: { type: 'string' } } });
  const reader = await distractorIndex(values.index);
  const sets = questionSets().filter((s) => s.use === 'tuned');
  const current = readWeights(WEIGHTS_FILE);

  console.log('features of the training pools');
  const examples: Example[] = [];
  sets.forEach((set, s) => {
    for (const q of set.questions.filter((q) => answerable(q) && q.source)) {
      const article = reader.articleId(q.source!);
      if (article === null) continue;
      const { ranked } = rank(reader, questionTerms(reader, q.question), current, { include: reader.articlePassages(article) });
      examples.push({ set: s, rows: ranked.map((c) => c.features), good: ranked.map((c) => answers(reader, q, c.id, c.text)) });
    }
  });
  const learned = learnRanking(examples, sets.length, FEATURES.map((f) => current.ranking[f]));
  const ranking = Object.fromEntries(FEATURES.map((f, i) => [f, learned[i]!])) as Record<Feature, number>;
  const weights: RankingWeights = { ...current, ranking };

  console.log('answerability: the training questions, and the same without their answering article');
  const rows: number[][] = [];
  const labels: number[] = [];
  const positivesOf: number[][][] = sets.map(() => []);
  const nearMisses: number[][] = [];
  sets.forEach((set, s) => {
    for (const q of spread(set.questions, MAX_ANSWERABILITY_QUESTIONS)) {
      const terms = questionTerms(reader, q.question);
      const article = q.source ? reader.articleId(q.source) : null;
      const usual = rank(reader, terms, weights);
      if (usual.ranked.length > 0) {
        const row = answerabilityFeatures(reader, usual.matching, usual.ranked);
        rows.push(row);
        labels.push(answerable(q) ? 1 : 0);
        if (answerable(q)) positivesOf[s]!.push(row);
      }
      if (article === null) continue;
      const without = rank(reader, terms, weights, { exclude: (a) => a === article });
      if (without.ranked.length === 0) continue;
      const row = answerabilityFeatures(reader, without.matching, without.ranked);
      rows.push(row);
      labels.push(0);
      nearMisses.push(row);
    }
  });
  const model = learnAnswerability(rows, labels);
  // the highest threshold that refuses at most MAX_REFUSED of the answerable questions of every tuned set
  const threshold = Math.min(
    ...positivesOf
      .filter((p) => p.length >= 20)
      .map((p) => {
        const probabilities = p.map((r) => answerability(r, model)).sort((a, b) => a - b);
        return probabilities[Math.floor(MAX_REFUSED * probabilities.length)]!;
      }),
  );
  const refused = nearMisses.filter((r) => answerability(r, model) < threshold).length / nearMisses.length;
  console.log(`threshold ${threshold.toFixed(4)}: ${(refused * 100).toFixed(1)} % of ${nearMisses.length} near misses refused`);

  const trained = {
    command: 'npm run train',
    sets: sets.map((s) => `${s.name} (${s.questions.length})`),
    passages: reader.passageCount,
    meanMrr10: Math.round(objective(examples, sets.length, learned) * 10000) / 10000,
    nearMissesRefused: Math.round(refused * 10000) / 10000,
  };
  const out: RankingWeights = { ranking, answerability: { ...model, threshold: Math.round(threshold * 10000) / 10000 }, trained };
  writeFileSync(WEIGHTS_FILE, JSON.stringify(out, null, 2) + '\n');
  console.log(`written to ${WEIGHTS_FILE}`);
  reader.close();
}

await main();
