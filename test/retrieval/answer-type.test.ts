import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { describe, expect, it } from 'vitest';
import { answerType, askedHead, askedWords, cueNeighbours, holdsType, namesNothing, typeSpans, type AnswerType } from '../../src/retrieval/answer-type.js';
import { analyse } from '../../src/text/text.js';

const jieba = Jieba.withDict(dict);
/** Whether an (analysed) sentence holds what the question asks for, as ranking sees it (wide: as no answer does). */
function holds(question: string, sentence: string, wide = false): boolean {
  const type = answerType(question);
  if (type === null) throw new Error(`no answer type for ${question}`);
  const analysed = analyse(sentence);
  return holdsType(type, analysed, analyse(question), () => jieba.tag(analysed, false), wide);
}

/** Whether a sentence holds what the question asks for as ranking reads it, and as no answer does (wide). */
const both = (question: string, sentence: string) => [holds(question, sentence), holds(question, sentence, true)];

/** For each case, whether the sentence holds what the question asks for (wide: as no answer reads it). */
function judge(cases: [question: string, sentence: string, expected: boolean, wide?: boolean][]): void {
  for (const [question, sentence, expected, wide] of cases) expect(holds(question, sentence, wide), `${question} / ${sentence}`).toBe(expected);
}

/** Each question read for the answer type given (null: none). */
function readAs(cases: Record<string, AnswerType | null>): void {
  for (const [question, type] of Object.entries(cases)) expect(answerType(question), question).toBe(type);
}

describe('answer type', () => {
  it("takes no reporter's or editor's name in a byline for the person asked about", () => {
    judge([
      ['第40次主任会议是谁主持的', '海淀人大网讯（记者 彭伟）10月15日，区第十六届人大常委会第40次主任会议召开。', false],
      ['第40次主任会议是谁主持的', '（责任编辑：魏颖）会议由王鲁豫主持。', true],
    ]);
  });

  it('reads a count written with 万 or 亿 before 余', () => {
    expect(holds('全国一共有多少座水库？', '全国共有水库9.8万余座')).toBe(true);
    expect(holds('消防队伍一共有多少人？', '参学的消防指战员和干部职工16万余人')).toBe(true);
  });

  it('counts in any of the measures that count the same things (人, 名, 位; 度, ℃)', () => {
    judge([
      ['3月1日最低气温多少度？', '3月1日本市最低气温-5℃', true],
      ['读书班一共去了多少人？', '正处级以上领导干部4700余名参加读书班', true],
      ['一共去了几个人？', '共计38人参加活动', true],
    ]);
    // a number in another measure is not a count of people
    expect(holds('读书班一共去了多少人？', '读书班连续举办3期')).toBe(false);
  });

  it('reads the classifiers of single things as one class in the no-answer (wide) reading: 个 stands for 座, 项 for 条', () => {
    expect(both('计划推广建多少座司机之家？', '推广建设100个司机之家')).toEqual([false, true]);
    expect(both('方案一共列了多少条工作措施？', '方案提出20项工作措施')).toEqual([false, true]);
    expect(both('一共列了多少个问题？', '梳理出12项问题')).toEqual([false, true]);
    expect(both('全市组建了几支志愿服务队？', '全市组建12个志愿服务队')).toEqual([false, true]);
    judge([
      // people and units are not single things: a count of items is no head count, nor a sum of money
      ['读书班一共去了多少人？', '读书班安排了12项议程', false, true],
      ['一共建了多少座水库？', '投资12亿元，工期12天', false, true],
      // 种 and 类 count kinds, not things
      ['一共提出了多少项措施？', '措施分为3类', false, true],
    ]);
  });

  it('reads the measure words of the language, not only the commonest: 起 counts cases, 匹 horses', () => {
    expect(holds('去年一共查处了多少起案件？', '全年查处违纪违法案件12起')).toBe(true);
    // spelled out, a measure word that begins many another word is no number (进一步, 一起)
    judge([
      ['农村人口比例是多少？', '要进一步加强，一起推进', false, true],
      ['马场现在一共养着多少匹马？', '马场共有职工3000人', false, true],
      ['马场现在一共养着多少匹马？', '马场现有马匹2000余匹', true, true],
    ]);
  });

  it('never answers a count of years with a calendar year', () => {
    for (const wide of [false, true]) {
      expect(holds('他最后被判了几年？', '2019年，他因受贿罪被判处有期徒刑', wide)).toBe(false);
      expect(holds('他最后被判了几年？', '2019年，他因受贿罪被判处有期徒刑11年', wide)).toBe(true);
      expect(holds('这项活动已经持续多久了？', '2019年，活动继续开展', wide)).toBe(false);
      expect(holds('欧美同学会有多少年历史了？', '欧美同学会已有100年历史', wide)).toBe(true);
      // a year of the calendar's form that what stands around it counts: 两千年 is analysed 2000年
      expect(holds('欧美同学会有多少年历史了？', '已有2000年历史', wide)).toBe(true);
      expect(holds('这项活动已经持续多久了？', '活动已持续近30年', wide)).toBe(true);
    }
  });

  it('answers 第几 with an ordinal, which need name no measure word', () => {
    judge([
      ['四川主题教育归中央第几指导组？', '中央第14指导组到四川督导', true],
      ['那是第几次集体学习？', '这是政治局第18次集体学习', true],
      // an ordinal is no count, and the question's own ordinal is not its answer
      ['四川一共派了几个指导组？', '中央第14指导组到四川督导', false],
      ['第二批主题教育由第几指导组督导？', '第2批主题教育开始', false],
      // spelled out, as a lone numeral before 指导组 stays; and in another measure, no answer
      ['四川主题教育归中央第几指导组？', '中央第三指导组到四川督导', true],
      ['那是第几次集体学习？', '第2批主题教育开始', false],
    ]);
  });

  it('takes a large number without its measure word as the count asked for', () => {
    expect(holds('这条经济带上总共有多少人口？', '这条经济带上居住着近30亿')).toBe(true);
  });

  it('answers how long (多久) with a length of time, and never a bare year a question does not count in', () => {
    judge([
      ['那几栋简易楼的房龄有多久了？', '楼龄超过60年', true],
      ['那几栋简易楼的房龄有多久了？', '简易楼共有3栋', false],
      ['这项工作投入了多少资金？', '2019年，这项工作全面展开', false],
    ]);
  });

  it('answers how long in days or weeks, as no answer reads it: 工作日, 星期, 周', () => {
    judge([
      ['网上注册公司多久能拿到营业执照？', '申报审核通过后两个工作日内就可以拿到营业执照', true, true],
      ['这次集中整治持续多长时间？', '集中整治为期3周', true, true],
      ['这次集中整治持续多长时间？', '集中整治共检查3个单位', false, true],
      // an age, the third week, all around and a lap are no length of time
      ['这次集中整治持续多长时间？', '参加整治的志愿者须年满18周岁', false, true],
      ['这次集中整治持续多长时间？', '整治进入第3周', false, true],
      ['这次集中整治持续多长时间？', '环顾四周，村容村貌焕然一新', false, true],
    ]);
  });

  it('answers 几号 with a day or, as no answer reads it, with digits that are no count (a hotline)', () => {
    judge([
      ['外交部领事保护热线是几号？', '加强外交部领事保护12308热线建设', true, true],
      ['外交部領事保護熱線是幾號？', '加强外交部领事保护12308热线建设', true, true],
      ['服务热线是几号？', '服务热线电话：010-12345678', true, true],
      ['会议是几号开的？', '会议于6月11日上午举行', true, true],
      ['会议是几号开的？', '共有300名代表参加会议', false, true],
      ['会议是几号开的？', '会议于2019年召开', false, true],
      // counts, however written, and spans of years are no number asked by 几号
      ['会议是几号开的？', '共有300多名代表参加会议', false, true],
      ['会议是几号开的？', '收到意见建议1500余条', false, true],
      ['会议是几号开的？', '会议审议了2021—2035年规划纲要', false, true],
    ]);
  });

  it('reads 个月 as months: a length of time, not a count of things', () => {
    judge([
      ['文件起草组前后忙了多久？', '文件起草历时将近7个月', true],
      ['一共列了多少个问题？', '整改历时7个月', false],
      ['一共列了多少个问题？', '共列出7个问题', true],
    ]);
  });

  it('answers money and size questions in the units of their dimension, as no answer reads them', () => {
    // any number for the ranking, which learned so; only money for no answer
    expect(both('哈尔滨那31个棚改项目总投资一共是多少钱？', '今年启动31个棚改项目，第一批已启动12个')).toEqual([true, false]);
    expect(both('哈尔滨那31个棚改项目总投资一共是多少钱？', '31个棚改项目计划总投资1.3亿元')).toEqual([true, true]);
    // money as people say it, and in another currency
    expect(both('饮料摊一天能挣多少钱？', '我的小饮料摊，一天就能挣400块钱')).toEqual([true, true]);
    expect(both('建这些场地一共花了多少钱？', '村里建成3块场地')).toEqual([true, false]);
    expect(both('这笔援助一共多少钱？', '援助总额为500万美元')).toEqual([true, true]);
    expect(both('遗址公园规划占地有多大？', '遗址公园分三期建设，一期建成12个景点')).toEqual([true, false]);
    expect(both('遗址公园规划占地有多大？', '遗址公园规划占地约50公顷')).toEqual([false, true]);
    judge([
      ['卡门线多高？', '卡门线位于海拔100公里处', true, true],
      // a length in the unit the question names, or another of length; a volume is none
      ['呼伦湖最深处有几公尺？', '呼伦湖最深处约8米', true, true],
      ['呼倫湖最深處有幾公尺？', '累计补水80多亿立方米', false, true],
      ['卡门线多高？', '卡门线的概念于1957年提出', false, true],
      // a rate asked how high is a share, not a height
      ['区法院去年执行案件的结案率有多高？', '2018年全区执行案件结案率90.18%。', true, true],
      ['贫困人口的比例有多高？', '贫困人口占比下降到3.2%', true, true],
      // 多长 asks a length of time as well; 许多高 is many tall things, not a height
      ['他的任期是多长？', '任期五年', true, true],
      ['那里的许多高楼一共有多少栋？', '新建高楼共30栋', true, true],
    ]);
  });

  it('asks for a place with 哪个 or 什么 and a noun of places: a community, a station, a hall, a city', () => {
    readAs(Object.fromEntries(['开完会以后去了哪个社区？', '这趟车从哪个站开出？', '见面会是在人民大会堂哪个厅开的？', '纪念馆建在哪座城市？', '纪念馆建在什么城市？', '这种鸟分布在什么地区？'].map((q) => [q, 'place'])));
    expect(holds('开完会以后去了哪个社区？', '随后来到紫竹院社区实地查看')).toBe(true);
    expect(holds('这趟车从哪个站开出？', '列车从北京西站开出')).toBe(true);
  });

  it('reads the spoken 啥 as 什么: 啥时候 asks a date, 啥地方 a place, 啥人 a person', () => {
    readAs({
      '统战部啥时候开始抓整改': 'date',
      '统战部几时开始抓整改': 'date',
      '会是在啥地方开的': 'place',
      '那天来的是啥人': 'person',
      '那个部门是干啥的': null,
    });
  });

  it('reads what a post is called as who holds it, and what a thing is called or what a post is as no person', () => {
    readAs({
      '西北旺镇的镇长叫啥？': 'person',
      '那个纪检监察组，组长叫什么？': 'person',
      '鎮長叫甚麼？': 'person',
      '这个活动叫什么？': null,
      '首席部长是什么级别的称呼？': null,
    });
    const head = (question: string) => askedHead(jieba.tag(analyse(question), false), () => false);
    expect(head('西北旺镇的镇长叫啥？')).toBe('镇长');
  });

  it('reads the words of common phrases as no cue: 近几年, 许多高校, 多大程度, 谁知道, 什么人才, 区别在哪里, 什么省级', () => {
    readAs({
      '近几年来，政府出台了哪些措施？': null,
      '过去几年主要做了哪些工作？': null,
      '前几天开的会讨论了什么？': null,
      '吸引更多大学生返乡创业有哪些措施？': null,
      '许多高校开展了什么活动？': null,
      '这在多大程度上改变了局面？': null,
      '这次改革的影响有多深刻？': null,
      '主题教育有多重要？': null,
      '谁知道这个政策是什么意思？': null,
      '为什么说谁都不能搞特殊？': null,
      '需要什么人才？': null,
      '两者的区别在哪里？': null,
      '问题出在哪儿？': null,
      '获得了什么省级荣誉？': null,
      '推出了什么乡村振兴举措？': null,
      'What did Xi say when he visited Fujian?': null,
      'What policies apply in areas where poverty remains?': null,
      'What did the leader who visited Fujian say?': null,
      'Which ministry held the meeting that the vice premier who leads the group attended?': 'organisation',
      'Who chaired the meeting?': 'person',
      // what they still ask
      '这栋楼有多高？': 'number',
      '谁主持了会议？': 'person',
      '会议在哪里开？': 'place',
      'When did he visit Fujian?': 'date',
    });
  });

  it('reads 哪些部门 as organisations, 哪个领导 and 何人 as people', () => {
    readAs({
      '哪些部门参与了整治？': 'organisation',
      '这批货是哪家运的？': 'organisation',
      '哪个领导出席了会议？': 'person',
      '哪两位领导出席了会议？': 'person',
      '哪两名官员出席了会议？': 'person',
      '此案由何人负责？': 'person',
      '哪个领导班子负责？': null,
    });
  });

  it('takes the asked measure from 多少 or 几 that asks (not 这几个), and 几个月 as a length of time', () => {
    expect(holds('这几个村一共有多少户？', '这几个村共有1200户')).toBe(true);
    expect(holds('主题教育持续了几个月？', '主题教育持续了3个月')).toBe(true);
  });

  it('finds no count in a number that opens a quote: a slogan names no count', () => {
    judge([
      ['这项工作的目标是多少？', '增强“四个意识”、坚定“四个自信”', false],
      ['这项工作的目标是多少？', '全年培训干部4个批次', true],
    ]);
  });

  it('finds no date in a length of years, a numbered line or building, or 当前年', () => {
    judge([
      ['这项改革是哪一年开始的？', '改革开放40年来成就巨大', false],
      ['这项改革是哪一年开始的？', '用了20年时间建成', false],
      ['这项改革是哪一年开始的？', '力争2020年前完成', true],
      // and by 2020 is no count of years
      ['这项改革持续了多少年？', '力争2020年前完成', false],
      ['这条线是哪天开通的？', '地铁3号线开通，3号楼同时启用', false],
      ['这条线是哪天开通的？', '地铁于10月3号开通', true],
      ['这件事是哪年的？', '当前年轻干部占比提高', false],
    ]);
  });

  it('reads 何 as asking only where it is no part of 为何, 如何 or 任何, and 甚麼 as 什么', () => {
    readAs({
      '如何处理群众诉求？': null,
      '为何日本要这样做？': null,
      '干部队伍如何年轻化？': null,
      '任何地方都能办吗？': null,
      '会议于何时召开？': 'date',
      '纪念馆建在何处？': 'place',
      '甚么时候开始实施？': 'date',
    });
  });

  it('reads 几点 and what time as asking the time of day, answered by one in digits or numerals, and only those questions', () => {
    readAs({ '会议几点开始？': 'date', '动员大会几点钟召开': 'date', 'What time did the meeting start?': 'date' });
    judge([
      ['王国生几点带领党员重温入党誓词', '上午9时，王国生带领省级党员领导同志重温入党誓词。', true],
      ['全体干部大会几点开', '下午三点半，召开全体干部大会。', true],
      ['会议几点开始？', '会议于10点30分开始。', true],
      ['几时出发', '车队于7:30出发。', true],
      // 一点 is a little, 一时 a while, and a day is no time of day
      ['会议几点开始？', '会议有一点推迟，一时难以开始。', false],
      ['会议几点开始？', '会议于6月11日开始。', true],
      // nor is a time of day the answer to a question for a day
      ['会议哪天开始？', '会议于上午9时开始。', false],
    ]);
  });

  it('reads 何年 as 哪一年, 哪一个人 as 哪个人, and a question for a century as answered by one', () => {
    readAs({
      '这首歌于何年推出？': 'date',
      '那年由哪一个人出任委员长？': 'person',
      '哪一个人口大省率先实施？': null,
    });
    judge([
      ['这个词最早在哪一个世纪出现？', '这个词最早出现于4世纪', true],
      // a century is no answer to a question for a year
      ['这个词最早在哪一年出现？', '这个词最早出现于4世纪', false],
      ['进入21世纪以后，这个词在哪一年出现？', '这个词最早出现于4世纪', false],
    ]);
  });

  it('wants, as no answer reads it, a date that names the hour, the day, the month or the year asked for', () => {
    expect(both('他是哪一年上任的？', '10月16日，他参加座谈')).toEqual([true, false]);
    judge([
      ['他是哪一年上任的？', '他于2019年10月到任', true, true],
      ['他是哪一年上任的？', '他今年到任', true, true],
      ['工程计划几月完工？', '工程计划11日完工', false, true],
      ['工程计划几月完工？', '工程计划6月11日完工', true, true],
      ['工程计划哪天完工？', '工程计划2020年6月完工', false, true],
      ['工程计划哪天完工？', '工程计划6月11日完工', true, true],
      ['动员大会几点开始？', '动员大会6月11日召开', false, true],
      ['动员大会几点开始？', '动员大会6月11日上午9时召开', true, true],
      // the finest part asked counts; 什么时候 asks none in particular
      ['工程哪年哪月完工？', '工程于2020年完工', false, true],
      ['工程什么时候完工？', '工程于2020年完工', true, true],
      // the old calendars: the first year of an era or a reign, a day written without 日 as lunar days are
      ['明仁天皇于何年即位？', '明仁于平成元年即位', true, true],
      ['燕王府在哪一天遭到包围？', '七月初四，燕王府被围', true, true],
      ['燕王府在哪一天遭到包围？', '七月初十，燕王府被围', true, true],
      ['灯会在哪一天举行？', '灯会于正月十五举行', true, true],
      ['灯会在哪一天举行？', '灯会于农历八月十五那天举行', true, true],
      ['灯会在哪一天举行？', '灯会八月十五个项目', false, true],
      // an era's later years read as counts of years do, which are no year asked for
      ['杜充在哪一年接任东京留守？', '建炎二年，杜充接任东京留守', false, true],
      ['他是哪一年上任的？', '他在这里工作了近3年', false, true],
      ['他是哪一年上任的？', '他连续两年获评优秀', false, true],
      ['他是哪一年上任的？', '他任期五年', false, true],
    ]);
    // 几日内 and 几日后 count days (within how many), as 几天内 does: no date asked; nor do a line's or a building's
    // number, or a school year
    readAs({
      '甲醇几日内会变成什么？': 'number',
      '甲醇几日之内会变成什么？': 'number',
      '会议是几日开的？': 'date',
      '会议是几号开的？': 'date',
      '地铁几号线通到这里？': 'number',
      '他住几号楼？': 'number',
      '他上几年级？': 'number',
      '他上哪一年级？': null,
      '哪一个月最热？': 'date',
    });
  });

  it('reads, as no answer does, a count spelled before the unit or the noun the question counts in', () => {
    for (const [question, text] of [
      ['头皮通常分为几层？', '头皮分为五层'],
      ['她父亲官至几品？', '她父亲官至四品'],
      ['直隶总督负责几个省？', '直隶总督只管一省'],
      ['默哀通常要多久？', '默哀一分钟'],
      ['这项税占收入的几成？', '约占三成'],
    ]) {
      expect(both(question!, text!), question).toEqual([false, true]);
    }
    // only in the units asked for: 一起 is no count of 层
    expect(both('头皮通常分为几层？', '一起分为若干部分')).toEqual([false, false]);
    expect(both('人体有多少块骨头？', '由三块骨头组成')).toEqual([false, true]);
  });

  it('reads 好几, 几乎 and 几经 as no question of how many', () => {
    readAs({
      '好几次把这件事登上头版的报纸叫什么？': null,
      '几乎所有代表都赞成的是哪项提案？': null,
      '这所学校几经改名，最早叫什么？': null,
      '这所学校改过几次名？': 'number',
    });
    // 好 that ends a verb: 做好 and 几个方面
    expect(answerType('会议要求做好几个方面的工作？')).toBe('number');
  });

  it('reads a number or a date with a space before its unit, seconds as a length of time, and a fraction as a share', () => {
    judge([
      ['学院成立于哪一年？', '学院成立于1985 年', true],
      ['最多能录多久？', '最长可录制30秒', true],
      ['最多能录多久？', '最长可录制30秒', true, true],
      ['共有多少个球队参加？', '本季共有13 个球队参加', true],
      ['这件事是哪天宣布的？', '行政院 4 日宣布', true],
    ]);
    // a number glued to Latin letters is part of a name (COVID-19, PM10), not a count or a date
    judge([
      ['这个项目总投资多少？', 'COVID-19 对全球经济造成冲击', false],
      ['这件事是哪天宣布的？', 'PM10 年均浓度下降', false],
      ['这个项目一共有多少人参加？', '约3-5人参加', true],
    ]);
    // a fraction names no measure: a share (the no-answer reading), never a count in an asked measure
    judge([
      ['流域面积占全区的比例是多少？', '流域面积约占全区的五分之一', true, true],
      ['流域面积占全区的比例是多少？', '流域面积约占全区的千分之三', true, true],
      ['全区一共有多少个县？', '流域面积约占全区的五分之一', false, true],
    ]);
  });

  it('reads the year of an era (公元几年, 西元几年, 民国几年) as which year, not how many years', () => {
    readAs({
      '南斯拉夫与中国建交于西元几年？': 'date',
      '这座城建于公元前几年？': 'date',
      '新院设站于几几年？': 'date',
      '这项工程干了几年？': 'number',
    });
    expect(holds('南斯拉夫与中国建交于西元几年？', '双方于1955年建交')).toBe(true);
  });

  it('reads 在哪 before a numeral or a measure of things or events as which ones, not where, and 哪 with a numeral before a noun of places as places', () => {
    readAs({
      '这个提法是在哪次会议上提出的？': null,
      '这支部队是在哪场战役中组建的？': null,
      '这次活动在哪个社区举行？': 'place',
      '是哪两个国家的媒体一起采访的？': 'place',
      '这款游戏是由哪两个公司合作开发的？': 'organisation',
      '事故发生在哪条高速上？': 'place',
      '比赛在哪场馆举行？': 'place',
    });
    // nouns that begin with a place noun's character: 报告, 区别, 市场, 国企
    readAs({ '会议审议了哪几个报告？': null, '两者有哪几个区别？': null, '哪几个市场主体受益？': null, '有哪几个国企参与？': null, '获得了什么国家级荣誉？': null });
    readAs({
      '他要求在哪三个字上用力？': null,
      '得在哪几个环节上把管理规范起来？': null,
      '批示是在哪些材料上写的？': null,
      '会议是在哪召开的？': 'place',
      '纪念馆在哪一座城市？': 'place',
      '试点在哪些城市开展？': 'place',
      '这伙人在哪一带活动？': 'place',
      '要在哪3个方面下功夫？': null,
    });
  });

  it('finds a place that jieba cuts in two, and the title of a work when the question asks what something is called', () => {
    expect(holds('最后是在哪个社区看的停车问题？', '最后来到八宝庄社区，查看停车问题')).toBe(true);
    expect(holds('专门拍的那部纪录片叫什么名字？', '广西拍摄了20集纪录片《红色传奇》')).toBe(true);
  });

  it('says where in the text each thing of the asked type stands', () => {
    const text = analyse('共有3600名市民参与，发放手册200余册');
    expect(typeSpans('number', text, analyse('来了多少名市民？'), () => [])).toEqual([{ at: text.indexOf('3600名'), length: '3600名'.length }]);
  });

  it('finds the asked head: the last noun after the asking word (past measure words), else the nearest before it', () => {
    const head = (question: string) => askedHead(jieba.tag(analyse(question), false), (w) => w === '多少钱');
    expect(head('全民健身日那天一共开放了多少个场馆？')).toBe('场馆');
    expect(head('区体育中心请来了多少名社会体育指导员？')).toBe('指导员');
    expect(head('区体育中心请来的指导员是谁？')).toBe('指导员');
    expect(head('动员大会是哪天开的？')).toBe('动员大会');
    // the words of the type's cue (叫什么名字, 什么时候) and question words are never the head
    expect(head('社区党组织书记叫什么名字？')).toBe('书记');
    expect(head('社区党组织书记叫甚么名字？')).toBe('书记');
    // a post is a noun however jieba tags it (组长 v, 主任 b, 镇长 v): not the noun before it
    expect(head('那这个督导组的组长是谁？')).toBe('组长');
    expect(head('领导小组办公室主任是谁？')).toBe('主任');
    expect(head('西北旺镇的镇长叫啥？')).toBe('镇长');
    expect(head('纪念馆门票多少钱？')).toBe('门票');
    expect(head('How many people came?')).toBeNull();
    // read before numeral folding: 哪一个世纪 is analysed 哪1个世纪, and its 世纪 is the cue's, not the head
    expect(head('这种文字最早是在哪一个世纪出现的？')).toBe('文字');
    // 哪十个 is analysed 哪10个: the cue 哪十个城市 still found, its 城市 no head (as that of 哪个城市)
    expect(head('哪十个城市入选了试点？')).toBeNull();
    expect(head('哪个城市入选了试点？')).toBeNull();
  });

  it('tells a question that names nothing to look for from one that names something, however jieba tags it', () => {
    const nothing = (question: string) => namesNothing(jieba.tag(analyse(question), false), (w) => w === '一共');
    for (const question of ['谁是', '他是谁？', '这是哪天', '哪一年', '一共有几个', '有多少个', '为什么呢', '到底是谁呢', '什么时候']) expect(nothing(question), question).toBe(true);
    // 主任 is tagged b, 月代 (unknown to jieba) 月 m 代 q, Stam1na eng; a question that asks nothing is searched as given
    for (const question of ['谁是主任', '什么是月代？', 'Stam1na是什么？', '猫吃什么', '谁主持的', '他是', 'Who is he?', '哪吒是谁', '何立峰是谁']) expect(nothing(question), question).toBe(false);
  });

  it('takes the asked words from the clause that asks, less the cue', () => {
    const asked = (question: string) => askedWords(jieba.tag(analyse(question), false), () => false);
    expect(asked('区体育中心免费开放那天，一共开放了多少个场馆？')).toEqual(['开放', '场馆']);
    expect(asked('新馆什么时候开工？')).toEqual(['新馆', '开工']);
  });

  it('finds the content words either side of the asking word, within its clause', () => {
    const around = (question: string) => cueNeighbours(jieba.tag(analyse(question), false), () => false);
    expect(around('区体育中心是哪一年建成的？')).toEqual({ before: '体育中心', after: '建成' });
    // a clause ends a side: the scene set before the comma is not what stands beside the answer
    expect(around('区体育中心免费开放那天，一共开放了多少个场馆？')).toEqual({ before: '开放', after: '场馆' });
    expect(around('区体育中心开放那天，谁来了？')).toEqual({ before: null, after: null });
    expect(around('How many people came?')).toEqual({ before: null, after: null });
  });

  it('reads 哪几 as asking which ones and 那几, 这几, 前几日 as pointing at some, not as asking how many', () => {
    readAs({
      '新格局是哪几项技术的组合？': null,
      '新格局由几项技术组成？': 'number',
      '那几间铺子现在变成什么了？': null,
      '这几个村一共有多少户？': 'number',
      '前几日开的会讨论了什么？': null,
      '这几日的会讨论了什么？': null,
    });
  });

  it('says a text holds the asked type exactly when it has a span of it, numbers and dates looked for until the first', () => {
    const questions = ['来了多少名市民？', '全国一共有多少座水库？', '那几栋简易楼的房龄有多久了？', '这项工作投入了多少资金？', '几栋楼', '动员大会是哪天开的？', '2019年几月开的会？', '3600名市民来了几批？', '公园占地多大？'];
    const texts = [
      '共有3600名市民参与，发放手册200余册',
      '全国共有水库9.8万余座，2019年新建三座',
      '楼龄超过60年，简易楼共有3栋',
      '2019年，这项工作全面展开',
      '共三栋楼10个单元',
      '2019年10月8日上午召开动员大会，下旬开始整改',
      '没有数字的一句话',
      '3600名市民分三批来，每批1200名',
      '公园占地50公顷，投资3000万元',
    ].map(analyse);
    let held = 0;
    // questions alternate from text to text: what a question asks for must not be taken for another's
    for (const text of texts) {
      for (const question of questions.map(analyse)) {
        const type = answerType(question);
        if (type !== 'number' && type !== 'date') throw new Error(`not a number or date question: ${question}`);
        for (const wide of [false, true]) {
          const spans = typeSpans(type, text, question, () => [], wide);
          expect(holdsType(type, text, question, () => [], wide), `${question} ${text} ${wide}`).toBe(spans.length > 0);
          held += spans.length > 0 ? 1 : 0;
        }
      }
    }
    // the pairs that hold: a measure or a part of the date kept from the question before, or the ranking's reading
    // taken for no answer's, changes the count
    expect(held).toBe(36);
  });

  it('counts a number spelled in Chinese numerals only when asked to (the ranking learned without them)', () => {
    const spans = (wide: boolean) => typeSpans('number', '共三栋楼10米高', '几栋楼', () => [], wide);
    expect(spans(true)).toEqual([{ at: 1, length: 2 }]);
    expect(spans(false)).toEqual([]);
  });
});
