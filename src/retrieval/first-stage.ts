import { fieldQueries, idf, lengthNorm, merged, termPostings, termScale, type Bm25Params, type QueryTerm, type WeightedTerm } from './bm25.js';
import type { IndexReader } from './index-reader.js';
import type { PostingList } from '../store/postings-codec.js';
import { neighbourOf, type LeftOut } from './left-out.js';
import type { QuestionTerms } from './query.js';
import { TopK } from './top-k.js';

const PASSAGE: Bm25Params = { k1: 1.2, b: 0.75 };
const ARTICLE: Bm25Params = { k1: 1.2, b: 0.75 };
/** The first stage: a fixed blend of the cheap scores gathers this many passages for the learned ranking. */
export const POOL_DEPTH = 40;
const BLEND = { bigrams: 0.5, synonyms: 0.5, article: 0.3, neighbours: 0.1 };
/** What each posting adds to its passage (or article): `into[id] += scale · tf / (tf + norm[id])`. */
function addAll(into: Float64Array, { ids, tfs }: PostingList, norm: Float64Array, scale: number): void {
  // a function of its own: the loop is compiled at once, where inside a long function it ran slowly until the whole
  // function was
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    const tf = tfs[i]!;
    into[id]! += (scale * tf) / (tf + norm[id]!);
  }
}

/** addAll, passing over the ids marked (a synonym counts only where its word is absent). */
function addUnmarked(into: Float64Array, { ids, tfs }: PostingList, norm: Float64Array, scale: number, marked: Uint8Array): void {
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (marked[id]) continue;
    const tf = tfs[i]!;
    into[id]! += (scale * tf) / (tf + norm[id]!);
  }
}

function mark(marked: Uint8Array, lists: PostingList[], value: 0 | 1): void {
  for (const { ids } of lists) for (let i = 0; i < ids.length; i++) marked[ids[i]!] = value;
}

/** Sums the counts of several lists by id into counts; returns how many ids they hold (the union's length). */
function countUnion(counts: Uint32Array, lists: PostingList[]): number {
  let df = 0;
  for (const { ids, tfs } of lists) {
    for (let i = 0; i < ids.length; i++) {
      if (counts[ids[i]!] === 0) df++;
      counts[ids[i]!]! += tfs[i]!;
    }
  }
  return df;
}

/**
 * addUnmarked over the union of lists whose counts countUnion summed: each id once, with its summed count (at most
 * 0xffff, as a merged list stores it), clearing counts as it goes.
 */
function addUnion(into: Float64Array, lists: PostingList[], norm: Float64Array, scale: number, counts: Uint32Array, marked: Uint8Array): void {
  for (const { ids } of lists) {
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      const sum = counts[id]!;
      if (sum === 0) continue;
      counts[id] = 0;
      if (marked[id]) continue;
      const tf = Math.min(sum, 0xffff);
      into[id]! += (scale * tf) / (tf + norm[id]!);
    }
  }
}

/** A term as one field scores it. */
interface FieldTerm {
  prefix: string;
  alternatives: string[];
  count: number;
  weight: number;
  params: Bm25Params;
  norm: Float64Array;
  /** Passages (or articles) of the index, less those left out: what the IDF counts. */
  documents: number;
  /** A synonym's word: the lists of its alternatives, where the synonym does not count. */
  besides?: PostingList[];
}

/**
 * What one reader's questions share: score arrays reused from question to question (allocating them per question
 * cost more than scoring at a million passages) and the length norms of each field.
 */
class Stage {
  readonly W: Float64Array;
  readonly B: Float64Array;
  readonly S: Float64Array;
  readonly P: Float64Array;
  readonly A: Float64Array;
  /** Where a synonym's word stands (passages), and a term's summed counts by id (passages or articles). */
  private readonly marked: Uint8Array;
  private readonly counts: Uint32Array;
  /** Each field's norms, by its lengths (the index's, or in training those less what is left out) and average. */
  private readonly norms = new WeakMap<Float64Array, { avg: number; norm: Float64Array }>();

  constructor(private readonly reader: IndexReader) {
    const n = reader.passageCount;
    [this.W, this.B, this.S, this.P] = [0, 0, 0, 0].map(() => new Float64Array(n)) as [Float64Array, Float64Array, Float64Array, Float64Array];
    this.A = new Float64Array(reader.articleCount);
    // (as long as the longer of the two: ids of either field are looked up)
    this.marked = new Uint8Array(Math.max(n, reader.articleCount));
    this.counts = new Uint32Array(this.marked.length);
  }

  /** Forgets the last question's scores. */
  reset(): void {
    for (const a of [this.W, this.B, this.S, this.A]) a.fill(0);
  }

  /**
   * `k1 · (1 - b + b · length / avg)` of every passage (or article): BM25's denominator less tf, the same float the
   * whole expression computes.
   */
  norm(lengths: Float64Array, avg: number, params: Bm25Params): Float64Array {
    let found = this.norms.get(lengths);
    if (found?.avg !== avg) {
      const norm = new Float64Array(lengths.length);
      for (let i = 0; i < norm.length; i++) norm[i] = lengthNorm(params, lengths[i]!, avg);
      this.norms.set(lengths, (found = { avg, norm }));
    }
    return found.norm;
  }

  /**
   * Adds a term's BM25 to a field's scores (into): its alternatives' postings taken as one list, their counts summed,
   * its document frequency the ids holding any (without merging the lists: at a million passages merging cost a
   * tenth of a question). With passages left out (training), the list the smaller index would hold. Returns the IDF,
   * 0 when no id holds the term.
   */
  add(into: Float64Array, t: FieldTerm, leftOut: LeftOut | undefined): number {
    const found = termPostings(this.reader, t.prefix, t.alternatives);
    if (found.length === 0) return 0;
    const lists = leftOut ? [leftOut.posting(t.prefix, t.alternatives, merged(found))] : found;
    const df = lists.length === 1 ? lists[0]!.ids.length : countUnion(this.counts, lists);
    if (df === 0) return 0;
    const w = idf(df, t.documents);
    const scale = termScale(w, t.weight, t.count, t.params);
    const besides = t.besides ?? [];
    mark(this.marked, besides, 1);
    if (lists.length > 1) addUnion(into, lists, t.norm, scale, this.counts, this.marked);
    else if (besides.length > 0) addUnmarked(into, lists[0]!, t.norm, scale, this.marked);
    else addAll(into, lists[0]!, t.norm, scale);
    mark(this.marked, besides, 0);
    return w;
  }
}

/**
 * P of every passage and the maxima of W, B and P (each at least 1 when nothing scored). A passage left out scores
 * nothing, so that the maxima the features divide by are those of the passages left.
 */
function blend({ W, B, S, P }: Stage, n: number, leftOut: LeftOut | undefined): { maxW: number; maxB: number; maxP: number } {
  let maxW = 0;
  let maxB = 0;
  let maxP = 0;
  for (let id = 0; id < n; id++) {
    if (leftOut?.passage(id)) W[id] = B[id] = S[id] = 0;
    const p = W[id]! + BLEND.bigrams * B[id]! + BLEND.synonyms * S[id]!;
    P[id] = p;
    if (p > maxP) maxP = p;
    if (W[id]! > maxW) maxW = W[id]!;
    if (B[id]! > maxB) maxB = B[id]!;
  }
  return { maxW: maxW || 1, maxB: maxB || 1, maxP: maxP || 1 };
}

/** The greatest A (at least 1 when nothing scored), articles wholly left out scoring nothing. */
function articleMax(A: Float64Array, leftOut: LeftOut | undefined): number {
  let max = 0;
  for (let a = 0; a < A.length; a++) {
    if (leftOut?.article(a)) A[a] = 0;
    if (A[a]! > max) max = A[a]!;
  }
  return max || 1;
}

/** Offers every passage that scores to the pool, in id order: of equal scores the lower id comes first. */
function offerAll(
  top: TopK,
  { P, maxP, A, maxA, articleOf }: { P: Float64Array; maxP: number; A: Float64Array; maxA: number; articleOf: Int32Array },
  around: (id: number) => number,
): TopK {
  for (let id = 0; id < P.length; id++) {
    if (P[id] === 0) continue;
    // the neighbours add at most 0.1 · 2 (each P at most maxP): most passages are passed over without reading them;
    // the score is then finished from the same part, so its floats are those of the whole expression
    const own = P[id]! / maxP + (BLEND.article * A[articleOf[id]!]!) / maxA;
    if (own + 2 * BLEND.neighbours <= top.floor) continue;
    top.offer(id, own + BLEND.neighbours * around(id));
  }
  return top;
}

const stages = new WeakMap<IndexReader, Stage>();

function stageOf(reader: IndexReader): Stage {
  let stage = stages.get(reader);
  if (!stage) stages.set(reader, (stage = new Stage(reader)));
  return stage;
}

export interface FirstStageOptions {
  /** Passages ranked as if the index did not hold them (training: a question ranked without its answer). */
  leftOut?: LeftOut;
  /** Passages that join the pool whatever their score (training: the other passages of the right article). */
  include?: number[];
}

/**
 * The first stage's scores of a question: W, B, S and P (the blend) of every passage, A of every article, and their
 * maxima. The arrays are the reader's, rewritten by its next question.
 */
export interface FirstStage {
  /** The pool, best first, then the included passages. */
  ids: number[];
  W: Float64Array;
  B: Float64Array;
  S: Float64Array;
  A: Float64Array;
  maxW: number;
  maxB: number;
  maxA: number;
  wordIdf: WeightedTerm[];
  bigramIdf: WeightedTerm[];
  /** The neighbours' blended scores, over the best passage's. */
  around: (id: number) => number;
}

/**
 * The first stage: passages ranked by P / maxP + 0.3 · article / maxArticle + 0.1 · (P before + P after) / maxP, where
 * P = BM25 words + ½ bigrams + ½ synonyms, the best POOL_DEPTH kept. Every posting of every term is added, term after
 * term (DESIGN.md, "The first stage scores every posting").
 */
export function firstStage(reader: IndexReader, q: QuestionTerms, options: FirstStageOptions = {}): FirstStage {
  const n = reader.passageCount;
  const stage = stageOf(reader);
  stage.reset();
  const leftOut = options.leftOut;
  const { W, B, S, P, A } = stage;
  // the IDFs, lengths and lists of the index without what is left out
  const passages = leftOut?.passagesKept ?? n;
  const lengths = leftOut?.passageLengths ?? reader.passageLengths;
  const wordNorm = stage.norm(lengths.words, lengths.avgWords, PASSAGE);
  const bigramNorm = stage.norm(lengths.bigrams, lengths.avgBigrams, PASSAGE);
  const field = (prefix: string, norm: Float64Array, into: Float64Array) => ({ alternatives, count }: QueryTerm): WeightedTerm => ({
    alternatives,
    idf: stage.add(into, { prefix, alternatives, count, weight: 1, params: PASSAGE, norm, documents: passages }, leftOut),
  });
  const wordIdf = q.words.map(field('w:', wordNorm, W));
  const bigramIdf = q.bigrams.map(field('b:', bigramNorm, B));
  // a synonym counts only where its word (any of an English word's candidates) is absent
  q.words.forEach(({ alternatives, count }, i) => {
    if (q.synonyms[i]!.length === 0) return;
    const besides = termPostings(reader, 'w:', alternatives);
    stage.add(S, { prefix: 'w:', alternatives: q.synonyms[i]!, count, weight: 1, params: PASSAGE, norm: wordNorm, documents: passages, besides }, leftOut);
  });

  // BM25 of the articles (title thrice)
  const articleLengths = leftOut?.articleLengths ?? reader.articleLengths;
  const articles = leftOut?.articlesKept ?? reader.articleCount;
  for (const f of fieldQueries(q, articleLengths, 'a', BLEND.bigrams)) {
    const norm = stage.norm(f.lengths, f.avgLength, ARTICLE);
    for (const { alternatives, count } of f.terms) stage.add(A, { prefix: f.prefix, alternatives, count, weight: f.weight, params: ARTICLE, norm, documents: articles }, leftOut);
  }
  const maxA = articleMax(A, leftOut);

  const { maxW, maxB, maxP } = blend(stage, n, leftOut);
  const around = (id: number) => {
    const prev = leftOut ? neighbourOf(reader, id, 'prev', leftOut) : reader.prev[id]!;
    const next = leftOut ? neighbourOf(reader, id, 'next', leftOut) : reader.next[id]!;
    return ((prev >= 0 ? P[prev]! : 0) + (next >= 0 ? P[next]! : 0)) / maxP;
  };

  const top = offerAll(new TopK(POOL_DEPTH), { P, maxP, A, maxA, articleOf: reader.passageArticle }, around);
  const ids = top.sorted().map((c) => c.id);
  for (const id of options.include ?? []) if (!ids.includes(id)) ids.push(id);
  return { ids, W, B, S, A, maxW, maxB, maxA, wordIdf, bigramIdf, around };
}
