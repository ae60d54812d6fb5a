import type Database from 'better-sqlite3';
import type { ArticleWriter } from './article-writer.js';
import { insertAll } from './write-index.js';
import type { Segment } from '../store/segments.js';

/** The segment a build writes: its file's name, its database, and the writer of its rows (their ids from `first` on). */
export interface NewSegment {
  name: string;
  db: Database.Database;
  first: { article: number; passage: number };
  writer: ArticleWriter;
}

/** The id ranges of the new segment's rows, as far as they are written: [first, end) of passages and of articles. */
export function idRanges({ first, writer }: NewSegment): [[number, number], [number, number]] {
  return [
    [first.passage, first.passage + writer.passages],
    [first.article, first.article + writer.articles],
  ];
}

type Rows = 'Passage' | 'Article';

/**
 * The segments of the generation a build writes, as its global part lists them: the old ones it keeps, then the new
 * one as far as it is written; and the ids deleted in the kept ones.
 */
export class GenerationSegments {
  readonly deleted = { articles: new Set<number>(), passages: new Set<number>() };

  constructor(
    readonly kept: Segment[],
    private readonly fresh: NewSegment,
  ) {}

  all(): Segment[] {
    const [[firstPassage, endPassage], [firstArticle, endArticle]] = idRanges(this.fresh);
    return [...this.kept, { name: this.fresh.name, firstPassage, endPassage, firstArticle, endArticle }];
  }

  inKept(id: number, of: Rows): boolean {
    return this.kept.some((s) => id >= s[`first${of}`] && id < s[`end${of}`]);
  }

  /**
   * The live rows of the generation: a segment's ids are dense, so its live rows are its id range less its deleted
   * ids (a COUNT(*) through the views tests every row against the deleted ids, a fifth of a second at 250,000 passages).
   */
  live(of: Rows): number {
    return this.all().reduce((n, s) => n + s[`end${of}`] - s[`first${of}`], 0) - this.deleted[of === 'Passage' ? 'passages' : 'articles'].size;
  }

  /** Writes the segments and the deleted ids into the global part, in place of what it held. */
  write(global: Database.Database): void {
    global.exec('DELETE FROM segments; DELETE FROM deleted_articles; DELETE FROM deleted_passages');
    insertAll(global, 'INSERT INTO segments (name, first_passage, end_passage, first_article, end_article) VALUES (?, ?, ?, ?, ?)', this.all().map((s) => [s.name, s.firstPassage, s.endPassage, s.firstArticle, s.endArticle]));
    insertAll(global, 'INSERT INTO deleted_articles (id) VALUES (?)', [...this.deleted.articles].map((id) => [id]));
    insertAll(global, 'INSERT INTO deleted_passages (id) VALUES (?)', [...this.deleted.passages].map((id) => [id]));
  }
}
