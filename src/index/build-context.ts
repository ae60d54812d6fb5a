import type Database from 'better-sqlite3';
import type { AnalysisPool } from './analysis-pool.js';
import type { ArticleWriter } from './article-writer.js';
import type { BuildHandles } from './build-handles.js';
import type { BuildProgress } from './build-progress.js';
import type { ReadLimits } from './limits.js';
import type { PreviousIndex } from './previous.js';
import type { FolderRead } from './read-folder.js';
import type { LoadedModel } from './vectors-phase.js';
import type { ModelSource } from '../embedding/embedder.js';

export interface BuildOptions {
  articlesDir: string;
  indexDir: string;
  progress?: BuildProgress;
  /** The embedding model (a hub id) for a hybrid index, or 'none' (the default here) for a lexical one. */
  model?: string;
  /** Where models are looked for, and whether the hub may be asked (see Embedder.load). */
  modelSource?: ModelSource;
  /** What one file may cost (size, paragraph length, nesting, time); DEFAULT_LIMITS when not given. */
  limits?: ReadLimits;
  /** Worker threads for reading files, finding names and cutting words (default: defaultWorkers in analysis-pool.ts). */
  workers?: number;
  /** Batches from which a task goes to the workers (default PARALLEL_FROM_BATCHES; tests set 1). */
  workersFrom?: number;
  /** Postings held in memory before they are written to disk as a run (default RUN_POSTINGS). */
  runSize?: number;
}

/** What every step of a build is given. */
export interface Build {
  articlesDir: string;
  indexDir: string;
  options: BuildOptions;
  limits: ReadLimits;
  progress: BuildProgress;
  /** A phase starts: what the one before left is collected first, and a test may hold the build there (pauseAt). */
  phase: (name: string, total?: number) => Promise<void>;
  pool: AnalysisPool;
  handles: BuildHandles;
  started: number;
}

/** The previous index a build starts from, the model it embeds with, and the folder as read into the generation begun. */
export interface Read {
  previous: PreviousIndex | null;
  model: LoadedModel | null;
  /** The previous index's vectors are this model's (or there is no model): its segments' vectors may be kept. */
  sameVectors: boolean;
  folder: FolderRead;
  /** The new segment's file name and database. */
  name: string;
  db: Database.Database;
  /** A first build's writer of the new segment, which it wrote the files into as it read them. */
  streamed: ArticleWriter | null;
}

/**
 * A test hook: WENDA_BUILD_PAUSE=<phase> holds the build for a minute when that phase starts, so that a test can kill
 * it at a known point (after the generation exists, during the merge, just before publishing, or `published`: just
 * after the swap, before the build records it).
 */
export async function pauseAt(phase: string): Promise<void> {
  if (process.env.WENDA_BUILD_PAUSE === phase) await new Promise((resolve) => setTimeout(resolve, 60_000));
}
