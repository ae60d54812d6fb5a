import { Declined } from '../errors.js';
import { currentGeneration } from '../store/generations.js';
import { IndexReader } from '../retrieval/index-reader.js';

// Long enough for any request that started on the old index to finish with it.
const RETIRE_AFTER_MS = 60_000;
// How long a generation that failed to open is left before it is tried again: a file the build left unreadable to
// the bot (another user's umask) can be mended without a restart, and requests do not each pay for a failing open.
export const RETRY_OPEN_MS = 30_000;

export interface IndexHolderOptions {
  /** Loads what a new index needs beyond its database (its model); until it is done, answers are lexical. */
  prepare?: (reader: IndexReader) => Promise<void>;
  /** Gets what an administrator should run when there is no index, once until there is one. */
  reportMissing?: (detail: string) => void;
  /** Gets why a published generation could not be opened while another answers in its place, once a generation. */
  reportUnopened?: (generation: string, error: unknown) => void;
  now?: () => number;
}

/**
 * The index the bot answers from. Each request asks for it; when a build has published a new generation since, the
 * new one is opened and the old one closed a minute later, so requests in flight finish on the index they began with.
 * A new generation that cannot be opened leaves the one in use answering, and is tried again after a while.
 */
export class IndexHolder {
  private reader: IndexReader | null = null;
  private failed: { target: string; error: unknown; at: number } | null = null;
  private missingReported = false;
  private readonly prepare: (reader: IndexReader) => Promise<void>;
  private readonly reportMissing: (detail: string) => void;
  private readonly reportUnopened: (generation: string, error: unknown) => void;
  private readonly now: () => number;

  constructor(
    readonly dir: string,
    { prepare = async () => {}, reportMissing = () => {}, reportUnopened = () => {}, now = Date.now }: IndexHolderOptions = {},
  ) {
    [this.prepare, this.reportMissing, this.reportUnopened, this.now] = [prepare, reportMissing, reportUnopened, now];
  }

  current(): IndexReader {
    const target = currentGeneration(this.dir);
    if (this.reader && target === this.reader.generation) return this.reader;
    if (this.failed && target === this.failed.target && this.now() - this.failed.at < RETRY_OPEN_MS) return this.fallback(this.failed.error);
    let fresh: IndexReader;
    try {
      fresh = IndexReader.open(this.dir);
    } catch (error) {
      if (!target) throw this.missing(error);
      // with no index in use, the request fails with the reason itself: nothing answers in its place
      if (this.reader && this.failed?.target !== target) this.reportUnopened(target, error);
      this.failed = { target, error, at: this.now() };
      return this.fallback(error);
    }
    this.failed = null;
    this.missingReported = false;
    const old = this.reader;
    this.reader = fresh;
    if (old) setTimeout(() => old.close(), RETIRE_AFTER_MS).unref();
    this.ready = this.prepare(fresh);
    return fresh;
  }

  /** The index in use while a newer one cannot be opened; with none, the reason it could not. */
  private fallback(error: unknown): IndexReader {
    if (this.reader) return this.reader;
    throw error;
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
