import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articleStatesAsked } from '../../src/retrieval/answerability.js';
import { measuredQuestion } from '../../src/retrieval/asked-measure.js';
import { IndexReader } from '../../src/retrieval/index-reader.js';
import { questionTerms } from '../../src/retrieval/query.js';
import { openIndexOf, plainArticle } from '../helpers/fixtures.js';

// Counts of people: the articles count 居民, 党员 and 教练员 in 名 and 位 (twice each), 专家 once, 机器人 in 台.
const FITNESS = plainArticle('区体育中心举办全民健身日活动', [
  '8月8日全民健身日当天，区体育中心向居民免费开放，共有3600名居民走进体育中心参与健身，120名党员志愿者和12位教练员在场馆内提供指导。',
]);
const CLINIC = plainArticle('社区卫生服务中心开展义诊活动', [
  '社区卫生服务中心组织200名居民参加义诊，30名党员和5名教练员参与服务，还请来3位专家为居民讲解健康知识，现场气氛热烈。',
]);
// Counts of things and a day, but no count of people and no area.
const COURTS = plainArticle('区体育中心新建球场向市民开放', [
  '区体育中心新建的2个篮球场和3个羽毛球场6月18日起向居民开放，场馆还引进了6台健身机器人，居民可以通过手机预约，受到周边居民欢迎。',
]);

let close: () => void;
let reader: IndexReader;
beforeAll(async () => ({ reader, close } = await openIndexOf({ 'fitness.txt': FITNESS, 'clinic.txt': CLINIC, 'courts.txt': COURTS })));
afterAll(() => close());

const firstOf = (source: string) => reader.articlePassages(reader.articleId(source)!)[0]!;
const stated = (question: string, source: string, head: string | null = null) => articleStatesAsked(reader, questionTerms(reader, question), firstOf(source), head);
const measured = (question: string, head: string | null = null) => measuredQuestion(reader, questionTerms(reader, question), head);
const asWritten = (question: string) => questionTerms(reader, question).analysed;

describe('the measure an English question asks in', () => {
  it('wants a count of people where it counts a noun the articles count as people', () => {
    expect(stated('How many residents went to the district sports centre on National Fitness Day?', 'fitness.txt')).toBe(true);
    // the article counts courts and machines, never people
    expect(stated('How many residents have used the new courts of the district sports centre?', 'courts.txt')).toBe(false);
    // a count of things takes any number, as before
    expect(stated('How many courts did the district sports centre build?', 'courts.txt')).toBe(true);
    expect(measured('How many Party members attended the meeting?')).toMatch(/^多少人 /u);
    expect(measured('How many people attended the meeting?')).toMatch(/^多少人 /u);
  });

  it('reads the noun counted, not one before it, and not a noun the articles count in other measure words', () => {
    // robots end as people's nouns do (机器人), but the articles count them in 台
    expect(measured('How many robots did the sports centre bring in?')).toBe(asWritten('How many robots did the sports centre bring in?'));
    // a possessive is no noun counted: the homes are
    expect(measured("How many people's homes were flooded?")).toBe(asWritten("How many people's homes were flooded?"));
    // counted nouns after a function word, and questions that count no noun, are read as they are
    expect(measured('How many of them were there?')).toBe(asWritten('How many of them were there?'));
    expect(measured('Who chaired the meeting?')).toBe(asWritten('Who chaired the meeting?'));
  });

  it('wants an area, a length or a length of time in their units', () => {
    expect(stated('How many square metres do the new courts of the district sports centre cover?', 'courts.txt')).toBe(false);
    expect(measured('How many hectares does the park cover?')).toMatch(/^面积多大 /u);
    expect(measured('How much of the land in the county is covered by forest?')).toBe(asWritten('How much of the land in the county is covered by forest?'));
    expect(measured('How many years did the project take?')).toMatch(/^多少年 /u);
    // an age, in 岁
    expect(measured('How many years old was he?')).toBe(asWritten('How many years old was he?'));
  });
});

describe('the measure of a Chinese question that names no measure word', () => {
  it('is a count of people where the noun it counts is one the articles count as people', () => {
    expect(stated('区体育中心新球场开放后来了多少教练员？', 'courts.txt', '教练员')).toBe(false);
    expect(stated('全民健身日那天区体育中心来了多少居民？', 'fitness.txt', '居民')).toBe(true);
    expect(measured('体育中心新球场开放后来了多少居民？', '居民')).toMatch(/^多少人 /u);
    // counted in 台: a count of things; counted once as people: too little to tell
    expect(measured('体育中心引进了多少机器人？', '机器人')).toBe(asWritten('体育中心引进了多少机器人？'));
    expect(measured('义诊请来了多少专家？', '专家')).toBe(asWritten('义诊请来了多少专家？'));
    // a training ranking's reading (its passages cut) counts apart, and leaves the reader's counts as they were
    const question = questionTerms(reader, '义诊来了多少教练员？');
    expect(measuredQuestion(reader, question, '教练员', { analysedOf: () => '' })).toBe(question.analysed);
    expect(measuredQuestion(reader, question, '教练员')).toMatch(/^多少人 /u);
    // a noun of people before the head is no noun counted: the rooms are
    expect(measured('社区有多少居民活动室？', '活动室')).toBe(asWritten('社区有多少居民活动室？'));
  });

  it('is read as written where the noun is not what is counted', () => {
    // a measure word says what is counted: households, however it stands
    for (const question of ['平台覆盖了多少户居民？', '全村有多少居民户？', '镇里有多少居民的房屋被淹？', '区里多少比例居民参加了体检？']) {
      expect(measured(question, '居民'), question).toBe(asWritten(question));
    }
  });
});
