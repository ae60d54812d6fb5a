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

/**
 * The weights that minimise, over the questions (each set counting alike), the softmax loss of each pool: the log of
 * the sum of exp(score) over the pool less the mean score of its answering passages, plus L2. Convex in the weights,
 * so Newton's method finds its one minimum in a few steps (7 here), and a small change of the data moves it little (coordinate
 * ascent on MRR@10, used before, swung weights by half for a change of a few questions: the objective is flat near
 * its top). `words` is scaled to 1: only the ratios of weights order a pool, and the scale is that of the scores the
 * answerability model reads.
 */
export function fitRanking(examples: Example[], sets: number, start: Record<Feature, number>): number[] {
  const d = FEATURES.length;
  const count = new Float64Array(sets);
  for (const e of examples) count[e.set]!++;
  let v = FEATURES.map((f) => start[f]);
  for (let iteration = 0; iteration < NEWTON_STEPS; iteration++) {
    const grad = new Array<number>(d).fill(0);
    const hess = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    for (const e of examples) {
      if (!e.good.some(Boolean)) continue;
      const weight = 1 / sets / count[e.set]!;
      const scores = e.rows.map((r) => r.reduce((s, x, i) => s + x * v[i]!, 0));
      const top = Math.max(...scores);
      const p = scores.map((s) => Math.exp(s - top));
      const z = p.reduce((a, b) => a + b, 0);
      const mean = new Array<number>(d).fill(0);
      const good = new Array<number>(d).fill(0);
      let goods = 0;
      e.rows.forEach((r, j) => {
        const pj = p[j]! / z;
        for (let i = 0; i < d; i++) mean[i]! += pj * r[i]!;
        if (e.good[j]) {
          goods++;
          for (let i = 0; i < d; i++) good[i]! += r[i]!;
        }
      });
      // the gradient: the pool's features as the softmax expects them less the answering passages' mean; the Hessian:
      // their covariance under the softmax
      for (let i = 0; i < d; i++) grad[i]! += weight * (mean[i]! - good[i]! / goods);
      e.rows.forEach((r, j) => {
        const pj = (weight * p[j]!) / z;
        for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) hess[a]![b]! += pj * (r[a]! - mean[a]!) * (r[b]! - mean[b]!);
      });
    }
    for (let i = 0; i < d; i++) {
      grad[i]! += L2 * v[i]!;
      hess[i]![i]! += L2;
    }
    const step = solve(hess, grad);
    v = v.map((x, i) => x - step[i]!);
    if (Math.max(...step.map(Math.abs)) < 1e-6) break; // converged: Newton's steps shrink quadratically
  }
  const words = v[FEATURES.indexOf('words')]!;
  return v.map((x) => x / words);
}
