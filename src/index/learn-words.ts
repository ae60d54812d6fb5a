import type { Vocabulary } from '../store/vocabulary.js';
import { fold, foldAll } from '../text/text.js';

/** How often a quoted term must occur in the corpus before it becomes a word: once is an accident, twice a pattern. */
const MIN_OCCURRENCES = 2;

// Campaigns and formulations are quoted: “两学一做”, “不忘初心、牢记使命” (a 、 list gives its parts).
const QUOTED = /[“"「]([^”"」]{2,24})[”"」]/gu;
const HAN_TERM = /^\p{Script=Han}{2,8}$/u;

/**
 * Adds to `counts` (`sign` times: -1 takes texts away) the terms the texts quote (campaigns, formulations). Counts
 * over a corpus are sums over its texts, so a rebuild moves the previous counts by what it adds and deletes.
 */
export function countQuotedTerms(texts: Iterable<string>, counts: Map<string, number>, sign = 1): Map<string, number> {
  for (const raw of texts) {
    for (const [, quoted] of fold(raw).matchAll(QUOTED)) {
      for (const part of quoted!.split(/[、，,\s]+/u)) if (HAN_TERM.test(part)) counts.set(part, (counts.get(part) ?? 0) + sign);
    }
  }
  return counts;
}

/** The quoted terms counted often enough to be words, for the tokenizer to keep whole. */
export function learnedTerms(counts: ReadonlyMap<string, number>): string[] {
  return [...counts].filter(([, n]) => n >= MIN_OCCURRENCES).map(([w]) => w);
}

/** The words to keep whole: the quoted terms and the names, a name that is also a quoted term weighing as a term. */
export function vocabularyOf(terms: string[], names: string[]): Vocabulary {
  // compared folded, as the tokenizer weighs them
  const isTerm = new Set(foldAll(terms));
  return { words: [...new Set([...terms, ...names])].sort(), names: names.filter((n) => !isTerm.has(fold(n))).sort() };
}

/** The words (folded) that one vocabulary has and the other lacks, or weighs otherwise (a name in one, a term in the other). */
export function vocabularyChanges(before: Vocabulary, now: Vocabulary): string[] {
  // each word, folded, and whether it is a name
  const weights = ({ words, names }: Vocabulary) => {
    const isName = new Set(foldAll(names));
    return new Map(foldAll(words).map((w) => [w, isName.has(w)]));
  };
  const [was, is] = [weights(before), weights(now)];
  return [...new Set([...was.keys(), ...is.keys()])].filter((w) => was.get(w) !== is.get(w));
}
