import { describe, expect, it } from 'vitest';
import { fitRanking, type Example } from '../../bench/fit-ranking.js';
import { FEATURES, type Feature } from '../../src/retrieval/features.js';
import { random } from '../helpers/random.js';

const START = Object.fromEntries(FEATURES.map((f) => [f, f === 'words' ? 1 : 0])) as Record<Feature, number>;
const at = (f: Feature) => FEATURES.indexOf(f);

/**
 * Pools of 20 passages with random features in [0, 1); the answering passage's `proximity` is raised by 0.5 and its
 * `words` by 0.2, so that proximity tells it best, words less, and the other features not at all.
 */
function pools(n: number, seed: number): Example[] {
  const next = random(seed);
  return Array.from({ length: n }, (_, q) => {
    const rows = Array.from({ length: 20 }, () => FEATURES.map(() => next()));
    rows[0]![at('proximity')]! += 0.5;
    rows[0]![at('words')]! += 0.2;
    return { set: q % 2, rows, good: rows.map((_, i) => i === 0) };
  });
}

/** The share of pools whose answering passage scores highest under the weights. */
function firsts(examples: Example[], w: number[]): number {
  const score = (r: number[]) => r.reduce((s, x, i) => s + x * w[i]!, 0);
  return examples.filter((e) => e.rows.every((r, i) => i === 0 || score(r) < score(e.rows[0]!))).length / examples.length;
}

describe('fitting the ranking weights', () => {
  const examples = pools(400, 7);
  const w = fitRanking(examples, 2, START);

  it('weighs the features that tell the answering passage, scaled so that words weigh 1', () => {
    expect(w[at('words')]).toBe(1);
    expect(w[at('proximity')]).toBeGreaterThan(1.5);
    for (const f of FEATURES.filter((f) => f !== 'words' && f !== 'proximity')) expect(Math.abs(w[at(f)]!)).toBeLessThan(0.5);
    // on pools it did not learn from, it puts the answer first far more often than words alone do
    const fresh = pools(400, 8);
    expect(firsts(fresh, w)).toBeGreaterThan(firsts(fresh, FEATURES.map((f) => START[f])) + 0.2);
  });

  it('moves little when a few questions change: the loss has one minimum', () => {
    const fewer = fitRanking(examples.slice(10), 2, START);
    for (const f of ['words', 'proximity'] as const) expect(Math.abs(fewer[at(f)]! - w[at(f)]!)).toBeLessThan(0.1 * Math.abs(w[at(f)]!));
    // and another starting point ends at the same minimum
    const elsewhere = fitRanking(examples, 2, { ...START, proximity: 3, title: 1 });
    elsewhere.forEach((x, i) => expect(x).toBeCloseTo(w[i]!, 6));
  });
});
