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

/** share, of terms whose holding is known (held[i] for terms[i]): the same sums in the same order. */
export function shareHeld(terms: WeightedTerm[], held: boolean[]): number {
  let total = 0;
  let found = 0;
  for (let i = 0; i < terms.length; i++) {
    total += terms[i]!.idf;
    if (held[i]) found += terms[i]!.idf;
  }
  return total === 0 ? 0 : found / total;
}

/** A passage's sentences as written, and analysed when analysis kept their ends (else null: analyse each). */
export interface Split {
  original: string[];
  folded: string[] | null;
}

export function split(text: string, analysed: string): Split {
  const original = sentences(text);
  const folded = sentences(analysed);
  return { original, folded: folded.length === original.length ? folded : null };
}

/**
 * The most a sentence's match (below) can be: the passage's own when its analysed sentences are pieces of its analysed
 * text, which holds all that any of them holds. `wordsShare` is share(analysed, words), known to the caller.
 */
export function sentenceBound(analysed: string, { folded }: Split, wordsShare: number, bigrams: WeightedTerm[]): number {
  return folded ? (wordsShare + share(analysed, bigrams)) / 2 : 1;
}

/** How well an analysed sentence matches the question: the average of its words' and its bigrams' shares. */
function matchOf(analysed: string, words: WeightedTerm[], bigrams: WeightedTerm[]): number {
  return (share(analysed, words) + share(analysed, bigrams)) / 2;
}

/**
 * The sentence of a passage that matches the question best: the IDF-weighted share of the question's words and of
 * its Han bigrams (which catch words segmented differently) that the sentence holds, averaged.
 */
export function bestSentence(
  text: string,
  { original, folded }: Split,
  words: WeightedTerm[],
  bigrams: WeightedTerm[],
): { sentence: string; analysed: string; share: number } {
  let best = { sentence: text.trim(), analysed: '', share: 0 };
  let bestScore = -1;
  original.forEach((sentence, i) => {
    const analysed = folded ? folded[i]! : analyse(sentence);
    const score = matchOf(analysed, words, bigrams);
    if (score > bestScore) {
      bestScore = score;
      best = { sentence: sentence.trim(), analysed, share: score };
    }
  });
  return best;
}

// How well, against the best match, a sentence that holds the asked kind of thing must match to be shown instead.
const TYPED_SHARE = 0.5;

/**
 * The sentence shown in bold when the best match (`best`, bestSentence's) lacks the kind of answer the question asks
 * for (a person, a number, a date …): the best matching sentence that holds one and matches at least TYPED_SHARE as
 * well, else the best match. A passage often opens with a sentence that repeats the question's words
 * (区人大常委会第40次主任会议召开) before the one that answers it (会议由王鲁豫主持).
 */
export function shownSentence(
  parts: Split,
  words: WeightedTerm[],
  bigrams: WeightedTerm[],
  best: { sentence: string; share: number },
  holdsAsked: (analysed: string) => boolean,
): string {
  if (best.share === 0) return best.sentence;
  let shown = { sentence: best.sentence, share: 0 };
  parts.original.forEach((sentence, i) => {
    const analysed = parts.folded ? parts.folded[i]! : analyse(sentence);
    const match = matchOf(analysed, words, bigrams);
    if (match >= TYPED_SHARE * best.share && match > shown.share && holdsAsked(analysed)) shown = { sentence: sentence.trim(), share: match };
  });
  return shown.sentence;
}
