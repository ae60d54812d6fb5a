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

/**
 * The postings of a term's alternatives as one list, ids ascending and once, counts summed: a merge of the sorted
 * lists (the index stores each list in increasing id order), where a map of every id cost as much as the scoring.
 */
export function merged(postings: Posting[]): Posting {
  if (postings.length === 1) return postings[0]!;
  let total = 0;
  for (const p of postings) total += p.ids.length;
  const ids = new Uint32Array(total);
  const tfs = new Uint32Array(total);
  const at = new Uint32Array(postings.length);
  let size = 0;
  for (;;) {
    let next = Infinity;
    for (let p = 0; p < postings.length; p++) if (at[p]! < postings[p]!.ids.length) next = Math.min(next, postings[p]!.ids[at[p]!]!);
    if (next === Infinity) break;
    ids[size] = next;
    for (let p = 0; p < postings.length; p++) {
      if (at[p]! < postings[p]!.ids.length && postings[p]!.ids[at[p]!] === next) tfs[size]! += postings[p]!.tfs[at[p]!++]!;
    }
    size++;
  }
  return { ids: ids.slice(0, size), tfs: Uint16Array.from(tfs.subarray(0, size), (v) => Math.min(v, 0xffff)) };
}

/** A term's postings with its alternatives merged; null when the index holds none of them. */
export function termPosting(reader: IndexReader, prefix: string, alternatives: string[]): Posting | null {
  const postings = alternatives.map((a) => reader.posting(prefix + a)).filter((p): p is Posting => p !== null);
  return postings.length === 0 ? null : merged(postings);
}

/** The length normalisation of BM25's term frequency part for a document of `length`. */
export function lengthNorm(params: Bm25Params, length: number, avgLength: number): number {
  return params.k1 * (1 - params.b + (params.b * length) / avgLength);
}

/** What a term of the given IDF, field weight and count in the question multiplies tf / (tf + norm) by. */
export function termScale(w: number, weight: number, count: number, params: Bm25Params): number {
  return w * weight * count * (params.k1 + 1);
}

/** Adds the BM25 score of one field to scores (indexed by passage or article id); returns each term's IDF there. */
export function scoreField(
  reader: IndexReader,
  q: FieldQuery,
  n: number,
  params: Bm25Params,
  scores: Float64Array,
): WeightedTerm[] {
  return q.terms.map(({ alternatives, count }) => {
    const posting = termPosting(reader, q.prefix, alternatives);
    if (!posting) return { alternatives, idf: 0 };
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
