/**
 * English questions over Chinese articles without a model: each English word or phrase becomes a group of Chinese
 * candidates from the index's glossary (one synonym group: its candidates share one IDF, so words with many
 * translations do not swamp the question), names in pinyin become the names the index knows.
 */

import { bagKey, STOPWORDS } from '../text/english-words.js';
import { latinKey } from '../text/pinyin.js';
import { simplify } from '../text/text.js';

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
/** Longest phrase looked up: "Commission for Discipline Inspection" is four words, "the Ministry of Water Resources" five. */
const MAX_PHRASE_WORDS = 5;
/** The shortest derived form whose candidates join those of the word as written. */
const MIN_POOLED_STEM = 5;
const ORDINAL = /^(\d+)(?:st|nd|rd|th)$/u;
// numbers in words, as the index holds them in digits (the analysis writes 十年 as 10年); "one" is left out, as English
// says it for no number (which one, one of)
const NUMBERS = ['', '', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty'];

// What a question quotes or puts in brackets is a name or a title, not the language it is asked in: 影片《Eine Frau wie
// Romy》, 英文名「Mercy on the Earth」, 'in the loop', and in an English question 《之江新语》 or “两个确立”.
const QUOTED = /《[^》]*》|〈[^〉]*〉|“[^”]*”|‘[^’]*’|「[^」]*」|『[^』]*』|【[^】]*】|"[^"]*"|(?<!\p{L})'[^']*'(?!\p{L})|\([^)]*\)|\[[^\]]*\]/gu;
// What makes Chinese ask or request: its asking words (几 before a measure: 几内亚 is a place; 哪吒 and 吗啡 ask
// nothing) and sentence particles.
// A question whose Chinese asks is Chinese, whatever English it names (the Ministry of Industry and Information
// Technology发布了什么, 他是不是in the loop).
const CHINESE_ASKS = /什么|甚么|啥|哪(?!吒)|谁|多少|几[个年月日号次天岁位名家项种条届批]|怎|如何|为什么|为何|何时|何地|何人|是否|吗(?!啡)|呢|有没有|是不是|请问|请把|能否|可否|介绍一下/u;
// A run of Chinese as an English question writes it: Han characters with the digits in and before them (第18届,
// 2023年), and its possessive (刘长利's).
const CHINESE_RUN = /\d*\p{Script=Han}[\p{Script=Han}\d]*(?:['’]s\b)?/gu;

/**
 * True for a question to translate: one with fewer than two Han characters, or one whose Chinese (outside quotes)
 * does not ask and whose English is a sentence: two words or more outside quotes, one of them a function word (When
 * did 刘长利 visit the railway academy?, What is 网信办?). Other questions with Chinese in them are searched as
 * they are (网信办是什么?, APEC会议在哪里举行?).
 */
export function isForeign(question: string): boolean {
  const text = question.normalize('NFKC');
  if ((text.match(/\p{Script=Han}/gu)?.length ?? 0) < 2) return /\p{L}/u.test(text);
  const outside = text.replace(QUOTED, ' ');
  if ((simplify(outside).match(/\p{Script=Han}+/gu) ?? []).some((run) => CHINESE_ASKS.test(run))) return false;
  // contractions as their word: what's as what, didn't as did
  const words = (outside.replace(/’/gu, "'").match(/[a-z]+(?:'[a-z]+)*/giu) ?? []).map((w) => w.toLowerCase().replace(/n't$/u, '').replace(/'[a-z]+$/u, ''));
  return words.length >= 2 && words.some((w) => STOPWORDS.has(w));
}

/** The Chinese an English question writes (names, terms), each run as written without its possessive. */
export function chineseRuns(question: string): string[] {
  return (question.normalize('NFKC').match(CHINESE_RUN) ?? []).map((run) => run.replace(/['’]s$/u, ''));
}

/** The English of a question: its parts between the Chinese runs, each translated apart (no phrase spans a name). */
export function englishParts(question: string): string[] {
  return question.normalize('NFKC').split(CHINESE_RUN).filter((part) => /\p{L}/u.test(part));
}

// Endings stripped to reach the form CC-CEDICT glosses with: inflections (meetings, mobilized, rectified, holding),
// then derivations (inspection → inspect, rectification → rectify, enforcement → enforce, departure → depart,
// guidance → guide, provincial → province).
const INFLECTIONS: [string, string[]][] = [
  ['ies', ['y']],
  ['es', ['']],
  ['s', ['']],
  ['ied', ['y']],
  ['ed', ['', 'e']],
  ['ing', ['', 'e']],
];
const DERIVATIONS: [string, string[]][] = [
  ['ification', ['ify']],
  ['ation', ['ate', 'e', '']],
  ['ion', ['', 'e']],
  ['ment', ['']],
  ['ial', ['e', '']],
  ['al', ['']],
];
// nouns of verbs that are as often words of their own (importance is no import, pressure no press, conference no
// confer): tried for a word the glossary lacks (departure → depart), never pooled beside a word's own candidates
const NOUN_ENDINGS: [string, string[]][] = [
  ['ure', ['e', '']],
  ['ance', ['', 'e']],
  ['ence', ['', 'e']],
];

/** One step of the endings, and the double consonant an ending leaves undone (planned → plann → plan). */
function stripped(word: string, endings: [string, string[]][]): string[] {
  const out: string[] = [];
  for (const [ending, replacements] of endings) {
    if (!word.endsWith(ending) || word.length < ending.length + 3 || (ending === 's' && word.endsWith('ss'))) continue;
    for (const r of replacements) {
      const stem = word.slice(0, -ending.length) + r;
      out.push(stem);
      if (r === '' && /([b-df-hj-np-tv-z])\1$/u.test(stem)) out.push(stem.slice(0, -1));
    }
  }
  return out;
}

/**
 * A noun's plural, which CC-CEDICT glosses some words with ("classifier for batches": 批, "events": 事变). A word of
 * two letters has none worth looking up: its "plural" is another word (hi: his, which glosses 其 and 他).
 */
function plurals(word: string): string[] {
  if (word.endsWith('s') || word.length < 3) return [];
  if (/(?:x|ch|sh)$/u.test(word)) return [`${word}es`];
  return [/[^aeiou]y$/u.test(word) ? `${word.slice(0, -1)}ies` : `${word}s`];
}

/**
 * Spellings to try for a word the glossary lacks, nearest first. The last word of a phrase: its inflections
 * (meetings → meeting). A word alone: derivations too, up to two endings (organisations → organisation → organise),
 * each also in American spelling (neighbour → neighbor, organise → organize) as CC-CEDICT writes. Irregular forms
 * (held → hold) are not tried.
 */
function variants(word: string, alone: boolean, pooled = false): string[] {
  if (!alone) return [word, ...stripped(word, INFLECTIONS)];
  const endings = [...INFLECTIONS, ...DERIVATIONS, ...(pooled ? [] : NOUN_ENDINGS)];
  const once = stripped(word, endings);
  const all = [word, ...once, ...once.flatMap((w) => stripped(w, endings))];
  return [...new Set(all.flatMap((w) => [w, w.replace(/our$/u, 'or').replace(/is(e|ation)$/u, 'iz$1')]))];
}

export interface Lookup {
  (key: string): readonly string[] | null;
}

/** True when the index holds the text as one word, as the tokenizer cuts it. */
export interface HoldsWord {
  (text: string): boolean;
}

/** Candidates of each word tried in compounds: the likeliest senses come first. */
const COMPOUND_CANDIDATES = 8;

/** Groups of the question's words, by where they stand in it (word indexes start..end, end exclusive). */
interface Span {
  start: number;
  end: number;
  group: readonly string[];
}

/** For each of the spans, the joins of its first candidates with its neighbours' that the index holds as one word. */
function joined(spans: Span[], holds: HoldsWord): Set<string>[] {
  const compounds = spans.map(() => new Set<string>());
  for (let i = 0; i + 1 < spans.length; i++) {
    const [left, right] = [spans[i]!, spans[i + 1]!];
    if (left.end !== right.start) continue;
    for (const a of left.group.slice(0, COMPOUND_CANDIDATES)) {
      for (const b of right.group.slice(0, COMPOUND_CANDIDATES)) {
        // two single characters join into many an unrelated word (division 部 + chief 长: 部长, a minister)
        if ([...a, ...b].length < 3 || !holds(a + b)) continue;
        compounds[i]!.add(a + b);
        compounds[i + 1]!.add(a + b);
      }
    }
  }
  return compounds;
}

/**
 * Chinese writes as one word what English says in two (theme education → 主题教育, Party group → 党组, Haidian district
 * → 海淀区), and the index holds the compound, not its parts: the joined candidates of two neighbouring words that the
 * index holds as one word join both words' groups, first, since the compound says both.
 */
function withCompounds(spans: Span[], holds: HoldsWord): string[][] {
  const compounds = joined(spans, holds);
  return spans.map(({ group }, i) => [...new Set([...compounds[i]!, ...group])]);
}

/** Question words: a phrase that starts with one frames the question (how many years, what kind), which its answer type reads. */
const INTERROGATIVES = new Set(['what', 'which', 'who', 'whom', 'whose', 'when', 'where', 'why', 'how']);
/** The function words a name puts between the content words that Chinese orders otherwise (Commission for Discipline Inspection). */
const BAG_CONNECTORS = new Set(['of', 'for', 'and', 'the']);
/** The shortest part of a word the glossary lacks that is tried as a word of its own (takeover → take over). */
const MIN_SPLIT_PART = 3;

/**
 * A phrase as a bag of its content words, when it reads as a name: content words once each, only connectors between
 * them ("bank did the People's Bank" is no name of the gloss "People's Bank", nor "part in the first" of "first part").
 */
function lookupBag(words: string[], lookup: Lookup): readonly string[] | null {
  const content = words.filter((w) => !STOPWORDS.has(w));
  if (new Set(content).size !== content.length || words.some((w) => STOPWORDS.has(w) && !BAG_CONNECTORS.has(w))) return null;
  const key = bagKey(words);
  return key ? lookup(key) : null;
}

/**
 * The candidates of a phrase (words in lower case), or null: its last word as written and without its inflection,
 * pooled (events → 事变, event → 事件); a word alone also pools the words it derives from, and a word the glossary
 * lacks is tried as two (takeover → take over).
 */
function phraseGroup(phrase: string[], lookup: Lookup): readonly string[] | null {
  const last = phrase.length - 1;
  const found = (v: string) => {
    const words = [...phrase.slice(0, last), v];
    return lookup(words.join(' ')) ?? (last > 0 ? lookupBag(words, lookup) : null);
  };
  // a word as written and its inflections are one word: their candidates join (events: 事变, event: 事件)
  const inflected = [...new Set([phrase[last]!, ...stripped(phrase[last]!, INFLECTIONS), ...plurals(phrase[last]!)].flatMap((v) => found(v) ?? []))];
  // beside a word's own candidates, a short stem is too often another word (legal → leg)
  const derived = last === 0 ? [...new Set(variants(phrase[last]!, true, true).filter((v) => v.length >= MIN_POOLED_STEM).flatMap((v) => found(v) ?? []))] : [];
  if (inflected.length > 0) return [...new Set([...inflected, ...derived])];
  const nearest = variants(phrase[last]!, last === 0).map(found).find((f) => f !== null);
  if (nearest || last > 0) return nearest ?? null;
  const word = phrase[0]!;
  for (let k = MIN_SPLIT_PART; k <= word.length - MIN_SPLIT_PART; k++) {
    const split = lookup(`${word.slice(0, k)} ${word.slice(k)}`);
    if (split) return split;
  }
  return null;
}

/**
 * A phrase's candidates and after them the words Chinese makes of its words' candidates (vice chairman: 副议长, 副总裁,
 * then 副主席 of vice 副 and chairman 主席), which the glossary files under the words alone.
 */
function withInnerCompounds(phrase: string[], group: readonly string[], lookup: Lookup, holds: HoldsWord): readonly string[] {
  if (phrase.length === 1) return group;
  const words: Span[] = phrase.flatMap((w, k) => {
    const own = STOPWORDS.has(w) ? null : phraseGroup([w], lookup);
    return own ? [{ start: k, end: k + 1, group: own }] : [];
  });
  return [...new Set([...group, ...joined(words, holds).flatMap((c) => [...c])])];
}

/**
 * A question's words as every lookup reads them (names and places by pinyin, glossary phrases): a possessive is the
 * word it belongs to (Gansu's → Gansu, Liu Changli’s → Liu Changli, as the glossary files People's Congress as people
 * congress), a plural's (ministers') the plural; quotes around a word ('serial') are not part of it, and a typographic
 * apostrophe is one (Xi’an).
 */
function questionWords(question: string): string[] {
  // NFKC: a Chinese keyboard in full-width mode types Ｗｈｏ for Who
  return (question.normalize('NFKC').replace(/’/gu, "'").match(/[\p{L}\p{N}']+/gu) ?? [])
    .map((w) => w.replace(/^'+|'+$/gu, '').replace(/'s$/iu, ''))
    .filter(Boolean);
}

/**
 * The Chinese term groups of an English question: longest glossary phrases first (up to five words, as
 * written or as a bag of content words), names and
 * places by pinyin (two or three capitalised words joined: Zhuang Rongwen), digits and ordinals kept (9th → 第9),
 * numbers in words as digits (ten → 10), months as N月. Words the glossary lacks are dropped.
 */
export function translate(question: string, lookup: Lookup, holds: HoldsWord = () => false): string[][] {
  const raw = questionWords(question);
  const spans: Span[] = [];
  const used = new Set<number>();
  // names first: consecutive capitalised words, as one pinyin key
  for (let i = 0; i < raw.length; i++) {
    for (const length of [3, 2, 1]) {
      const words = raw.slice(i, i + length);
      if (words.length !== length || words.some((w) => !/^\p{Lu}/u.test(w)) || [...Array(length).keys()].some((k) => used.has(i + k))) continue;
      if (length === 1 && STOPWORDS.has(words[0]!.toLowerCase())) continue;
      const found = lookup(`py:${latinKey(words.join(''))}`);
      if (found) {
        spans.push({ start: i, end: i + length, group: found });
        for (let k = 0; k < length; k++) used.add(i + k);
        break;
      }
    }
  }
  const lower = raw.map((w) => w.toLowerCase());
  for (let i = 0; i < lower.length; i++) {
    if (used.has(i)) continue;
    const word = lower[i]!;
    const ordinal = ORDINAL.exec(word);
    if (/^\d+$/u.test(word) || ordinal) {
      spans.push({ start: i, end: i + 1, group: ordinal ? [`第${ordinal[1]}`, ordinal[1]!] : [word] });
      continue;
    }
    const month = MONTHS.indexOf(word);
    if (month >= 0 && !(word === 'may' && !/^\d/u.test(lower[i + 1] ?? ''))) {
      spans.push({ start: i, end: i + 1, group: [`${month + 1}月`] });
      continue;
    }
    let matched = 0;
    for (let length = Math.min(MAX_PHRASE_WORDS, lower.length - i); length >= 1 && !matched; length--) {
      const phrase = lower.slice(i, i + length);
      // stopwords alone, or phrases of them only (how many: the answer type says what it asks), are not looked up,
      // nor phrases that open with a question word (how many years, what kind)
      if (phrase.every((w) => STOPWORDS.has(w)) || (length > 1 && INTERROGATIVES.has(phrase[0]!))) continue;
      if (phrase.some((_, k) => used.has(i + k))) continue;
      // a number in words, unless it begins a phrase (the Three Gorges)
      const group = length === 1 && NUMBERS.indexOf(word) > 1 ? [String(NUMBERS.indexOf(word))] : phraseGroup(phrase, lookup);
      if (group) {
        spans.push({ start: i, end: i + length, group: withInnerCompounds(phrase, group, lookup, holds) });
        matched = length;
      }
    }
    if (matched > 1) i += matched - 1;
  }
  return withCompounds(spans.sort((a, b) => a.start - b.start), holds);
}

