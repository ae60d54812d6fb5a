// the traditional-to-simplified part of opencc-js: the full one parses a megabyte more of dictionaries at every start
import * as OpenCC from 'opencc-js/t2cn';
import { foldNumerals } from './numerals.js';

// Taiwan phrases included: 軟體 → 软件 matters for matching, not only 軟 → 软. Phrases rewrite simplified words too
// (建立 → 创建, 核心 → 内核): harmless where both sides are matched so, wrong in a name or a title shown to people.
const toSimplified = OpenCC.Converter({ from: 'twp', to: 'cn' });
const charsToSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });

// Characters that show nothing and join nothing (the zero-width space, the word joiner, the soft hyphen, the Mongolian
// vowel separator, a byte-order mark inside the text): web pages carry them inside words (周\u200b建华), where they
// part a word from itself. Dropped from the text as stored and shown.
const INVISIBLE = /[\u00ad\u180e\u200b\u2060\ufeff]/gu;
// What matching ignores besides: every default-ignorable character (the joiners of an emoji, variation selectors,
// bidirectional marks), which change how a text looks, never which words it holds.
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;

/** The text without the characters that show nothing and join nothing (INVISIBLE). */
export function withoutInvisibles(text: string): string {
  return text.replace(INVISIBLE, '');
}

/**
 * The form text is matched in: without what changes only its look (IGNORABLE), simplified, NFKC (full-width letters
 * and digits to ASCII), lower case. Never shown to users.
 */
export function fold(text: string): string {
  return foldedBy(text, toSimplified);
}

/** Text without what changes only its look, NFKC, converted to simplified script by `convert`, lower case. */
const foldedBy = (text: string, convert: (text: string) => string) => convert(text.replace(IGNORABLE, '').normalize('NFKC')).toLowerCase();

// Corner brackets as the quotation marks simplified script writes (「主题教育」 as “主题教育”): a title quotes a campaign
const CORNER_QUOTES: Record<string, string> = { '「': '“', '」': '”', '『': '‘', '』': '’' };

/**
 * fold for names and titles, which are read in simplify's form: characters converted, never phrases (杨建立 stays),
 * and quoted as simplified script quotes.
 */
export function foldName(text: string): string {
  return foldedBy(text, simplify).replace(/[「」『』]/gu, (c) => CORNER_QUOTES[c]!);
}

// A line feed is never part of a phrase the conversion replaces, nor changed by NFKC or lower-casing, and both treat
// it as a boundary; only an ideographic description character (U+2FF0–U+2FFF) takes what follows it as its operands.
const NOT_JOINABLE = /[\n\u2ff0-\u2fff]/u;

/**
 * fold of each text, folded in one call over the texts joined by line feeds: a call costs far more than a character
 * does (3,239 words of a vocabulary: 83–106 ms one at a time, 9–20 ms joined).
 */
export function foldAll(texts: readonly string[], folding: (text: string) => string = fold): string[] {
  const folded = texts.some((t) => NOT_JOINABLE.test(t)) ? [] : folding(texts.join('\n')).split('\n');
  return folded.length === texts.length ? folded : texts.map(folding);
}

/** The form text is indexed and searched in: folded, with Chinese numerals as digits (五百强 → 500强). */
export function analyse(text: string): string {
  return foldNumerals(fold(text));
}

/**
 * Traditional characters as simplified ones, and nothing else changed (Chinese punctuation stays; no Taiwan phrase
 * is rewritten): the form names and titles are found and shown in.
 */
export function simplify(text: string): string {
  return charsToSimplified(text);
}

// Links, e-mail addresses, and Discord's markup for mentions, custom emoji, commands and times (<@123>, <@!123>,
// <@&123>, <#123>, <:name:123>, </ask:123>, </提问:123>, <t:1700000000:R>, @everyone, @here, not in an address such as
// info@here.gov.cn): what they point at is no word of the text around them, and their digits and words would be
// searched as if they were
const NOT_WORDS =
  /(?<![\w.])(?:https?:\/\/|www\.)[^\s\p{Script=Han}，。！？；]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|<(?:@[!&]?|#|a?:\w+:|\/[-_ \p{L}\p{N}\p{M}]+:)\d+>|<t:\d+(?::[tTdDfFR])?>|(?<![\w.])@(?:everyone|here)\b/giu;

/** The text with its links, e-mail addresses and Discord markup taken out (a space in their place). */
export function withoutLinks(text: string): string {
  return text.replace(NOT_WORDS, ' ');
}

/** Removes every kind of white space, including U+3000 and U+00A0. */
export function compact(text: string): string {
  return text.replace(/\s+/gu, '');
}

const HAN_RUN = /\p{Script=Han}+/gu;

/** Overlapping pairs of Han characters: they match words the segmenter splits differently in question and text. */
export function hanBigrams(folded: string): string[] {
  const out: string[] = [];
  forEachHanBigram(folded, (first, second) => out.push(String.fromCodePoint(first, second)));
  return out;
}

/**
 * The pairs hanBigrams gives, as code points (rare name characters lie outside the BMP), without making them strings:
 * the build counts millions of them. `visit` must not itself look for bigrams (the runs' search is shared).
 */
export function forEachHanBigram(folded: string, visit: (first: number, second: number) => void): void {
  HAN_RUN.lastIndex = 0;
  for (let run = HAN_RUN.exec(folded); run; run = HAN_RUN.exec(folded)) {
    const end = run.index + run[0].length;
    let previous = folded.codePointAt(run.index)!;
    for (let i = run.index + (previous > 0xffff ? 2 : 1); i < end; ) {
      const c = folded.codePointAt(i)!;
      visit(previous, c);
      previous = c;
      i += c > 0xffff ? 2 : 1;
    }
  }
}

const SENTENCE_END = new Set('。！？；!?;');
const CLOSING = new Set('”’」』）)');
const BREAK = /[\n。！？；!?;]/gu;

/**
 * Splits at Chinese and Western sentence ends, keeping the end mark (and a closing quote after it) with its sentence,
 * and at line ends (a heading merged into the paragraph it introduces is a sentence of its own). A scan from break to
 * break rather than a regular expression over sentences: one pass whatever the text, where a regex overflowed its
 * stack on megabytes without an end mark; the search for the next break skips the characters between at the regex
 * engine's speed (splitting is most of what finding a passage's best sentence costs).
 */
export function sentences(text: string): string[] {
  const out: string[] = [];
  const push = (s: string) => {
    if (s.trim()) out.push(s);
  };
  let start = 0;
  BREAK.lastIndex = 0;
  for (let found = BREAK.exec(text); found; found = BREAK.exec(text)) {
    let i = found.index;
    if (text[i] === '\n') i++;
    else {
      while (i < text.length && SENTENCE_END.has(text[i]!)) i++;
      while (i < text.length && CLOSING.has(text[i]!)) i++;
    }
    push(text.slice(start, i));
    start = BREAK.lastIndex = i;
  }
  push(text.slice(start));
  return out;
}

/** The sentences of a text (as `sentences` splits it) with where each starts: the blank runs it drops lie between. */
export function sentencesAt(text: string): { text: string; at: number }[] {
  let cursor = 0;
  return sentences(text).map((s) => {
    const at = text.indexOf(s, cursor);
    cursor = at + s.length;
    return { text: s, at };
  });
}

/** The start of a text within `max` UTF-16 units (as JavaScript and Discord's payloads measure), never half a character. */
export function unitsWithin(text: string, max: number): string {
  if (max <= 0) return '';
  if (text.length <= max) return text;
  const high = text.charCodeAt(max - 1);
  return text.slice(0, high >= 0xd800 && high <= 0xdbff ? max - 1 : max);
}

/** Length in characters (code points), as readers count Chinese text. */
export function charLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

// C0 and C1 controls (ESC starts a terminal's escape sequences, a line feed starts a line that looks like ours), DEL,
// and the bidirectional overrides that make a line read otherwise than it is.
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/gu;

/** Text safe to print on one terminal line: control characters shown as escapes (\n, \u{1b}) instead of obeyed. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => (c === '\n' ? '\\n' : `\\u{${c.codePointAt(0)!.toString(16)}}`));
}
