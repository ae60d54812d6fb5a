import type { FieldLengths, IndexReader } from './index-reader.js';

export interface Bm25Params {
  k1: number;
  b: number;
}

/** Robertson–Spärck Jones IDF, floored at 0 by the +1 so that very common terms never count against a match. */
export function idf(df: number, n: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

export interface FieldQuery {
  /** Index key prefix of the field: w:, b:, aw:, ab:. */
  prefix: string;
  terms: Map<string, number>;
  weight: number;
  lengths: Float64Array;
  avgLength: number;
}

/** The IDF each query term had in the field (0 for terms the index has never seen). */
export type TermIdf = Map<string, number>;

/** Adds the BM25 score of one field to scores (indexed by passage or article id); returns each term's IDF there. */
export function scoreField(reader: IndexReader, q: FieldQuery, n: number, params: Bm25Params, scores: Float64Array): TermIdf {
  const idfs: TermIdf = new Map();
  for (const [term, qtf] of q.terms) {
    const posting = reader.posting(q.prefix + term);
    if (!posting) {
      idfs.set(term, 0);
      continue;
    }
    const w = idf(posting.ids.length, n);
    idfs.set(term, w);
    const scale = w * q.weight * qtf * (params.k1 + 1);
    const { ids, tfs } = posting;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      const tf = tfs[i]!;
      const norm = params.k1 * (1 - params.b + (params.b * q.lengths[id]!) / q.avgLength);
      scores[id]! += (scale * tf) / (tf + norm);
    }
  }
  return idfs;
}

export function counts(terms: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of terms) m.set(t, (m.get(t) ?? 0) + 1);
  return m;
}

export function fieldQueries(terms: { words: string[]; bigrams: string[] }, lengths: FieldLengths, prefix: '' | 'a', bigramWeight: number): FieldQuery[] {
  return [
    { prefix: `${prefix}w:`, terms: counts(terms.words), weight: 1, lengths: lengths.words, avgLength: lengths.avgWords },
    { prefix: `${prefix}b:`, terms: counts(terms.bigrams), weight: bigramWeight, lengths: lengths.bigrams, avgLength: lengths.avgBigrams },
  ];
}
