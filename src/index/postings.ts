import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

/** A term's postings: ids ascending, and term counts (store/postings-codec.ts encodes them for the segment). */
export type PostingRow = [key: string, ids: Uint32Array, tfs: Uint16Array];

/** The fields of the full-text index, by number: passage words and bigrams, article words and bigrams. */
export const FIELDS = ['w:', 'b:', 'aw:', 'ab:'] as const;
export const [PASSAGE_WORDS, PASSAGE_BIGRAMS, ARTICLE_WORDS, ARTICLE_BIGRAMS] = [0, 1, 2, 3] as const;
export type Field = 0 | 1 | 2 | 3;

/** A document's terms (by a run's term numbers) with their counts, and how many terms it holds in all. */
export interface Counted {
  terms: Uint32Array;
  tfs: Uint32Array;
  total: number;
}

/** Postings held in memory before they are written as a run: 10 bytes each in typed arrays, plus the run's terms. */
export const RUN_POSTINGS = 4_000_000;

/**
 * The full-text index being built, in bounded memory. Terms are numbered as they are met (term()), one numbering for
 * all fields, so that a document's terms are looked up once whatever fields they go to and counted in arrays rather
 * than maps; postings gather in typed arrays (field and term, id, count) until the caller releases its term numbers
 * with `runSize` or more of them held, then go to disk as a run with its keys sorted, and the numbering starts again. merge() reads the runs back in key order. Ids are added in increasing order per field (passages
 * and articles are indexed in the order of their ids), so a term's list is its runs' lists one after the other, and
 * merging is concatenating.
 */
export class PostingRuns {
  private numbers = new Map<string, number>();
  private terms: string[] = [];
  /** Per posting: term number × FIELDS.length + field. */
  private codes = new Uint32Array(1024);
  private ids = new Uint32Array(1024);
  private tfs = new Uint16Array(1024);
  private held = 0;
  private readonly runs: string[] = [];

  constructor(
    private readonly dir: string,
    private readonly runSize = RUN_POSTINGS,
  ) {}

  /** The run's number of a term; the same for every field, until the batch ends. */
  term(text: string): number {
    let t = this.numbers.get(text);
    if (t === undefined) {
      t = this.terms.push(text) - 1;
      this.numbers.set(text, t);
    }
    return t;
  }

  /** The terms held now: term numbers are below this. */
  get termCount(): number {
    return this.terms.length;
  }

  add(field: Field, id: number, counted: Counted): void {
    const n = counted.terms.length;
    if (this.held + n > this.codes.length) this.grow(this.held + n);
    for (let i = 0; i < n; i++) {
      this.codes[this.held] = counted.terms[i]! * FIELDS.length + field;
      this.ids[this.held] = id;
      this.tfs[this.held++] = Math.min(counted.tfs[i]!, 0xffff);
    }
  }

  /**
   * Says that no term number given so far is held any more: if a run's worth of postings is held, it goes to disk and
   * numbering starts again (returns whether it did).
   */
  release(): boolean {
    if (this.held < this.runSize) return false;
    this.flush();
    return true;
  }

  private grow(needed: number): void {
    const size = Math.max(needed, this.codes.length * 2);
    const copy = <T extends Uint32Array | Uint16Array>(from: T, to: T) => (to.set(from), to);
    this.codes = copy(this.codes, new Uint32Array(size));
    this.ids = copy(this.ids, new Uint32Array(size));
    this.tfs = copy(this.tfs, new Uint16Array(size));
  }

  /** Writes what is held as a run: postings grouped by key (a counting sort, which keeps ids in order), keys sorted. */
  private flush(): void {
    const n = this.held;
    const codeCount = this.terms.length * FIELDS.length;
    const start = new Uint32Array(codeCount + 1);
    for (let i = 0; i < n; i++) start[this.codes[i]! + 1]!++;
    const used: number[] = [];
    for (let c = 0; c < codeCount; c++) {
      if (start[c + 1]! > 0) used.push(c);
      start[c + 1]! += start[c]!;
    }
    const next = start.slice(0, codeCount);
    const ids = new Uint32Array(n);
    const tfs = new Uint16Array(n);
    for (let i = 0; i < n; i++) {
      const at = next[this.codes[i]!]!++;
      ids[at] = this.ids[i]!;
      tfs[at] = this.tfs[i]!;
    }
    const keys = used.map((c) => ({ code: c, key: FIELDS[c % FIELDS.length]! + this.terms[Math.floor(c / FIELDS.length)]! }));
    keys.sort((a, b) => (a.key < b.key ? -1 : 1));
    const file = path.join(this.dir, `postings-${this.runs.length}.run`);
    const fd = openSync(file, 'w');
    try {
      const out = new RunWriter(fd);
      for (const { code, key } of keys) out.record(key, ids.subarray(start[code]!, start[code + 1]!), tfs.subarray(start[code]!, start[code + 1]!));
      out.end();
    } finally {
      closeSync(fd);
    }
    this.runs.push(file);
    this.numbers = new Map();
    this.terms = [];
    this.held = 0;
  }

  /** Every term once, in key order, its postings from all runs joined; the run files are removed as it ends. */
  *merge(): Generator<PostingRow> {
    if (this.held > 0) this.flush();
    const readers = this.runs.map((file) => new RunReader(file));
    try {
      for (;;) {
        let min: string | null = null;
        for (const r of readers) if (r.head && (min === null || r.head[0] < min)) min = r.head[0];
        if (min === null) return;
        const parts = readers.filter((r) => r.head?.[0] === min).map((r) => r.take());
        yield parts.length === 1 ? parts[0]! : [min, joined(parts.map((p) => p[1]), Uint32Array), joined(parts.map((p) => p[2]), Uint16Array)];
      }
    } finally {
      for (const r of readers) r.close();
      for (const file of this.runs) rmSync(file, { force: true });
    }
  }
}

/**
 * Counts terms by number into an array as large as the run's terms, noting which were touched: one document's
 * counts at a time, taken out with take(), which clears it for the next.
 */
export class TermCounter {
  private counts = new Uint32Array(1024);
  private touched: number[] = [];
  private total = 0;

  add(term: number, times = 1): void {
    if (term >= this.counts.length) {
      const grown = new Uint32Array(Math.max(term + 1, this.counts.length * 2));
      grown.set(this.counts);
      this.counts = grown;
    }
    if (this.counts[term] === 0) this.touched.push(term);
    this.counts[term]! += times;
    this.total += times;
  }

  /** Adds a document's counts (an article gathers its passages'). */
  addAll(counted: Counted): void {
    for (let i = 0; i < counted.terms.length; i++) this.add(counted.terms[i]!, counted.tfs[i]!);
  }

  take(): Counted {
    const terms = Uint32Array.from(this.touched);
    const tfs = new Uint32Array(terms.length);
    for (let i = 0; i < terms.length; i++) {
      tfs[i] = this.counts[terms[i]!]!;
      this.counts[terms[i]!] = 0;
    }
    const counted = { terms, tfs, total: this.total };
    this.touched = [];
    this.total = 0;
    return counted;
  }
}

/** Typed arrays one after the other. */
function joined<T extends Uint32Array | Uint16Array>(parts: T[], Type: { new (n: number): T }): T {
  const out = new Type(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const CHUNK = 1 << 20;

/** Records of a run: key length (Uint32), key (UTF-8), count (Uint32), ids, tfs; written through a 1 MB buffer. */
class RunWriter {
  private buf = Buffer.alloc(CHUNK);
  private used = 0;

  constructor(private readonly fd: number) {}

  record(key: string, ids: Uint32Array, tfs: Uint16Array): void {
    const k = Buffer.from(key);
    const head = Buffer.alloc(8);
    head.writeUInt32LE(k.length, 0);
    head.writeUInt32LE(ids.length, 4);
    for (const part of [head, k, ids, tfs]) this.write(Buffer.from(part.buffer, part.byteOffset, part.byteLength));
  }

  private write(part: Buffer): void {
    if (this.used + part.length > this.buf.length) this.drain();
    if (part.length > this.buf.length) writeSync(this.fd, part);
    else this.used += part.copy(this.buf, this.used);
  }

  private drain(): void {
    if (this.used) writeSync(this.fd, this.buf, 0, this.used);
    this.used = 0;
  }

  end(): void {
    this.drain();
  }
}

/** Reads a run record by record, with the next one at hand as `head`. */
class RunReader {
  private readonly fd: number;
  private buf = Buffer.alloc(0);
  private at = 0;
  private eof = false;
  head: PostingRow | null = null;

  constructor(file: string) {
    this.fd = openSync(file, 'r');
    this.advance();
  }

  take(): PostingRow {
    const row = this.head!;
    this.advance();
    return row;
  }

  private bytes(n: number): Buffer | null {
    while (this.buf.length - this.at < n && !this.eof) {
      const chunk = Buffer.alloc(Math.max(CHUNK, n));
      const read = readSync(this.fd, chunk, 0, chunk.length, null);
      if (read === 0) this.eof = true;
      this.buf = Buffer.concat([this.buf.subarray(this.at), chunk.subarray(0, read)]);
      this.at = 0;
    }
    if (this.buf.length - this.at < n) return null;
    const out = this.buf.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }

  private advance(): void {
    const head = this.bytes(8);
    if (!head) {
      this.head = null;
      return;
    }
    const key = this.bytes(head.readUInt32LE(0))!.toString();
    const n = head.readUInt32LE(4);
    // copies (the buffer they come from is reused), which also aligns them
    const copy = (bytes: Buffer) => new Uint8Array(bytes).buffer;
    this.head = [key, new Uint32Array(copy(this.bytes(n * 4)!)), new Uint16Array(copy(this.bytes(n * 2)!))];
  }

  close(): void {
    closeSync(this.fd);
  }
}
