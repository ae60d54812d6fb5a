import type Database from 'better-sqlite3';
import { readColumn } from '../store/segment-columns.js';
import { readSegments, segmentSchema } from '../store/segments.js';

/** Listing order (read-articles sorts files so): the order of a fresh build's articles. */
const byFile = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Where every live passage stands, read from each segment's `passage_sources` as the segment keeps it in two column
 * blobs (store/segment-columns.ts) rather than a query an article or a passage: at 250,000 passages those queries,
 * through the views over every segment, were most of a small rebuild's time. Ids index typed arrays, not maps.
 */
export class FileOrder {
  /**
   * The units people are looked for in, in the order a fresh build of the same folder would number them: live
   * passages as first met in the articles taken in file order, then those articles' headlines. Unit u is passages[u]
   * below passages.length, else the headline of articles[u - passages.length]. The order is what people grouping and
   * the listings of /who depend on, so that it does not matter which segment holds what.
   */
  readonly passages: number[] = [];
  readonly articles: number[];
  /** Per passage id, its unit (its place in file order); -1 for an id no live passage has. */
  readonly rank: Int32Array;
  /** Per article id, its place among the articles in file order; -1 for none. */
  private readonly articleRank: Int32Array;
  /** Per article id: where its passages start in `sourcePassages` and where they end (both 0 for none). */
  private readonly articleStart: Int32Array;
  private readonly articleEnd: Int32Array;
  private readonly sourcePassages: Int32Array;
  /** Per passage id: where its articles start in `passageArticles` (the next id's start is where they end). */
  private readonly passageStart: Int32Array;
  private readonly passageArticles: Int32Array;

  /** `view`: a generation opened by openGeneration (its segments attached in order). */
  constructor(view: Database.Database) {
    const segments = readSegments(view);
    const rows = view.prepare('SELECT id, file FROM articles').raw().all() as [number, string][];
    this.articles = rows.sort((a, b) => byFile(a[1], b[1]) || a[0] - b[0]).map(([id]) => id);
    const endArticle = Math.max(0, ...segments.map((s) => s.endArticle));
    const endPassage = Math.max(0, ...segments.map((s) => s.endPassage));
    this.articleRank = new Int32Array(endArticle).fill(-1);
    this.articles.forEach((a, i) => (this.articleRank[a] = i));
    // a source is live when its article is
    const columns = segments.map((s, i) => {
      const segment = { schema: segmentSchema(i), file: s.name };
      const articles = readColumn(view, segment, 'source_article');
      return { articles, passages: readColumn(view, segment, 'source_passage', articles.length) };
    });
    const sourceArticles = new Int32Array(columns.reduce((n, c) => n + c.articles.length, 0));
    const sourcePassages = new Int32Array(sourceArticles.length);
    let sources = 0;
    for (const { articles, passages } of columns) {
      for (let j = 0; j < articles.length; j++) {
        if (this.articleRank[articles[j]!]! < 0) continue;
        sourceArticles[sources] = articles[j]!;
        sourcePassages[sources++] = passages[j]!;
      }
    }
    this.sourcePassages = sourcePassages.subarray(0, sources);
    // segments own increasing id ranges and are read in key order: the sources come by article id, then ordinal
    this.articleStart = new Int32Array(endArticle);
    this.articleEnd = new Int32Array(endArticle);
    for (let i = 0; i < sources; i++) {
      const a = sourceArticles[i]!;
      if (this.articleEnd[a] === 0) this.articleStart[a] = i;
      this.articleEnd[a] = i + 1;
    }
    // each passage's articles, ascending and each once: an article that holds a passage at several places (130,000
    // copies of a paragraph) gives one entry, which its sources give in a row, since they come by article
    const last = new Int32Array(endPassage).fill(-1);
    const eachOnce = (visit: (passage: number, article: number) => void) => {
      last.fill(-1);
      for (let i = 0; i < sources; i++) {
        const p = sourcePassages[i]!;
        if (last[p] === sourceArticles[i]) continue;
        last[p] = sourceArticles[i]!;
        visit(p, sourceArticles[i]!);
      }
    };
    this.passageStart = new Int32Array(endPassage + 1);
    let distinct = 0;
    eachOnce((p) => {
      this.passageStart[p + 1]!++;
      distinct++;
    });
    for (let p = 0; p < endPassage; p++) this.passageStart[p + 1]! += this.passageStart[p]!;
    const filled = this.passageStart.slice(0, endPassage);
    this.passageArticles = new Int32Array(distinct);
    eachOnce((p, a) => (this.passageArticles[filled[p]!++] = a));
    this.rank = new Int32Array(endPassage).fill(-1);
    for (const a of this.articles) {
      for (let i = this.articleStart[a]!, end = this.articleEnd[a]!; i < end; i++) {
        const p = sourcePassages[i]!;
        if (this.rank[p]! < 0) {
          this.rank[p] = this.passages.length;
          this.passages.push(p);
        }
      }
    }
  }

  /** An article's passages by ordinal. */
  passagesOf(article: number): Int32Array {
    // an id out of range holds nothing (subarray(undefined) would be the whole array)
    return this.sourcePassages.subarray(this.articleStart[article] ?? 0, this.articleEnd[article] ?? 0);
  }

  /** The live articles holding a passage, by id, each once. */
  articlesOf(passage: number): Int32Array {
    // a view, not a copy: grouping people asks this for every passage that names someone
    return this.passageArticles.subarray(this.passageStart[passage] ?? 0, this.passageStart[passage + 1] ?? 0);
  }

  /** The unit of a live passage (kind 0) or headline (kind 1), by id; -1 for one not live. */
  unitOf(kind: number, id: number): number {
    if (kind === 0) return this.rank[id] ?? -1;
    const at = this.articleRank[id] ?? -1;
    return at < 0 ? -1 : this.passages.length + at;
  }

  /** How many live sources there are (an article and ordinal each). */
  get sources(): number {
    return this.sourcePassages.length;
  }

  /** How many units there are (passages and headlines). */
  get units(): number {
    return this.passages.length + this.articles.length;
  }
}
