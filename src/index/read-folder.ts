import type Database from 'better-sqlite3';
import { statSync, type BigIntStats } from 'node:fs';
import type { Skipped } from './article.js';
import type { AnalysisPool } from './analysis-pool.js';
import type { FileToRead, ReadArticle } from './analysis.js';
import type { BuildProgress } from './build-progress.js';
import { fileStamp } from './file-stamp.js';
import { noteOwner } from './note-owner.js';
import { listArticleFiles, type ArticleFile } from './read-articles.js';

/** Files read in a batch (on a worker, when there are enough), and written between two commits. */
const FILE_BATCH = 200;
/** …and at most this many bytes of them: a worker holds its whole batch's texts and passages until it posts them. */
const BATCH_BYTES = 32 * 1024 * 1024;
/**
 * What a batch of reading weighs at least in choosing where it runs (analysis-pool.ts): about a second of a core's
 * parsing. A rebuild's few changed files, and the files that gave no article (read at every build: 124 KB in 1,365
 * files at 257,986 passages), are read in this thread rather than by workers that take longer to start; so is one
 * large file (a batch cannot be shared out).
 */
const READ_WORK_BYTES = 2 * 1024 * 1024;

/**
 * A file of the folder as pass one found it: unchanged since the previous index, or parsed now; with the stamp to
 * record for the bytes its hash is of (null: none to vouch for them).
 */
export type FileState =
  | { source: string; hash: string; stamp: string | null; kept: true }
  | { source: string; hash: string; stamp: string | null; kept: false; articles: ReadArticle[] | null };

/** The folder's files, each in one category: indexed now, unchanged since the previous index, or skipped. */
type FileCounts = { files: number; indexed: number; unchanged: number; skipped: number };

/** A listed file: known unchanged by its stamp, or to be read (with its size, to bound a batch's bytes). */
type Listed = { state: FileState } | { item: FileToRead; size: number };

/** A batch of the files to read, with the unread files listed among them (taken in file order). */
type Batch = { listed: Listed[]; items: FileToRead[] };

/** The articles folder as a build read it. */
export interface FolderRead {
  skipped: Skipped[];
  states: FileState[];
  /** Files whose stamps vouched for them: not read at all. */
  unread: number;
  counts: FileCounts;
  /** Files of the previous index that the folder no longer holds. */
  removed: number;
}

/** A file's stat, or none when it cannot be had now (the reader then says why). */
function statOf(file: Buffer): BigIntStats | undefined {
  try {
    return statSync(file, { bigint: true, throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/** What the previous index knows of its files, by source. */
type OldFiles = { hashes: ReadonlyMap<string, string>; stamps: ReadonlyMap<string, string>; notes: ReadonlyMap<string, Skipped[]> };

/** What readArticles reads the folder with. */
interface Reading {
  articlesDir: string;
  old: OldFiles;
  direct: ((file: string, hash: string, articles: ReadArticle[]) => void) | null;
  db: Database.Database;
  progress: BuildProgress;
  phase: (name: string, total: number) => Promise<void>;
  pool: AnalysisPool;
  readAll: boolean;
}

/** A file as listed: unchanged when its stamp vouches for the bytes the previous index hashed, else one to read. */
function listedFile(f: ArticleFile, { old, readAll }: Pick<Reading, 'old' | 'readAll'>): Listed {
  const stat = statOf(f.path);
  const hash = old.hashes.get(f.source);
  const stamp = old.stamps.get(f.source);
  const vouched = !readAll && stat && hash !== undefined && stamp === fileStamp(stat);
  if (vouched) return { state: { source: f.source, hash, stamp, kept: true } };
  return { item: { source: f.source, path: f.path, oldHash: readAll ? undefined : hash }, size: Number(stat?.size ?? 0) };
}

/** The listed files in batches of at most FILE_BATCH files to read and BATCH_BYTES (one larger file alone). */
function batchesOf(listed: Listed[]): Batch[] {
  const batches: Batch[] = [];
  let batch: Batch = { listed: [], items: [] };
  let bytes = 0;
  for (const l of listed) {
    if ('item' in l) {
      if (batch.items.length === FILE_BATCH || (batch.items.length > 0 && bytes + l.size > BATCH_BYTES)) {
        batches.push(batch);
        [batch, bytes] = [{ listed: [], items: [] }, 0];
      }
      batch.items.push(l.item);
      bytes += l.size;
    }
    batch.listed.push(l);
  }
  if (batch.listed.length > 0) batches.push(batch);
  return batches;
}

/**
 * Reads the articles folder, one file at a time: a file whose stamp is the one recorded when the bytes the previous
 * index holds were hashed is kept unread (file-stamp.ts); the others are read and hashed, and kept when their bytes
 * are the previous index's (never when `readAll`: files read under other limits), else parsed and cut into passages
 * (by the pool's workers, in batches; their results are taken in file order). With no previous index they go straight
 * into the new segment (`direct`), so that a first build streams; otherwise they are held until the build knows which
 * old files move with them.
 */
export async function readArticles(reading: Reading): Promise<FolderRead> {
  const { articlesDir, old, direct, db, progress, phase, pool } = reading;
  const skipped: Skipped[] = [];
  const skip = (item: Skipped) => {
    skipped.push(item);
    progress.skipped(item);
  };
  // each file in one category: what the listing passes over (a broken link, a folder that cannot be read) is skipped
  const counts: FileCounts = { files: 0, indexed: 0, unchanged: 0, skipped: 0 };
  const passedOver = new Set<string>();
  const files = await listArticleFiles(articlesDir, (item) => {
    counts.skipped++;
    passedOver.add(item.source);
    skip(item);
  });
  const states: FileState[] = [];
  await phase('reading articles', files.length);
  const listed = files.map((f) => listedFile(f, reading));
  // a note said again for an unchanged file is its own or its lines' by today's listing, never what another file or
  // the listing says for itself this time (items.jsonl#2.txt, items.jsonl#b.jsonl:1, a broken link items.jsonl#old)
  const listedSources = new Set(files.map((f) => f.source));
  const notesOf = (file: string) =>
    (old.notes.get(file) ?? []).filter((n) => !passedOver.has(n.source) && noteOwner(n.source, (f) => listedSources.has(f)) === file);
  const batches = batchesOf(listed);
  // batches to share out, and enough to read in them
  const toRead = listed.reduce((n, l) => n + ('item' in l ? l.size : 0), 0);
  const work = Math.min(batches.filter((b) => b.items.length > 0).length, Math.ceil(toRead / READ_WORK_BYTES));
  for await (const [{ listed }, read] of pool.map('read', batches, work)) {
    db.exec('BEGIN');
    let at = 0;
    for (const l of listed) {
      progress.tick();
      // an unchanged file is not parsed again: what its parse left out (a paragraph over the limit) is said again as
      // the previous build said it, so that an unchanged folder is up to date and keeps its notes
      if ('state' in l) {
        counts.unchanged++;
        states.push(l.state);
        notesOf(l.state.source).forEach(skip);
        continue;
      }
      const file = read[at++]!;
      (file.kept ? notesOf(file.source) : file.skipped).forEach(skip);
      if (file.kept) counts.unchanged++;
      else if (file.articles.length > 0) counts.indexed++;
      else counts.skipped++;
      if (file.hash === null) continue;
      if (file.kept) {
        states.push({ source: file.source, hash: file.hash, stamp: file.stamp, kept: true });
        continue;
      }
      if (direct) direct(file.source, file.hash, file.articles);
      // a file that gave no article has no rows for a stamp to vouch for
      const stamp = file.articles.length > 0 ? file.stamp : null;
      states.push({ source: file.source, hash: file.hash, stamp, kept: false, articles: direct ? null : file.articles });
    }
    db.exec('COMMIT');
  }
  counts.files = counts.indexed + counts.unchanged + counts.skipped;
  const present = new Set([...states.map((f) => f.source), ...skipped.map((f) => f.source)]);
  const removed = [...old.hashes.keys()].filter((file) => !present.has(file)).length;
  return { skipped, states, unread: listed.length - listed.filter((l) => 'item' in l).length, counts, removed };
}
