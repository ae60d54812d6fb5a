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

  it('weighs the two classes alike, however many examples each holds', () => {
    // nine positives in ten: counted as they come, the positives would set the bias
    const { rows, labels } = examples(400, 5, 360, 0.5);
    const model = fitLogistic(NAMES, rows, labels, labels.map(() => 0));
    // a row midway between the classes is as likely either way
    expect(probability(model, NAMES, (_, i) => [0.75, 0.5][i]!)).toBeCloseTo(0.5, 1);
  });
});
