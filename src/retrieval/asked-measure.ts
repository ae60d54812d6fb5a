/**
 * What a number question counts in, said as the Chinese that answer-type.ts reads it from (多少人, 面积多大, 多少钱).
 * An English question asks in English (how many people, how many square kilometres), which those patterns do not
 * read, so any number answered it; a Chinese one may name no measure word but a noun of people (多少学员). The
 * no-answer test reads the measure from what this returns. (The part of a date an English question asks, what year or
 * which day, answer-type.ts reads from the English itself.)
 */

import { STOPWORDS } from '../text/english-words.js';
import { wordBoundaries } from '../text/lexicon.js';
import { askedMeasures } from './answer-type.js';
import { translate } from './english.js';
import type { IndexReader } from './index-reader.js';
import type { LeftOut } from './left-out.js';
import { LruCache } from './lru.js';
import type { QuestionTerms } from './query.js';

// English asking words and the Chinese that asks the same, for the units of a dimension: areas asked by their unit or
// as an area (how big alone asks a size of any kind, as 有多大 does), lengths, money, lengths of time (how many years
// old asks an age, in 岁, and how many years ago a year).
const ENGLISH_ASKS: [RegExp, string][] = [
  [/\bhow many (?:square (?:kilo)?met(?:er|re)s|hectares|acres|mu)\b|\bin (?:square (?:kilo)?met(?:er|re)s|hectares|acres|mu)\b|\bhow (?:big|large|much) (?:an? |the )?(?:area|land)\b/iu, '面积多大'],
  [/\bhow far\b|\bhow many (?:kilo)?met(?:er|re)s\b|\bhow many miles\b/iu, '多远'],
  [/\bhow long\b/iu, '多长'],
  [/\bhow much (?:money|funding)\b|\bhow much did\b.*\bcost\b|\bhow many (?:(?:million|billion) )?(?:yuan|dollars)\b/iu, '多少钱'],
  [/\bhow many days\b/iu, '多少天'],
  [/\bhow many years\b(?! old| ago)/iu, '多少年'],
  [/\bhow many (?:months|weeks|hours|minutes)\b/iu, '多久'],
];

/** English nouns that count people and nothing else (their translations, 人民 and 人们, are never counted so). */
const PEOPLE = new Set(['people', 'persons', 'individuals', 'staff', 'personnel']);
/** English plurals without an s. */
const PLURALS = new Set([...PEOPLE, 'children', 'men', 'women', 'police']);
/** The glossary's first candidates (that the index holds) of an English noun, read for how the articles count them. */
const CANDIDATES = 3;
/** How many passages that may hold a noun right after a measure word are read for each side (people, things), at most. */
const SAMPLE = 16;
/** The least evidence for people: so many counts in 名 or 位, and twice as many as in the classifiers of things. */
const LEAST = 2;
// A count, written just before a measure word (3600名, 12台, 1.2万名): not in a quote or an ordinal (“三个代表”,
// 第3批), and not a lone 1, which folding makes of 一 where it is a determiner (每一名党员 is no count of 党员).
const COUNT = /(?<![\d.“「『"第])(\d+(?:\.\d+)?|[一二两三四五六七八九十百千万]+)(?:多|余)?[万亿]?(?:多|余)?$/u;
/** The measure words that count people, and those that count other things a question may count (not 次, 届, 年 …). */
const OF_PEOPLE = ['名', '位'];
const OF_THINGS = [...'个家户所座项条处间栋只头株件套台辆部篇场支批'];

interface Counts {
  people: number;
  other: number;
}

/** The passages that count, and their texts: a training ranking's, without those it leaves out and with its answer cut. */
export interface PassageView {
  leftOut?: LeftOut;
  analysedOf?: (id: number) => string;
}

/** Each reader's counts of the nouns met, within a budget (a bot meets new nouns for as long as it runs). */
const counted = new WeakMap<IndexReader, LruCache<string, Counts>>();
const COUNTED_BYTES = 1 << 20;

/**
 * How often the articles count a noun in people's measure words (名, 位) and in others (台, 家, 户 …): a count, the
 * measure word, then the noun (3600名居民, 6台机器人), each a word of its own in jieba's cut (not 6个人代表, 3个代表团),
 * found in the passages that hold the noun and the measure word's bigram with its first character (up to SAMPLE of
 * them for people's measure words and as many for the others, spread over them).
 */
function countsOf(reader: IndexReader, noun: string, { leftOut, analysedOf }: PassageView): Counts {
  let cache = counted.get(reader);
  if (!cache) counted.set(reader, (cache = new LruCache(COUNTED_BYTES)));
  // a training ranking reads the index as the smaller one it stands for (or a passage with its answer cut): nothing of
  // it is kept
  const kept = leftOut === undefined && analysedOf === undefined;
  const textOf = analysedOf ?? ((id: number) => reader.passage(id).analysed);
  const known = kept ? cache.get(noun) : undefined;
  if (known) return known;
  const found = { people: 0, other: 0 };
  const live = (key: string) => {
    const posting = reader.posting(key);
    return posting === null ? null : leftOut ? leftOut.posting(key.slice(0, 2), [key.slice(2)], posting) : posting;
  };
  const holding = live(`w:${noun}`);
  if (holding === null) return found;
  const holds = new Set(holding.ids);
  const first = String.fromCodePoint(noun.codePointAt(0)!);
  for (const [side, measures] of [['people', OF_PEOPLE], ['other', OF_THINGS]] as const) {
    // the passages that hold the noun and a measure word's bigram with its first character, each side read in part
    const candidates = measures.flatMap((m) => [...(live(`b:${m}${first}`)?.ids ?? [])].filter((id) => holds.has(id)).map((id) => ({ id, m })));
    const step = Math.max(1, candidates.length / SAMPLE);
    for (let i = 0; i < candidates.length; i += step) {
      const { id, m } = candidates[Math.floor(i)]!;
      const text = textOf(id);
      for (let at = text.indexOf(m + noun); at >= 0; at = text.indexOf(m + noun, at + 1)) {
        const count = COUNT.exec(text.slice(Math.max(0, at - 8), at))?.[1];
        if (count === undefined || count === '1' || count === '一') continue;
        const cut = wordBoundaries(text.slice(at, at + 1 + noun.length + 3));
        if (cut.has(1) && cut.has(1 + noun.length)) found[side]++;
      }
    }
  }
  if (kept) cache.set(noun, found, 2 * noun.length + 48);
  return found;
}

/** Whether the articles count these nouns as people: in 名 or 位 at least LEAST times, and twice as often as in things. */
function countedAsPeople(reader: IndexReader, nouns: readonly string[], view: PassageView): boolean {
  const total = nouns.map((n) => countsOf(reader, n, view)).reduce((a, b) => ({ people: a.people + b.people, other: a.other + b.other }), { people: 0, other: 0 });
  return total.people >= LEAST && total.people >= 2 * total.other;
}

/**
 * What an English question counts: the words after "how many" up to the last of the first plurals in a row, and that
 * noun (how many Party members → Party members, members; farmers cooperatives → cooperatives), a possessive never its
 * noun (people's governments → governments); none past a function word (how many of them, how many were).
 */
function englishCounted(question: string): { phrase: string; noun: string } | null {
  const after = /\bhow many\s+(.+)/iu.exec(question)?.[1];
  const words: string[] = [];
  let counted: { phrase: string; noun: string } | null = null;
  for (const word of (after ?? '').match(/[\p{L}'-]+/gu) ?? []) {
    const lower = word.toLowerCase();
    if (STOPWORDS.has(lower)) break;
    words.push(word);
    const plural = !/'/u.test(lower) && (PLURALS.has(lower) || /[^s']s$/u.test(lower));
    if (plural) counted = { phrase: words.join(' '), noun: lower };
    else if (counted !== null) break;
  }
  return counted;
}

/** The Chinese a question's counted noun reads as: the phrase's last group, if the noun itself has a translation. */
function countedCandidates(reader: IndexReader, { phrase, noun }: { phrase: string; noun: string }): string[] {
  const lookup = (key: string) => reader.glossary(key);
  const held = (word: string) => reader.posting(`w:${word}`) !== null;
  // a noun the glossary lacks would leave the phrase's last group to a word before it (student hackathons: 学生)
  if (translate(noun, lookup, held).length === 0) return [];
  return (translate(phrase, lookup, held).at(-1) ?? []).filter(held).slice(0, CANDIDATES);
}

/**
 * The question as its measure is read: the analysed question, after the Chinese of what it counts in when its own
 * words do not say it that way. `head`: the asked head of a Chinese question (answer-type.ts `askedHead`); `view`:
 * a training ranking's view of the index.
 */
export function measuredQuestion(reader: IndexReader, q: QuestionTerms, head: string | null, view: PassageView = {}): string {
  if (q.type !== 'number') return q.analysed;
  const people = `多少人 ${q.analysed}`;
  if (q.foreign) {
    const question = q.question.normalize('NFKC').replace(/’/gu, "'");
    const asks = ENGLISH_ASKS.find(([pattern]) => pattern.test(question))?.[1];
    if (asks) return `${asks} ${q.analysed}`;
    const counted = englishCounted(question);
    if (counted === null) return q.analysed;
    // people, staff: as such; legal persons, as the articles count 法人
    if (PEOPLE.has(counted.noun) && counted.phrase.toLowerCase() === counted.noun) return people;
    return countedAsPeople(reader, countedCandidates(reader, counted), view) ? people : q.analysed;
  }
  if (head === null || askedMeasures(q.analysed, true).length > 0) return q.analysed;
  // the noun counted, the asked head after the asking word (多少贫困党员); not where it is no thing counted (多少党员户,
  // 多少居民的房屋, 多少比例学生). A noun before the head (学生 of 多少学生食堂) is no noun counted, so a head jieba took
  // wrongly (结业 of 多少学员结业) leaves the question as written.
  const escaped = head.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
  const countsHead = new RegExp(`(?:多少|几)(?:(?!比例|比重|占比|百分|的)\\p{Script=Han}){0,4}?${escaped}(?![户家]|的)`, 'u');
  return countsHead.test(q.analysed) && countedAsPeople(reader, [head], view) ? people : q.analysed;
}
