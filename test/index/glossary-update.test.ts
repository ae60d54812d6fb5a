import { describe, expect, it } from 'vitest';
import { CedictList, updateGlossary, type Candidate, type CedictEntry } from '../../src/index/glossary.js';
import { buildGlossary } from '../helpers/glossary.js';
import { entryPassages, LoadedDictionary } from '../../src/index/glossary-state.js';

const entries: CedictEntry[] = [
  ['會議', '会议', 'hui4 yi4', ['meeting', 'conference']],
  ['會', '会', 'hui4', ['can', 'meeting']],
  ['例會', '例会', 'li4 hui4', ['regular meeting']],
  ['座談會', '座谈会', 'zuo4 tan2 hui4', ['forum', 'symposium', 'meeting']],
  ['研討會', '研讨会', 'yan2 tao3 hui4', ['discussion forum', 'seminar']],
  ['紀委', '纪委', 'Ji4 wei3', ['abbr. for 紀律檢查委員會|纪律检查委员会[ji4 lu:4 jian3 cha2 wei3 yuan2 hui4]']],
  ['紀律檢查委員會', '纪律检查委员会', 'ji4 lu:4 jian3 cha2 wei3 yuan2 hui4', ['Discipline Inspection Commission']],
  ['李斌', '李斌', 'Li3 Bin1', ['Li Bin (1954-), PRC politician']],
  ['防汛', '防汛', 'fang2 xun4', ['flood control', 'flood prevention']],
];

const NONE = { passages: () => 0, names: [], candidates: () => [] };
const counts = (of: Record<string, number>) => (i: number) => of[entries[i]![1]] ?? 0;

/** A corpus before and after a rebuild: 座谈会 held by fewer passages, 研讨会 new, 例会 gone, one more name. */
const before = { passages: counts({ 会议: 5, 会: 50, 例会: 1, 座谈会: 2, 纪委: 3, 防汛: 4 }), names: ['李斌', '张红梅'] };
const after = { passages: counts({ 会议: 5, 会: 50, 座谈会: 1, 研讨会: 2, 纪委: 3, 防汛: 4 }), names: ['李斌', '张红梅', '李彬'] };

describe('updating the glossary', () => {
  const first = updateGlossary(new CedictList(entries), null, NONE, before);
  const candidates = (key: string): Candidate[] => (first.candidates.get(key) ?? []).map((c) => ({ ...c }));
  const update = updateGlossary(new CedictList(entries), null, { ...before, candidates }, after);

  it('ranks again only the keys of the words whose counts changed and of the names', () => {
    expect(update.lists.has('meeting')).toBe(true);
    expect(update.lists.has('seminar')).toBe(true);
    expect(update.lists.get('regular meeting')).toEqual([]);
    expect(update.lists.has('py:libin')).toBe(true);
    // 防汛 and 纪委 kept their counts: their keys are left as they were
    expect(update.lists.has('flood control')).toBe(false);
    expect(update.lists.has('discipline inspection commission')).toBe(false);
  });

  it('gives, over the previous glossary, the glossary made from nothing', () => {
    const updated = new Map(buildGlossary(entries, (w) => before.passages(entries.findIndex((e) => e[1] === w)), before.names));
    for (const [key, words] of update.lists) {
      if (words.length === 0) updated.delete(key);
      else updated.set(key, words);
    }
    const fresh = buildGlossary(entries, (w) => after.passages(entries.findIndex((e) => e[1] === w)), after.names);
    expect(Object.fromEntries([...updated].sort())).toEqual(Object.fromEntries([...fresh].sort()));
    expect(fresh.get('meeting')).toEqual(['会议', '座谈会', '会']);
    expect(fresh.get('seminar')).toEqual(['研讨会']);
    expect(fresh.get('py:libin')).toEqual(['李斌', '李彬']);
  });
});

describe('the dictionary the glossary counts', () => {
  // a word with a character outside the BMP (𠀾), as rare name characters are
  const dictionary = new LoadedDictionary([...entries, ['𠀾山', '𠀾山', 'x1 shan1', ['a mountain']]]);

  it('holds the entries’ words as tokens and their Han pairs as bigrams, and nothing else', () => {
    const held = ['w:会议', 'w:纪律检查委员会', 'b:纪律', 'b:委员', 'b:𠀾山', 'b:座谈'];
    // a pair across two entries' words, a word's pair as a token, a bigram of three characters, other kinds of key
    const others = ['b:议会', 'w:纪律', 'b:座谈会', 'b:座', 'b:', 'w:', 'aw:会议', 'b:山𠀾'];
    expect(dictionary.held([...others, ...held])).toEqual(new Set(held));
  });

  it('finds the entries a key touches, by token or by any bigram', () => {
    expect(dictionary.touchedBy(new Set(['b:检查', 'w:防汛', 'b:𠀾山', 'w:不在']))).toEqual([6, 8, 9]);
    expect(dictionary.touchedBy(new Set(['b:议会']))).toEqual([]);
  });

  it('counts a word cut apart by its rarest bigram', () => {
    const held: Record<string, number> = { 'w:会议': 7, 'b:纪律': 4, 'b:律检': 2, 'b:检查': 9, 'b:查委': 5, 'b:委员': 8, 'b:员会': 3, 'b:例会': 0 };
    const passages = entryPassages(dictionary, (key) => held[key] ?? 0);
    expect([passages(0), passages(6), passages(2), passages(1)]).toEqual([7, 2, 0, 0]);
  });
});
