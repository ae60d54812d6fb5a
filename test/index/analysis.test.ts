import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/index/limits.js';
import { TASKS, type CutItem } from '../../src/index/analysis.js';
import { analyse } from '../../src/text/text.js';

const LEARNED = ['庄荣文', '主题教育', '网信办'];
const context = { limits: DEFAULT_LIMITS, learned: { words: LEARNED, names: ['庄荣文'] }, known: [] };
const ITEMS: CutItem[] = [
  { text: '中央网信办召开主题教育动员大会', title: true },
  { text: analyse('庄荣文指出，开展“不忘初心、牢记使命”主题教育，是以习近平同志为核心的党中央作出的重大部署。'), title: false },
  { text: analyse('二〇一九年六月，网信办组织干部赴延安开展专题学习，历时五天。'), title: false },
];

describe('cutting a batch of titles and passages', () => {
  it("cuts a small rebuild's few texts one at a time exactly as a large batch cuts them with the whole dictionary", () => {
    const few = TASKS.cut(ITEMS, context);
    // a batch large enough to load jieba's whole dictionary, holding the same texts
    const many = TASKS.cut([...ITEMS, ...Array.from({ length: 40 }, (_, i) => ({ text: `第${i}段`, title: false }))], context);
    expect(few).toEqual(many.slice(0, ITEMS.length));
    expect(few[0]!.words.split(' ')).toContain('主题教育');
    expect(few[1]!.words.split(' ')).toEqual(expect.arrayContaining(['庄荣文', '主题教育']));
  });
});
