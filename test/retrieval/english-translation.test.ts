import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translate } from '../../src/retrieval/english.js';
import { IndexReader } from '../../src/retrieval/index-reader.js';
import { questionTerms } from '../../src/retrieval/query.js';
import { openIndexOf, rankedSources } from '../helpers/fixtures.js';

const glossed = (keys: Record<string, string[]>) => (key: string) => keys[key] ?? null;

describe('translating English phrases', () => {
  it('does not look up a phrase that opens with a question word', () => {
    // "how many years" is a CC-CEDICT gloss (几年), but the question asks for a number of years (四年)
    const lookup = glossed({ 'how many years': ['几年'], year: ['年'], plan: ['规划'] });
    expect(translate('How many years does the plan take?', lookup)).toEqual([['年'], ['规划']]);
  });

  it('reads a bag of content words only across the words a name puts between them', () => {
    const lookup = glossed({ 'bag:first part': ['前段'], first: ['第一'], part: ['部分'], 'bag:commission discipline inspection': ['纪委'] });
    expect(translate('Who took part in the first batch?', lookup)).toEqual([['部分'], ['第一']]);
    expect(translate('Which Commission for the Discipline Inspection?', lookup)).toEqual([['纪委']]);
  });

  it('reads a noun the glossary lacks as the verb it derives from, and a noun it holds as itself', () => {
    expect(translate('Which departure?', glossed({ depart: ['离开'] }))).toEqual([['离开']]);
    const lookup = glossed({ importance: ['重要性'], import: ['进口'] });
    expect(translate('What importance?', lookup)).toEqual([['重要性']]);
  });
});

describe('possessives', () => {
  const lookup = glossed({ 'py:gansu': ['甘肃'], 'py:liuchangli': ['刘长利'], 'py:xian': ['西安'], ministers: ['部长们'], census: ['人口普查'], group: ['小组'] });

  it("reads a name or place with 's or ’s as the name or place", () => {
    expect(translate("What did Liu Changli's group do in Gansu’s capital?", lookup)).toEqual([['刘长利'], ['小组'], ['甘肃']]);
    expect(translate("Who leads GANSU'S GROUP?", lookup)).toEqual([['甘肃'], ['小组']]);
  });

  it("keeps the s of a plural's possessive and of a word that ends in s, and a typographic apostrophe inside a name", () => {
    expect(translate("the ministers' census in Xi’an", lookup)).toEqual([['部长们'], ['人口普查'], ['西安']]);
  });
});

describe('English questions through the glossary mechanisms', () => {
  let close: () => void;
  let reader: IndexReader;
  beforeAll(async () => ({ reader, close } = await openIndexOf({
    '年度.txt': '年度总结\n今年的工作取得了进展，五年以上的老问题得到解决。',
    '接管.txt': '银行消息\n人民银行依法接管包商银行，储户资金安全有保障。',
    '副议长.txt': '议会消息\n议会副议长出席了开幕式，正的副的都到齐了，并介绍了本届议会的工作安排。',
    '副主席.txt': '国会会议\n国会副主席宋潘在会上发言，介绍了本国经济社会发展的主要成就和经验。',
    '十年.txt': '信访积案\n省领导带头化解十年以上信访积案，推动群众反映强烈的问题得到解决。',
    '甲午.txt': '历史回顾\n一百二十年前的甲午，中华民族国力孱弱，这是历史上极为惨痛的一页。',
    '三峡.txt': '工程消息\n三峡大坝今年汛期运行平稳，发电量创下历史新高，防洪效益显著。',
    '甘肃.txt': '读书班开班\n甘肃省第一批主题教育单位举办读书班，党员干部集中学习七天。',
    '江西.txt': '读书班开班\n江西省第一批主题教育单位举办读书班，党员干部集中学习五天。',
    '刘长利.txt': '调研活动\n铁道科学研究院院长刘长利带队到票务中心调研，了解系统运行情况。',
    '王强.txt': '调研活动\n铁道科学研究院副院长王强带队到调度中心调研，了解系统运行情况。',
    '刘长利读书班.txt': '读书班结业\n刘长利参加全区领导干部读书班，集中学习五天，交流了学习体会。',
  })));
  afterAll(() => close());

  const ranked = (question: string) => rankedSources(reader, question);

  it('reads a word the glossary lacks as two words it holds', () => {
    // takeover: CC-CEDICT glosses 接管 "to take over"
    expect(ranked('What about the takeover?')[0]).toBe('接管.txt');
  });

  it("adds to a phrase's candidates the compounds of its words' candidates that the index holds", () => {
    // vice chairman: 副议长 (a gloss); vice 副 + chairman 主席 makes 副主席, which the index holds
    expect(ranked('Who is the vice chairman?').slice(0, 2).sort()).toEqual(['副主席.txt', '副议长.txt']);
  });

  it('searches a number written in words as the digits the index holds', () => {
    expect(questionTerms(reader, 'ten years').words[0]!.alternatives).toEqual(['10']);
    expect(translate('the Three Gorges', glossed({ 'three gorges': ['三峡'] }))).toEqual([['三峡']]);
    expect(ranked('What happened over ten years?')[0]).toBe('十年.txt');
  });

  it('finds a word written in pinyin that is no proper noun', () => {
    // 甲午 (jia3 wu3), a year of the sexagenary cycle
    expect(ranked('What happened in the Jiawu year?')[0]).toBe('甲午.txt');
  });

  it("finds the passage of a name or place written with a possessive 's", () => {
    expect(ranked("How many days did Gansu's reading class last?")[0]).toBe('甘肃.txt');
    expect(ranked('How many days did Jiangxi’s reading class last?')[0]).toBe('江西.txt');
    expect(ranked("Where did Liu Changli's group do research?")[0]).toBe('刘长利.txt');
  });

  it('translates the English of a question that writes a name in Chinese, and searches the name as written', () => {
    const terms = questionTerms(reader, 'Where did 刘长利 do research?');
    expect(terms.foreign).toBe(true);
    expect(terms.words.map((t) => t.alternatives[0])).toContain('刘长利');
    expect(terms.words.some((t) => t.alternatives.includes('调研'))).toBe(true);
    // the name alone is in both articles: the English says which
    expect(ranked('Where did 刘长利 do research?')[0]).toBe('刘长利.txt');
    expect(ranked("How many days did 刘长利's reading class last?")[0]).toBe('刘长利读书班.txt');
    // a name both written and translated is one word; what is asked is read in English (几内亚 asks no number)
    const named = questionTerms(reader, 'Where did 刘长利 (Liu Changli) do research?').words.filter((t) => t.alternatives.includes('刘长利'));
    expect(named).toHaveLength(1);
    // a place written without its level meets the index's words with one, as in a Chinese question
    expect(questionTerms(reader, "How many days did 江西's reading class last?").words.find((t) => t.alternatives[0] === '江西')?.alternatives).toContain('江西省');
    expect(questionTerms(reader, 'Who is the president of 几内亚?').type).toBe('person');
  });

  it("files a proper noun in the index's glossary under its capitalised name", () => {
    // 三峡大坝: "Three Gorges Dam on the Yangtze River"
    expect(reader.glossary('three gorges dam')).toEqual(['三峡大坝']);
  });
});
