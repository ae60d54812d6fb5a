import { describe, expect, it } from 'vitest';
import { fitRanking, type Example } from '../../bench/fit-ranking.js';
import { FEATURES, type Feature } from '../../src/retrieval/features.js';
import { random } from '../helpers/random.js';

const START = Object.fromEntries(FEATURES.map((f) => [f, f === 'words' ? 1 : 0])) as Record<Feature, number>;
const at = (f: Feature) => FEATURES.indexOf(f);

/**
 * Pools of 20 passages with random features in [0, 1); the answering passage (the first) has each feature of `lift`
 * raised by its amount, so that those features tell it and the others do not.
 */
function pools(n: number, seed: number, lift: Partial<Record<Feature, number>>, set = 0): Example[] {
  const next = random(seed);
  return Array.from({ length: n }, () => {
    const rows = Array.from({ length: 20 }, () => FEATURES.map(() => next()));
    for (const [f, by] of Object.entries(lift)) rows[0]![at(f as Feature)]! += by;
    return { set, rows, good: rows.map((_, i) => i === 0) };
  });
}

/** The share of pools whose answering passage scores highest under the weights. */
function firsts(examples: Example[], w: number[]): number {
  const score = (r: number[]) => r.reduce((s, x, i) => s + x * w[i]!, 0);
  return examples.filter((e) => e.rows.every((r, i) => i === 0 || score(r) < score(e.rows[0]!))).length / examples.length;
}

describe('fitting the ranking weights', () => {
  const examples = pools(400, 7, { proximity: 0.5, words: 0.2 });
  const w = fitRanking(examples, 1, START);

  it('weighs the features that tell the answering passage, and not the others', () => {
    expect(w[at('proximity')]).toBeGreaterThan(1.5);
    for (const f of FEATURES.filter((f) => f !== 'words' && f !== 'proximity')) expect(Math.abs(w[at(f)]!)).toBeLessThan(0.5);
    // on pools it did not learn from, it puts the answer first far more often than words alone do
    const fresh = pools(400, 8, { proximity: 0.5, words: 0.2 });
    expect(firsts(fresh, w)).toBeGreaterThan(firsts(fresh, FEATURES.map((f) => START[f])) + 0.2);
  });

  it('has one minimum: a few questions fewer move it little, and a far start ends there too', () => {
    const fewer = fitRanking(examples.slice(10), 1, START);
    expect(Math.abs(fewer[at('proximity')]! - w[at('proximity')]!)).toBeLessThan(0.1 * w[at('proximity')]!);
    const far = fitRanking(examples, 1, { ...START, words: -100, proximity: 200, title: 50 });
    far.forEach((x, i) => expect(x).toBeCloseTo(w[i]!, 6));
  });

  it('lets each set count alike, however many questions it has', () => {
    // a large set told by proximity, a small one by the title
    const mixed = [...pools(300, 9, { proximity: 0.5, words: 0.2 }, 0), ...pools(30, 10, { title: 0.5, words: 0.2 }, 1)];
    const bySet = fitRanking(mixed, 2, START);
    const asOne = fitRanking(
      mixed.map((e) => ({ ...e, set: 0 })),
      1,
      START,
    );
    expect(bySet[at('title')]).toBeGreaterThan(1.5 * asOne[at('title')]!);
  });

  it('refuses pools that teach nothing a ranking can use', () => {
    expect(() => fitRanking(examples.map((e) => ({ ...e, good: e.good.map(() => false) })), 1, START)).toThrow('no training question has an answering passage');
    // answers that hold fewer of the question's words than the passages around them
    expect(() => fitRanking(pools(200, 11, { words: -0.6 }), 1, START)).toThrow('gave the words a weight of');
  });
});
