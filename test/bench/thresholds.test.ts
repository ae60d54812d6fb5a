import { describe, expect, it } from 'vitest';
import { chooseThresholds, refusedShare, type Calibrating } from '../../bench/thresholds.js';

/** 100 questions, all stated unless said, their parts' probabilities by one scorer. */
function group(whole: (i: number) => number, fact: (i: number) => number, unstated = 0): Calibrating {
  const n = 100;
  return { stated: Array.from({ length: n }, (_, i) => i >= unstated), scores: [Array.from({ length: n }, (_, i) => ({ whole: whole(i), fact: fact(i) }))] };
}

describe('choosing the two thresholds', () => {
  // the two parts doubt different questions: the lowest whole scores are the highest fact scores
  const crossed = group((i) => (i + 1) / 100, (i) => (100 - i) / 100);

  it('refuses at most the share asked of the answers, the two parts together, each about as many', () => {
    const { share, thresholds } = chooseThresholds([crossed], 0.04, 0.005);
    expect(refusedShare(crossed, thresholds)).toBeLessThanOrEqual(0.04);
    // each part refuses two questions, four in all; a step more (3 %) would refuse six
    expect(share).toBe(0.025);
    expect(thresholds).toEqual({ whole: 0.03, fact: 0.03 });
    expect(refusedShare(crossed, { whole: 0.03, fact: 0 })).toBe(0.02);
  });

  it('takes the least over the groups, and keeps every group within the share', () => {
    const lower = group((i) => (i + 1) / 200, (i) => (100 - i) / 200);
    const { thresholds } = chooseThresholds([crossed, lower], 0.04, 0.005);
    expect(thresholds).toEqual({ whole: 0.015, fact: 0.015 });
    for (const g of [crossed, lower]) expect(refusedShare(g, thresholds)).toBeLessThanOrEqual(0.04);
  });

  it('counts the questions the article test refuses first, and reads no empty group', () => {
    // 5 of 100 refused by the article test already: no answer more may be refused by the scores
    expect(chooseThresholds([group(() => 0.5, () => 0.5, 5)], 0.04, 0.005)).toEqual({ share: 0, thresholds: { whole: 0, fact: 0 } });
    const empty: Calibrating = { stated: [], scores: [[]] };
    expect(chooseThresholds([crossed, empty], 0.04, 0.005)).toEqual(chooseThresholds([crossed], 0.04, 0.005));
    expect(refusedShare(empty, { whole: 1, fact: 1 })).toBe(0);
  });
});
