import type { Logistic } from '../src/retrieval/logistic.js';

/**
 * Logistic regression by gradient descent on standardised features, a little L2. Each group's positive and negative
 * examples weigh alike (as the ranking averages over sets): else the wiki questions, extractive and many, would set
 * what an answer looks like for the paraphrased news and policy ones. Values are rounded to four places, as shipped.
 */
export function fitLogistic<N extends string>(names: readonly N[], rows: number[][], labels: number[], groups: number[]): Logistic<N> {
  // with one class missing there is nothing to tell apart (and with no rows the means are not numbers)
  if (!labels.includes(0) || !labels.includes(1)) throw new Error(`cannot fit ${names.length} features on ${rows.length} examples: both classes are needed`);
  const d = names.length;
  const mean = Array.from({ length: d }, (_, j) => rows.reduce((s, r) => s + r[j]!, 0) / rows.length);
  const scale = mean.map((m, j) => Math.sqrt(rows.reduce((s, r) => s + (r[j]! - m) ** 2, 0) / rows.length) || 1);
  const x = rows.map((r) => r.map((v, j) => (v - mean[j]!) / scale[j]!));
  const cell = (i: number) => `${groups[i]}:${labels[i]}`;
  const counts = new Map<string, number>();
  rows.forEach((_, i) => counts.set(cell(i), (counts.get(cell(i)) ?? 0) + 1));
  const weightOf = (i: number) => 1 / counts.size / counts.get(cell(i))!;
  const w = new Array<number>(d).fill(0);
  let bias = 0;
  for (let iteration = 0; iteration < 2000; iteration++) {
    const grad = new Array<number>(d).fill(0);
    let gradBias = 0;
    x.forEach((r, i) => {
      const p = 1 / (1 + Math.exp(-(bias + r.reduce((s, v, j) => s + v * w[j]!, 0))));
      const g = (p - labels[i]!) * weightOf(i);
      r.forEach((v, j) => (grad[j]! += g * v));
      gradBias += g;
    });
    for (let j = 0; j < d; j++) w[j]! -= 0.5 * (grad[j]! + 0.001 * w[j]!);
    bias -= 0.5 * gradBias;
  }
  const round = (v: number) => Math.round(v * 10000) / 10000;
  const byName = (values: number[]) => Object.fromEntries(names.map((f, j) => [f, round(values[j]!)])) as Record<N, number>;
  return { mean: byName(mean), scale: byName(scale), weights: byName(w), bias: round(bias) };
}
