import type { Tagged } from '../text/tokenizer.js';

/**
 * What kind of thing a question asks for, and whether a sentence holds one: a question that asks 多少 wants a number
 * with a measure word, 哪天 a date, 谁 a person, 哪个部门 an organisation, 哪里 a place. Patterns of the question's
 * form only: they name no topic.
 */

export type AnswerType = 'number' | 'date' | 'person' | 'organisation' | 'place';

// Tried in this order: 几月 and 哪一年 are dates before 几 is a number.
const QUESTION_TYPES: [AnswerType, RegExp][] = [
  ['date', /哪一?天|何时|什么时[候间]|哪一?年|哪个?月|几月|几号|几日|哪一?日|日期|\bwhen\b|what (?:year|date|day|month)|which (?:year|day|month)/iu],
  ['number', /多少|几|多[大高长远重久深宽]|比例|数量|百分之|how (?:many|much|long|far|large|big|old)|what (?:percentage|number|proportion)/iu],
  ['person', /谁|哪[一几]?位|什么人|哪个人|叫什么名字|姓名|\bwho(?:m|se)?\b/iu],
  [
    'organisation',
    /哪[个家所]?(?:部门|单位|机构|组织|公司|企业|学校|大学|银行|医院|协会|委员会|政府|机关|媒体|报)|哪家|什么(?:部门|单位|机构|组织|公司|企业)|which (?:organi[sz]ation|department|company|agency|ministry|bank|university)/iu,
  ],
  ['place', /哪里|哪儿|在哪|什么地方|何[地处]|哪个?(?:省|市|县|区|国家?|城市|地区|地方|村|镇|乡)|\bwhere\b|which (?:city|country|province|county|district|place)/iu],
];

/** The answer type a question asks for, or null when it asks for something else (how, why, what about …). */
export function answerType(question: string): AnswerType | null {
  for (const [type, pattern] of QUESTION_TYPES) if (pattern.test(question)) return type;
  return null;
}

// In analysed text: Chinese numerals are digits already (see text/numerals.ts).
const NUMBER = /\d+(?:\.\d+)?(?:多|余)?(?:[万亿])?(?:[个名人次项家条批户位种类所座届期天岁倍元米吨台辆件套场篇部只头亩株处间栋%]|公里|千米|平方|立方|千克|公斤|小时|分钟|万|亿)/gu;
const DATE = /\d{2,4}年(?:\d{1,2}月)?(?:\d{1,2}[日号])?|\d{1,2}月(?:\d{1,2}[日号])?|\d{1,2}[日号]|[上中下]旬|(?:今|去|前|明)年/gu;
// jieba's part-of-speech tags of the named kinds, and the suffixes organisations are named with.
const TAGS: Partial<Record<AnswerType, string[]>> = { person: ['nr'], organisation: ['nt'], place: ['ns'] };
const ORGANISATION = /\p{Script=Han}{2,}(?:部|局|委|办|厅|院|署|会|社|所|中心|集团|公司|银行|大学|学院|协会|委员会|政府|小组)/u;

// The measure word a number question names (多少人, 几个, 多少万元): the answer counts in it.
const ASKED_MEASURE = /(?:多少|几)(?:万|亿)?([个名人次项家条批户位种类所座届期天岁倍元米吨台辆件套场篇部只头亩株处间栋])/u;

/**
 * Whether an analysed sentence holds something of the type that the question does not already say itself (the
 * question's own date or name is not its answer). A number question that names its measure word (多少人) wants a
 * number in that measure; named types need the sentence's tagged words.
 */
export function holdsType(type: AnswerType, sentence: string, question: string, tagged: () => Tagged[]): boolean {
  if (type === 'number' || type === 'date') {
    const measure = type === 'number' ? ASKED_MEASURE.exec(question)?.[1] : undefined;
    for (const [match] of sentence.matchAll(type === 'number' ? NUMBER : DATE)) {
      if (!question.includes(match) && (!measure || match.endsWith(measure))) return true;
    }
    return false;
  }
  const tags = TAGS[type]!;
  for (const { word, tag } of tagged()) {
    if (question.includes(word)) continue;
    if (tags.some((t) => tag.startsWith(t))) return true;
    if (type === 'organisation' && ORGANISATION.test(word)) return true;
  }
  return false;
}
