import type { TermIdf } from './bm25.js';
import { fold, sentences } from './text.js';

/**
 * The sentence of a passage that matches the question best: the IDF-weighted share of the question's words it holds,
 * with its share of the question's Han bigrams breaking ties between sentences that hold the same words.
 */
export function bestSentence(text: string, wordIdf: TermIdf, bigrams: string[]): { sentence: string; share: number } {
  let total = 0;
  for (const w of wordIdf.values()) total += w;
  const uniqueBigrams = [...new Set(bigrams)];
  let best = { sentence: text.trim(), share: 0 };
  let bestScore = -1;
  const original = sentences(text);
  // one fold for the whole passage; folding keeps sentence ends, so the two lists align (else fold each sentence)
  const foldedAll = sentences(fold(text));
  const aligned = foldedAll.length === original.length;
  original.forEach((sentence, i) => {
    const folded = aligned ? foldedAll[i]! : fold(sentence);
    let found = 0;
    for (const [word, w] of wordIdf) if (folded.includes(word)) found += w;
    const share = total > 0 ? found / total : 0;
    const tie = uniqueBigrams.length ? uniqueBigrams.filter((b) => folded.includes(b)).length / uniqueBigrams.length : 0;
    const score = share + 0.01 * tie;
    if (score > bestScore) {
      bestScore = score;
      best = { sentence: sentence.trim(), share };
    }
  });
  return best;
}
