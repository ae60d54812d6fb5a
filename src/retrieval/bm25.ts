import type { FieldLengths, IndexReader, Posting } from './index-reader.js';

export interface Bm25Params {
  k1: number;
  b: number;
}

/** Robertson–Spärck Jones IDF, floored at 0 by the +1 so that very common terms never count against a match. */
export function idf(df: number, n: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/**
 * A term of a question: its alternatives count as one term (one IDF over the passages holding any of them, their
 * counts summed), which is what an English word's Chinese candidates are; a Chinese word is its own only alternative.
 */
export interface QueryTerm {
  alternatives: string[];
  count: number;
}

/** A query term with the IDF it had in a field (0 when no alternative occurs in the index). */
export interface WeightedTerm {
  alternatives: string[];
  idf: number;
}

/** Each distinct term once, with how often it occurs. */
export function singletons(terms: string[]): QueryTerm[] {
  const counts = new Map<string, number>();
  for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts].map(([t, count]) => ({ alternatives: [t], count }));
}

export interface FieldQuery {
  /** Index key prefix of the field: w:, b:, aw:, ab:. */
  prefix: string;
  terms: QueryTerm[];
  weight: number;
  lengths: Float64Array;
  avgLength: number;
}

/** The postings of a term's alternatives as one list (ids once, counts summed). */
function merged(postings: Posting[]): Posting {
  if (postings.length === 1) return postings[0]!;
  const tf = new Map<number, number>();
  for (const p of postings) for (let i = 0; i < p.ids.length; i++) tf.set(p.ids[i]!, (tf.get(p.ids[i]!) ?? 0) + p.tfs[i]!);
  return { ids: Uint32Array.from(tf.keys()), tfs: Uint16Array.from(tf.values(), (v) => Math.min(v, 0xffff)) };
}

/**
 * Adds the BM25 score of one field to scores (indexed by passage or article id); returns each term's IDF there. When
 * `besides` gives a term a posting, the ids in it are passed over: a synonym scores only where its word is absent.
 */
export function scoreField(
  reader: IndexReader,
  q: FieldQuery,
  n: number,
  params: Bm25Params,
  scores: Float64Array,
  besides?: (Posting | null)[],
): WeightedTerm[] {
  const skip = besides ? new Uint8Array(n) : null;
  return q.terms.map(({ alternatives, count }, t) => {
    const postings = alternatives.map((a) => reader.posting(q.prefix + a)).filter((p): p is Posting => p !== null);
    if (postings.length === 0) return { alternatives, idf: 0 };
    const { ids, tfs } = merged(postings);
    const w = idf(ids.length, n);
    const scale = w * q.weight * count * (params.k1 + 1);
    const passed = besides?.[t];
    if (skip && passed) for (const id of passed.ids) skip[id] = 1;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (skip?.[id]) continue;
      const tf = tfs[i]!;
      const norm = params.k1 * (1 - params.b + (params.b * q.lengths[id]!) / q.avgLength);
      scores[id]! += (scale * tf) / (tf + norm);
    }
    if (skip && passed) for (const id of passed.ids) skip[id] = 0;
    return { alternatives, idf: w };
  });
}

export interface Query {
  words: QueryTerm[];
  bigrams: QueryTerm[];
}

export function fieldQueries(query: Query, lengths: FieldLengths, prefix: '' | 'a', bigramWeight: number): [FieldQuery, FieldQuery] {
  return [
    { prefix: `${prefix}w:`, terms: query.words, weight: 1, lengths: lengths.words, avgLength: lengths.avgWords },
    { prefix: `${prefix}b:`, terms: query.bigrams, weight: bigramWeight, lengths: lengths.bigrams, avgLength: lengths.avgBigrams },
  ];
}
