import path from 'node:path';
import { Declined } from '../errors.js';
import { CURRENT, currentGeneration } from '../store/generations.js';
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
  /**
   * Gets why a published generation could not be opened, once a generation, and whether another answers in its place
   * (else requests are declined until it opens).
   */
  reportUnopened?: (generation: string, error: unknown, standIn: boolean) => void;
  now?: () => number;
}

/**
 * The index the bot answers from. Each request asks for it; when a build has published a new generation since, the
 * new one is opened and the old one closed a minute later, so requests in flight finish on the index they began with.
 * A new generation that cannot be opened leaves the one in use answering, and is tried again after a while.
 */
export class IndexHolder {
  private reader: IndexReader | null = null;
  private failed: { target: string; at: number } | null = null;
  private missingReported = false;
  private unreadableReported: string | null | undefined;
  private readonly prepare: (reader: IndexReader) => Promise<void>;
  private readonly reportMissing: (detail: string) => void;
  private readonly reportUnopened: (generation: string, error: unknown, standIn: boolean) => void;
  private readonly now: () => number;

  constructor(
    readonly dir: string,
    { prepare = async () => {}, reportMissing = () => {}, reportUnopened = () => {}, now = Date.now }: IndexHolderOptions = {},
  ) {
    [this.prepare, this.reportMissing, this.reportUnopened, this.now] = [prepare, reportMissing, reportUnopened, now];
  }

  current(): IndexReader {
    let target: string | null;
    try {
      target = currentGeneration(this.dir);
    } catch (error) {
      // `current` is no link (a folder moved there by hand): as a generation that cannot be opened
      return this.unopened(path.join(this.dir, CURRENT), error);
    }
    if (this.reader && target === this.reader.generation) return this.reader;
    if (this.failed && target === this.failed.target && this.now() - this.failed.at < RETRY_OPEN_MS) return this.fallback();
    let fresh: IndexReader;
    try {
      fresh = IndexReader.open(this.dir);
    } catch (error) {
      if (!target) throw this.missing(error);
      return this.unopened(target, error);
    }
    this.failed = null;
    this.missingReported = false;
    const old = this.reader;
    this.reader = fresh;
    if (old) setTimeout(() => old.close(), RETIRE_AFTER_MS).unref();
    this.ready = this.prepare(fresh);
    return fresh;
  }

  /** A generation that cannot be opened: told to the administrator once, and tried again after a while. */
  private unopened(target: string, error: unknown): IndexReader {
    if (this.failed?.target !== target) this.reportUnopened(target, error, this.reader !== null);
    this.failed = { target, at: this.now() };
    return this.fallback();
  }

  /**
   * The index in use while a newer one cannot be opened. With none, the request is declined: why (a damaged or
   * foreign index, its folder, the command that mends it) is for the administrator, who has it in the log.
   */
  private fallback(): IndexReader {
    if (this.reader) return this.reader;
    throw new Declined('the index cannot be opened just now; an administrator has been told.');
  }

  /** No index yet: the folder and the command to build one are for the administrator (the log), not for every user. */
  private missing(error: unknown): Declined {
    if (!this.missingReported) this.reportMissing((error as Error).message);
    this.missingReported = true;
    return new Declined('the articles are not indexed yet; ask an administrator to index them.');
  }

  /**
   * Whether a failure to read the index in use is the first of its generation: the administrator is told once, not
   * once a request (an autocomplete asks at every keystroke), and again only for another generation.
   */
  firstUnreadable(): boolean {
    const generation = this.reader?.generation ?? null;
    if (generation === this.unreadableReported) return false;
    this.unreadableReported = generation;
    return true;
  }

  /** Settles once the current index's model has loaded (or failed to, which `prepare` reports). */
  ready: Promise<void> = Promise.resolve();

  close(): void {
    this.reader?.close();
    this.reader = null;
  }
}
