import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSWERABILITY_FEATURES, answerability, answerabilityFeatures, articleStatesAsked, askedTerms, passes } from '../../src/retrieval/answerability.js';
import { IndexReader } from '../../src/retrieval/index-reader.js';
import { leavingOutArticles } from '../../src/retrieval/left-out.js';
import { questionTerms } from '../../src/retrieval/query.js';
import { rank, search } from '../../src/retrieval/search.js';
import { shippedWeights } from '../../src/retrieval/weights.js';
import { openIndexOf, plainArticle, TAX_ARTICLE } from '../helpers/fixtures.js';

// One article on one event: the questions below are about it, and one asks for a fact it does not state. Every
// paragraph is 60 characters or more, so that each is a passage of its own.
const FITNESS = plainArticle('区体育中心举办全民健身日活动', [
  '全民健身日当天，区体育中心向市民免费开放，游泳馆、羽毛球馆和篮球馆全天迎客，市民参与健身活动的热情很高，现场气氛十分热烈。',
  '据统计，全民健身日当天共有3600名市民走进区体育中心参与健身，各项活动井然有序，工作人员全天在各个场馆内提供指导和服务。',
  '活动期间，区体育中心还邀请了国家级社会体育指导员现场教学，为市民讲解科学健身的方法，并向到场的市民发放了健身知识手册两千余册。',
]);
// A count left in Chinese numerals before a measure word that numeral folding does not know (三栋).
const ELEVATORS = plainArticle('东园小区老楼加装电梯全部完工', [
  '东园小区老楼加装电梯工程去年春天开工，今年夏天全部完工，共为三栋楼的十个单元加装了电梯，居民上下楼方便了许多，老人们纷纷点赞。',
]);
const LIBRARY = plainArticle('区图书馆开展全民阅读月活动', [
  '全民阅读月期间，区图书馆接待读者的活动丰富多彩，读者参与热情高涨，图书馆服务受到读者好评，不少读者表示今后会常来看看。',
  '据统计，阅读月期间走进区图书馆参加各类活动的共有12000人次，比去年同期增长三成，其中青少年占了将近一半，亲子共读很受欢迎。',
]);
// One passage of several sentences: a question's topic can stand in one of them or be spread over all.
const PARK = plainArticle('滨河公园改造完工', [
  '滨河公园改造工程去年十月开工。新建的健身步道全长3公里，沿河而行。园内新种了樱花和海棠，春天花开时游人如织，成为市民休闲的好去处。',
]);

// A post named only inside another: the article names its 副校长 and no 校长.
const SCHOOL = plainArticle('区实验中学举行新学年开学典礼', [
  '9月1日上午，区实验中学举行新学年开学典礼，副校长李明主持典礼并致辞，区教委基础教育科科长张华宣读表彰决定，全校师生一千二百余人参加。',
]);

let close: () => void;
let reader: IndexReader;
beforeAll(async () => ({ reader, close } = await openIndexOf({ 'fitness.txt': FITNESS, 'library.txt': LIBRARY, 'tax.txt': TAX_ARTICLE, 'elevators.txt': ELEVATORS, 'park.txt': PARK, 'school.txt': SCHOOL })));
afterAll(() => close());

const reading = { questionWords: new Set(shippedWeights().answerability.questionWords), span: shippedWeights().answerability.span };

/** The answerability features of a question, with the pool reordered so that the passage holding `first` leads. */
function featuresWith(question: string, first: string): Record<(typeof ANSWERABILITY_FEATURES)[number], number> {
  const terms = questionTerms(reader, question);
  const { ranked, matching } = rank(reader, terms, shippedWeights());
  const lead = ranked.find((c) => c.text.includes(first))!;
  const values = answerabilityFeatures(reader, terms, matching, [lead, ...ranked.filter((c) => c !== lead)], reading);
  return Object.fromEntries(ANSWERABILITY_FEATURES.map((f, i) => [f, values[i]!])) as Record<(typeof ANSWERABILITY_FEATURES)[number], number>;
}

describe('answerability', () => {
  it('refuses a near miss on the very article (its topic there, no number of the asked measure) and answers its twin', () => {
    const twin = search(reader, '全民健身日那天有多少名市民去了区体育中心？', 5);
    expect(twin.noAnswer).toBe(false);
    expect(twin.answers[0]!.text).toContain('3600名市民');
    const nearMiss = search(reader, '全民健身日区体育中心免费开放，一共开放了多少个场馆？', 5);
    expect(nearMiss).toMatchObject({ noAnswer: true, answers: [] });
    expect(nearMiss.closest[0]).toBe('区体育中心举办全民健身日活动');
  });

  it('asks the whole article of the first passage for a thing of the asked kind', () => {
    const opening = reader.articlePassages(reader.articleId('fitness.txt')!).find((id) => reader.passage(id).text.includes('免费开放'))!;
    const asked = (question: string) => articleStatesAsked(reader, questionTerms(reader, question), opening, null);
    // stated in another passage of the article than the first: still stated
    expect(reader.passage(opening).text).not.toContain('3600名');
    expect(asked('全民健身日区体育中心免费开放，一共来了多少名市民？')).toBe(true);
    expect(asked('全民健身日区体育中心免费开放，一共开放了多少个场馆？')).toBe(false);
    // a date the article never gives; a question that asks for no number or date is not judged this way
    expect(asked('全民健身日区体育中心是哪一年建成的？')).toBe(false);
    expect(asked('全民健身日区体育中心请来的指导员是谁？')).toBe(true);
  });

  it('sees how much of the topic stands beside a thing of the asked type (typeNear)', () => {
    // 3600名 stands among the question's words; the passage of the near miss has no number of the asked measure (个)
    const answered = featuresWith('全民健身日那天有多少名市民去了区体育中心？', '3600名市民');
    expect(answered.typed).toBe(1);
    expect(answered.typeNear).toBeGreaterThan(0.5);
    expect(featuresWith('全民健身日区体育中心免费开放，一共开放了多少个场馆？', '免费开放').typeNear).toBe(0);
    // a question that asks for no type has nothing to look for
    expect(featuresWith('全民健身日区体育中心有什么活动', '免费开放')).toMatchObject({ typed: 0, typeNear: 0 });
  });

  it('looks at the second passage too (nextTypeNear, nextCoverage)', () => {
    const question = '全民健身日那天有多少名市民去了区体育中心？';
    const second = featuresWith(question, '免费开放');
    // the answering passage, ranked second here, holds the number among the topic
    expect(second.typeNear).toBe(0);
    expect(second.nextTypeNear).toBeGreaterThan(0.5);
    expect(second.nextCoverage).toBeGreaterThan(Math.log(0.02 + 0.5));
  });

  it('scores a count asked about another head, or a post the article names no holder of, below its twin', () => {
    const model = shippedWeights().answerability;
    const score = (question: string, first: string) => answerability(ANSWERABILITY_FEATURES.map((f) => featuresWith(question, first)[f]), model);
    // the article counts 名 of 市民, never of 游客; it names the 局长 who chaired, no 副书记: both parts say so
    for (const part of ['whole', 'fact'] as const) {
      expect(score('全民健身日那天区体育中心的游泳馆一共接待了多少名游客？', '3600名市民')[part]).toBeLessThan(score('全民健身日那天有多少名市民去了区体育中心？', '3600名市民')[part]);
      expect(score('市税务局纳税服务座谈会上发言的副书记是谁？', '王建国')[part]).toBeLessThan(score('市税务局纳税服务座谈会是哪位局长主持的？', '王建国')[part]);
    }
  });

  it('sees whether the asked head stands beside a thing of the asked type (headHeld, headNear, askedNear)', () => {
    const answered = featuresWith('全民健身日那天有多少名市民去了区体育中心？', '3600名市民');
    expect(answered).toMatchObject({ headHeld: 1, headNear: 1, askedHeld: 1, askedNear: 1 });
    // the same passage, asked for a count of 游客: the head is nowhere, the count stands beside other words
    const elsewhere = featuresWith('全民健身日那天区体育中心的游泳馆一共接待了多少名游客？', '3600名市民');
    expect(elsewhere).toMatchObject({ headHeld: 0, headNear: 0 });
    expect(elsewhere.askedNear).toBeLessThan(0.5);
    // the post asked about (副书记), a title of the dictionary, is not in the passage; the 局长 is, beside his name
    expect(featuresWith('市税务局纳税服务座谈会上发言的副书记是谁？', '王建国')).toMatchObject({ headHeld: 0, headNear: 0 });
    expect(featuresWith('市税务局纳税服务座谈会是哪位局长主持的？', '王建国')).toMatchObject({ headHeld: 1, headNear: 1 });
  });

  it('reads the content words either side of the asking word as terms of the question (askedTerms)', () => {
    const around = (question: string) => {
      const terms = questionTerms(reader, question);
      const { before, after, head } = askedTerms(reader, terms, rank(reader, terms, shippedWeights()).matching, reading.questionWords);
      return { before: before?.alternatives[0], after: after?.alternatives[0], head: head?.alternatives[0] };
    };
    expect(around('全民健身日区体育中心是哪一年建成的？')).toEqual({ before: '体育中心', after: '建成', head: '体育中心' });
    // an English question is read by no tagger: it has none
    expect(around('When was the district sports centre built?')).toEqual({ before: undefined, after: undefined, head: undefined });
  });

  it('scores the likeliest thing of the asked type in the first passage by where it stands (answerSpan)', () => {
    // 3600名 stands among the words of the question that asks for 市民; asked for 游客, the same count stands among others
    const answered = featuresWith('全民健身日那天有多少名市民去了区体育中心？', '3600名市民').answerSpan;
    expect(answered).toBeGreaterThan(0.8);
    expect(featuresWith('全民健身日那天区体育中心的游泳馆一共接待了多少名游客？', '3600名市民').answerSpan).toBeLessThan(answered - 0.2);
    // no count of the asked measure in the passage, or no type asked: nothing to score
    expect(featuresWith('全民健身日区体育中心免费开放，一共开放了多少个场馆？', '免费开放').answerSpan).toBe(0);
    expect(featuresWith('全民健身日区体育中心有什么活动', '免费开放').answerSpan).toBe(0);
  });

  it('doubts by its fact part, which reads whether the asked fact is there and not the topic, and either part refuses', () => {
    const model = shippedWeights().answerability;
    const parts = (question: string) => answerability(ANSWERABILITY_FEATURES.map((f) => featuresWith(question, '王建国')[f]), model);
    // the article names the 局长 who chaired and no 副书记: the topic is there for both, the asked post for one
    const named = parts('市税务局纳税服务座谈会是哪位局长主持的？');
    const unnamed = parts('市税务局纳税服务座谈会上发言的副书记是谁？');
    expect(unnamed.whole).toBeGreaterThan(0.5);
    expect(unnamed.fact).toBeLessThan(named.fact / 2);
    expect(passes(named, model.thresholds.chinese)).toBe(true);
    // each part's threshold refuses alone
    expect(passes(named, { ...model.thresholds.chinese, fact: named.fact + 0.01 })).toBe(false);
    expect(passes(named, { ...model.thresholds.chinese, whole: named.whole + 0.01 })).toBe(false);
  });

  it('reads the whole article of the first passage: what of the topic it lacks, and the counts it spells in Chinese numerals', () => {
    const lacks = (question: string) => featuresWith(question, '3600名市民').articleLacks;
    expect(lacks('全民健身日那天有多少名市民去了区体育中心的攀岩馆？')).toBeGreaterThan(lacks('全民健身日那天有多少名市民去了区体育中心？'));
    const first = reader.articlePassages(reader.articleId('elevators.txt')!)[0]!;
    const asked = (question: string) => articleStatesAsked(reader, questionTerms(reader, question), first, null);
    expect(asked('东园小区一共给几栋楼加装了电梯？')).toBe(true);
    // 个 stands for any classifier of single things (十个单元 could count 台), never for a unit such as 吨
    expect(asked('东园小区加装电梯一共用了几台起重机？')).toBe(true);
    expect(asked('东园小区加装电梯一共用了多少吨钢材？')).toBe(false);
  });

  it('refuses who holds a post that the article names only inside another post, or not at all, and answers its twin', () => {
    const twin = search(reader, '区实验中学开学典礼是哪位副校长主持的？', 5);
    expect(twin.noAnswer).toBe(false);
    expect(twin.answers[0]!.source).toBe('school.txt');
    expect(search(reader, '区实验中学的校长叫什么名字？', 5)).toMatchObject({ noAnswer: true, answers: [] });
    const first = reader.articlePassages(reader.articleId('school.txt')!)[0]!;
    const stated = (question: string, head: string) => articleStatesAsked(reader, questionTerms(reader, question), first, head);
    expect(stated('区实验中学的校长是谁？', '校长')).toBe(false);
    expect(stated('区实验中学的副校长是谁？', '副校长')).toBe(true);
    expect(stated('区实验中学的党委书记是谁？', '党委书记')).toBe(false);
    // a deputy is asked as one, whether the tokenizer cuts 副 apart or the dictionary lists no such post: 科长 is
    // stated, 副科长 is not
    expect(stated('区教委的科长是谁？', '科长')).toBe(true);
    expect(stated('区教委的副科长是谁？', '科长')).toBe(false);
    expect(stated('区教委的副科长是谁？', '副科长')).toBe(false);
    // a descriptor is no post: the article names the people it describes by their titles
    expect(stated('区实验中学的领导是谁？', '领导')).toBe(true);
    // a question that asks for no person asks for no post
    expect(articleStatesAsked(reader, questionTerms(reader, '区实验中学开学典礼在哪天举行？'), first, '校长')).toBe(true);
  });

  it('takes no word that jieba joined to an asking word (几栋, 啥时候) for the topic', () => {
    // 几栋 is no word of any passage: as topic it would be the rarest word, and missing
    const values = featuresWith('东园小区老楼加装电梯工程，共为几栋楼加装了电梯？', '三栋楼');
    expect(values.missing).toBe(0);
    expect(values.articleLacks).toBe(0);
  });

  it('sees how much of the topic one sentence holds (sentenceTopic), not the passage', () => {
    const together = featuresWith('滨河公园改造工程哪个月开工？', '健身步道');
    const spread = featuresWith('滨河公园新种樱花的健身步道有多长？', '健身步道');
    // the first sentence holds the whole topic of the first question, as the passage does; the second's topic is
    // spread over the three sentences: much less of it stands in any one than in the passage
    expect(together.coverage).toBeCloseTo(Math.log(0.02 + 1), 10);
    expect(together.sentenceTopic).toBeCloseTo(together.coverage, 10);
    expect(spread.sentenceTopic).toBeLessThan(spread.coverage - 0.5);
  });

  it('sees the numbers the question writes that the article never says (numbersLacking)', () => {
    const lacking = (question: string, first: string) => featuresWith(question, first).numbersLacking;
    expect(lacking('阅读月期间走进区图书馆的12000人次里，青少年占了多少？', '12000人次')).toBe(0);
    expect(lacking('2019年阅读月期间走进区图书馆的12000人次里，青少年占了多少？', '12000人次')).toBe(0.5);
    // a number only as part of a longer one is not said (12 in 12000), and 哪一天 names no number
    expect(lacking('阅读月期间走进区图书馆的12人次里，青少年占了多少？', '12000人次')).toBe(1);
    expect(lacking('区图书馆的全民阅读月是从哪一天开始的？', '12000人次')).toBe(0);
    // the other passages of the article count: 3600 is said in another passage than the first
    expect(lacking('3600名市民参加全民健身日那天，区体育中心开放了哪些场馆？', '免费开放')).toBe(0);
  });

  it('sees the topic words that no passage holds, nor a synonym of them (unknown), as training leaves passages out', () => {
    const unknown = (question: string, first: string) => featuresWith(question, first).unknown;
    expect(unknown('东园小区加装电梯，居民上下楼方便了许多', '加装了电梯')).toBe(0);
    // 居住者 is in no passage, but its synonym 居民 is
    expect(unknown('东园小区加装电梯，居住者上下楼方便了许多', '加装了电梯')).toBe(0);
    // 熊猫 is in none, nor any synonym of it: a share of the topic by IDF, the larger the rarer
    const panda = unknown('东园小区加装电梯，熊猫上下楼方便了许多', '加装了电梯');
    expect(panda).toBeGreaterThan(0);
    expect(panda).toBeLessThan(1);
    // what training leaves out is not there: with the library's article left out, its own words are unknown
    const terms = questionTerms(reader, '阅读月期间走进区图书馆的读者有多少人次？');
    const library = reader.articleId('library.txt')!;
    const withOut = rank(reader, terms, shippedWeights(), { leftOut: leavingOutArticles(reader, (a) => a === library) });
    const values = (r: typeof withOut) => answerabilityFeatures(reader, terms, r.matching, r.ranked, reading);
    const at = ANSWERABILITY_FEATURES.indexOf('unknown');
    expect(values(rank(reader, terms, shippedWeights()))[at]).toBe(0);
    expect(values(withOut)[at]).toBeGreaterThan(0.3);
  });

  it('sees what the question quotes that the article never says (quotedLacking), in any script', () => {
    const lacking = (question: string, first: string) => featuresWith(question, first).quotedLacking;
    // the title quoted as the article writes it, or shortened: said
    expect(lacking('“全民健身日”那天区体育中心发了多少册健身知识手册？', '健身知识手册')).toBe(0);
    expect(lacking('《健身知识手册》在全民健身日发了多少册？', '健身知识手册')).toBe(0);
    // a title the article never names, and one of two quotes
    expect(lacking('《科学健身指南》在全民健身日发了多少册？', '健身知识手册')).toBe(1);
    expect(lacking('“全民健身日”那天《科学健身指南》发了多少册？', '健身知识手册')).toBe(0.5);
    // traditional script and corner brackets, read as the simplified article
    expect(lacking('全民健身日當天區體育中心發了多少冊「健身知識手冊」？', '健身知识手册')).toBe(0);
    // nothing quoted, and a single quoted character, say nothing
    expect(lacking('全民健身日那天区体育中心发了多少册健身知识手册？', '健身知识手册')).toBe(0);
    expect(lacking('“书”在全民健身日发了多少册？', '健身知识手册')).toBe(0);
    // marks that do not pair quote nothing
    expect(lacking('《科学健身指南”在全民健身日发了多少册？', '健身知识手册')).toBe(0);
    // the work the answer is said in, cited as such (a chapter need not name its book): not looked for
    expect(lacking('《科学健身指南》里说全民健身日发了多少册手册？', '健身知识手册')).toBe(0);
    expect(lacking('《科学健身指南》讲全民健身日发了多少册手册？', '健身知识手册')).toBe(0);
    expect(lacking('《科学健身指南》的手册在全民健身日发了多少册？', '健身知识手册')).toBe(1);
    // an English question's Chinese quotes are looked for; its English ones are translated, not looked for as written
    expect(lacking('How many copies of 《科学健身指南》 were handed out on 全民健身日?', '健身知识手册')).toBe(1);
    expect(lacking('How many copies of "Fitness Guide" were handed out on 全民健身日?', '健身知识手册')).toBe(0);
  });
});
