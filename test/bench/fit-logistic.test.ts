import { describe, expect, it } from 'vitest';
import { fitLogistic } from '../../bench/fit-logistic.js';
import { probability } from '../../src/retrieval/logistic.js';
import { random } from '../helpers/random.js';

const NAMES = ['telling', 'noise'] as const;

/** Examples whose first feature tells the label (raised by `lift` for positives) and whose second is noise. */
function examples(n: number, seed: number, positives: number, lift = 1) {
  const next = random(seed);
  const labels = Array.from({ length: n }, (_, i) => (i < positives ? 1 : 0));
  const rows = labels.map((label) => [next() + label * lift, next()]);
  return { rows, labels };
}

describe('fitting a logistic regression', () => {
  it('weighs the feature that tells the classes, and not the noise', () => {
    const { rows, labels } = examples(400, 3, 200);
    const model = fitLogistic(NAMES, rows, labels, labels.map(() => 0));
    expect(model.weights.telling).toBeGreaterThan(2);
    expect(Math.abs(model.weights.noise)).toBeLessThan(0.3);
    const p = (row: number[]) => probability(model, NAMES, (_, i) => row[i]!);
    expect(p([1.5, 0.5])).toBeGreaterThan(0.9);
    expect(p([0.5, 0.5])).toBeLessThan(0.5);
  });

  it("weighs each group alike, and each group's two classes, however many examples each holds", () => {
    // a large group where the feature tells little and a small one where it tells much: counted as they come, the
    // large group would set the weight
    const large = examples(900, 11, 450, 0.2);
    const small = examples(100, 12, 50, 2);
    const rows = [...large.rows, ...small.rows];
    const labels = [...large.labels, ...small.labels];
    const grouped = fitLogistic(NAMES, rows, labels, [...large.labels.map(() => 0), ...small.labels.map(() => 1)]);
    const pooled = fitLogistic(NAMES, rows, labels, labels.map(() => 0));
    expect(grouped.weights.telling / grouped.scale.telling).toBeGreaterThan((1.2 * pooled.weights.telling) / pooled.scale.telling);
  });

  it('refuses to fit examples of one class', () => {
    expect(() => fitLogistic(NAMES, [[0.1, 0.2]], [1], [0])).toThrow(/both classes/u);
  });

  it('weighs the two classes alike, however many examples each holds', () => {
    // nine positives in ten: counted as they come, the positives would set the bias
    const { rows, labels } = examples(400, 5, 360, 0.5);
    const model = fitLogistic(NAMES, rows, labels, labels.map(() => 0));
    // a row midway between the classes is as likely either way
    expect(probability(model, NAMES, (_, i) => [0.75, 0.5][i]!)).toBeCloseTo(0.5, 1);
  });
});
