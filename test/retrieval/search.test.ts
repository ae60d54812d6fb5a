import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build.js';
import { IndexReader } from '../../src/retrieval/index-reader.js';
import { noAnswerLine, search } from '../../src/retrieval/search.js';
import { shippedWeights } from '../../src/retrieval/weights.js';
import { withoutLinks } from '../../src/text/text.js';
import { articlesWith, GIVEN_ARTICLE, plainArticle, tempDir } from '../helpers/fixtures.js';

// Three articles on neighbouring topics, so that ranking must pick the right paragraph, not only the right words.
const FLOOD = plainArticle('南平市把主题教育开在防汛一线', [
  '6月下旬，南平市遭遇持续强降雨，多地出现洪涝灾害。',
  '市委第一时间启动应急响应，全市共派出5320名干部下沉一线，指导群众转移避险，累计转移群众4.2万人。',
  '各级党组织把防汛救灾作为检验主题教育成效的试金石，党员干部冲在前、干在先。',
]);
const TREES = plainArticle('区园林绿化局开展秋季植树活动', [
  '10月12日，区园林绿化局组织干部职工在北坞公园开展秋季植树活动，共栽种银杏、油松等苗木三百余株。',
  '活动现场，技术人员向参与者讲解了苗木栽植和养护的要点，倡导全社会爱绿护绿。',
]);
// a passage that opens with the question's event and names who chaired it in the next sentence
const SESSION = plainArticle('区人大常委会召开第40次主任会议', [
  '区第十六届人大常委会第40次主任会议10月15日召开。区人大常委会主任王鲁豫主持会议并讲话。会议听取了关于全区养老服务工作情况的报告，研究了下一阶段的重点工作。',
]);
// a report whose first sentence restates the event a question names, and whose next, sharing little else with the
// question, says who chaired it
const STUDY = plainArticle('自治区政府党组召开主题教育集体学习会', [
  '6月26日上午，自治区政府党组召开第一次主题教育集体学习会。自治区党委常委、自治区政府党组副书记马学军主持会议并讲话。',
]);
// two reports of one series, each naming its own batch
const THIRD = plainArticle('新区启动第三批征迁安置', ['日前，新区启动第三批征迁安置，涉及94个村。新区同步召开和谐征迁动员大会，把主题教育大课堂搬到征迁一线。']);
const SECOND = plainArticle('新区完成第二批征迁安置', ['新区第二批征迁安置工作已经完成，共涉及12个村，群众满意度较高。']);

let dir: string;
let cleanup: () => void;
let reader: IndexReader;
beforeAll(async () => {
  ({ dir, cleanup } = tempDir());
  const articles = articlesWith(dir, { 'flood.txt': FLOOD, '领导活动/2019-10-12/trees.txt': TREES, 'session.txt': SESSION, 'study.txt': STUDY, 'third.txt': THIRD, 'second.txt': SECOND });
  await buildIndex({ articlesDir: articles, indexDir: path.join(dir, 'index') });
  reader = IndexReader.open(path.join(dir, 'index'));
});
afterAll(() => {
  reader.close();
  cleanup();
});

describe('search', () => {
  it('answers when the 网信办 meeting was held with the paragraph that says 6月11日', () => {
    const result = search(reader, '中央网信办主题教育动员大会是哪天召开的', 5);
    expect(result.noAnswer).toBe(false);
    const first = result.answers[0]!;
    expect(first).toMatchObject({ source: GIVEN_ARTICLE, sources: [GIVEN_ARTICLE], paragraph: 1 });
    expect(first.title).toBe('中央网信办召开“不忘初心、牢记使命”主题教育动员大会');
    expect(first.highlight).toBe('中央网信办“不忘初心、牢记使命”主题教育动员大会6月11日上午举行。');
    expect(first.text.startsWith(first.highlight)).toBe(true);
  });

  it("points to the article's paragraph, not the passage's place, past a paragraph cut in three", () => {
    // the given article's third paragraph is three passages: the fourth paragraph is its sixth passage
    const first = search(reader, '陈凤翔提到的主题教育工作会是哪天开的', 5).answers[0]!;
    expect(first.text).toMatch(/^陈凤翔指出，[^]*5月31日/u);
    expect(first).toMatchObject({ source: GIVEN_ARTICLE, paragraph: 4, passage: 6 });
    const part = search(reader, '庄荣文说要以力戒形式主义官僚主义为重点加强什么建设', 5).answers[0]!;
    expect(part.text).toMatch(/^以力戒形式主义/u);
    expect(part).toMatchObject({ paragraph: 3, passage: 5 });
  });

  it('shows in bold the sentence that holds the kind of answer asked for, over one that only repeats the question', () => {
    const first = search(reader, '区人大常委会第40次主任会议是谁主持的', 5).answers[0]!;
    expect(first.source).toBe('session.txt');
    expect(first.highlight).toBe('区人大常委会主任王鲁豫主持会议并讲话。');
    // a question that asks for no kind of answer keeps the best match
    expect(search(reader, '区人大常委会第40次主任会议召开的情况', 5).answers[0]!.highlight).toBe('区第十六届人大常委会第40次主任会议10月15日召开。');
  });

  it('shows in bold the sentence of the likeliest answer when the best match holds none', () => {
    const first = search(reader, '自治区政府党组6月26日第一次主题教育集体学习会是谁主持的？', 5).answers[0]!;
    expect(first.source).toBe('study.txt');
    expect(first.highlight).toBe('自治区党委常委、自治区政府党组副书记马学军主持会议并讲话。');
  });

  it('puts a report of another of the ordinals asked after those of its own, and refuses when no report has it', () => {
    // worded as the third batch's report is: that report matches better, and is about another batch
    const second = search(reader, '新区第二批征迁安置召开和谐征迁动员大会，把主题教育大课堂搬到征迁一线，涉及多少个村', 5);
    expect(second.answers[0]!.source).toBe('second.txt');
    expect(second.answers.map((a) => a.source)).toContain('third.txt');
    // the 94 villages of the third batch are no answer about a fourth
    const fourth = search(reader, '新区第四批征迁安置涉及多少个村', 5);
    expect(fourth.noAnswer).toBe(true);
    expect(search(reader, '新区第三批征迁安置涉及多少个村', 5).answers[0]!.highlight).toContain('涉及94个村');
  });

  it('ranks the paragraph that answers above others of the same article', () => {
    const first = search(reader, '南平防汛派了多少干部下到基层？', 5).answers[0]!;
    expect(first.source).toBe('flood.txt');
    expect(first.text).toContain('5320名干部');
    expect(first.highlight).toContain('5320名干部');
  });

  it('folds traditional Chinese in the question', () => {
    const first = search(reader, '中央網信辦主題教育動員大會是哪天召開的', 5).answers[0]!;
    expect(first.text).toContain('6月11日');
  });

  it('carries the date of an article filed under a dated folder', () => {
    const first = search(reader, '北坞公园秋季植树栽了多少苗木', 5).answers[0]!;
    expect(first).toMatchObject({ source: '领导活动/2019-10-12/trees.txt', date: '2019-10-12' });
  });

  it('says noAnswer instead of returning noise', () => {
    for (const question of ['上海迪士尼乐园的门票多少钱一张？', 'iPhone电池续航怎么样']) {
      expect(search(reader, question, 5)).toMatchObject({ noAnswer: true, answers: [] });
    }
  });

  it('keeps what a refusal withheld apart from the answers, and withholds nothing when it answers', () => {
    const shipped = shippedWeights();
    const refuseAll = { ...shipped, answerability: { ...shipped.answerability, thresholds: { chinese: { whole: 1.01, fact: 0 }, english: { whole: 1.01, fact: 0 } } } };
    const refused = search(reader, '南平防汛派了多少干部下到基层？', 3, refuseAll);
    expect(refused).toMatchObject({ noAnswer: true, answers: [] });
    expect(refused.withheld).toEqual(search(reader, '南平防汛派了多少干部下到基层？', 3).answers);
    expect(search(reader, '南平防汛派了多少干部下到基层？', 3).withheld).toEqual([]);
  });

  it('judges a question by the thresholds of its language', () => {
    const shipped = shippedWeights();
    const refuse = { whole: 1.01, fact: 0 };
    const answer = { whole: 0, fact: 0 };
    const withThresholds = (chinese: typeof refuse, english: typeof refuse) => ({ ...shipped, answerability: { ...shipped.answerability, thresholds: { chinese, english } } });
    const chinese = '南平防汛派了多少干部下到基层？';
    const english = 'How many cadres did Nanping send to the grassroots during the floods?';
    expect(search(reader, chinese, 3, withThresholds(refuse, answer)).noAnswer).toBe(true);
    expect(search(reader, english, 3, withThresholds(refuse, answer)).noAnswer).toBe(false);
    expect(search(reader, chinese, 3, withThresholds(answer, refuse)).noAnswer).toBe(false);
    expect(search(reader, english, 3, withThresholds(answer, refuse)).noAnswer).toBe(true);
  });

  it('returns at most k answers, best first', () => {
    const answers = search(reader, '主题教育', 3).answers;
    expect(answers).toHaveLength(3);
    const scores = answers.map((a) => a.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('answers a question as a fresh reader does after other questions have filled its caches', () => {
    const questions = ['中央网信办主题教育动员大会是哪天召开的', '南平防汛派了多少干部下到基层？', '北坞公园秋季植树栽了多少苗木', '主题教育'];
    const fresh = questions.map((question) => {
      const own = IndexReader.open(path.join(dir, 'index'));
      const result = search(own, question, 5);
      own.close();
      return result;
    });
    for (const round of [0, 1]) questions.forEach((question, i) => expect(search(reader, question, 5), `${question} ${round}`).toEqual(fresh[i]));
  });

  it('answers as a reader opened for one question does (each text cut with the words found in it, the thesaurus searched)', () => {
    const questions = [
      '中央网信办主题教育动员大会是哪天召开的',
      '中央網信辦主題教育動員大會是哪天召開的',
      '谁作动员讲话',
      '庄荣文担任什么职务',
      '南平防汛派了多少干部下到基层？',
      '北坞公园秋季植树栽了多少苗木',
      '电脑多少钱一台',
      'When did the Cyberspace Administration hold its mobilization meeting?',
      '上海迪士尼乐园的门票多少钱一张？',
    ];
    for (const question of questions) {
      const one = IndexReader.open(path.join(dir, 'index'), { oneQuestion: true });
      expect(search(one, question, 5), question).toEqual(search(reader, question, 5));
      one.close();
    }
  });

  it('rejects an empty question, one without words and one longer than the bot takes', () => {
    expect(() => search(reader, '   ', 5)).toThrow('the question is empty');
    expect(() => search(reader, ' ？！…🙂 ', 5)).toThrow('the question has no words');
    expect(search(reader, '2019?', 5).question).toBe('2019?');
    // read as the search reads it: 🈶 is 有
    expect(search(reader, '🈶', 5).question).toBe('🈶');
    // a pasted page is no question: refused before anything is ranked, at any length past the bot's limit
    expect(() => search(reader, '动员大会'.repeat(126), 5)).toThrow('the question is 504 characters long; ask in at most 500');
    expect(search(reader, ` ${'动员大会'.repeat(125)} `, 5).question).toHaveLength(500);
    // counted in characters, as Discord counts an option: a character beyond the basic plane is one
    expect(search(reader, '𠮷'.repeat(500), 5).question).toHaveLength(1000);
    expect(() => search(reader, '𠮷'.repeat(501), 5)).toThrow('the question is 501 characters long; ask in at most 500');
  });

  it('answers small talk with what to ask, and searches a question without the greeting or thanks around it', () => {
    expect(() => search(reader, '谢谢！', 5)).toThrow(/^that is no question about the articles: ask who, what, when, where or how many/u);
    const plain = search(reader, '中央网信办主题教育动员大会是哪天召开的', 5);
    const polite = search(reader, '你好，中央网信办主题教育动员大会是哪天召开的？谢谢', 5);
    expect(polite.question).toBe('你好，中央网信办主题教育动员大会是哪天召开的？谢谢');
    expect(polite.answers).toEqual(plain.answers);
  });

  it('searches a question without the links, e-mail addresses and Discord mentions in it', () => {
    const plain = search(reader, '中央网信办主题教育动员大会是哪天召开的', 5);
    expect(plain.noAnswer).toBe(false);
    for (const question of [
      '中央网信办主题教育动员大会是哪天召开的 https://www.gov.cn/xinwen/index.htm',
      '中央网信办主题教育动员大会是哪天召开的 HTTPS://WWW.GOV.CN/XINWEN',
      '<@123456789> 中央网信办主题教育动员大会是哪天召开的 www.cac.gov.cn abc@example.com',
    ]) {
      expect(search(reader, question, 5).answers, question).toEqual(plain.answers);
    }
    expect(() => search(reader, 'https://www.gov.cn', 5)).toThrow('the question holds only links and mentions: ask about something the articles report');
    // a mention's digits are no words of the question
    expect(() => search(reader, '<@123456789> ？？', 5)).toThrow('the question has no words');
    // an address is no link where its letters run on (awww.cute), and @here in an e-mail address is no mention
    expect(withoutLinks('awww.cute 与 info@here.gov.cn 和 @here')).toBe('awww.cute 与   和  ');
  });

  it('finds nothing for a question of asking and linking words alone, and says to name what it is about', () => {
    for (const question of ['谁是', '这是哪天？', '为什么', '他是谁']) {
      const result = search(reader, question, 5);
      expect(result, question).toMatchObject({ noAnswer: true, answers: [], withheld: [], closest: [] });
    }
    expect(noAnswerLine('谁是', [])).toBe('No answer in the articles for: 谁是\nNothing in the articles comes near it: name who or what it is about (谁是中央网信办主任, 动员大会是哪天开的).');
    // one word that names a thing is enough to search by
    const named = search(reader, '谁是庄荣文', 5);
    expect([...named.answers, ...named.withheld][0]?.text).toContain('庄荣文');
  });
});
