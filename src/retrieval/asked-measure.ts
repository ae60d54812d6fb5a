/**
 * What a number or date question counts in, said as the Chinese that answer-type.ts reads it from (多少人, 哪年, 面积多大).
 * An English question asks in English (how many people, in which year, how many square kilometres), which those
 * patterns do not read, so any number or date answered it; a Chinese one may name no measure word but a noun that
 * counts people (多少学员). The no-answer test reads the measure from what this returns.
 */

import { STOPWORDS } from '../text/english-words.js';
import { askedMeasures } from './answer-type.js';
import { translate } from './english.js';
import type { IndexReader } from './index-reader.js';
import type { QuestionTerms } from './query.js';

// English asking words and the Chinese that asks the same: units of a dimension (areas, lengths, money, time) and
// the parts of a date. Areas are asked by their unit or as an area (how big alone asks a size of any kind, as 有多大
// does); how high is left out, since a rate is asked so too.
const ENGLISH_ASKS: [RegExp, string][] = [
  [/\bhow many (?:square (?:kilo)?met(?:er|re)s|hectares|acres|mu)\b|\bin (?:square (?:kilo)?met(?:er|re)s|hectares|acres|mu)\b|\bhow (?:big|large|much) (?:an? |the |of (?:an? |the )?)?(?:area|land)\b|\bwhat (?:is|was) the (?:total )?area\b/iu, '面积多大'],
  [/\bhow (?:tall|far|deep|wide)\b|\bhow many (?:kilo)?met(?:er|re)s\b|\bhow many miles\b/iu, '多远'],
  [/\bhow long\b/iu, '多长'],
  [/\bhow much (?:money|funding)\b|\bhow many (?:yuan|dollars)\b/iu, '多少钱'],
  [/\bhow many days\b/iu, '多少天'],
  [/\bhow many years\b/iu, '多少年'],
  [/\bhow many (?:months|weeks|hours|minutes)\b/iu, '多久'],
  [/\b(?:what|which) year\b/iu, '哪年'],
  [/\b(?:what|which) month\b/iu, '几月'],
  [/\b(?:what|which) (?:date|day)\b/iu, '哪天'],
];

/** Chinese nouns that name people end so: 党员, 学生, 记者, 村民, 游客, 群众, 教师, 员工 … (not 士, 手, 官: 巴士, 扶手, 器官). */
const NAMES_PEOPLE = /\p{Script=Han}[人员者民生师工客众兵友童女们]$/u;
/** English plurals without an s. */
const PLURALS = new Set(['people', 'staff', 'personnel', 'police', 'children', 'men', 'women']);
/** The glossary's first candidates read for whether a noun names people: most of them must. */
const CANDIDATES = 3;

/**
 * The noun an English question counts (how many Party members → members, how many branch venues → venues): the first
 * plural after "how many", before any function word (how many of them, how many were: none).
 */
function englishCounted(question: string): string | null {
  const after = /\bhow many\s+(.+)/iu.exec(question.normalize('NFKC'))?.[1];
  for (const word of (after ?? '').match(/[\p{L}'-]+/gu) ?? []) {
    const lower = word.toLowerCase();
    if (STOPWORDS.has(lower)) return null;
    if (PLURALS.has(lower) || /[^s]s$/u.test(lower)) return lower;
  }
  return null;
}

/** Whether most of the glossary's first candidates for an English noun name people (members: 成员, 会员, 团员). */
function englishNamesPeople(reader: IndexReader, noun: string): boolean {
  const candidates = translate(noun, (key) => reader.glossary(key))[0]?.slice(0, CANDIDATES) ?? [];
  return candidates.filter((c) => NAMES_PEOPLE.test(c)).length * 2 > candidates.length;
}

/**
 * The question as its measure is read: the analysed question, after the Chinese of what it counts in when its own
 * words do not say it that way. `head`: the asked head of a Chinese question (answer-type.ts `askedHead`).
 */
export function measuredQuestion(reader: IndexReader, q: QuestionTerms, head: string | null): string {
  if (q.type !== 'number' && q.type !== 'date') return q.analysed;
  if (q.foreign) {
    const asks = ENGLISH_ASKS.find(([pattern]) => pattern.test(q.question))?.[1];
    if (asks) return `${asks} ${q.analysed}`;
    const counted = q.type === 'number' ? englishCounted(q.question) : null;
    return counted !== null && englishNamesPeople(reader, counted) ? `多少人 ${q.analysed}` : q.analysed;
  }
  // 多少学员, 多少贫困党员: people counted where no measure word says what in (多少户村民 counts households)
  const countsPeople =
    q.type === 'number' && head !== null && NAMES_PEOPLE.test(head) && askedMeasures(q.analysed, true).length === 0 && new RegExp(`(?:多少|几)\\p{Script=Han}{0,4}?${head}`, 'u').test(q.analysed);
  return countsPeople ? `多少人 ${q.analysed}` : q.analysed;
}
