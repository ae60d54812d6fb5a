import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articleStatesAsked } from '../../src/retrieval/answerability.js';
import { measuredQuestion } from '../../src/retrieval/asked-measure.js';
import { IndexReader } from '../../src/retrieval/index-reader.js';
import { questionTerms } from '../../src/retrieval/query.js';
import { openIndexOf, plainArticle } from '../helpers/fixtures.js';

// A count of people and a full date.
const FITNESS = plainArticle('区体育中心举办全民健身日活动', [
  '8月8日全民健身日当天，区体育中心向居民免费开放，共有3600名居民走进体育中心参与健身，游泳馆和篮球馆全天迎客，现场气氛十分热烈。',
]);
// Counts of things and a day without its year, but no count of people, no year and no area.
const COURTS = plainArticle('区体育中心新建球场向市民开放', [
  '区体育中心新建的2个篮球场和3个羽毛球场6月18日起向居民开放，居民可以通过手机预约，每天开放到晚上9点，受到周边居民欢迎。',
]);

let close: () => void;
let reader: IndexReader;
beforeAll(async () => ({ reader, close } = await openIndexOf({ 'fitness.txt': FITNESS, 'courts.txt': COURTS })));
afterAll(() => close());

const firstOf = (source: string) => reader.articlePassages(reader.articleId(source)!)[0]!;
const stated = (question: string, source: string, head: string | null = null) => articleStatesAsked(reader, questionTerms(reader, question), firstOf(source), head);

describe('the measure an English question asks in', () => {
  it('wants a count of people where it counts nouns that name people', () => {
    expect(stated('How many residents went to the district sports centre on National Fitness Day?', 'fitness.txt')).toBe(true);
    // the article counts courts and hours, never people
    expect(stated('How many residents have used the new courts of the district sports centre?', 'courts.txt')).toBe(false);
    // a count of things takes any number, as before
    expect(stated('How many courts did the district sports centre build?', 'courts.txt')).toBe(true);
  });

  it('wants the part of a date it names, and an area or a length in their units', () => {
    expect(stated('On what date did the new courts of the district sports centre open?', 'courts.txt')).toBe(true);
    expect(stated('In which year did the new courts of the district sports centre open?', 'courts.txt')).toBe(false);
    expect(stated('When did the new courts of the district sports centre open?', 'courts.txt')).toBe(true);
    expect(stated('How many square metres do the new courts of the district sports centre cover?', 'courts.txt')).toBe(false);
  });

  it('is said in the Chinese that asks the same', () => {
    const measured = (question: string) => measuredQuestion(reader, questionTerms(reader, question), null);
    expect(measured('How many Party members attended the meeting?')).toMatch(/^多少人 /u);
    expect(measured('In what year was it built?')).toMatch(/^哪年 /u);
    expect(measured('How many hectares does the park cover?')).toMatch(/^面积多大 /u);
    // counted nouns after a function word, and questions that count no noun, are read as they are
    expect(measured('How many of them were there?')).toBe(questionTerms(reader, 'How many of them were there?').analysed);
    expect(measured('Who chaired the meeting?')).toBe(questionTerms(reader, 'Who chaired the meeting?').analysed);
  });
});

describe('the measure of a Chinese question that names no measure word', () => {
  it('is a count of people where the noun it counts names people', () => {
    expect(stated('区体育中心新球场开放后来了多少教练员？', 'courts.txt', '教练员')).toBe(false);
    expect(stated('全民健身日那天区体育中心来了多少居民？', 'fitness.txt', '居民')).toBe(true);
    const measured = (question: string, head: string) => measuredQuestion(reader, questionTerms(reader, question), head);
    expect(measured('党校春季班来了多少学员？', '学员')).toMatch(/^多少人 /u);
    // a measure word says what is counted: households, not people
    expect(measured('平台覆盖了多少户村民？', '村民')).toBe(questionTerms(reader, '平台覆盖了多少户村民？').analysed);
    // 巴士 is no person
    expect(measured('这条线路一共有多少巴士？', '巴士')).toBe(questionTerms(reader, '这条线路一共有多少巴士？').analysed);
  });
});
