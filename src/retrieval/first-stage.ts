import { fieldQueries, idf, lengthNorm, termPosting, termScale, type Bm25Params, type QueryTerm, type WeightedTerm } from './bm25.js';
import type { IndexReader, Posting } from './index-reader.js';
import { neighbourOf, type LeftOut } from './left-out.js';
import { LruCache } from './lru.js';
import { GrowingColumn } from '../store/segment-columns.js';
import type { QuestionTerms } from './query.js';
import { TopK } from './top-k.js';

const PASSAGE: Bm25Params = { k1: 1.2, b: 0.75 };
const ARTICLE: Bm25Params = { k1: 1.2, b: 0.75 };
/** The first stage: a fixed blend of the cheap scores gathers this many passages for the learned ranking. */
export const POOL_DEPTH = 40;
const BLEND = { bigrams: 0.5, synonyms: 0.5, article: 0.3, neighbours: 0.1 };

/** Passages are bounded by blocks of consecutive ids, 2^BLOCK_SHIFT each. */
const BLOCK_SHIFT = 8;
const BLOCK = 1 << BLOCK_SHIFT;
/** Bounds are summed in another order than scores: raised by this share, rounding never makes one too low. */
const ROUNDING = 1 + 1e-9;
/** The most the per-term lists kept between questions may take (a million passages: a common bigram is 2 MB). */
const LIST_CACHE_BYTES = 192 << 20;

/**
 * A passage field's postings of one term, each with its BM25 denominator tf + norm, and the greatest tf / (tf + norm)
 * in each block of passages holding it.
 */
interface BlockedList {
  ids: Uint32Array;
  tfs: Uint16Array;
  /** tf + norm of each posting: the same float that scoring would compute, computed once while the list is cached. */
  denominators: Float64Array;
  /** The blocks that hold a posting, ascending. */
  blocks: Uint32Array;
  /** Where each block's postings start in ids, and after the last, the end. */
  starts: Uint32Array;
  peaks: Float64Array;
  /**
   * What each posting adds, (scale · tf) / (tf + norm), for the scale last asked (a term's scale depends on the
   * question only through its count, mostly 1): the same floats as computing them, without a division per posting.
   */
  scale: number;
  adds: Float64Array;
}

/**
 * A list's additions at a scale, computed once while the scale stays that of the last question. Another scale gets
 * a new array, never the old one rewritten: a question may score one list at two scales (a word and a synonym).
 */
function additions(list: BlockedList, scale: number): Float64Array {
  if (list.scale !== scale) {
    const { tfs, denominators } = list;
    const adds = new Float64Array(tfs.length);
    for (let i = 0; i < adds.length; i++) adds[i] = (scale * tfs[i]!) / denominators[i]!;
    list.scale = scale;
    list.adds = adds;
  }
  return list.adds;
}

function blocked(posting: Posting, lengths: Float64Array, avg: number, params: Bm25Params): BlockedList {
  const { ids, tfs } = posting;
  let count = 0;
  for (let i = 0; i < ids.length; i++) if (i === 0 || ids[i]! >>> BLOCK_SHIFT !== ids[i - 1]! >>> BLOCK_SHIFT) count++;
  const blocks = new Uint32Array(count);
  const starts = new Uint32Array(count + 1);
  const peaks = new Float64Array(count);
  const denominators = new Float64Array(ids.length);
  let j = -1;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (j < 0 || id >>> BLOCK_SHIFT !== blocks[j]) {
      blocks[++j] = id >>> BLOCK_SHIFT;
      starts[j] = i;
    }
    const tf = tfs[i]!;
    denominators[i] = tf + lengthNorm(params, lengths[id]!, avg);
    peaks[j] = Math.max(peaks[j]!, tf / denominators[i]!);
  }
  starts[count] = ids.length;
  return { ids, tfs, denominators, blocks, starts, peaks, scale: NaN, adds: new Float64Array(0) };
}

/** The index of block b in a list's blocks, or -1. */
function findBlock(blocks: Uint32Array, b: number): number {
  let lo = 0;
  let hi = blocks.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (blocks[mid]! < b) lo = mid + 1;
    else hi = mid;
  }
  return lo < blocks.length && blocks[lo] === b ? lo : -1;
}

/** One list of a question as it adds to a passage field's score. */
interface ListScoring {
  list: BlockedList;
  scale: number;
  adds: Float64Array;
  into: Float64Array;
  /** Its share in the blend P (words 1, bigrams and synonyms ½). */
  blend: number;
  /** A synonym's word: passages holding it are passed over. */
  besides: Posting | null;
}

/** Per block, a short list of numbers (compressed rows: block b's are values[start[b]] … values[start[b + 1]]). */
interface BlockRows {
  start: Uint32Array;
  values: Int32Array;
}

/** Rows filled block after block: push a block's values, then end it. */
class RowsBuilder {
  private readonly start: Uint32Array;
  private readonly values = new GrowingColumn();
  private block = 0;

  constructor(blocks: number) {
    this.start = new Uint32Array(blocks + 1);
  }

  /** Whether the current block's row holds v. */
  has(v: number): boolean {
    for (let i = this.start[this.block]!; i < this.values.length; i++) if (this.values.at(i) === v) return true;
    return false;
  }

  push(v: number): void {
    this.values.push(v);
  }

  endBlock(): void {
    this.start[++this.block] = this.values.length;
  }

  rows(): BlockRows {
    return { start: this.start, values: this.values.array() };
  }
}

/** What each list adds to its passages (or articles), in order: `into[ids[i]] += adds[i]` for i in [from, to). */
function addAll(into: Float64Array, ids: Uint32Array, adds: Float64Array, from: number, to: number): void {
  // a function of its own: the loop is compiled at once, where inside a long function it ran slowly until the whole
  // function was (a one-shot question at a million passages spends a tenth of a second on it otherwise)
  for (let i = from; i < to; i++) into[ids[i]!]! += adds[i]!;
}

/**
 * What one reader's questions share: the blocks' neighbour blocks and articles, the lists read, and score arrays
 * reused from question to question (zeroed where the last one wrote: allocating them per question cost more than
 * scoring at a million passages).
 */
class Stage {
  readonly blocks: number;
  /** For each block, the blocks holding its passages' neighbours (itself included), and its passages' articles. */
  readonly neighbours: BlockRows;
  readonly articles: BlockRows;
  readonly lists = new LruCache<string, BlockedList | null>(LIST_CACHE_BYTES);
  readonly W: Float64Array;
  readonly B: Float64Array;
  readonly S: Float64Array;
  readonly P: Float64Array;
  readonly scored: Uint8Array;
  readonly scoredBlocks: number[] = [];
  /** The greatest P of each scored block. */
  readonly blockMaxP: Float64Array;
  private readonly passed = new Uint8Array(BLOCK);
  scorings: ListScoring[] = [];
  /** Passages left out of this question's scores (training), as if they were not indexed. */
  leftOut: LeftOut | undefined;
  maxW = 0;
  maxB = 0;
  maxP = 0;

  constructor(private readonly reader: IndexReader) {
    const n = reader.passageCount;
    this.blocks = (n + BLOCK - 1) >>> BLOCK_SHIFT;
    // one pass in typed arrays: arrays of arrays, one a block, took a fifth of a second at a million passages
    const neighbours = new RowsBuilder(this.blocks);
    const articles = new RowsBuilder(this.blocks);
    const { prev, next, passageArticle } = reader;
    for (let b = 0; b < this.blocks; b++) {
      neighbours.push(b);
      let article = -1;
      for (let id = b << BLOCK_SHIFT; id < Math.min(n, (b + 1) << BLOCK_SHIFT); id++) {
        // most neighbours stand in the block itself, the first of its row
        const before = prev[id]! >>> BLOCK_SHIFT;
        const after = next[id]! >>> BLOCK_SHIFT;
        if (prev[id]! >= 0 && before !== b && !neighbours.has(before)) neighbours.push(before);
        if (next[id]! >= 0 && after !== b && !neighbours.has(after)) neighbours.push(after);
        // consecutive passages mostly share their article: a repeat further on only costs a comparison
        if (passageArticle[id]! !== article) articles.push((article = passageArticle[id]!));
      }
      neighbours.endBlock();
      articles.endBlock();
    }
    this.neighbours = neighbours.rows();
    this.articles = articles.rows();
    [this.W, this.B, this.S, this.P] = [0, 0, 0, 0].map(() => new Float64Array(n)) as [Float64Array, Float64Array, Float64Array, Float64Array];
    this.scored = new Uint8Array(this.blocks);
    this.blockMaxP = new Float64Array(this.blocks);
  }

  /** Forgets the last question's scores. */
  reset(): void {
    const n = this.reader.passageCount;
    for (const b of this.scoredBlocks) {
      const lo = b << BLOCK_SHIFT;
      const hi = Math.min(n, lo + BLOCK);
      for (const a of [this.W, this.B, this.S, this.P]) a.fill(0, lo, hi);
      this.scored[b] = 0;
    }
    this.scoredBlocks.length = 0;
    this.scorings = [];
    this.maxW = this.maxB = this.maxP = 0;
  }

  /** A term's list (of passages, or for aw: and ab: of articles), read and blocked once while it stays in the cache. */
  list(prefix: string, alternatives: string[], lengths: Float64Array, avg: number, params = PASSAGE): BlockedList | null {
    // the average length is the index's except when training leaves passages out
    const key = `${prefix}${alternatives.join('\u0000')}\u0000${avg}`;
    let list = this.lists.get(key);
    if (list === undefined) {
      const posting = termPosting(this.reader, prefix, alternatives);
      list = posting && blocked(posting, lengths, avg, params);
      const bytes = list ? list.ids.byteLength + list.tfs.byteLength + list.denominators.byteLength * 2 + list.blocks.byteLength * 2 + list.peaks.byteLength : 0;
      this.lists.set(key, list, bytes + 2 * key.length + 64);
    }
    return list;
  }

  /**
   * Scores every passage of block b exactly, each list adding in the question's term order as the exhaustive sums
   * did, so the floats are the same ones.
   */
  score(b: number): void {
    if (this.scored[b]) return;
    this.scored[b] = 1;
    this.scoredBlocks.push(b);
    const lo = b << BLOCK_SHIFT;
    const hi = Math.min(this.reader.passageCount, lo + BLOCK);
    const passed = this.passed;
    for (const s of this.scorings) {
      const j = findBlock(s.list.blocks, b);
      if (j < 0) continue;
      const { ids, starts } = s.list;
      const { into, adds, besides } = s;
      const end = starts[j + 1]!;
      // two loops, not one testing for a synonym's word at every posting: this is where a question's time goes
      if (besides) {
        this.pass(besides, lo, hi, 1);
        for (let i = starts[j]!; i < end; i++) if (!passed[ids[i]! - lo]) into[ids[i]!]! += adds[i]!;
        this.pass(besides, lo, hi, 0);
      } else addAll(into, ids, adds, starts[j]!, end);
    }
    const { W, B, S, P, leftOut } = this;
    let max = 0;
    let maxW = this.maxW;
    let maxB = this.maxB;
    for (let id = lo; id < hi; id++) {
      // a passage left out scores nothing, so that the maxima the features divide by are those of the passages left
      if (leftOut?.passage(id)) W[id] = B[id] = S[id] = 0;
      const p = W[id]! + BLEND.bigrams * B[id]! + BLEND.synonyms * S[id]!;
      P[id] = p;
      if (p > max) max = p;
      if (W[id]! > maxW) maxW = W[id]!;
      if (B[id]! > maxB) maxB = B[id]!;
    }
    this.maxW = maxW;
    this.maxB = maxB;
    this.blockMaxP[b] = max;
    this.maxP = Math.max(this.maxP, max);
  }

  /** Scores a block and the blocks of its passages' neighbours. */
  scoreAround(b: number): void {
    for (let i = this.neighbours.start[b]!; i < this.neighbours.start[b + 1]!; i++) this.score(this.neighbours.values[i]!);
  }

  /** Marks (1) or unmarks (0) the ids of a posting within [lo, hi). */
  private pass(posting: Posting, lo: number, hi: number, mark: 0 | 1): void {
    const ids = posting.ids;
    let i = 0;
    for (let step = ids.length; step > 0; step >>>= 1) while (i + step <= ids.length && ids[i + step - 1]! < lo) i += step;
    for (; i < ids.length && ids[i]! < hi; i++) this.passed[ids[i]! - lo] = mark;
  }
}

const stages = new WeakMap<IndexReader, Stage>();

function stageOf(reader: IndexReader): Stage {
  let stage = stages.get(reader);
  if (!stage) stages.set(reader, (stage = new Stage(reader)));
  return stage;
}

export interface FirstStageOptions {
  depth?: number;
  /** Passages ranked as if the index did not hold them (training: a question ranked without its answer). */
  leftOut?: LeftOut;
  /** Passages that join the pool whatever their score (training: the other passages of the right article). */
  include?: number[];
}

/**
 * The first stage's scores of a question. W, B, S and P (the blend) hold the exact score of every passage of the
 * pool, of its neighbours and of whichever other passage the search needed; elsewhere they are 0. The maxima are
 * over every passage.
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
  /** The passages scored: the others' bounds showed they could change nothing. */
  scored: number;
}

function maxOf(scores: Float64Array): number {
  let max = 0;
  for (let i = 0; i < scores.length; i++) if (scores[i]! > max) max = scores[i]!;
  return max;
}

/**
 * The first stage: passages ranked by P / maxP + 0.3 · article / maxArticle + 0.1 · (P before + P after) / maxP, where
 * P = BM25 words + ½ bigrams + ½ synonyms, the best `depth` kept. It is exact: the pool, its order and every score
 * are those of scoring every passage, but only the blocks of passages whose bound can still matter are scored
 * (DESIGN.md, "The first stage prunes").
 */
export function firstStage(reader: IndexReader, q: QuestionTerms, options: FirstStageOptions = {}): FirstStage {
  const n = reader.passageCount;
  const stage = stageOf(reader);
  stage.reset();
  const leftOut = options.leftOut;
  stage.leftOut = leftOut;
  // the IDFs of the index without what is left out
  const keptPassages = leftOut?.passagesKept ?? n;
  const { W, B, S, P } = stage;
  const lengths = leftOut?.passageLengths ?? reader.passageLengths;
  const add = (prefix: string, terms: QueryTerm[], into: Float64Array, blend: number, field: Float64Array, avg: number, besides?: (Posting | null)[]) =>
    terms.map(({ alternatives, count }, t): WeightedTerm => {
      const list = stage.list(prefix, alternatives, field, avg);
      const df = list ? (leftOut ? leftOut.posting(prefix, alternatives, list).ids.length : list.ids.length) : 0;
      if (!list || df === 0) return { alternatives, idf: 0 };
      const w = idf(df, keptPassages);
      const scale = termScale(w, 1, count, PASSAGE);
      stage.scorings.push({ list, scale, adds: additions(list, scale), into, blend, besides: besides?.[t] ?? null });
      return { alternatives, idf: w };
    });
  const wordIdf = add('w:', q.words, W, 1, lengths.words, lengths.avgWords);
  const bigramIdf = add('b:', q.bigrams, B, BLEND.bigrams, lengths.bigrams, lengths.avgBigrams);
  const synonymTerms = q.words.map((w, i) => ({ alternatives: q.synonyms[i]!, count: w.count })).filter((t) => t.alternatives.length > 0);
  // a synonym counts only where its word (any of an English word's candidates) is absent
  // (the word's own list, cached: an English word's candidates are merged once, not at every question)
  const besides = q.words.filter((_, i) => q.synonyms[i]!.length > 0).map((w) => stage.list('w:', w.alternatives, lengths.words, lengths.avgWords));
  add('w:', synonymTerms, S, BLEND.synonyms, lengths.words, lengths.avgWords, besides);

  const A = new Float64Array(reader.articleCount);
  // BM25 of the articles, each list's denominators kept with it as the passages' are; with passages left out
  // (training), the smaller index's lists, counts and lengths, uncached
  const articleLengths = leftOut?.articleLengths ?? reader.articleLengths;
  for (const f of fieldQueries(q, articleLengths, 'a', BLEND.bigrams)) {
    for (const { alternatives, count } of f.terms) {
      const found = leftOut && termPosting(reader, f.prefix, alternatives);
      const list = leftOut
        ? found && blocked(leftOut.posting(f.prefix, alternatives, found), f.lengths, f.avgLength, ARTICLE)
        : stage.list(f.prefix, alternatives, f.lengths, f.avgLength, ARTICLE);
      if (!list) continue;
      const { ids } = list;
      const scale = termScale(idf(ids.length, leftOut?.articlesKept ?? reader.articleCount), f.weight, count, ARTICLE);
      addAll(A, ids, additions(list, scale), 0, ids.length);
    }
  }
  if (leftOut) for (let a = 0; a < A.length; a++) if (leftOut.article(a)) A[a] = 0;
  const maxA = maxOf(A) || 1;

  // bounds of each block's W, B and P: the sum of each list's greatest score there
  const ubW = new Float64Array(stage.blocks);
  const ubB = new Float64Array(stage.blocks);
  const ubP = new Float64Array(stage.blocks);
  for (const s of stage.scorings) {
    const { blocks, peaks } = s.list;
    for (let j = 0; j < blocks.length; j++) {
      const bound = s.scale * peaks[j]!;
      if (s.into === W) ubW[blocks[j]!]! += bound;
      else if (s.into === B) ubB[blocks[j]!]! += bound;
      ubP[blocks[j]!]! += s.blend * bound;
    }
  }
  const live: number[] = [];
  for (let b = 0; b < stage.blocks; b++) {
    ubW[b]! *= ROUNDING;
    ubB[b]! *= ROUNDING;
    ubP[b]! *= ROUNDING;
    if (ubP[b]! > 0) live.push(b);
  }

  // the maxima that scale the scores: blocks by decreasing bound, skipping those that can raise none of them
  live.sort((a, b) => ubP[b]! - ubP[a]!);
  for (const b of live) if (ubP[b]! > stage.maxP || ubW[b]! > stage.maxW || ubB[b]! > stage.maxB) stage.score(b);
  const maxP = stage.maxP || 1;

  const around = (id: number) => {
    const prev = leftOut ? neighbourOf(reader, id, 'prev', leftOut) : reader.prev[id]!;
    const next = leftOut ? neighbourOf(reader, id, 'next', leftOut) : reader.next[id]!;
    // a neighbour past a left-out passage may stand in a block not scored yet
    if (leftOut) for (const other of [prev, next]) if (other >= 0) stage.score(other >>> BLOCK_SHIFT);
    return ((prev >= 0 ? P[prev]! : 0) + (next >= 0 ? P[next]! : 0)) / maxP;
  };

  // each block's bound on the blend: its P, its best article, and twice the best P of the blocks of its neighbours
  const bestP = (b: number) => (stage.scored[b] ? stage.blockMaxP[b]! : ubP[b]!);
  const bound = new Float64Array(stage.blocks);
  for (const b of live) {
    let article = 0;
    for (let i = stage.articles.start[b]!; i < stage.articles.start[b + 1]!; i++) article = Math.max(article, A[stage.articles.values[i]!]!);
    // stepping over left-out passages (training) reaches neighbours outside the block's rows: bounded by the best P
    let near = leftOut ? maxP : 0;
    if (!leftOut) for (let i = stage.neighbours.start[b]!; i < stage.neighbours.start[b + 1]!; i++) near = Math.max(near, bestP(stage.neighbours.values[i]!));
    bound[b] = (bestP(b) / maxP + (BLEND.article * article) / maxA + (BLEND.neighbours * 2 * near) / maxP) * ROUNDING;
  }
  live.sort((a, b) => bound[b]! - bound[a]!);

  // blocks by decreasing bound until none left can reach the pool's last passage; every passage that could belong to
  // the pool is kept with its score
  const depth = options.depth ?? POOL_DEPTH;
  const top = new TopK(depth);
  const kept: { id: number; score: number }[] = [];
  for (const b of live) {
    if (bound[b]! < top.floor) break;
    stage.scoreAround(b);
    const lo = b << BLOCK_SHIFT;
    for (let id = lo; id < Math.min(n, lo + BLOCK); id++) {
      if (P[id] === 0) continue;
      // the neighbours add at most 0.1 · 2 (each P at most maxP): most passages are passed over without them
      const own = P[id]! / maxP + (BLEND.article * A[reader.passageArticle[id]!]!) / maxA;
      if (own + 2 * BLEND.neighbours < top.floor) continue;
      const score = own + BLEND.neighbours * around(id);
      if (score < top.floor) continue;
      top.offer(id, score);
      kept.push({ id, score });
    }
  }
  // the exhaustive pass offered passages in id order, so of equal scores the lower id came first
  const pool = kept.filter((c) => c.score >= top.floor).sort((a, b) => b.score - a.score || a.id - b.id).slice(0, depth);
  const ids = pool.map((c) => c.id);
  for (const id of options.include ?? []) {
    stage.scoreAround(id >>> BLOCK_SHIFT);
    if (!ids.includes(id)) ids.push(id);
  }
  const scored = stage.scoredBlocks.reduce((sum, b) => sum + Math.min(BLOCK, n - (b << BLOCK_SHIFT)), 0);
  return { ids, W, B, S, A, maxW: stage.maxW || 1, maxB: stage.maxB || 1, maxA, wordIdf, bigramIdf, around, scored };
}
