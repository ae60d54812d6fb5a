import { fieldQueries, idf, lengthNorm, merged, termPosting, termScale, type Bm25Params, type FieldQuery, type WeightedTerm } from '../../src/retrieval/bm25.js';
import type { IndexReader } from '../../src/retrieval/index-reader.js';
import type { PostingList } from '../../src/store/postings-codec.js';
import { neighbourOf, type LeftOut } from '../../src/retrieval/left-out.js';
import type { QuestionTerms } from '../../src/retrieval/query.js';
import { TopK } from '../../src/retrieval/top-k.js';

const PARAMS: Bm25Params = { k1: 1.2, b: 0.75 };

/**
 * Adds the BM25 score of one field to scores (indexed by passage or article id); returns each term's IDF there.
 * `kept` gives a term's posting in a smaller index (training's near misses: left-out.ts).
 */
function scoreField(
  reader: IndexReader,
  q: FieldQuery,
  n: number,
  params: Bm25Params,
  scores: Float64Array,
  kept?: LeftOut['posting'],
): WeightedTerm[] {
  return q.terms.map(({ alternatives, count }) => {
    const found = termPosting(reader, q.prefix, alternatives);
    const posting = found && kept ? kept(q.prefix, alternatives, found) : found;
    if (!posting || posting.ids.length === 0) return { alternatives, idf: 0 };
    const { ids, tfs } = posting;
    const w = idf(ids.length, n);
    const scale = termScale(w, q.weight, count, params);
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      const tf = tfs[i]!;
      scores[id]! += (scale * tf) / (tf + lengthNorm(params, q.lengths[id]!, q.avgLength));
    }
    return { alternatives, idf: w };
  });
}

/**
 * The first stage as it was before it pruned, kept as the reference the pruned one must equal: every posting of
 * every term scored into arrays as long as the index, every passage offered. Returns the pool and, for each of its
 * passages, the first-stage features (words, bigrams, synonyms, article, neighbours).
 */
export function exhaustivePool(reader: IndexReader, q: QuestionTerms, leftOut?: LeftOut): { id: number; features: number[] }[] {
  const n = reader.passageCount;
  const W = new Float64Array(n);
  const B = new Float64Array(n);
  const S = new Float64Array(n);
  const [pw, pb] = fieldQueries(q, leftOut?.passageLengths ?? reader.passageLengths, '', 1);
  const kept = leftOut?.passagesKept ?? n;
  scoreField(reader, pw, kept, PARAMS, W, leftOut?.posting);
  scoreField(reader, pb, kept, PARAMS, B, leftOut?.posting);
  q.words.forEach((w, i) => {
    const synonyms = q.synonyms[i]!.map((s) => reader.posting(`w:${s}`)).filter((p): p is PostingList => p !== null);
    if (synonyms.length === 0) return;
    const { ids, tfs } = merged(synonyms);
    // passed over where the word stands: any of an English word's candidates
    const word = termPosting(reader, 'w:', w.alternatives);
    const skip = new Set(word?.ids ?? []);
    // the IDF of the passages kept
    const df = leftOut ? leftOut.posting('w:', [], { ids, tfs }).ids.length : ids.length;
    const scale = Math.log(1 + (kept - df + 0.5) / (df + 0.5)) * 1 * w.count * (PARAMS.k1 + 1);
    for (let j = 0; j < ids.length; j++) {
      const id = ids[j]!;
      if (skip.has(id)) continue;
      const tf = tfs[j]!;
      S[id]! += (scale * tf) / (tf + PARAMS.k1 * (1 - PARAMS.b + (PARAMS.b * reader.passageLengths.words[id]!) / (leftOut?.passageLengths ?? reader.passageLengths).avgWords));
    }
  });
  const A = new Float64Array(reader.articleCount);
  for (const f of fieldQueries(q, leftOut?.articleLengths ?? reader.articleLengths, 'a', 0.5)) scoreField(reader, f, leftOut?.articlesKept ?? reader.articleCount, PARAMS, A, leftOut?.posting);
  // what is left out scores nothing, as if it were not indexed: the maxima are those of what is left
  for (let id = 0; id < n; id++) if (leftOut?.passage(id)) W[id] = B[id] = S[id] = 0;
  for (let a = 0; a < A.length; a++) if (leftOut?.article(a)) A[a] = 0;
  const P = new Float64Array(n);
  for (let id = 0; id < n; id++) P[id] = W[id]! + 0.5 * B[id]! + 0.5 * S[id]!;
  const maxOf = (a: Float64Array) => a.reduce((m, x) => Math.max(m, x), 0) || 1;
  const [maxW, maxB, maxP, maxA] = [maxOf(W), maxOf(B), maxOf(P), maxOf(A)];
  const around = (id: number) => {
    const prev = neighbourOf(reader, id, 'prev', leftOut);
    const next = neighbourOf(reader, id, 'next', leftOut);
    return ((prev >= 0 ? P[prev]! : 0) + (next >= 0 ? P[next]! : 0)) / maxP;
  };
  const top = new TopK(40);
  for (let id = 0; id < n; id++) {
    if (P[id] === 0) continue;
    top.offer(id, P[id]! / maxP + (0.3 * A[reader.passageArticle[id]!]!) / maxA + 0.1 * around(id));
  }
  return top.sorted().map(({ id }) => ({
    id,
    features: [W[id]! / maxW, B[id]! / maxB, S[id]! / maxW, A[reader.passageArticle[id]!]! / maxA, around(id)],
  }));
}
