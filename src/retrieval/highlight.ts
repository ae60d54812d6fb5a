import type { TermIdf } from './bm25.js';
import { fold, sentences } from './text.js';

function share(folded: string, idfs: TermIdf, total: number): number {
  if (total === 0) return 0;
  let found = 0;
  for (const [term, w] of idfs) if (folded.includes(term)) found += w;
  return found / total;
}

const sum = (idfs: TermIdf) => [...idfs.values()].reduce((a, b) => a + b, 0);

/**
 * The sentence of a passage that matches the question best: the IDF-weighted share of the question's words and of
 * its Han bigrams (which catch words segmented differently) that the sentence holds, averaged.
 */
export function bestSentence(text: string, wordIdf: TermIdf, bigramIdf: TermIdf): { sentence: string; share: number } {
  const totalWords = sum(wordIdf);
  const totalBigrams = sum(bigramIdf);
  let best = { sentence: text.trim(), share: 0 };
  let bestScore = -1;
  const original = sentences(text);
  // one fold for the whole passage; folding keeps sentence ends, so the two lists align (else fold each sentence)
  const foldedAll = sentences(fold(text));
  const aligned = foldedAll.length === original.length;
  original.forEach((sentence, i) => {
    const folded = aligned ? foldedAll[i]! : fold(sentence);
    const score = (share(folded, wordIdf, totalWords) + share(folded, bigramIdf, totalBigrams)) / 2;
    if (score > bestScore) {
      bestScore = score;
      best = { sentence: sentence.trim(), share: score };
    }
  });
  return best;
}
