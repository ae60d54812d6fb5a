import type { WeightedTerm } from './bm25.js';
import { analyse, sentences } from '../text/text.js';

/** The IDF-weighted share of the terms that the analysed text holds (a term is held when any alternative is). */
export function share(folded: string, terms: WeightedTerm[]): number {
  let total = 0;
  let found = 0;
  // loops, not some() with a closure: this runs for every term in every sentence of every passage of the pool
  for (const t of terms) {
    total += t.idf;
    for (const a of t.alternatives) {
      if (folded.includes(a)) {
        found += t.idf;
        break;
      }
    }
  }
  return total === 0 ? 0 : found / total;
}

/**
 * The sentence of a passage that matches the question best: the IDF-weighted share of the question's words and of
 * its Han bigrams (which catch words segmented differently) that the sentence holds, averaged.
 */
export function bestSentence(
  text: string,
  analysed: string,
  words: WeightedTerm[],
  bigrams: WeightedTerm[],
): { sentence: string; analysed: string; share: number } {
  let best = { sentence: text.trim(), analysed: '', share: 0 };
  let bestScore = -1;
  const original = sentences(text);
  // analysis keeps sentence ends, so the two lists align (else analyse each sentence)
  const foldedAll = sentences(analysed);
  const aligned = foldedAll.length === original.length;
  original.forEach((sentence, i) => {
    const folded = aligned ? foldedAll[i]! : analyse(sentence);
    const score = (share(folded, words) + share(folded, bigrams)) / 2;
    if (score > bestScore) {
      bestScore = score;
      best = { sentence: sentence.trim(), analysed: folded, share: score };
    }
  });
  return best;
}
