import { fieldQueries, idf, lengthNorm, termPosting, termScale, type Bm25Params, type QueryTerm, type WeightedTerm } from './bm25.js';
import type { IndexReader, Posting } from './index-reader.js';
import { neighbourOf, type LeftOut } from './left-out.js';
import { LruCache } from './lru.js';
import type { QuestionTerms } from './query.js';
import { TopK } from './top-k.js';

const PASSAGE: Bm25Params = { k1: 1.2, b: 0.75 };
const ARTICLE: Bm25Params = { k1: 1.2, b: 0.75 };
/** The first stage: a fixed blend of the cheap scores gathers this many passages for the learned ranking. */
export const POOL_DEPTH = 40;
const BLEND = { bigrams: 0.5, synonyms: 0.5, article: 0.3, neighbours: 0.1 };

/** Bounds are summed in another order than scores: raised by this share, rounding never makes one too low. */
const ROUNDING = 1 + 1e-9;
/** The most the per-term lists kept between questions may take (a million passages: a common bigram is 2 MB). */
const LIST_CACHE_BYTES = 192 << 20;
/** What a passage made a candidate costs, in postings accumulated (its bound reads its neighbours and article). */
const PASSAGE_COST = 2;

/** A field's postings of one term, each with its BM25 denominator tf + norm, and the greatest tf / (tf + norm). */
interface ScoredList {
  ids: Uint32Array;
  tfs: Uint16Array;
  /** tf + norm of each posting: the same float that scoring would compute, computed once while the list is cached. */
  denominators: Float64Array;
  peak: number;
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
function additions(list: ScoredList, scale: number): Float64Array {
  if (list.scale !== scale) {
    const { tfs, denominators } = list;
    const adds = new Float64Array(tfs.length);
    for (let i = 0; i < adds.length; i++) adds[i] = (scale * tfs[i]!) / denominators[i]!;
    list.scale = scale;
    list.adds = adds;
  }
  return list.adds;
}

function scoredList(posting: Posting, lengths: Float64Array, avg: number, params: Bm25Params): ScoredList {
  const { ids, tfs } = posting;
  const denominators = new Float64Array(ids.length);
  let peak = 0;
  for (let i = 0; i < ids.length; i++) {
    const tf = tfs[i]!;
    denominators[i] = tf + lengthNorm(params, lengths[ids[i]!]!, avg);
    peak = Math.max(peak, tf / denominators[i]!);
  }
  return { ids, tfs, denominators, peak, scale: NaN, adds: new Float64Array(0) };
}

/**
 * The first index at or after `from` whose id is at least `id`, galloping: the ids sought ascend, so each search
 * starts where the last ended and costs the logarithm of the distance it moves.
 */
function seek(ids: Uint32Array, from: number, id: number): number {
  if (from >= ids.length || ids[from]! >= id) return from;
  // ids[lo] < id throughout; the answer lies in (lo, hi]
  let lo = from;
  let step = 1;
  while (lo + step < ids.length && ids[lo + step]! < id) {
    lo += step;
    step *= 2;
  }
  let hi = Math.min(ids.length, lo + step);
  lo++;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ids[mid]! < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The index of id in ids (ascending), or -1. */
function find(ids: Uint32Array, id: number): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ids[mid]! < id) lo = mid + 1;
    else hi = mid;
  }
  return lo < ids.length && ids[lo] === id ? lo : -1;
}

/** One list of a question as it adds to a passage field's score. */
interface ListScoring {
  list: ScoredList;
  adds: Float64Array;
  into: Float64Array;
  /** Its share in the blend P (words 1, bigrams and synonyms ½). */
  blend: number;
  /** The most it adds to a passage's field: its scale times its greatest tf / (tf + norm). */
  bound: number;
  /** A synonym's word: passages holding it are passed over. */
  besides: ScoredList | null;
}

/**
 * What one reader's questions share: the lists read, and score arrays reused from question to question (zeroed where
 * the last one wrote: allocating them per question cost more than scoring at a million passages).
 */
class Stage {
  readonly lists = new LruCache<string, ScoredList | null>(LIST_CACHE_BYTES);
  readonly W: Float64Array;
  readonly B: Float64Array;
  readonly S: Float64Array;
  readonly P: Float64Array;
  readonly scored: Uint8Array;
  readonly scoredIds: number[] = [];
  /**
   * What the lists accumulated so far add to each passage they hold (to P, and to W and B): part of its exact score,
   * so at most it (summed in another order: compared through ROUNDING).
   */
  readonly accP: Float64Array;
  readonly accW: Float64Array;
  readonly accB: Float64Array;
  readonly touched: number[] = [];
  /** Passages' tight bounds (-1 until computed), and a mark per passage made a candidate of the pool. */
  readonly tightP: Float64Array;
  readonly tightened: number[] = [];
  readonly candidate: Uint8Array;
  /** The greatest parts accumulated. */
  accMax = { P: 0, W: 0, B: 0 };
  /** The passages of each article (that article first), rows by article: the pool reads the best articles' passages. */
  readonly articleStart: Uint32Array;
  readonly articlePassages: Uint32Array;
  scorings: ListScoring[] = [];
  /** Passages left out of this question's scores (training), as if they were not indexed. */
  leftOut: LeftOut | undefined;
  maxW = 0;
  maxB = 0;
  maxP = 0;

  constructor(private readonly reader: IndexReader) {
    const n = reader.passageCount;
    [this.W, this.B, this.S, this.P, this.accP, this.accW, this.accB] = Array.from({ length: 7 }, () => new Float64Array(n)) as [
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
    ];
    this.scored = new Uint8Array(n);
    this.tightP = new Float64Array(n).fill(-1);
    this.candidate = new Uint8Array(n);
    this.articleStart = new Uint32Array(reader.articleCount + 1);
    for (let id = 0; id < n; id++) this.articleStart[reader.passageArticle[id]! + 1]!++;
    for (let a = 0; a < reader.articleCount; a++) this.articleStart[a + 1]! += this.articleStart[a]!;
    const at = this.articleStart.slice(0, -1);
    this.articlePassages = new Uint32Array(n);
    for (let id = 0; id < n; id++) this.articlePassages[at[reader.passageArticle[id]!]!++] = id;
  }

  /** Forgets the last question's scores. */
  reset(): void {
    const { W, B, S, P, scored } = this;
    for (const id of this.scoredIds) W[id] = B[id] = S[id] = P[id] = scored[id] = 0;
    this.scoredIds.length = 0;
    const { accP, accW, accB } = this;
    for (const id of this.touched) accP[id] = accW[id] = accB[id] = 0;
    this.touched.length = 0;
    for (const id of this.tightened) this.tightP[id] = -1;
    this.tightened.length = 0;
    this.accMax = { P: 0, W: 0, B: 0 };
    this.scorings = [];
    this.maxW = this.maxB = this.maxP = 0;
  }

  /** A term's list (of passages, or for aw: and ab: of articles), read once while it stays in the cache. */
  list(prefix: string, alternatives: string[], lengths: Float64Array, avg: number, params = PASSAGE): ScoredList | null {
    // the average length is the index's except when training leaves passages out
    const key = `${prefix}${alternatives.join('\u0000')}\u0000${avg}`;
    let list = this.lists.get(key);
    if (list === undefined) {
      const posting = termPosting(this.reader, prefix, alternatives);
      list = posting && scoredList(posting, lengths, avg, params);
      const bytes = list ? list.ids.byteLength + list.tfs.byteLength + list.denominators.byteLength * 2 : 0;
      this.lists.set(key, list, bytes + 2 * key.length + 64);
    }
    return list;
  }

  /**
   * Scores a passage exactly (unless it is already): each list, searched for it, adds in the question's term order as
   * the exhaustive sums did, so the floats are the same ones.
   */
  scoreOne(id: number): void {
    const { W, B, S, P, scored } = this;
    if (scored[id]) return;
    for (const { list, adds, into, besides } of this.scorings) {
      const at = find(list.ids, id);
      if (at >= 0 && !(besides && find(besides.ids, id) >= 0)) into[id]! += adds[at]!;
    }
    // a passage left out scores nothing, so that the maxima the features divide by are those of the passages left
    if (this.leftOut?.passage(id)) W[id] = B[id] = S[id] = 0;
    const p = W[id]! + BLEND.bigrams * B[id]! + BLEND.synonyms * S[id]!;
    P[id] = p;
    if (p > this.maxP) this.maxP = p;
    if (W[id]! > this.maxW) this.maxW = W[id]!;
    if (B[id]! > this.maxB) this.maxB = B[id]!;
    scored[id] = 1;
    this.scoredIds.push(id);
  }

  /**
   * A bound on a passage's P nearly as tight as its score, from its part accumulated and the lists not accumulated
   * (searched for it: the fewest, the longest), computed once a question.
   */
  tight(id: number, left: ListScoring[]): number {
    if (this.scored[id]) return this.P[id]!;
    let bound = this.tightP[id]!;
    if (bound < 0) {
      bound = this.accP[id]!;
      for (const { list, adds, blend } of left) {
        const at = find(list.ids, id);
        if (at >= 0) bound += blend * adds[at]!;
      }
      this.tightP[id] = bound *= ROUNDING;
      this.tightened.push(id);
    }
    return bound;
  }

  /**
   * Adds what a list adds to each passage it holds (where a synonym's word stands it adds nothing, a passage left out
   * scores nothing): one pass over the list, without seeking.
   */
  accumulate({ list, adds, into, blend, besides }: ListScoring): void {
    const { accP, touched, leftOut } = this;
    const field = into === this.W ? this.accW : into === this.B ? this.accB : null;
    const ids = list.ids;
    let word = 0;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (besides) {
        word = seek(besides.ids, word, id);
        if (besides.ids[word] === id) continue;
      }
      if (leftOut?.passage(id)) continue;
      if (accP[id] === 0) touched.push(id);
      accP[id]! += blend * adds[i]!;
      if (accP[id]! > this.accMax.P) this.accMax.P = accP[id]!;
      if (field) {
        field[id]! += adds[i]!;
        if (field[id]! > this.accMax[field === this.accW ? 'W' : 'B']) this.accMax[field === this.accW ? 'W' : 'B'] = field[id]!;
      }
    }
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

/** For each k, the sum of the values from k on, summed from the least (the values descend), rounded up. */
function rests(values: number[]): Float64Array {
  const out = new Float64Array(values.length + 1);
  for (let k = values.length - 1; k >= 0; k--) out[k] = out[k + 1]! + values[k]!;
  return out.map((x) => x * ROUNDING);
}

/**
 * The first stage: passages ranked by P / maxP + 0.3 · article / maxArticle + 0.1 · (P before + P after) / maxP, where
 * P = BM25 words + ½ bigrams + ½ synonyms, the best `depth` kept. It is exact: the pool, its order and every score
 * are those of scoring every passage, but only the passages whose bound can still matter are scored (DESIGN.md, "The
 * first stage prunes").
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
  const add = (prefix: string, terms: QueryTerm[], into: Float64Array, blend: number, field: Float64Array, avg: number, besides?: (ScoredList | null)[]) =>
    terms.map(({ alternatives, count }, t): WeightedTerm => {
      const list = stage.list(prefix, alternatives, field, avg);
      const df = list ? (leftOut ? leftOut.posting(prefix, alternatives, list).ids.length : list.ids.length) : 0;
      if (!list || df === 0) return { alternatives, idf: 0 };
      const w = idf(df, keptPassages);
      const scale = termScale(w, 1, count, PASSAGE);
      stage.scorings.push({ list, adds: additions(list, scale), into, blend, bound: scale * list.peak, besides: besides?.[t] ?? null });
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
        ? found && scoredList(leftOut.posting(f.prefix, alternatives, found), f.lengths, f.avgLength, ARTICLE)
        : stage.list(f.prefix, alternatives, f.lengths, f.avgLength, ARTICLE);
      if (!list) continue;
      const { ids } = list;
      const scale = termScale(idf(ids.length, leftOut?.articlesKept ?? reader.articleCount), f.weight, count, ARTICLE);
      const adds = additions(list, scale);
      for (let i = 0; i < ids.length; i++) A[ids[i]!]! += adds[i]!;
    }
  }
  if (leftOut) for (let a = 0; a < A.length; a++) if (leftOut.article(a)) A[a] = 0;
  const maxA = maxOf(A) || 1;

  // the lists by decreasing bound on P; what a passage holding only the lists from the k-th on can score at most
  const order = [...stage.scorings].sort((a, b) => b.blend * b.bound - a.blend * a.bound);
  const restP = rests(order.map((s) => s.blend * s.bound));
  const restW = rests(order.map((s) => (s.into === W ? s.bound : 0)));
  const restB = rests(order.map((s) => (s.into === B ? s.bound : 0)));
  const { accP, accW, accB, touched, scored } = stage;
  let taken = 0;

  // the maxima that scale the scores. Lists are accumulated from the greatest bound down while the lists left could
  // lift a passage they alone hold above the greatest part accumulated (a lower bound of a maximum); then each passage
  // whose part plus the lists left could still exceed a maximum is scored exactly, from the most promising.
  const greatest = (field: 'P' | 'W' | 'B') => stage.accMax[field] / ROUNDING;
  while (taken < order.length && (restP[taken]! > greatest('P') || restW[taken]! > greatest('W') || restB[taken]! > greatest('B'))) {
    stage.accumulate(order[taken++]!);
  }
  {
    const [rP, rW, rB] = [restP[taken]!, restW[taken]!, restB[taken]!];
    const mayRaise = (id: number) =>
      !scored[id] && ((accP[id]! + rP) * ROUNDING > stage.maxP || (accW[id]! + rW) * ROUNDING > stage.maxW || (accB[id]! + rB) * ROUNDING > stage.maxB);
    for (const acc of [accP, accW, accB]) {
      const best = touched.reduce((b, id) => (acc[id]! > acc[b]! ? id : b), touched[0] ?? -1);
      if (best >= 0) stage.scoreOne(best);
    }
    for (const id of touched.filter(mayRaise).sort((a, b) => accP[b]! - accP[a]!)) if (mayRaise(id)) stage.scoreOne(id);
  }
  const maxP = stage.maxP || 1;

  const prevOf = (id: number) => (leftOut ? neighbourOf(reader, id, 'prev', leftOut) : reader.prev[id]!);
  const nextOf = (id: number) => (leftOut ? neighbourOf(reader, id, 'next', leftOut) : reader.next[id]!);
  const around = (id: number) => {
    const prev = prevOf(id);
    const next = nextOf(id);
    if (prev >= 0) stage.scoreOne(prev);
    if (next >= 0) stage.scoreOne(next);
    return ((prev >= 0 ? P[prev]! : 0) + (next >= 0 ? P[next]! : 0)) / maxP;
  };

  // the pool. A passage no list accumulated scores at most the lists left (rest) and its article at most the best
  // article's: a lower bound of the 40th score (from the parts accumulated) says how far the lists must be taken and
  // from which article down every passage must be a candidate, whichever costs least
  const depth = options.depth ?? POOL_DEPTH;
  const article = (id: number) => (BLEND.article * A[reader.passageArticle[id]!]!) / maxA;
  const floorAtLeast = (() => {
    const lower = new TopK(depth);
    for (const id of touched) lower.offer(id, (scored[id] ? P[id]! : accP[id]! / ROUNDING) / maxP + article(id));
    return lower.floor;
  })();
  const others = (rest: number, articleCap: number) => (rest / maxP + (BLEND.article * articleCap) / maxA + BLEND.neighbours * ((rest + rest) / maxP)) * ROUNDING;
  const plan = planPool(stage, order, restP, taken, A, maxA, (rest) => {
    // the greatest article below which every passage of the rest falls under the floor (0 when none does)
    if (others(rest, 0) >= floorAtLeast) return -1;
    let cap = Math.min(maxA, ((floorAtLeast - others(rest, 0)) / BLEND.article) * maxA);
    while (cap > 0 && others(rest, cap) >= floorAtLeast) cap *= 1 - 1e-6;
    return cap;
  });
  while (taken < plan.taken) stage.accumulate(order[taken++]!);
  const rest = restP[taken]!;
  // no P exceeds maxP, now exact
  const bestP = (id: number) => (id < 0 ? 0 : scored[id] ? P[id]! : Math.min(maxP, accP[id] === 0 ? rest : (accP[id]! + rest) * ROUNDING));
  // the candidates: the passages accumulated, those beside them, those of the articles above the cap
  const bounded: { id: number; bound: number }[] = [];
  const { candidate } = stage;
  const marked: number[] = [];
  const offer = (id: number) => {
    if (id < 0 || candidate[id]) return;
    candidate[id] = 1;
    marked.push(id);
    const own = bestP(id) / maxP + article(id);
    // the neighbours add at most 0.1 · 2: most candidates are passed over without reading them
    if ((own + 2 * BLEND.neighbours) * ROUNDING < floorAtLeast) return;
    const bound = (own + BLEND.neighbours * ((bestP(prevOf(id)) + bestP(nextOf(id))) / maxP)) * ROUNDING;
    if (bound >= floorAtLeast) bounded.push({ id, bound });
  };
  for (const id of touched) {
    offer(id);
    offer(prevOf(id));
    offer(nextOf(id));
  }
  for (let a = 0; taken < order.length && a < A.length; a++) {
    if (A[a]! <= plan.articleCap) continue;
    for (let i = stage.articleStart[a]!; i < stage.articleStart[a + 1]!; i++) offer(stage.articlePassages[i]!);
  }
  for (const id of marked) candidate[id] = 0;
  bounded.sort((a, b) => b.bound - a.bound);
  const left = order.slice(taken);
  const tight = (id: number) => (id < 0 ? 0 : stage.tight(id, left));
  const top = new TopK(depth);
  const kept: { id: number; score: number }[] = [];
  for (const { id, bound } of bounded) {
    if (bound < top.floor) break;
    // the bound again with the lists left searched, before the exact score searches every list
    if ((tight(id) / maxP + article(id) + BLEND.neighbours * ((tight(prevOf(id)) + tight(nextOf(id))) / maxP)) * ROUNDING < top.floor) continue;
    stage.scoreOne(id);
    if (P[id] === 0) continue;
    // the neighbours add at most 0.1 · 2 (each P at most maxP): many passages are passed over without them
    const own = P[id]! / maxP + article(id);
    if (own + 2 * BLEND.neighbours < top.floor) continue;
    const score = own + BLEND.neighbours * around(id);
    if (score < top.floor) continue;
    top.offer(id, score);
    kept.push({ id, score });
  }
  // the exhaustive pass offered passages in id order, so of equal scores the lower id came first
  const pool = kept.filter((c) => c.score >= top.floor).sort((a, b) => b.score - a.score || a.id - b.id).slice(0, depth);
  const ids = pool.map((c) => c.id);
  for (const id of options.include ?? []) {
    stage.scoreOne(id);
    around(id);
    if (!ids.includes(id)) ids.push(id);
  }
  return { ids, W, B, S, A, maxW: stage.maxW || 1, maxB: stage.maxB || 1, maxA, wordIdf, bigramIdf, around, scored: stage.scoredIds.length };
}

/**
 * How far the lists must be accumulated for the pool, and the article score above which every passage must be a
 * candidate: of the ways that leave every other passage below the floor, the one reading fewest postings and passages.
 * `cap(rest)` gives the article score that suffices with the lists left bounding a passage by rest, -1 when none does.
 */
function planPool(
  stage: Stage,
  order: ListScoring[],
  restP: Float64Array,
  taken: number,
  A: Float64Array,
  maxA: number,
  cap: (rest: number) => number,
): { taken: number; articleCap: number } {
  const caps = Array.from({ length: order.length - taken + 1 }, (_, k) => (taken + k === order.length ? maxA : cap(restP[taken + k]!)));
  // passages of the articles above each cap (the caps grow with the lists taken: the first cap an article stays under)
  const passages = new Float64Array(caps.length + 1);
  for (let a = 0; a < A.length; a++) {
    let lo = 0;
    let hi = caps.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (caps[mid]! >= A[a]!) hi = mid;
      else lo = mid + 1;
    }
    // counted for every cap before lo: added at 0, taken off at lo, summed below
    passages[0]! += stage.articleStart[a + 1]! - stage.articleStart[a]!;
    passages[lo]! -= stage.articleStart[a + 1]! - stage.articleStart[a]!;
  }
  for (let k = 1; k < caps.length; k++) passages[k]! += passages[k - 1]!;
  let best = { taken: order.length, articleCap: maxA, cost: Infinity };
  let postings = 0;
  for (let k = 0; k < caps.length; k++) {
    if (caps[k]! >= 0) {
      const cost = postings + PASSAGE_COST * passages[k]!;
      if (cost < best.cost) best = { taken: taken + k, articleCap: caps[k]!, cost };
    }
    if (taken + k < order.length) postings += order[taken + k]!.list.ids.length;
  }
  return best;
}
