import { termPosting } from './bm25.js';
import type { FieldLengths, IndexReader } from './index-reader.js';
import type { PostingList } from '../store/postings-codec.js';

/**
 * Passages a question is ranked without, as if the index had never held them (training's near misses: DESIGN.md, No
 * answer). Everything the ranking and the answerability features read of the index is read as that smaller index
 * would give it: the left-out passages score nothing, the IDFs and average lengths count only what is kept, an
 * article partly left out is scored on the counts of its kept passages, neighbours step over what is left out.
 */
export interface LeftOut {
  passage: (id: number) => boolean;
  /** Articles whose every passage is left out: they score nothing and count toward no article IDF. */
  article: (article: number) => boolean;
  /** How many passages and articles are kept. */
  passagesKept: number;
  articlesKept: number;
  /** The index's lengths less what is left out, averaged over what is kept (BM25 normalises by them). */
  passageLengths: FieldLengths;
  articleLengths: FieldLengths;
  /** A term's posting over passages (w:, b:) or articles (aw:, ab:) in the smaller index. */
  posting: (prefix: string, alternatives: string[], posting: PostingList) => PostingList;
}

/** Lengths less those left out (by id), averaged over the ids kept. */
function keptLengths(lengths: FieldLengths, less: Map<number, [number, number]>, gone: (id: number) => boolean): FieldLengths {
  const words = Float64Array.from(lengths.words);
  const bigrams = Float64Array.from(lengths.bigrams);
  for (const [id, [w, b]] of less) {
    words[id]! -= w;
    bigrams[id]! -= b;
  }
  let sumWords = 0;
  let sumBigrams = 0;
  let n = 0;
  for (let id = 0; id < words.length; id++) {
    if (gone(id)) continue;
    sumWords += words[id]!;
    sumBigrams += bigrams[id]!;
    n++;
  }
  return { words, bigrams, avgWords: sumWords / Math.max(1, n), avgBigrams: sumBigrams / Math.max(1, n) };
}

/** A posting without the ids that go, and with `less` taken off the counts of some (an id whose count falls to 0 goes). */
function keptPosting(posting: PostingList, gone: (id: number) => boolean, less?: Map<number, number>): PostingList {
  const ids: number[] = [];
  const tfs: number[] = [];
  for (let i = 0; i < posting.ids.length; i++) {
    const id = posting.ids[i]!;
    const tf = posting.tfs[i]! - (less?.get(id) ?? 0);
    if (gone(id) || tf <= 0) continue;
    ids.push(id);
    tfs.push(tf);
  }
  return { ids: Uint32Array.from(ids), tfs: Uint16Array.from(tfs) };
}

/** The given passages left out (an article goes with them when all of its passages do). */
export function leavingOut(reader: IndexReader, passages: Iterable<number>): LeftOut {
  const ids = new Set(passages);
  // the articles a left-out passage was counted in (its first): gone when all their passages are, else partly kept
  const counted = new Map<number, number[]>();
  for (const id of ids) counted.set(reader.passageArticle[id]!, [...(counted.get(reader.passageArticle[id]!) ?? []), id]);
  const whole = new Set<number>();
  const partly = new Map<number, number[]>();
  for (const [a, left] of counted) {
    if (reader.articlePassages(a).every((id) => ids.has(id))) whole.add(a);
    else partly.set(a, left);
  }
  return leftOutOf(reader, ids, (a) => whole.has(a), partly);
}

/**
 * The articles that match left out, with the passages first counted in them: a passage an article kept shares goes
 * too when a left-out one counted it first (training makes no near miss of an article that shares a passage).
 */
export function leavingOutArticles(reader: IndexReader, article: (a: number) => boolean): LeftOut {
  const ids = new Set<number>();
  for (let id = 0; id < reader.passageCount; id++) if (article(reader.passageArticle[id]!)) ids.add(id);
  return leftOutOf(reader, ids, article, new Map());
}

function leftOutOf(reader: IndexReader, ids: Set<number>, article: (a: number) => boolean, partly: Map<number, number[]>): LeftOut {
  const gone = (id: number) => ids.has(id);
  let articlesGone = 0;
  for (let a = 0; a < reader.articleCount; a++) if (article(a)) articlesGone++;
  // what the article field counted of a partly left-out article's left-out passages: their lengths, their counts
  const lengthsLess = new Map([...partly].map(([a, left]): [number, [number, number]] => [a, [sum(left, reader.passageLengths.words), sum(left, reader.passageLengths.bigrams)]]));
  const posting = (prefix: string, alternatives: string[], found: PostingList): PostingList => {
    if (!prefix.startsWith('a')) return keptPosting(found, gone);
    const less = new Map<number, number>();
    if (partly.size > 0) {
      const passages = termPosting(reader, prefix.slice(1), alternatives);
      for (let i = 0; passages && i < passages.ids.length; i++) {
        const id = passages.ids[i]!;
        if (gone(id)) less.set(reader.passageArticle[id]!, (less.get(reader.passageArticle[id]!) ?? 0) + passages.tfs[i]!);
      }
    }
    return keptPosting(found, article, less);
  };
  return {
    passage: gone,
    article,
    passagesKept: reader.passageCount - ids.size,
    articlesKept: reader.articleCount - articlesGone,
    passageLengths: keptLengths(reader.passageLengths, new Map(), gone),
    articleLengths: keptLengths(reader.articleLengths, lengthsLess, article),
    posting,
  };
}

function sum(ids: number[], values: Float64Array): number {
  return ids.reduce((s, id) => s + values[id]!, 0);
}

/** A passage's neighbour before (prev) or after (next), stepping over left-out passages; -1 when none. */
export function neighbourOf(reader: IndexReader, id: number, side: 'prev' | 'next', leftOut?: LeftOut): number {
  let other = reader[side][id]!;
  while (other >= 0 && leftOut?.passage(other)) other = reader[side][other]!;
  return other;
}

/** An article's passages that are kept. */
export function keptPassages(reader: IndexReader, article: number, leftOut?: LeftOut): number[] {
  const ids = reader.articlePassages(article);
  return leftOut ? ids.filter((id) => !leftOut.passage(id)) : ids;
}
