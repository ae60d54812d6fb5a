import { passes, type Parts } from '../src/retrieval/answerability.js';

/**
 * A group of questions to calibrate on: for each, whether its first article states the asked kind (else test 1
 * refuses it whatever its scores), and its two parts' probabilities by each of several scorers (the held-out folds'
 * models, or the shipped model alone), every scorer's score counting once.
 */
export interface Calibrating {
  stated: boolean[];
  /** scores[k][i]: question i's parts by scorer k. */
  scores: Parts[][];
}

/** The share of a group's questions (over its scorers) that test 1 or either part's threshold refuses. */
export function refusedShare({ stated, scores }: Calibrating, thresholds: Parts): number {
  if (stated.length === 0) return 0;
  let refused = 0;
  for (const by of scores) stated.forEach((s, i) => (refused += !s || !passes(by[i]!, thresholds) ? 1 : 0));
  return refused / scores.length / stated.length;
}

/** The score a part gives at a share of a group's questions, those test 1 refuses counted first (0 when they fill it). */
function scoreAt({ stated, scores }: Calibrating, part: keyof Parts, share: number): number {
  const budget = Math.floor(share * scores.length * stated.length) - scores.length * stated.filter((s) => !s).length;
  const sorted = scores.flatMap((by) => by.filter((_, i) => stated[i]).map((p) => p[part])).sort((a, b) => a - b);
  return budget < 0 || sorted.length === 0 ? 0 : sorted[Math.min(budget, sorted.length - 1)]!;
}

/**
 * Each part's threshold: the score it gives at a share of each group's answerable questions, the least over the
 * groups; the share the largest, in steps of `step`, at which the two together refuse at most `most` of every group.
 * Each part refuses about as many answers, and either refuses alone.
 */
export function chooseThresholds(groups: Calibrating[], most: number, step: number): { share: number; thresholds: Parts } {
  const used = groups.filter((g) => g.stated.length > 0);
  const at = (share: number): Parts => ({
    whole: Math.min(...used.map((g) => scoreAt(g, 'whole', share))),
    fact: Math.min(...used.map((g) => scoreAt(g, 'fact', share))),
  });
  let steps = Math.round(most / step);
  while (steps > 0 && used.some((g) => refusedShare(g, at(steps * step)) > most)) steps--;
  return { share: steps * step, thresholds: at(steps * step) };
}
