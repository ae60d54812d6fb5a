/**
 * Fitting the ranking's weights (`npm run train`, bench/train.ts): a linear score over FEATURES whose weights minimise
 * a softmax loss over each question's pool.
 */
import { FEATURES, type Feature } from '../src/retrieval/features.js';

/**
 * The L2 penalty of the softmax loss: chosen by the held-out MRR@10 of train.ts's folds (1e-4, 1e-3, 1e-2 gave .906,
 * .910, .901).
 */
const L2 = 0.001;
/** At most this many Newton steps; the fits of the training questions converge in 7. */
const NEWTON_STEPS = 30;

/** One question's pool: one row of FEATURES per candidate, whether the candidate answers, and the question's set. */
export interface Example {
  set: number;
  rows: number[][];
  good: boolean[];
}

/** Solves a x = b (small, symmetric positive definite) by Gaussian elimination with partial pivoting. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    [m[c], m[p]] = [m[p]!, m[c]!];
    for (let r = c + 1; r < n; r++) {
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let t = m[r]![n]!;
    for (let k = r + 1; k < n; k++) t -= m[r]![k]! * x[k]!;
    x[r] = t / m[r]![r]!;
  }
  return x;
}

/** What one pool adds to the loss, its gradient and its Hessian at the weights `v`, times `weight`. */
function addPool(e: Example, v: number[], weight: number, into: { loss: number; grad: number[]; hess: number[][] } | null): number {
  const d = v.length;
  const scores = e.rows.map((r) => r.reduce((s, x, i) => s + x * v[i]!, 0));
  const top = Math.max(...scores);
  const p = scores.map((s) => Math.exp(s - top));
  const z = p.reduce((a, b) => a + b, 0);
  const goodScores = scores.filter((_, j) => e.good[j]);
  const loss = weight * (top + Math.log(z) - goodScores.reduce((a, b) => a + b, 0) / goodScores.length);
  if (!into) return loss;
  into.loss += loss;
  const mean = new Array<number>(d).fill(0);
  const good = new Array<number>(d).fill(0);
  e.rows.forEach((r, j) => {
    for (let i = 0; i < d; i++) mean[i]! += (p[j]! / z) * r[i]!;
    if (e.good[j]) for (let i = 0; i < d; i++) good[i]! += r[i]! / goodScores.length;
  });
  // the gradient: the pool's features as the softmax expects them less the answering passages' mean; the Hessian:
  // their covariance under the softmax
  for (let i = 0; i < d; i++) into.grad[i]! += weight * (mean[i]! - good[i]!);
  e.rows.forEach((r, j) => {
    const pj = (weight * p[j]!) / z;
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) into.hess[a]![b]! += pj * (r[a]! - mean[a]!) * (r[b]! - mean[b]!);
  });
  return loss;
}

/**
 * The weights that minimise, over the questions (each set counting alike), the softmax loss of each pool: the log of
 * the sum of exp(score) over the pool less the mean score of its answering passages, plus L2. Convex in the weights,
 * so Newton's method (each step halved until the loss falls) finds its one minimum in a few steps (7 on the training
 * questions), and a small change of the data moves it little (coordinate ascent on MRR@10, used before, swung
 * weights by half for a change of a few questions: the objective is flat near its top). `words` is scaled to 1: only
 * the ratios of weights order a pool, and the scale is that of the scores the answerability model reads. Pools with no
 * answering passage teach nothing and are left out.
 */
export function fitRanking(examples: Example[], sets: number, start: Record<Feature, number>): number[] {
  const d = FEATURES.length;
  const pools = examples.filter((e) => e.good.some(Boolean));
  if (pools.length === 0) throw new Error('no training question has an answering passage in its pool');
  const count = new Float64Array(sets);
  for (const e of pools) count[e.set]!++;
  const weightOf = (e: Example) => 1 / sets / count[e.set]!;
  const penalty = (v: number[]) => (L2 / 2) * v.reduce((s, x) => s + x * x, 0);
  const lossAt = (v: number[]) => pools.reduce((s, e) => s + addPool(e, v, weightOf(e), null), 0) + penalty(v);
  let v = FEATURES.map((f) => start[f]);
  for (let iteration = 0; ; iteration++) {
    if (iteration === NEWTON_STEPS) throw new Error(`the ranking fit did not converge in ${NEWTON_STEPS} steps`);
    const at = { loss: penalty(v), grad: v.map((x) => L2 * x), hess: Array.from({ length: d }, (_, a) => Array.from({ length: d }, (_, b) => (a === b ? L2 : 0))) };
    for (const e of pools) addPool(e, v, weightOf(e), at);
    let step = solve(at.hess, at.grad);
    // far from the minimum a full step can overshoot: halve it until the loss falls
    for (let halvings = 0; halvings < 30 && lossAt(v.map((x, i) => x - step[i]!)) > at.loss; halvings++) step = step.map((x) => x / 2);
    v = v.map((x, i) => x - step[i]!);
    if (Math.max(...step.map(Math.abs)) < 1e-6) break; // converged: Newton's steps shrink quadratically near it
  }
  const words = v[FEATURES.indexOf('words')]!;
  // a fit that weighs the question's words against an answer has learned nothing a ranking can use
  if (!(words > 0)) throw new Error(`the ranking fit gave the words a weight of ${words}: the training pools do not rank answers by their words`);
  return v.map((x) => x / words);
}
