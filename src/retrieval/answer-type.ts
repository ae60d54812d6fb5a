import type { Tagged } from '../text/tokenizer.js';
import { fold } from '../text/text.js';
import { BYLINE } from '../text/byline.js';
import { lexicon, postEndingAt } from '../text/lexicon.js';

/**
 * What kind of thing a question asks for, and whether a sentence holds one: a question that asks 多少 wants a number
 * with a measure word, 哪天 a date, 谁 a person, 哪个部门 an organisation, 哪里 a place. Patterns of the question's
 * form only: they name no topic.
 */

export type AnswerType = 'number' | 'date' | 'person' | 'organisation' | 'place';

// The parts that several patterns share: 何 that asks (not that of 为何, 如何, 任何, 无奈何); 哪 with a numeral or 些
// (哪个, 哪两个, 哪些); an English wh-word that is no part of a clause another one asks (what did he say when he …);
// what a place question names (省, 市, 社区 …), less the words that begin with one (市场, 区别, 国企, 乡村振兴, 站位, 省级).
const HE = '(?<![为如任奈])何';
const WHICH = '哪[〇一些二两三四五六七八九十几]*';
// 多 that asks how (多高, 多大), not the 多 of 许多, 很多, 更多, 最多 …
const HOW = '(?<![许很较更太好众诸最])多';
const CENTURY_CUE = '哪一?个?世纪';
const WH_WORDS = ['what', 'how', 'why', 'who', 'which', 'when', 'where'];
const asksInEnglish = (word: string, pattern = word) => `(?<!\\b(?:${WH_WORDS.filter((w) => w !== word).join('|')})\\b[^?]*)\\b${pattern}\\b`;
const PLACE_NOUNS = '(?:省|市(?!场)|县|区(?![别块间域])|国家|国(?![企资内际家])|城市|地区|地方|村|镇|乡(?!村振兴)|社区|街道|小区|站(?!位)|馆|厅)(?!级)';
// where a difference, a problem or a cause lies (区别在哪里, 问题出在哪儿): no place
const LIES_IN = '(?:区别|差别|不同|问题|差距|意义|症结|难点|关键|原因|根源|短板|优势)(?:究竟|到底|就)?出?在?';
const cues = (alternatives: string[]) => new RegExp(alternatives.join('|'), 'iu');

// Tried in this order: 几月, 哪一年 and 公元几年 (an era's year: which year, not how many) are dates before 几 is a number.
// 啥, the spoken 什么, asks as 什么 does (啥时候, 啥人).
const QUESTION_TYPES: [AnswerType, RegExp][] = [
  [
    'date',
    cues([
      '(?:公元|西元|民国|纪元)前?(?:几|多少)年',
      '几几年',
      CENTURY_CUE,
      '哪一?天',
      `${HE}[时年月日]`,
      '什么时[候间]',
      '啥时(?!常)[候间]?',
      '几时',
      // the time of day (几点开始); a count of points (提了几点要求) reads the same and is not told apart (jieba tags
      // 要求 and 看法 as verbs), as before, when neither 三点 nor 三点要求 was read as a count
      '几点(?:钟|半)?',
      // not a school year (哪年级)
      '哪一?年(?!级)',
      '哪一?个?月',
      '几月',
      // not a line, a building or a document's number (几号线, 几号楼, 几号文件)
      '几号(?![线楼文院令球])',
      // 几日内, 几日之内, 几日后 count days (within how many), as 几天内 does
      '(?<![前近这那])几日(?![内里后之以])',
      '哪一?日',
      '日期',
      asksInEnglish('when'),
      'what (?:year|date|day|month|time)',
      'which (?:year|day|month)',
    ]),
  ],
  // 哪几 asks which ones and 那几, 这几 point at some (那几间铺子), not how many; 好几 says several (but 做好几项工作 is 做好
  // and 几项), 所剩无几 few, 几乎 almost, 几经 after several, 近几年, 过去几年, 前几天 and 几十年来 some time ago. 多 before
  // an adjective asks a size only where it is no part of 许多, 很多, 更多 … (许多高校, 更多大学生), and not the degree of a
  // thing (多大程度, 多大意义, 多重要)
  [
    'number',
    cues([
      '多少',
      '(?<![哪那这无近]|过去)(?<!(?<![做办抓搞建管])好)(?<!前(?=几[天日年]))几(?![乎经率]|十年来)',
      `${HOW}(?:大(?!程度|意义|作用|影响|变化|力度)|[高长远久宽]|深(?![刻入])|重(?![要点大挑因压]))`,
      '比例',
      '数量',
      '百分之',
      'how (?:many|much|long|far|large|big|old)',
      'what (?:percentage|number|proportion)',
    ]),
  ],
  // 谁知道, 谁能告诉 (does anyone know) and 谁也, 谁都 (nobody, everybody) ask for no person; 什么人才 asks for talent
  [
    'person',
    cues([
      '谁(?![也都]|知道|能告诉|能说)',
      `${WHICH}位`,
      '(?:什么|啥)人(?!才)',
      '哪一?个人(?!口)',
      `${HE}人`,
      `${WHICH}[个名]?(?:领导(?![班小机])|官员)`,
      '叫(?:什么|啥)名字',
      '姓名',
      asksInEnglish('who', 'who(?:m|se)?'),
    ]),
  ],
  [
    'organisation',
    cues([
      `${WHICH}[个家所]?(?:部门|单位|机构|组织|公司|企业|学校|大学|银行|医院|协会|委员会|政府|机关|媒体|报(?![告道表]))`,
      '哪家',
      '(?:什么|啥)(?:部门|单位|机构|组织|公司|企业)',
      'which (?:organi[sz]ation|department|company|agency|ministry|bank|university)',
    ]),
  ],
  // 在哪 before a numeral (在哪三个字上, 在哪几个环节, 在哪些材料上) or a measure word of things or events (在哪次会议上, 在哪场
  // 战争中, 在哪篇文章里) asks which ones, not where (but 在哪一带, 在哪条街, 在哪场馆, 在哪部位)
  [
    'place',
    cues([
      `(?<!${LIES_IN})(?:哪里|哪儿|在哪(?![〇二两三四五六七八九十几些次篇本项种件份届句]|一(?![带处边])|场(?![馆所地])|部(?!位)))`,
      `${HE}[地处]`,
      `(?:${WHICH}[个座所]?|什么|啥)${PLACE_NOUNS}`,
      asksInEnglish('where'),
      'which (?:city|country|province|county|district|place)',
    ]),
  ],
];

// What the patterns read in a question: numeral folding writes 哪一年 and 哪两个国家 as 哪1年 and 哪2个国家 (the analysed
// question the asked head is found in), and Hong Kong writes 甚麼 (folded 甚么) for 什么; both changes keep the length,
// so that the cue's offsets hold in the question as given.
const NUMERALS = '〇一二三四五六七八九';
const cueForm = (question: string) => question.replace(/(?<=哪\d*)\d/gu, (d) => NUMERALS[Number(d)]!).replaceAll('甚么', '什么');

/**
 * What a post is called asks who holds it (镇长叫啥, 组长叫什么), as 叫什么名字 does; not 部长是什么 (what the title is). The
 * post stands before the cue, not in it: it is the asked head.
 */
function postNamed(form: string): RegExpExecArray | null {
  for (const match of form.matchAll(/叫(?:什么|啥)/gu)) if (postEndingAt(form, match.index) !== null) return match as RegExpExecArray;
  return null;
}

/** The answer type a question asks for and where the words that say it stand (哪一年, 叫什么名字); null when it asks for something else (how, why, what about …). */
function typeCue(question: string): { type: AnswerType; cue: Span } | null {
  const form = cueForm(question);
  for (const [type, pattern] of QUESTION_TYPES) {
    const match = pattern.exec(form) ?? (type === 'person' ? postNamed(form) : null);
    if (match) return { type, cue: { at: match.index, length: match[0].length } };
  }
  return null;
}

/** The answer type a question asks for, in any script (it is read folded), or null when it asks for something else. */
export function answerType(question: string): AnswerType | null {
  return typeCue(fold(question))?.type ?? null;
}

// In analysed text: Chinese numerals are digits already (see text/numerals.ts), except before the measure words that
// folding does not know (三栋, 两台): SPELLED finds those. Years count as numbers only when the question counts in them
// (多少年), and a calendar year never does: otherwise a year is a date. A digit before any of the language's common
// measure words is a number (案件12起, 16块); spelled out, only before the measure words that seldom begin another word
// (一起, 进一步, 一口气 are no numbers). A question's 多少本科生 or 多少具体措施 is still read as asking in 本 or 具: reading
// those as no measure lost more near misses (多少具遗骸) than it saved (docs/design-notes.md).
const SPELLED_MEASURES = '个名人次项家条批户位种类所座届期天岁倍元米吨台辆件套场篇部只头亩株处间栋年度匹艘枚棵盏颗粒册';
const MEASURES = `${SPELLED_MEASURES}具张本份支根块片口架双对首幅门级层起段步`;
// A number glued to Latin letters is part of a name (COVID-19, PM10, C919), and so is one that opens a quote: the
// slogans and campaigns of the news (“四个意识”, “两个维护”) are quoted, and name no count.
const NUMBER = new RegExp(`(?<![a-z\\d.“「『"]|[a-z]-)\\d+(?:\\.\\d+)?(?:多|余)?(?:[万亿])?(?:多|余)? ?(?:个多?月|周?[${MEASURES}%]|°c|公里|千米|平方|立方|千克|公斤|小时|分钟|秒钟?|万|亿)`, 'gu');
// A share written as a fraction (三分之一, 千分之三): numeral folding leaves it, and it names no measure.
const FRACTION = /[\d一二两三四五六七八九十百千万]+分之[\d一二两三四五六七八九十]+/gu;
const SPELLED = new RegExp(`[一二两三四五六七八九十][一二两三四五六七八九十百千]*[${SPELLED_MEASURES}]`, 'gu');
const DATE = /(?<![a-z\d.]|[a-z]-)(?:\d{2,4} ?年(?: ?\d{1,2} ?月)?(?: ?\d{1,2} ?[日号])?|\d{1,2} ?月(?: ?\d{1,2} ?[日号])?|\d{1,2} ?(?:日|号(?![线楼文院令])))|[上中下]旬|(?:今|去|(?<![当目此以之提])前|明)年/gu;
// jieba's part-of-speech tags of the named kinds, and the suffixes organisations are named with.
const TAGS: Partial<Record<AnswerType, string[]>> = { person: ['nr'], organisation: ['nt'], place: ['ns'] };
const ORGANISATION = /\p{Script=Han}{2,}(?:部|局|委|办|厅|院|署|会|社|所|中心|集团|公司|银行|大学|学院|协会|委员会|政府|小组)/u;
// Nouns that end the name of a place or an organisation which jieba cuts in two (八宝庄|社区, 民族|小学): with the noun
// before them they are one name.
const NAME_END = /(?:省|市|县|区|镇|乡|村|社区|街道|学校|小学|中学|大学|学院|医院|中心|馆|园)$/u;
// A question that asks what something is called (叫什么名字) may be answered by the title of a work: 《红色传奇》.
const ASKS_NAME = /名字|名称|叫什么/u;
const TITLE = /《[^《》]+》/gu;

// The measure words a number question names (多少人, 几个人, 多少万元, 多少周年): the answer counts in one of them, or
// in one that counts the same things (人, 名, 位 all count people; 度 and ℃, folded to °c, degrees), or in 万 and 亿
// alone (近30亿, its measure left out). The no-answer reading (wide) takes the common classifiers of single things as
// one class: 个 stands for any of them, and a paraphrase trades one for another (多少座司机之家 for 100个, 多少条措施 for
// 20项, 几支队伍 for 12个); not 种 and 类, which count kinds.
const ASKED_MEASURE = new RegExp(`(?:多少|(?<![哪那这近])几)(?:万|亿)?周?([${MEASURES}])([${MEASURES}])?`, 'u');
const SAME_COUNT = [['人', '名', '位'], ['度', '°c']];
const SINGLE_THINGS = [...'个家所座项条处间栋只头株件套台辆部篇场支'];
const LARGE = ['万', '亿'];
// A question for a length of time (多久, 几个月) counts in units of time (7个月 is months, not seven things).
const DURATION = /多久|多长时间|(?:多少|几)个月/u;
const TIME_UNITS = ['年', '月', '天', '小时', '分钟', '秒', '秒钟', '工作日', '星期', '周'];
// Lengths of time in days or weeks, which NUMBER reads as a count of things (2个工作日 as 2个) or not at all (3周);
// not an age (18周岁), an anniversary (70周年) nor the third week (第3周).
const DAYS_OR_WEEKS = /(?<![\d.第])\d+(?:\.\d+)?(?:多|余)? ?个?多?(?:工作日|星期|周(?![岁年]))/gu;
// Units that a spelled numeral before them makes a word more often than a count: 四周 (all around), 一周 (a lap).
const NOT_SPELLED = ['周'];
// Questions for money (多少钱) or a size (占地多大, 多高) name no measure word either: their answer counts in the units
// of that dimension (米 ends 厘米, 毫米 and 千米). Not 许多高, 很多长, where 多 says many; 多长 asks a length of time
// as well (任期多长). A rate or a share asked how high (结案率有多高, 比例多大) is no size: any number answers it (90.18%).
const LENGTH_UNITS = ['米', '公里', '公分', '公尺', '光年', '英尺', '英里', '海里'];
const DIMENSIONS: [RegExp, string[]][] = [
  // a length in the unit the question names (几公尺, 多少公里): in any unit of length
  [new RegExp(`(?:多少|几)(?:${LENGTH_UNITS.join('|')}|千米)`, 'u'), LENGTH_UNITS],
  // money as said (400块钱: not 块 alone, which counts pieces) and in other currencies (500美元)
  [/多少钱|多少资金|多少经费/u, ['元', '块钱', '美元', '欧元', '英镑', '日元', ...LARGE]],
  [/(?:面积|占地)\S{0,4}多[大少]|多大(?:面积|的?地方)/u, ['平方', '亩', '公顷']],
  [new RegExp(`(?<!(?:率|比例|比重|占比)\\S{0,3})${HOW}(?:[高远宽]|深(?![刻入]))`, 'u'), LENGTH_UNITS],
  [new RegExp(`${HOW}长`, 'u'), [...LENGTH_UNITS, ...TIME_UNITS]],
];
// Sizes in units the ranking's NUMBER lacks.
const SIZE = /\d+(?:\.\d+)?(?:多|余)?(?:[万亿])?(?:厘米|毫米|公分|公尺|光年|英尺|英里|海里|公顷)/gu;

/** The measure words a number question's answer may end with; empty when the question names none. `wide`: see typeSpans. */
export function askedMeasures(question: string, wide: boolean): string[] {
  if (DURATION.test(question)) return TIME_UNITS;
  const dimension = wide ? DIMENSIONS.find(([asks]) => asks.test(question)) : undefined;
  if (dimension) return dimension[1];
  const named = ASKED_MEASURE.exec(question)?.slice(1).filter((m): m is string => Boolean(m)) ?? [];
  if (named.length === 0) return [];
  const classes = wide ? [...SAME_COUNT, SINGLE_THINGS] : SAME_COUNT;
  return [...new Set([...named, ...named.flatMap((m) => classes.find((c) => c.includes(m)) ?? []), ...LARGE])];
}

/** Where an analysed text holds a thing of the asked type: its offset and length. */
export interface Span {
  at: number;
  length: number;
}

/**
 * Where an analysed text holds something of the type that the question does not already say itself (the question's
 * own date or name is not its answer). A number question that names its measure word (多少人) wants a number in that
 * measure; named types need the text's tagged words. `wide`, the no-answer model's reading: numbers left in Chinese
 * numerals count too, and sizes in the units of DIMENSIONS, which a question for money or a size then wants (the
 * ranking's features were learned without these, and its weights are kept).
 */
export function typeSpans(type: AnswerType, text: string, question: string, tagged: () => Tagged[], wide = false): Span[] {
  const spans: Span[] = [];
  const fresh = (at: number, found: string) => {
    if (!question.includes(found)) spans.push({ at, length: found.length });
  };
  if (type === 'number' || type === 'date') return [...countsOrDates(type, text, question, wide)].sort((a, b) => a.at - b.at);
  const tags = TAGS[type]!;
  // a byline's names are the reporters', not an answer to who did what
  const bylines = type === 'person' ? [...text.matchAll(BYLINE)].map((m) => ({ from: m.index, to: m.index + m[0].length })) : [];
  const inByline = (at: number) => bylines.some((b) => at >= b.from && at < b.to);
  let cursor = 0;
  let before: { at: number; word: string; tag: string } | null = null;
  for (const { word, tag } of tagged()) {
    const at = Math.max(0, text.indexOf(word, cursor));
    cursor = at + word.length;
    if ((tags.some((t) => tag.startsWith(t)) && !inByline(at)) || (type === 'organisation' && ORGANISATION.test(word))) fresh(at, word);
    else if (type !== 'person' && NAME_END.test(word) && before?.tag.startsWith('n') && before.at + before.word.length === at) fresh(before.at, before.word + word);
    before = { at, word, tag };
  }
  if (ASKS_NAME.test(question)) for (const match of text.matchAll(TITLE)) fresh(match.index, match[0]);
  return spans.sort((a, b) => a.at - b.at);
}

// A year of the calendar (2019年), unless what stands around it counts years (已有2000年历史, 近1900年来).
const CALENDAR_YEAR = /^(?:1[89]|20)\d\d ?年$/u;
const COUNTS_YEARS_BEFORE = /(?:有|近|约|达|超过|历经|经过)$/u;
const COUNTS_YEARS_AFTER = /^(?:多|余|以上|左右|历史|之久|来|时间)/u;
function countsYears(found: string, text: string, at: number): boolean {
  return COUNTS_YEARS_BEFORE.test(text.slice(Math.max(0, at - 2), at)) || COUNTS_YEARS_AFTER.test(text.slice(at + found.length));
}
function calendarYear(found: string, text: string, at: number): boolean {
  return CALENDAR_YEAR.test(found) && !countsYears(found, text, at);
}
// A bare year that its context counts (改革开放40年来, 用了20年时间) is a length of time, no date; 2020年前 (by 2020) stays one.
const BARE_YEAR = /^\d+ ?年$/u;
const lengthOfYears = (found: string, text: string, at: number) => BARE_YEAR.test(found) && countsYears(found, text, at);
// A question that asks 第几 (第几组, 第几轮) wants an ordinal, which need name no measure word (第14组, 第三小组);
// an ordinal followed by a measure word counts only in an asked one (第几次 is not answered by 第2批).
const ASKS_ORDINAL = /第(?:几|多少)/u;
const ORDINAL = new RegExp(`第(?:\\d+|[一二三四五六七八九十]+)[${MEASURES}]?`, 'gu');
const BARE_ORDINAL = /[\d一二三四五六七八九十]$/u;
// A question that asks which century (哪个世纪, 哪一个世纪) is answered by one (4世纪, 二十世纪 folded to 20世纪); other
// date questions are not: a news question asks for a day.
const ASKS_CENTURY = new RegExp(CENTURY_CUE, 'u');
const CENTURY = /\d{1,2}世纪/gu;
// A question for the time of day (几点, 几时, what time) is answered by one: 上午9时, 下午三点半, 10点30分, 9:30. Chinese
// numerals only after a part of the day or before 钟, where they are no 一点 (a little) nor 一时 (for a while).
const ASKS_TIME = /几点|几时|what time/iu;
const TIME_OF_DAY =
  /(?:凌晨|早上|早晨|上午|中午|下午|傍晚|晚上|夜里|夜间) ?(?:\d{1,2}|[一二两三四五六七八九十]{1,3}) ?[时点](?:半| ?(?:\d{1,2}|[一二三四五六七八九十]{1,3}) ?分)?|(?<![\d.])\d{1,2} ?[时点](?:半| ?\d{1,2} ?分)?|(?<![\d.])\d{1,2}:\d{2}(?!\d)|[一二两三四五六七八九十]{1,3}点钟/gu;

// 几号 asks a day or a number (热线是几号, 几号房间): digits that are no count nor date answer it, in the no-answer reading.
const ASKS_DAY_OR_NUMBER = /几号(?![线楼文院令球])/u;
// Not a count (300多名, 1500余条), a span of years (2021—2035年) nor a year; a number written with hyphens is one
// (010-12345678).
const DIGITS = new RegExp(`(?<![\\d.:—–])\\d{3,}(?![\\d.:%—–]| ?(?:多|余)?[年月日号万亿${MEASURES}])`, 'gu');

// Dates DATE does not read, in the no-answer reading: the first year of an era or a reign (建炎元年, 平成元年; its other
// years, 建炎二年 folded to 建炎2年, read as a count of years would: 连续两年, 任期五年), and a day written without 日, as
// lunar days are (七月初四, folded 7月初四 or before a measure word 7月初10; 正月十五, 八月十五 folded 8月15).
const ERA_YEAR = /(?<=\p{Script=Han})元 ?年/gu;
const MONTH_DAY = new RegExp(`(?:\\d{1,2} ?月 ?|[正腊冬]月)初(?:\\d{1,2}|[一二三四五六七八九十]{1,2})|(?:\\d{1,2} ?月|[正腊冬]月) ?\\d{1,2}(?![\\d.日号%${MEASURES}])`, 'gu');

function numberPatterns(type: 'number' | 'date', question: string, wide: boolean): RegExp[] {
  if (type === 'date') {
    return [DATE, ...(wide ? [ERA_YEAR, MONTH_DAY, ...(ASKS_DAY_OR_NUMBER.test(question) ? [DIGITS] : [])] : []), ...(ASKS_CENTURY.test(cueForm(question)) ? [CENTURY] : []), ...(ASKS_TIME.test(question) ? [TIME_OF_DAY] : [])];
  }
  const spelled = wide ? reading(question, wide).spelled : null;
  return [...(wide ? [NUMBER, FRACTION, SPELLED, SIZE, DAYS_OR_WEEKS] : [NUMBER]), ...(spelled ? [spelled] : []), ...(ASKS_ORDINAL.test(question) ? [ORDINAL] : [])];
}

// What a date question asks to the hour, the day, the month or the year: its answer must name that much (10月16日 is
// no answer to 哪年, 2019年 none to 哪天, 6月11日 none to 几点). The finest asked counts (哪年哪月 asks a month);
// 什么时候, 何时, 几时 (when, as often as the hour) and when ask none.
const DATE_PARTS: [RegExp, RegExp][] = [
  [/几点|what time/iu, /[时点]|\d:\d/u],
  // 几号 asks a day, or a number (热线是几号): a day of the month, or digits that are no count (12308)
  [ASKS_DAY_OR_NUMBER, /[日号初]|月 ?\d|^\d{3,}$/u],
  [/哪一?[天日]|几日(?![内里后之以])|何日|what (?:date|day)|which day/iu, /[日号初]|月 ?\d/u],
  [/哪一?个?月|几月|何月|(?:what|which) month/iu, /月/u],
  [/哪一?年(?!级)|几几年|(?:公元|西元|民国|纪元)前?(?:几|多少)年|何年|(?:what|which) year/iu, /年/u],
];
/** The part of a date the question asks for, as what its answer must hold; null when it asks none in particular. */
function askedDatePart(question: string): RegExp | null {
  const form = cueForm(question);
  return DATE_PARTS.find(([asks]) => asks.test(form))?.[1] ?? null;
}

// What stands after 多少 or 几 when it is no unit: grammar (多少的, 几了).
const NO_UNIT = /[的了是在有和与及或也都就]/u;

/**
 * The units a number question counts in, in the no-answer reading, beside its measures: the noun counted after a
 * measure word (几个县: 县) or a unit no measure word list holds (几品, 几成), so that a count spelled in Chinese
 * numerals before it is read as one (三县, 四品, 三成, and 五层 or 一分钟 for 几层 and 多久, which the spelled
 * numbers the ranking reads leave out).
 */
function askedUnits(question: string, measures: string[]): { nouns: string[]; units: string[] } {
  const after = /(?:多少|(?<![哪那这近])几)(?:万|亿)?周?(\p{Script=Han})(\p{Script=Han})?/u.exec(question);
  const [, first, second] = after ?? [];
  const unit = (c: string | undefined) => c !== undefined && !NO_UNIT.test(c) && !ASKING.test(c);
  const nouns = first && MEASURES.includes(first) && unit(second) ? [second!] : [];
  const units = [...measures, ...nouns, ...(unit(first) && !MEASURES.includes(first!) ? [first!] : [])].filter((u) => !LARGE.includes(u) && !NOT_SPELLED.includes(u));
  return { nouns, units };
}

const spelledIn = (units: string[]) => (units.length > 0 ? new RegExp(`[一二两三四五六七八九十][一二两三四五六七八九十百千]*(?:${units.join('|')})`, 'gu') : null);

/**
 * The measures of the last question asked about, and in the no-answer reading its spelled counts and the part of a date
 * it asks for: each passage of its pool, and each sentence, is searched for them.
 */
let measured: { question: string; wide: boolean; measures: string[]; spelled: RegExp | null; datePart: RegExp | null } | null = null;

function reading(question: string, wide: boolean): NonNullable<typeof measured> {
  if (measured?.question === question && measured.wide === wide) return measured;
  const measures = askedMeasures(question, wide);
  if (!wide) return (measured = { question, wide, measures, spelled: null, datePart: null });
  const { nouns, units } = askedUnits(question, measures);
  return (measured = { question, wide, measures: [...measures, ...nouns], spelled: spelledIn(units), datePart: askedDatePart(question) });
}

/**
 * Whether a number or date found at `at` of `text` counts as one of the asked type: a number in the asked measure, an
 * ordinal in none or in an asked one (only a question that asks 第几 looks for one), never a year of the calendar.
 */
function counter(type: 'number' | 'date', question: string, wide: boolean): (found: string, text: string, at: number) => boolean {
  if (type === 'date') {
    const part = reading(question, wide).datePart;
    return (found, text, at) => !lengthOfYears(found, text, at) && (part === null || part.test(found));
  }
  const { measures } = reading(question, wide);
  // as no answer reads them, a unit of two characters may run past what the number pattern took (400块 of 400块钱)
  const inMeasure = (found: string, text: string, at: number) => {
    if (measures.length === 0) return !found.endsWith('年');
    const read = found + text.charAt(at + found.length);
    return measures.some((m) => found.endsWith(m) || (wide && m.length > 1 && read.endsWith(m)));
  };
  return (found, text, at) => {
    if (found.startsWith('第')) return BARE_ORDINAL.test(found) || inMeasure(found, text, at);
    return inMeasure(found, text, at) && !calendarYear(found, text, at);
  };
}

/**
 * Whether an analysed sentence holds something of the type that the question does not already say (see typeSpans):
 * a number or date is looked for only until one is found.
 */
export function holdsType(type: AnswerType, sentence: string, question: string, tagged: () => Tagged[], wide = false): boolean {
  if (type !== 'number' && type !== 'date') return typeSpans(type, sentence, question, tagged, wide).length > 0;
  return !countsOrDates(type, sentence, question, wide).next().done;
}

/** The numbers or dates of the asked kind in `text` that the question does not say itself, pattern by pattern. */
function* countsOrDates(type: 'number' | 'date', text: string, question: string, wide: boolean): Generator<Span> {
  const counts = counter(type, question, wide);
  // patterns overlap (三栋 is spelled and in an asked unit): each place once
  const found = new Set<string>();
  for (const pattern of numberPatterns(type, question, wide)) {
    for (const match of text.matchAll(pattern)) {
      const key = `${match.index}:${match[0].length}`;
      if (found.has(key) || !counts(match[0], text, match.index) || question.includes(match[0])) continue;
      found.add(key);
      yield { at: match.index, length: match[0].length };
    }
  }
}

// The words that make a question ask (多少, 几, 哪, 谁, 何, 什么): the asked head stands next to one of them.
const ASKING = /多少|几|哪|谁|何|什么|甚么|啥/u;

/** Whether a word holds a word that asks (几栋, 啥时候, 哪几): jieba joins some to what follows them. */
export function asks(word: string): boolean {
  return ASKING.test(word);
}
// Tags of words that name a thing (nouns, verbal and adjectival nouns, Latin words, and the dictionary's own words,
// which jieba tags with nothing: titles, organisations, campaigns), of words that say something of one (verbs,
// adjectives), and of words that only count or point (numerals, measure words, pronouns), which are stepped over on
// the way to the head.
const NOUN = /^(?:n|vn|an|eng|$)/u;
const CONTENT = /^(?:n|v|a|eng|$)/u;
const COUNTING = /^(?:m|q|r)/u;
const CLAUSE_END = /^[,.;:!?，。；：！？、()（）]+$/u;

/**
 * Whether a tagged word names a thing: a noun of two characters or more (one character is a measure or too vague), or
 * a post, whatever jieba tags it (组长 v, 主任 b, 镇长 v).
 */
export function namesThing(t: Tagged): boolean {
  return (NOUN.test(t.tag) || lexicon().posts.has(t.word)) && [...t.word].length >= 2;
}

/**
 * The question's tagged words with what only makes it ask taken out: the words of its answer type's cue (什么时候,
 * 叫什么名字, 哪一年) and the learned question words. Null when it has no asking word (English, or no question).
 */
function asking(tagged: Tagged[], isQuestionWord: (word: string) => boolean): { words: (Tagged & { cue: boolean })[]; at: number } | null {
  const question = tagged.map((t) => t.word).join('');
  const cue = typeCue(question)?.cue ?? null;
  let offset = 0;
  const words = tagged.map((t) => {
    const at = offset;
    offset += t.word.length;
    return { ...t, cue: isQuestionWord(t.word) || (cue !== null && at < cue.at + cue.length && at + t.word.length > cue.at) };
  });
  const at = words.findIndex((t) => ASKING.test(t.word));
  return at < 0 ? null : { words, at };
}

// Words that only point, link or mark (pronouns, adverbs, prepositions, conjunctions, particles, interjections,
// punctuation; 是, 有, 为, 叫, 在): they name nothing a passage could be found by. Any other word may (jieba tags 主任
// b, not n; and 月代, which it does not know, 月 m 代 q).
const POINTING = /^(?:r|d|p|c|u|y|o|x|w)|^e$/u;
const LINKING = new Set(['是', '有', '为', '叫', '在']);

/**
 * Whether a question is made of nothing but words that ask, count what is asked, link and point (谁是, 这是哪天,
 * 有几家, 为什么, 他是谁): it names nothing to look for, and any passage found would be noise. A question without a
 * word that asks is searched as given.
 */
export function namesNothing(tagged: Tagged[], isQuestionWord: (word: string) => boolean): boolean {
  const found = asking(tagged, isQuestionWord);
  if (found === null) return false;
  const { words, at } = found;
  // the numerals and measure words right after the asking word count what it asks (几家, 多少位)
  let counting = at + 1;
  while (counting < words.length && COUNTING.test(words[counting]!.tag)) counting++;
  // a word that asks points or counts (谁 r, 多少 m); a name that holds an asking character (何立峰 nr) names someone
  const asks = (t: Tagged) => ASKING.test(t.word) && /^[rmqd]/u.test(t.tag);
  return words.every((t, i) => t.cue || asks(t) || (i > at && i < counting) || POINTING.test(t.tag) || LINKING.has(t.word));
}

/**
 * The noun the question asks about: the X of 多少X, 哪个X, 什么X (after the asking word, past measure words, the last
 * of the nouns there: a Chinese compound ends with its head, 社会体育指导员), else of X是哪天, X是谁 (the nearest noun
 * before it). Null when it has none (English, no asking word). It is what the answer must be said of: a near miss
 * often states a thing of the asked type about another head.
 */
export function askedHead(tagged: Tagged[], isQuestionWord: (word: string) => boolean): string | null {
  const found = asking(tagged, isQuestionWord);
  if (found === null) return null;
  const { words, at } = found;
  const head = (t: (typeof words)[number] | undefined) => t !== undefined && namesThing(t) && !t.cue;
  let i = at + 1;
  while (i < words.length && !head(words[i]) && (words[i]!.cue || COUNTING.test(words[i]!.tag) || ASKING.test(words[i]!.word))) i++;
  if (head(words[i])) {
    while (head(words[i + 1])) i++;
    return words[i]!.word;
  }
  for (let i = at - 1; i >= 0; i--) if (head(words[i])) return words[i]!.word;
  return null;
}

/** The clause that holds the asking word (between the punctuation around it), its words that say something. */
function askingClause(tagged: Tagged[], isQuestionWord: (word: string) => boolean): { before: Tagged[]; after: Tagged[] } | null {
  const found = asking(tagged, isQuestionWord);
  if (found === null) return null;
  const { words, at } = found;
  let from = at;
  while (from > 0 && !CLAUSE_END.test(words[from - 1]!.word)) from--;
  let to = at;
  while (to < words.length - 1 && !CLAUSE_END.test(words[to + 1]!.word)) to++;
  // nouns, verbs and adjectives of two characters or more, less the cue
  const content = (t: (typeof words)[number]) => !t.cue && CONTENT.test(t.tag) && [...t.word].length >= 2 && !ASKING.test(t.word);
  return { before: words.slice(from, at + 1).filter(content), after: words.slice(at + 1, to + 1).filter(content) };
}

/**
 * The words of the clause that asks that say what is asked: its nouns, verbs and adjectives of two characters or
 * more, less the cue. The other clauses set the scene (which event, which place); this one says which fact of it is
 * wanted (哪一年成立, 多少家企业).
 */
export function askedWords(tagged: Tagged[], isQuestionWord: (word: string) => boolean): string[] {
  const clause = askingClause(tagged, isQuestionWord);
  return clause === null ? [] : [...new Set([...clause.before, ...clause.after].map((t) => t.word))];
}

/**
 * The words either side of the asking word, within its clause: the content words nearest before it and nearest after
 * it, past the cue (X于哪一年成立: 于 is no content word, X and 成立 are). A passage that states the answer tends to say
 * them around it as the question does (X于1998年成立). Null for a side that has none.
 */
export function cueNeighbours(tagged: Tagged[], isQuestionWord: (word: string) => boolean): { before: string | null; after: string | null } {
  const clause = askingClause(tagged, isQuestionWord);
  return { before: clause?.before.at(-1)?.word ?? null, after: clause?.after[0]?.word ?? null };
}
