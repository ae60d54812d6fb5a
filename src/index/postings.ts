import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

/** Counts of each term, added to `into` (`times` each: a title counts thrice in its article). */
export function countTerms(terms: string[], into = new Map<string, number>(), times = 1): Map<string, number> {
  for (const t of terms) into.set(t, (into.get(t) ?? 0) + times);
  return into;
}

/** A term's postings: ids ascending, and term counts (store/postings-codec.ts encodes them for the segment). */
export type PostingRow = [key: string, ids: Uint32Array, tfs: Uint16Array];

/** Postings held in memory before they are written as a run: 10 bytes each in typed arrays, plus the run's terms. */
export const RUN_POSTINGS = 4_000_000;

/**
 * The full-text index being built, in bounded memory: postings gather in typed arrays (term number, id, count) until
 * there are `runSize` of them, then go to disk as a run with its keys sorted, and the terms are forgotten; merge()
 * reads the runs back in key order. Ids are added in increasing order (passages and articles are indexed in the order
 * of their ids), so a term's list is its runs' lists one after the other, and merging is concatenating.
 */
export class PostingRuns {
  /** By field prefix, then term: the run's number for each term (no key string is built per posting). */
  private fields = new Map<string, Map<string, number>>();
  private keys: string[] = [];
  private terms = new Uint32Array(1024);
  private ids = new Uint32Array(1024);
  private tfs = new Uint16Array(1024);
  private held = 0;
  private readonly runs: string[] = [];

  constructor(
    private readonly dir: string,
    private readonly runSize = RUN_POSTINGS,
  ) {}

  add(prefix: string, id: number, counts: Map<string, number>): void {
    let field = this.fields.get(prefix);
    if (!field) this.fields.set(prefix, (field = new Map()));
    if (this.held + counts.size > this.terms.length) this.grow(this.held + counts.size);
    for (const [term, tf] of counts) {
      let t = field.get(term);
      if (t === undefined) {
        t = this.keys.push(prefix + term) - 1;
        field.set(term, t);
      }
      this.terms[this.held] = t;
      this.ids[this.held] = id;
      this.tfs[this.held++] = Math.min(tf, 0xffff);
    }
    if (this.held >= this.runSize) this.flush();
  }

  private grow(needed: number): void {
    const size = Math.max(needed, this.terms.length * 2);
    const copy = <T extends Uint32Array | Uint16Array>(from: T, to: T) => (to.set(from), to);
    this.terms = copy(this.terms, new Uint32Array(size));
    this.ids = copy(this.ids, new Uint32Array(size));
    this.tfs = copy(this.tfs, new Uint16Array(size));
  }

  /** Writes what is held as a run: postings grouped by term (a counting sort, which keeps ids in order), keys sorted. */
  private flush(): void {
    const n = this.held;
    const start = new Uint32Array(this.keys.length + 1);
    for (let i = 0; i < n; i++) start[this.terms[i]! + 1]!++;
    for (let t = 0; t < this.keys.length; t++) start[t + 1]! += start[t]!;
    const next = start.slice(0, this.keys.length);
    const ids = new Uint32Array(n);
    const tfs = new Uint16Array(n);
    for (let i = 0; i < n; i++) {
      const at = next[this.terms[i]!]!++;
      ids[at] = this.ids[i]!;
      tfs[at] = this.tfs[i]!;
    }
    const order = this.keys.map((_, t) => t).sort((a, b) => (this.keys[a]! < this.keys[b]! ? -1 : 1));
    const file = path.join(this.dir, `postings-${this.runs.length}.run`);
    const fd = openSync(file, 'w');
    try {
      const out = new RunWriter(fd);
      for (const t of order) {
        const from = start[t]!;
        const to = start[t + 1]!;
        out.record(this.keys[t]!, ids.subarray(from, to), tfs.subarray(from, to));
      }
      out.end();
    } finally {
      closeSync(fd);
    }
    this.runs.push(file);
    this.fields = new Map();
    this.keys = [];
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
