import { describe, expect, it } from 'vitest';
import { vocabularyChanges, vocabularyOf } from '../../src/index/learn-words.js';

describe('the words a build learns', () => {
  it('weighs a name as a name unless it is also a quoted term', () => {
    expect(vocabularyOf(['两学一做', '于军'], ['庄荣文', '于军'])).toEqual({ words: ['两学一做', '于军', '庄荣文'], names: ['庄荣文'] });
    // in folded form, as the tokenizer weighs them
    expect(vocabularyOf(['于军'], ['於軍']).names).toEqual([]);
  });

  it('finds the words gained, lost, or weighed otherwise, in folded form', () => {
    const before = { words: ['两学一做', '于军', '莊榮文'], names: ['于军', '莊榮文'] };
    const now = { words: ['两学一做', '于军', '庄荣文', '陈凤翔'], names: ['庄荣文', '陈凤翔'] };
    // 于军 became a quoted term; 莊榮文 folds to 庄荣文 and is unchanged; 陈凤翔 is new
    expect(vocabularyChanges(before, now).sort()).toEqual(['于军', '陈凤翔']);
    expect(vocabularyChanges(now, now)).toEqual([]);
  });
});
