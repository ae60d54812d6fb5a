import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chineseRuns, englishParts, isForeign, translate } from '../../src/retrieval/english.js';
import { IndexReader } from '../../src/retrieval/index-reader.js';
import { questionTerms } from '../../src/retrieval/query.js';
import { search } from '../../src/retrieval/search.js';
import { openIndexOf, rankedSources } from '../helpers/fixtures.js';

const GLOSSARY: Record<string, string[]> = {
  'cyberspace administration of china': ['网信办'],
  'mobilize': ['动员'],
  'meeting': ['会议', '会晤'],
  'hold': ['举行'],
  'py:zhuangrongwen': ['庄荣文'],
  'py:haidian': ['海淀'],
  'bag:commission discipline inspection': ['纪委'],
};
const lookup = (key: string) => GLOSSARY[key] ?? null;

describe('translate', () => {
  it('turns English phrases into groups of Chinese candidates, longest phrase first', () => {
    expect(translate('When did the Cyberspace Administration of China hold its mobilizing meetings?', lookup)).toEqual([
      ['网信办'],
      ['举行'],
      ['动员'],
      ['会议', '会晤'],
    ]);
  });

  it('finds names and places written in pinyin', () => {
    expect(translate('What did Zhuang Rongwen say in Haidian?', lookup)).toEqual([['庄荣文'], ['海淀']]);
    // typed in full width, as a Chinese keyboard may
    expect(translate('Ｗｈａｔ ｄｉｄ Ｚｈｕａｎｇ Ｒｏｎｇｗｅｎ ｓａｙ ｉｎ Ｈａｉｄｉａｎ？', lookup)).toEqual([['庄荣文'], ['海淀']]);
    // with its tone marks
    expect(translate('What did Zhuāng Róngwén say in Hǎidiàn?', lookup)).toEqual([['庄荣文'], ['海淀']]);
    // a place or a name of one word that opens the question, capitalised as any first word is
    expect(translate("Haidian's office said what?", lookup)).toEqual([['海淀']]);
  });

  it('keeps numbers, ordinals and months', () => {
    expect(translate('the 15th group in June 2019', () => null)).toEqual([['第15', '15'], ['6月'], ['2019']]);
  });

  it('finds a phrase written in another order through the bag of its content words', () => {
    expect(translate('Who spoke for the Commission for Discipline Inspection?', lookup)).toEqual([['纪委']]);
  });

  it('reaches the form a gloss is written in through inflections, derivations and American spelling', () => {
    const glossed: Record<string, string[]> = { rectify: ['整改'], neighbor: ['邻国'], plan: ['计划'] };
    const find = (key: string) => glossed[key] ?? null;
    expect(translate("The 'rectification' of neighbours planned", find)).toEqual([['整改'], ['邻国'], ['计划']]);
  });

  it('pools the candidates of a word alone with those of the word it derives from', () => {
    const glossed: Record<string, string[]> = { rectification: ['矫正'], rectify: ['整改'] };
    expect(translate('Which rectification?', (key) => glossed[key] ?? null)).toEqual([['矫正', '整改']]);
    const short: Record<string, string[]> = { legal: ['合法'], leg: ['腿'] };
    expect(translate('Is it legal?', (key) => short[key] ?? null)).toEqual([['合法']]);
  });

  it('looks a noun up in the plural too, as some glosses are written', () => {
    const glossed: Record<string, string[]> = { batches: ['批'], second: ['第二'] };
    const holds = (word: string) => word === '第二批';
    expect(translate('the second batch', (key) => glossed[key] ?? null, holds)).toEqual([['第二批', '第二'], ['第二批', '批']]);
    // not for a word of two letters, whose "plural" is another word
    const greeting: Record<string, string[]> = { hi: ['嗨'], his: ['其', '他'] };
    expect(translate('Say hi!', (key) => greeting[key] ?? null)).toEqual([['嗨']]);
  });

  it('pools the candidates of a word as written and of its bare form', () => {
    const glossed: Record<string, string[]> = { events: ['事变'], event: ['事件', '活动'] };
    expect(translate('Which events?', (key) => glossed[key] ?? null)).toEqual([['事变', '事件', '活动']]);
  });

  it('does not translate phrases that only frame the question', () => {
    expect(translate('How many meetings?', (key) => (key === 'how many' ? ['多少'] : lookup(key)))).toEqual([['会议', '会晤']]);
  });

  it('tells English questions from Chinese ones', () => {
    expect(isForeign('When was the meeting held?')).toBe(true);
    expect(isForeign('中央网信办的会议')).toBe(false);
    // English sentences that write a name, a place or a title in Chinese; short ones too
    for (const question of [
      'When did 刘长利 visit the railway academy?',
      'Who leads 网信办 now?',
      'What is 网信办?',
      'Xi Jinping visited 遵义 when?',
      "What is 网信办's job?",
      "When did 李强's delegation arrive in 新加坡?",
      'How many 党员 are there in 上海?',
      'Who is the president of 几内亚?',
      'Where was 《谁是最可爱的人》 written?',
      'What does "两个确立" mean?',
      'When did 賴清德 visit 台南?',
      // 哪吒 and 吗啡 ask nothing
      'How much did 哪吒2 earn at the box office?',
      'When was 吗啡 banned?',
      'Ｗｈｅｎ ｄｉｄ 刘长利 ｖｉｓｉｔ ｔｈｅ ｒａｉｌｗａｙ ａｃａｄｅｍｙ？',
    ]) {
      expect(isForeign(question), question).toBe(true);
    }
    // Chinese questions, whatever English they name: their Chinese asks (in either script)
    for (const question of [
      'Ministry of Industry and Information Technology发布了什么新规？',
      'University of Science and Technology of China在哪个城市？',
      '政府工作报告的英文版叫Report on the Work of the Government吗',
      '他是不是in the loop？',
      '为什么说这是the end of an era',
      '有没有关于APEC的news report',
      '關於the Belt and Road的報導有哪些？',
      // or they name English in quotes or brackets only, or a name with no function word
      '地球公民协会的英文名取为「Mercy on the Earth, Taiwan」',
      '英语里‘in the loop’的说法',
      '中国科学技术大学【University of Science and Technology of China】的校区',
      '伊芳·卡特菲参与影片《Eine Frau wie Romy》（A Woman Like Romy）的演出',
      'Apple Lossless是哪个公司的无损音频压缩编码格式？',
      'Mark Regnerus的研究',
    ]) {
      expect(isForeign(question), question).toBe(false);
    }
  });

  it('takes the Chinese of an English question out of its English, with its digits and without its possessive', () => {
    const question = "When did 刘长利's group visit the 第18届 fair in 2023年?";
    expect(chineseRuns(question)).toEqual(['刘长利', '第18届', '2023年']);
    // full-width digits as the analysis reads them
    expect(chineseRuns('What happened in ２０１９年?')).toEqual(['2019年']);
    expect(englishParts(question).map((part) => part.trim())).toEqual(['When did', 'group visit the', 'fair in', '?'].filter((p) => /\p{L}/u.test(p)));
  });
});

describe('English questions over the index', () => {
  let close: () => void;
  let reader: IndexReader;
  beforeAll(async () => ({ reader, close } = await openIndexOf({
    '纪委会议.txt': '安徽省纪委召开专题会议\n安徽省纪委副书记樊勇在会上表示，要把问题整改落实到位，确保整改取得实效。',
    '委员会会议.txt': '安徽省某委员会召开专题会议\n安徽省某委员会副书记王强在会上表示，要把问题整改落实到位，确保整改取得实效。',
  })));
  afterAll(() => close());

  it('keeps a glossary of the corpus words and of the names found', () => {
    expect(reader.glossary('mobilization')).toEqual(['动员']);
    expect(reader.glossary('py:zhuangrongwen')).toEqual(['庄荣文']);
    expect(reader.glossary('skateboard')).toBeNull();
  });

  it('answers an English question with the Chinese passage', () => {
    const first = search(reader, 'What did Zhuang Rongwen stress?', 3).answers[0]!;
    expect(first.paragraph).toBe(3);
    expect(first.highlight.startsWith('庄荣文强调')).toBe(true);
    expect(search(reader, 'How much does a Disneyland ticket cost?', 3).noAnswer).toBe(true);
  });

  it('answers a Chinese question that spells a name in pinyin as it answers the name written in Han', () => {
    const spelled = search(reader, 'Zhuang Rongwen 强调了什么', 3);
    expect(spelled.noAnswer).toBe(false);
    expect(spelled.answers.map((a) => a.text)).toEqual(search(reader, '庄荣文强调了什么', 3).answers.map((a) => a.text));
    expect(spelled.answers[0]!.highlight.startsWith('庄荣文强调')).toBe(true);
  });

  it('finds the abbreviation a phrase stands for, over a passage that holds the phrase word by word', () => {
    const first = search(reader, 'Which deputy secretary of the Anhui Commission for Discipline Inspection spoke?', 3).answers[0]!;
    expect(first.sources[0]).toBe('纪委会议.txt');
  });
});

describe('English words with several Chinese candidates', () => {
  let close: () => void;
  let reader: IndexReader;
  beforeAll(async () => ({ reader, close } = await openIndexOf({
    '博物馆.txt': '代表团活动\n代表团访问了省博物馆，参观了新近出土的青铜器和陶器。',
    '博物院.txt': '考察报道\n考察组造访了故宫博物院，了解了文物修复工作的进展情况。',
    '走访.txt': '走访记录\n工作组访问了三户居民，探望了老党员，又造访了两家商户，再走访了社区医院。',
    '展览.txt': '展览消息\n省博物馆的新展开幕，展出了近年征集的书画和瓷器。',
    '馆藏.txt': '馆藏介绍\n博物馆馆藏文物约十万件，其中一级文物三百余件。',
    '出席.txt': '座谈会\n王强出席了座谈会并讲话，会议讨论了年度工作计划。',
    '参加.txt': '动员会\n李明参加了动员会，会上布置了下一阶段的重点任务。',
    '天气.txt': '天气预报\n明天天气晴朗，气温回升，适宜外出踏青和晾晒衣物。',
    '六月.txt': '会议安排\n本次会议定于6月10日召开，各单位按时报送材料。',
    '八月.txt': '会议通知\n全体会议定于8月10日召开，各单位按时报送名单。',
    '主题教育.txt': '学习安排\n主题教育期间，各支部组织党员集中学习党章。',
    '安全教育.txt': '学校活动\n学校围绕安全教育开展活动，确定了本学期的活动主题。',
    '恩格斯.txt': '读书笔记\n恩格斯在书中写道，劳动创造了人本身，这一论断至今仍有启发意义。',
    '整改.txt': '整改通报\n县里完成了全部整改任务，群众普遍满意，有关部门将持续跟踪。',
  })));
  afterAll(() => close());

  const ranked = (question: string) => rankedSources(reader, question);

  it('finds the passages holding any candidate of each word, before one holding two candidates of one word', () => {
    // visit: 访问, 造访, 探望, 走访 (and more); museum: 博物馆, 博物院. All candidates of a word are one term, so the
    // passages with both words come before the one that says "visit" four ways (as four terms it would come first)
    expect(ranked('Which museum did they visit?').slice(0, 2).sort()).toEqual(['博物院.txt', '博物馆.txt']);
  });

  it('finds a passage through a thesaurus synonym of a candidate', () => {
    // attend: 出席; the thesaurus puts 参加 beside it, which CC-CEDICT glosses "to take part"
    expect(ranked('Who attended?')).toContain('参加.txt');
  });

  it('finds the compound two English words make in Chinese, which the index holds as one word', () => {
    // theme 主题 + education 教育: the index holds 主题教育, not its parts; the other passage holds the parts apart
    const order = ranked('What happened during the theme education?');
    expect(order.indexOf('主题教育.txt')).toBeGreaterThanOrEqual(0);
    expect(order.indexOf('主题教育.txt')).toBeLessThan(order.indexOf('安全教育.txt'));
  });

  it('finds a person by the surname of the name CC-CEDICT glosses', () => {
    // 恩格斯: "Friedrich Engels (1820-1895)"
    expect(ranked('What did Engels say?')[0]).toBe('恩格斯.txt');
  });

  it('finds a word glossed as two acts by either of them', () => {
    // 整改: "to rectify and improve"
    expect(ranked('What did the county rectify?')[0]).toBe('整改.txt');
  });

  it('searches a month as the words the index holds', () => {
    expect(questionTerms(reader, 'What is on June 10?').words.map((w) => w.alternatives)).toEqual([['6'], ['月'], ['10']]);
    expect(ranked('What is on June 10?')[0]).toBe('六月.txt');
  });
});
