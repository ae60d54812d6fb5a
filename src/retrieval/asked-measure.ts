/**
 * What a number question counts in, said as the Chinese that answer-type.ts reads it from (多少人, 面积多大, 多少钱).
 * An English question asks in English (how many people, how many square kilometres), which those patterns do not
 * read, so any number answered it; a Chinese one may name no measure word but a noun of people (多少学员). The
 * no-answer test reads the measure from what this returns. (The part of a date an English question asks, what year or
 * which day, answer-type.ts reads from the English itself.)
 */

import { STOPWORDS } from '../text/english-words.js';
import { askedMeasures, MEASURES } from './answer-type.js';
import { translate } from './english.js';
import type { IndexReader } from './index-reader.js';
import type { QuestionTerms } from './query.js';

// English asking words and the Chinese that asks the same, for the units of a dimension: areas asked by their unit or
// as an area (how big alone asks a size of any kind, as 有多大 does), lengths, money, lengths of time (how many years
// old asks an age, in 岁).
const ENGLISH_ASKS: [RegExp, string][] = [
  [/\bhow many (?:square (?:kilo)?met(?:er|re)s|hectares|acres|mu)\b|\bin (?:square (?:kilo)?met(?:er|re)s|hectares|acres|mu)\b|\bhow (?:big|large|much) (?:an? |the )?(?:area|land)\b/iu, '面积多大'],
  [/\bhow far\b|\bhow many (?:kilo)?met(?:er|re)s\b|\bhow many miles\b/iu, '多远'],
  [/\bhow long\b/iu, '多长'],
  [/\bhow much (?:money|funding)\b|\bhow many (?:yuan|dollars)\b/iu, '多少钱'],
  [/\bhow many days\b/iu, '多少天'],
  [/\bhow many years\b(?! old)/iu, '多少年'],
  [/\bhow many (?:months|weeks|hours|minutes)\b/iu, '多久'],
];

/** English nouns that count people and nothing else (their translations, 人民 and 人们, are never counted so). */
const PEOPLE = new Set(['people', 'persons', 'individuals', 'staff', 'personnel']);
/** The glossary's first candidates of an English noun, read for how the articles count them. */
const CANDIDATES = 3;
/** How many passages that hold a noun are read for how the articles count it, at most, and the counts that settle it. */
const SAMPLE = 60;
const SETTLED = 8;
// A count just before a noun (3600名居民, 12台机器人, 5位特邀专家; not across 的): its measure word says what the noun is.
// Not a lone 1, which folding makes of 一 where it is no count (每一名党员, 一次党员教育, 进一步).
const COUNT_BEFORE = /(\d+(?:\.\d+)?|[一二两三四五六七八九十百千万]+)(?:多|余)?[万亿]?(?:多|余)?(\p{Script=Han})(?:(?!的)\p{Script=Han}){0,2}$/u;
/** The measure words that count people, and those that count other things a question may count (not 次, 届, 年 …). */
const OF_PEOPLE = ['名', '位'];
const OF_THINGS = [...'个家户所座项条处间栋只头株件套台辆部篇场支批'];

const counted = new WeakMap<IndexReader, Map<string, { people: number; other: number }>>();
/** How often the articles count a noun in people's measure words (名, 位) and in others (台, 家, 户 …). */
function countsOf(reader: IndexReader, noun: string): { people: number; other: number } {
  let byNoun = counted.get(reader);
  if (!byNoun) counted.set(reader, (byNoun = new Map()));
  const known = byNoun.get(noun);
  if (known) return known;
  const found = { people: 0, other: 0 };
  const ids = reader.posting(`w:${noun}`)?.ids ?? [];
  // spread over the list: ids follow the collections' order, and the first ones may all be of one collection
  const step = Math.max(1, ids.length / SAMPLE);
  for (let i = 0; i < ids.length && Math.max(found.people, found.other) < SETTLED; i += step) {
    const text = reader.passage(ids[Math.floor(i)]!).analysed;
    for (let at = text.indexOf(noun); at >= 0; at = text.indexOf(noun, at + 1)) {
      const [, count, measure] = COUNT_BEFORE.exec(text.slice(Math.max(0, at - 8), at)) ?? [];
      if (count === undefined || count === '1' || count === '一') continue;
      if (OF_PEOPLE.includes(measure!)) found.people++;
      else if (OF_THINGS.includes(measure!)) found.other++;
    }
  }
  byNoun.set(noun, found);
  return found;
}

/** Whether the articles count these nouns as people: in 名 or 位 more often than in any other measure word. */
function countedAsPeople(reader: IndexReader, nouns: readonly string[]): boolean {
  const total = nouns.map((n) => countsOf(reader, n)).reduce((a, b) => ({ people: a.people + b.people, other: a.other + b.other }), { people: 0, other: 0 });
  return total.people > total.other;
}

/**
 * What an English question counts: the words after "how many" up to the last of the first plurals in a row, and that
 * noun (how many Party members → Party members, members; farmers cooperatives → cooperatives), a possessive never its
 * noun (people's governments → governments); none past a function word (how many of them, how many were).
 */
function englishCounted(question: string): { phrase: string; noun: string } | null {
  const after = /\bhow many\s+(.+)/iu.exec(question.normalize('NFKC').replace(/’/gu, "'"))?.[1];
  const words: string[] = [];
  let counted: { phrase: string; noun: string } | null = null;
  for (const word of (after ?? '').match(/[\p{L}'-]+/gu) ?? []) {
    const lower = word.toLowerCase();
    if (STOPWORDS.has(lower)) break;
    words.push(word);
    const plural = !/'/u.test(lower) && (PEOPLE.has(lower) || /[^s']s$/u.test(lower));
    if (plural) counted = { phrase: words.join(' '), noun: lower };
    else if (counted !== null) break;
  }
  return counted;
}

/**
 * The question as its measure is read: the analysed question, after the Chinese of what it counts in when its own
 * words do not say it that way. `head`: the asked head of a Chinese question (answer-type.ts `askedHead`).
 */
export function measuredQuestion(reader: IndexReader, q: QuestionTerms, head: string | null): string {
  if (q.type !== 'number') return q.analysed;
  const people = `多少人 ${q.analysed}`;
  if (q.foreign) {
    const asks = ENGLISH_ASKS.find(([pattern]) => pattern.test(q.question))?.[1];
    if (asks) return `${asks} ${q.analysed}`;
    const counted = englishCounted(q.question);
    if (counted === null) return q.analysed;
    // the phrase's last group is its noun's (Party members: 党员), as the glossary files phrases
    const candidates = translate(counted.phrase, (key) => reader.glossary(key)).at(-1)?.slice(0, CANDIDATES) ?? [];
    return PEOPLE.has(counted.noun) || countedAsPeople(reader, candidates) ? people : q.analysed;
  }
  // 多少学员, 多少贫困党员: the noun counted right after the asking word, where no measure word says what it counts in,
  // and the noun is what is counted (not 多少党员户, 多少村民的房屋, 多少比例学生)
  if (head === null || askedMeasures(q.analysed, true).length > 0) return q.analysed;
  const escaped = head.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
  const countsHead = new RegExp(`(?:多少|几)(?:(?!比例|比重|占比|百分|的)\\p{Script=Han}){0,4}?${escaped}(?![${MEASURES}]|的)`, 'u');
  return countsHead.test(q.analysed) && countedAsPeople(reader, [head]) ? people : q.analysed;
}
