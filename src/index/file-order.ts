import type Database from 'better-sqlite3';
import { GrowingColumn } from '../store/segment-columns.js';
import { readSegments, segmentSchema } from '../store/segments.js';

/** Listing order (read-articles sorts files so): the order of a fresh build's articles. */
const byFile = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Where every live passage stands, read in one pass over each segment's `passage_sources` (in key order) rather than
 * a query an article or a passage: at 250,000 passages those queries, through the views over every segment, were
 * most of a small rebuild's time. Ids index typed arrays (4 bytes a source or an id), not maps.
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
    this.articleStart = new Int32Array(endArticle);
    this.articleEnd = new Int32Array(endArticle);
    const articleOf = new GrowingColumn();
    const passageOf = new GrowingColumn();
    // segments own increasing id ranges, and each is read in its key's order: sources come by article id, then ordinal
    segments.forEach((_, i) => {
      const sources = view
        .prepare(`SELECT article_id, passage_id FROM ${segmentSchema(i)}.passage_sources WHERE article_id NOT IN (SELECT id FROM main.deleted_articles) ORDER BY article_id, ordinal`)
        .raw();
      for (const [article, passage] of sources.iterate() as Iterable<[number, number]>) {
        if (this.articleEnd[article] === 0) this.articleStart[article] = passageOf.length;
        articleOf.push(article);
        passageOf.push(passage);
        this.articleEnd[article] = passageOf.length;
      }
    });
    this.sourcePassages = passageOf.array();
    const sourceArticles = articleOf.array();
    // each passage's articles, ascending (the sources come by article id)
    this.passageStart = new Int32Array(endPassage + 1);
    for (const p of this.sourcePassages) this.passageStart[p + 1]!++;
    for (let p = 0; p < endPassage; p++) this.passageStart[p + 1]! += this.passageStart[p]!;
    const filled = this.passageStart.slice(0, endPassage);
    this.passageArticles = new Int32Array(this.sourcePassages.length);
    this.sourcePassages.forEach((p, i) => (this.passageArticles[filled[p]!++] = sourceArticles[i]!));
    const seen = new Uint8Array(endPassage);
    for (const a of this.articles) {
      for (const p of this.passagesOf(a)) {
        if (!seen[p]) {
          seen[p] = 1;
          this.passages.push(p);
        }
      }
    }
  }

  /** An article's passages by ordinal. */
  passagesOf(article: number): Int32Array {
    return this.sourcePassages.subarray(this.articleStart[article], this.articleEnd[article]);
  }

  /** The live articles holding a passage, by id (one entry per place it stands at). */
  articlesOf(passage: number): number[] {
    return Array.from(this.passageArticles.subarray(this.passageStart[passage], this.passageStart[passage + 1]));
  }
}
