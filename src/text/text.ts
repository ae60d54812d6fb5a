import * as OpenCC from 'opencc-js';
import { foldNumerals } from './numerals.js';

// Taiwan phrases included: 軟體 → 软件 matters for matching, not only 軟 → 软.
const toSimplified = OpenCC.Converter({ from: 'twp', to: 'cn' });

/** The form text is matched in: simplified, NFKC (full-width letters and digits to ASCII), lower case. Never shown to users. */
export function fold(text: string): string {
  return toSimplified(text.normalize('NFKC')).toLowerCase();
}

/** The form text is indexed and searched in: folded, with Chinese numerals as digits (五百强 → 500强). */
export function analyse(text: string): string {
  return foldNumerals(fold(text));
}

/** Traditional characters as simplified ones, and nothing else changed (Chinese punctuation stays). */
export function simplify(text: string): string {
  return toSimplified(text);
}

/** Removes every kind of white space, including U+3000 and U+00A0. */
export function compact(text: string): string {
  return text.replace(/\s+/gu, '');
}

const HAN_RUN = /\p{Script=Han}+/gu;

/** Overlapping pairs of Han characters: they match words the segmenter splits differently in question and text. */
export function hanBigrams(folded: string): string[] {
  const out: string[] = [];
  for (const [run] of folded.matchAll(HAN_RUN)) {
    const chars = Array.from(run); // by code point: rare name characters lie outside the BMP
    for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  }
  return out;
}

const SENTENCE = /[^。！？；!?;\n]*(?:[。！？；!?;]+[”’」』）)]*|\n|$)/gu;

/**
 * Splits at Chinese and Western sentence ends, keeping the end mark (and a closing quote after it) with its sentence,
 * and at line ends (a heading merged into the paragraph it introduces is a sentence of its own).
 */
export function sentences(text: string): string[] {
  const out: string[] = [];
  for (const [s] of text.matchAll(SENTENCE)) if (s.trim()) out.push(s);
  return out;
}

/** Length in characters (code points), as readers count Chinese text. */
export function charLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

const DIGITS: Record<string, string> = { 零: '0', 一: '1', 二: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9' };

/** Chinese numerals up to 99 as digits (第十五 → 第15), so that both spellings of an organisation compare equal. */
export function arabic(text: string): string {
  return text.replace(/[零一二三四五六七八九十]+/gu, (n) => {
    if (!n.includes('十')) return [...n].map((c) => DIGITS[c]).join('');
    const [tens, ones] = n.split('十');
    return String((tens ? Number(DIGITS[tens]) : 1) * 10 + (ones ? Number(DIGITS[ones]) : 0));
  });
}
