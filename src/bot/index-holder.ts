import { Declined } from '../errors.js';
import { currentGeneration } from '../store/generations.js';
import { IndexReader } from '../retrieval/index-reader.js';

// Long enough for any request that started on the old index to finish with it.
const RETIRE_AFTER_MS = 60_000;

/**
 * The index the bot answers from. Each request asks for it; when a build has published a new generation since, the
 * new one is opened and the old one closed a minute later, so requests in flight finish on the index they began with.
 */
export class IndexHolder {
  private reader: IndexReader | null = null;
  private failed: { target: string; error: unknown } | null = null;
  private missingReported = false;

  /**
   * `prepare` loads what a new index needs beyond its database (its model); until it is done, answers are lexical.
   * `reportMissing` gets what an administrator should run when there is no index, once until there is one.
   */
  constructor(
    readonly dir: string,
    private readonly prepare: (reader: IndexReader) => Promise<void> = async () => {},
    private readonly reportMissing: (detail: string) => void = () => {},
  ) {}

  current(): IndexReader {
    const target = currentGeneration(this.dir);
    if (this.reader && target === this.reader.generation) return this.reader;
    // a generation that failed to open (damaged) fails the same way until another is published: not checked again
    if (this.failed && target === this.failed.target) throw this.failed.error;
    let fresh: IndexReader;
    try {
      fresh = IndexReader.open(this.dir);
    } catch (error) {
      if (!target) throw this.missing(error);
      this.failed = { target, error };
      throw error;
    }
    this.missingReported = false;
    const old = this.reader;
    this.reader = fresh;
    if (old) setTimeout(() => old.close(), RETIRE_AFTER_MS).unref();
    this.ready = this.prepare(fresh);
    return fresh;
  }

  /** No index yet: the folder and the command to build one are for the administrator (the log), not for every user. */
  private missing(error: unknown): Declined {
    if (!this.missingReported) this.reportMissing((error as Error).message);
    this.missingReported = true;
    return new Declined('the articles are not indexed yet; ask an administrator to index them.');
  }

  /** Settles once the current index's model has loaded (or failed to, which `prepare` reports). */
  ready: Promise<void> = Promise.resolve();

  close(): void {
    this.reader?.close();
    this.reader = null;
  }
}
