import type { FieldLengths, IndexReader } from './index-reader.js';
import type { PostingList } from '../store/postings-codec.js';

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

interface Counts {
  ids: Uint32Array;
  tfs: Uint32Array;
}

/** Two lists as one, ids ascending (both are), the counts of an id in both summed. */
function mergeTwo(a: Counts, b: Counts): Counts {
  const ids = new Uint32Array(a.ids.length + b.ids.length);
  const tfs = new Uint32Array(ids.length);
  let i = 0;
  let j = 0;
  let size = 0;
  while (i < a.ids.length || j < b.ids.length) {
    const x = i < a.ids.length ? a.ids[i]! : Infinity;
    const y = j < b.ids.length ? b.ids[j]! : Infinity;
    ids[size] = Math.min(x, y);
    tfs[size++] = (x <= y ? a.tfs[i++]! : 0) + (y <= x ? b.tfs[j++]! : 0);
  }
  return { ids: ids.subarray(0, size), tfs: tfs.subarray(0, size) };
}

/**
 * The postings of a term's alternatives as one list, ids ascending and once, counts summed: the sorted lists (the
 * index stores each in increasing id order) merged two by two, where a map of every id cost as much as the scoring.
 */
export function merged(postings: PostingList[]): PostingList {
  if (postings.length === 1) return postings[0]!;
  let lists: Counts[] = postings.map((p) => ({ ids: p.ids, tfs: new Uint32Array(p.tfs) }));
  while (lists.length > 1) lists = lists.map((l, i) => (i % 2 === 0 ? (lists[i + 1] ? mergeTwo(l, lists[i + 1]!) : l) : null)).filter((l): l is Counts => l !== null);
  const all = lists[0]!;
  // loops, not Uint16Array.from with a function: that calls it per count, and English questions merge long lists
  const tfs = new Uint16Array(all.tfs.length);
  for (let i = 0; i < tfs.length; i++) tfs[i] = Math.min(all.tfs[i]!, 0xffff);
  return { ids: all.ids.slice(), tfs };
}

/** The postings of each alternative of a term that the index holds. */
export function termPostings(reader: IndexReader, prefix: string, alternatives: string[]): PostingList[] {
  return alternatives.map((a) => reader.posting(prefix + a)).filter((p): p is PostingList => p !== null);
}

/** A term's postings with its alternatives merged; null when the index holds none of them. */
export function termPosting(reader: IndexReader, prefix: string, alternatives: string[]): PostingList | null {
  const postings = termPostings(reader, prefix, alternatives);
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
