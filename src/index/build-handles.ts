import type Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { AnalysisPool } from './analysis-pool.js';
import type { BuildProgress } from './build-progress.js';
import type { Dictionary } from './glossary-state.js';
import type { PreviousIndex } from './previous.js';
import type { BuildLock } from '../store/build-lock.js';
import { currentGeneration } from '../store/generations.js';
import { openGeneration } from '../store/segments.js';

/** The generation the index's link names; null when there is none (or something else stands in its place). */
function generationLinked(indexDir: string): string | null {
  try {
    return currentGeneration(indexDir);
  } catch {
    return null;
  }
}

/**
 * What a build holds open, and the generation it writes: a failure or a signal closes the one and removes the other,
 * unless the generation is the index in use by then. A step sets what it opens here, and clears what it closes.
 */
export class BuildHandles {
  generation: string | null = null;
  /** The new segment. */
  db: Database.Database | null = null;
  /** The generation's global part. */
  global: Database.Database | null = null;
  /** The generation opened as one database (openGeneration). */
  view: Database.Database | null = null;
  previous: PreviousIndex | null = null;
  dictionary: Dictionary | null = null;
  /** The new generation is the index in use. */
  swapped = false;

  constructor(
    readonly indexDir: string,
    readonly pool: AnalysisPool,
  ) {}

  /** Whether the new generation is in use: a signal can come between the swap and the line that records it, and the link says which is. */
  inUse(): boolean {
    return this.swapped || (this.generation !== null && generationLinked(this.indexDir) === path.resolve(this.generation));
  }

  /** The generation opened afresh as one database, once what it reads (its segments, its global part) is written. */
  openView(): Database.Database {
    this.close('view');
    return (this.view = openGeneration(this.generation!).db);
  }

  /** Closes one of them, now that the build is done with it. */
  close(what: 'previous' | 'dictionary' | 'db' | 'global' | 'view'): void {
    this[what]?.close();
    this[what] = null;
  }

  /**
   * Closes everything open, and removes the generation unless it is in use. A file a pending write creates as the
   * folder is removed (ENOTEMPTY) is tried again; what is still left, the next build removes.
   */
  abandon(): void {
    void this.pool.close();
    for (const what of ['previous', 'dictionary', 'db', 'global', 'view'] as const) this.close(what);
    if (!this.generation || this.inUse()) return;
    try {
      rmSync(this.generation, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // left for the next build, which removes every generation not in use before it starts
    }
  }
}

/** Ctrl-C, a service stopped, and a terminal or ssh session that hangs up. */
const STOPPING = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * A signal ends the build as a failure does (nothing half-written is left behind), says so, then ends the process by
 * it. Another signal while that is done (Ctrl-C pressed twice; `timeout` signals the process and then its group) is
 * let pass: with no handler it would end the process halfway through removing what the build wrote. Returns what
 * takes the handlers off again.
 */
export function abandonOnSignal(handles: BuildHandles, progress: BuildProgress, lock: BuildLock): () => void {
  let stopping = false;
  const off = () => {
    for (const signal of STOPPING) process.off(signal, onSignal);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    try {
      const published = handles.inUse();
      handles.abandon();
      progress.end();
      const left = published ? 'the new index is in use' : generationLinked(handles.indexDir) === null ? 'there is no index yet' : 'the index in use is unchanged';
      progress.notice(`build interrupted (${signal}); ${left}`);
    } finally {
      lock.release();
      off();
      process.kill(process.pid, signal);
    }
  };
  for (const signal of STOPPING) process.on(signal, onSignal);
  return off;
}
