import { readDictionary } from './lexicon.js';
import { arabic } from './numerals.js';

let curated: Map<string, string> | null = null;

/** Abbreviations that keep no character order with their full form (全国政协), from data/dictionary/abbreviations.txt. */
function curatedAbbreviations(): Map<string, string> {
  curated ??= new Map(readDictionary('abbreviations.txt').map(([short, full]) => [short!, full!]));
  return curated;
}

/** Characters of `short` found in order in `long`. */
function inOrder(short: string, long: string): boolean {
  let at = 0;
  for (const c of long) if (c === short[at]) at++;
  return at === short.length;
}

/**
 * Whether `short` is an abbreviation of `long` as organisations are abbreviated: its characters in the same order,
 * the same first character, its last among the last three of the long form (工信部 / 工业和信息化部, 国家卫健委 /
 * 国家卫生健康委员会, 中央政治局 / 中共中央政治局), the same numbers (中央第5指导组 is not 中央第15指导组); or a pair
 * of the curated list, anywhere in the name (全国政协 / 中国人民政治协商会议全国委员会).
 */
export function abbreviates(short: string, long: string): boolean {
  for (const [abbreviation, full] of curatedAbbreviations()) {
    if (short.includes(abbreviation) && short.replace(abbreviation, full) === long) return true;
  }
  const s = [...arabic(short)];
  const l = [...arabic(long)];
  if (s.length < 3 || s.length >= l.length || s[0] !== l[0] || !l.slice(-3).includes(s.at(-1)!)) return false;
  // leaving out only what stands before the last character names another body: 北京市委 is not 北京市政法委
  if (l.join('').startsWith(s.slice(0, -1).join(''))) return false;
  const numbers = (t: string) => t.match(/\d+/gu)?.join(',') ?? '';
  return numbers(arabic(short)) === numbers(arabic(long)) && inOrder(arabic(short), arabic(long));
}

/** One organisation written in full or abbreviated. */
export function sameOrganisation(a: string, b: string): boolean {
  return a === b || abbreviates(a, b) || abbreviates(b, a);
}
