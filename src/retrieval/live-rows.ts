import type Database from 'better-sqlite3';
import { readColumn, type ColumnName } from '../store/segment-columns.js';
import { segmentSchema, type Segment } from '../store/segments.js';

// The live rows of an index's segments as the reader holds them: their ids and columns, dense ids for the searcher, and
// lookups run in the segment that owns a row.

/**
 * The live rows of every segment (ids of `kind`, with deleted ones left out) with their values of the named columns,
 * read from each segment's column blobs (store/segment-columns.ts): a million passages never become a million
 * objects, and opening reads no passage. Ids come out ascending, since segments own increasing id ranges.
 */
export function liveColumns<N extends ColumnName>(
  db: Database.Database,
  segments: Segment[],
  kind: 'Passage' | 'Article',
  names: readonly N[],
  deleted: ReadonlySet<number>,
): { ids: Uint32Array; values: Record<N, Int32Array> } {
  const total = segments.reduce((n, s) => n + s[`end${kind}`] - s[`first${kind}`], 0);
  const ids = new Uint32Array(total);
  const values: Int32Array[] = names.map(() => new Int32Array(total));
  let row = 0;
  segments.forEach((s, i) => {
    const first = s[`first${kind}`];
    const n = s[`end${kind}`] - first;
    const stored = names.map((name) => readColumn(db, { schema: segmentSchema(i), file: s.name }, name, n));
    let whole = true;
    for (const id of deleted) if (id >= first && id < first + n) whole = false;
    if (whole) {
      // no row of the segment deleted (any segment of a fresh build): its columns as they are (the only segment's
      // themselves: copying a million passages' columns cost more than reading them)
      for (let j = 0; j < n; j++) ids[row + j] = first + j;
      stored.forEach((column, c) => (segments.length === 1 ? (values[c] = column) : values[c]!.set(column, row)));
      row += n;
      return;
    }
    for (let j = 0; j < n; j++) {
      if (deleted.has(first + j)) continue;
      ids[row] = first + j;
      for (let c = 0; c < names.length; c++) values[c]![row] = stored[c]![j]!;
      row++;
    }
  });
  // cut to the live rows (copied: a view would keep the rest alive)
  const live = <A extends Uint32Array | Int32Array>(a: A) => (row === total ? a : (a.slice(0, row) as A));
  return { ids: live(ids), values: Object.fromEntries(names.map((name, c) => [name, live(values[c]!)])) as Record<N, Int32Array> };
}

/**
 * Stored ids (global across segments, with gaps where rows were deleted) ↔ the dense ids the searcher uses (0 to
 * count - 1, live rows in stored order): dense ids keep per-row numbers in typed arrays, and N is their count.
 */
export class IdMap {
  /** Dense ids by stored id (-1 for a deleted row), made when first needed: an index without deleted rows never does. */
  private byStored: Int32Array | null = null;
  /** Whether the stored ids run without a gap: then within them a dense id is the stored one less the first. */
  private readonly gapless: boolean;
  private readonly first: number;
  private readonly last: number;

  constructor(readonly stored: Uint32Array) {
    this.first = stored.length ? stored[0]! : 0;
    this.last = stored.length ? stored[stored.length - 1]! : -1;
    this.gapless = stored.length > 0 && this.last - this.first === stored.length - 1;
  }

  /** Stored ids (-1 for none) as dense ids. */
  denseOf(stored: Int32Array): Int32Array {
    const out = new Int32Array(stored.length);
    const { first, last } = this;
    // (the gapless case inline: a million passages' neighbours are mapped at every opening)
    if (this.gapless) for (let i = 0; i < stored.length; i++) out[i] = stored[i]! < first || stored[i]! > last ? -1 : stored[i]! - first;
    else for (let i = 0; i < stored.length; i++) out[i] = stored[i]! < 0 ? -1 : this.of(stored[i]!);
    return out;
  }

  /** Dense id of a stored id; -1 for a deleted row. */
  of(stored: number): number {
    if (this.gapless) return stored >= this.first && stored <= this.last ? stored - this.first : -1;
    if (!this.byStored) {
      this.byStored = new Int32Array(this.last + 1).fill(-1);
      for (let i = 0; i < this.stored.length; i++) this.byStored[this.stored[i]!] = i;
    }
    return this.byStored[stored] ?? -1;
  }

  /**
   * Makes the first n postings of a decoded list (stored ids ascending) its live rows with dense ids, in place; returns
   * how many there are. An index with no deleted row among its ids (any index freshly built) only subtracts: looking
   * every id up cost more than the rest of reading a long list.
   */
  keepLive(ids: Uint32Array, tfs: Uint16Array, n: number): number {
    if (this.gapless && n > 0 && ids[0]! >= this.first && ids[n - 1]! <= this.last) {
      const first = this.first;
      for (let i = 0; i < n; i++) ids[i] = ids[i]! - first;
      return n;
    }
    let live = 0;
    for (let i = 0; i < n; i++) {
      const id = this.of(ids[i]!);
      if (id < 0) continue;
      ids[live] = id;
      tfs[live++] = tfs[i]!;
    }
    return live;
  }
}

/**
 * A lookup by stored id run in the one segment that owns the id, through its primary key: the reader's ids are live
 * by construction, so the views' filters on deleted rows (run at every call) would only cost.
 */
export class SegmentLookup<T> {
  private readonly stmts: Database.Statement[];

  constructor(
    db: Database.Database,
    private readonly ends: number[],
    sql: (schema: string) => string,
  ) {
    this.stmts = ends.map((_, i) => db.prepare(sql(segmentSchema(i))));
  }

  get(stored: number): T {
    return this.stmtOf(stored).get(stored) as T;
  }

  all(stored: number): T[] {
    return this.stmtOf(stored).all(stored) as T[];
  }

  private stmtOf(stored: number): Database.Statement {
    let i = 0;
    while (stored >= this.ends[i]!) i++;
    return this.stmts[i]!;
  }
}
