import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { MAX_POSTING_BYTES, writePostingGaps } from '../store/postings-codec.js';
import { VarintReader, varintLength, writeVarint } from '../store/varint.js';

/** A term's postings as the segment stores them (store/postings-codec.ts), and how many there are. */
export type PostingRow = [key: string, list: Buffer, count: number];

/** The fields of the full-text index, by number: passage words and bigrams, article words and bigrams. */
const FIELDS = ['w:', 'b:', 'aw:', 'ab:'] as const;
export const [PASSAGE_WORDS, PASSAGE_BIGRAMS, ARTICLE_WORDS, ARTICLE_BIGRAMS] = [0, 1, 2, 3] as const;
export type Field = 0 | 1 | 2 | 3;
/**
 * The fields in the order of their keys: no prefix starts another, so a key's prefix decides its order against any key
 * of another field, and a field's keys are in the order of their terms.
 */
const FIELDS_IN_KEY_ORDER = FIELDS.map((_, f) => f).sort((a, b) => (FIELDS[a]! < FIELDS[b]! ? -1 : 1));

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
 * with `runSize` or more of them held, then go to disk as a run with its keys sorted, each list coded as the segment
 * stores it, and the numbering starts again. merge() reads the runs back in key order. Ids are added in increasing
 * order per field (passages and articles are indexed in the order of their ids), so a term's list is its runs' lists
 * one after the other, and merging is concatenating their bytes (the first gap of each coded again).
 */
export class PostingRuns {
  private numbers = new Map<string, number>();
  private terms: string[] = [];
  private pairs = emptyPairs();
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

  /**
   * The run's number of the bigram of two characters of the BMP (UTF-16 units), that of term() for the pair as a
   * string: looked up by the pair's 32 bits in a table of its own, so that the string is made only when first met.
   */
  pair(first: number, second: number): number {
    const key = ((first << 16) | second) >>> 0;
    const { keys, values } = this.pairs;
    const mask = keys.length - 1;
    let at = slotOf(key, this.pairs.shift);
    for (; keys[at] !== 0; at = (at + 1) & mask) if (keys[at] === key) return values[at]!;
    const t = this.term(String.fromCharCode(first, second));
    keys[at] = key;
    values[at] = t;
    if (++this.pairs.size * 2 > keys.length) this.pairs = regrown(this.pairs);
    return t;
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

  /**
   * Writes what is held as a run: postings grouped by key (a counting sort, which keeps ids in order), the terms
   * sorted once for all fields.
   */
  private flush(): void {
    const n = this.held;
    const codeCount = this.terms.length * FIELDS.length;
    const start = new Uint32Array(codeCount + 1);
    for (let i = 0; i < n; i++) start[this.codes[i]! + 1]!++;
    for (let c = 0; c < codeCount; c++) start[c + 1]! += start[c]!;
    const next = start.slice(0, codeCount);
    const ids = new Uint32Array(n);
    const tfs = new Uint16Array(n);
    for (let i = 0; i < n; i++) {
      const at = next[this.codes[i]!]!++;
      ids[at] = this.ids[i]!;
      tfs[at] = this.tfs[i]!;
    }
    const byKey = Int32Array.from(this.terms.slice().sort((a, b) => (a < b ? -1 : 1)), (term) => this.numbers.get(term)!);
    const file = path.join(this.dir, `postings-${this.runs.length}.run`);
    const fd = openSync(file, 'w');
    try {
      const out = new RunWriter(fd);
      for (const field of FIELDS_IN_KEY_ORDER) {
        for (const t of byKey) {
          const from = start[t * FIELDS.length + field]!;
          const to = start[t * FIELDS.length + field + 1]!;
          if (to > from) out.record(FIELDS[field]! + this.terms[t]!, ids.subarray(from, to), tfs.subarray(from, to));
        }
      }
      out.end();
    } finally {
      closeSync(fd);
    }
    this.runs.push(file);
    this.numbers = new Map();
    this.terms = [];
    this.pairs = emptyPairs();
    this.held = 0;
  }

  /** Every term once, in key order, its postings from all runs joined; the run files are removed as it ends. */
  *merge(): Generator<PostingRow> {
    if (this.held > 0) this.flush();
    const readers = this.runs.map((file) => new RunReader(file));
    try {
      for (;;) {
        let min: string | null = null;
        for (const r of readers) if (r.head && (min === null || r.head.key < min)) min = r.head.key;
        if (min === null) return;
        const parts = readers.filter((r) => r.head?.key === min).map((r) => r.take());
        yield [min, joined(parts), parts.reduce((n, p) => n + p.count, 0)];
      }
    } finally {
      for (const r of readers) r.close();
      for (const file of this.runs) rmSync(file, { force: true });
    }
  }
}

/**
 * Term numbers by the 32 bits of a pair of UTF-16 units, open addressing (0 is no key: no pair of Han characters is
 * 0), kept at most half full.
 */
interface PairTable {
  keys: Uint32Array;
  values: Uint32Array;
  size: number;
  /** 32 less the bits of a slot number. */
  shift: number;
}

/** Fibonacci hashing: the top bits of the key times 2^32 over the golden ratio, as many as the slots need. */
const slotOf = (key: number, shift: number) => Math.imul(key, 0x9e3779b1) >>> shift;

/** A table of 2^bits slots. */
const emptyPairs = (bits = 16): PairTable => ({ keys: new Uint32Array(1 << bits), values: new Uint32Array(1 << bits), size: 0, shift: 32 - bits });

function regrown(table: PairTable): PairTable {
  const grown = emptyPairs(33 - table.shift);
  const mask = grown.keys.length - 1;
  table.keys.forEach((key, i) => {
    if (key === 0) return;
    let at = slotOf(key, grown.shift);
    while (grown.keys[at] !== 0) at = (at + 1) & mask;
    grown.keys[at] = key;
    grown.values[at] = table.values[i]!;
  });
  grown.size = table.size;
  return grown;
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

/** A key's list in one run: its postings coded as a stored list's after the count (gaps from 0), and its last id. */
interface RunList {
  key: string;
  count: number;
  last: number;
  bytes: Uint8Array;
}

/**
 * The stored list of a key's run lists, in order: their count, then their bytes, the first gap of each after the
 * first coded again from the last id before it instead of 0.
 */
function joined(parts: RunList[]): Buffer {
  const pieces: Uint8Array[] = [];
  parts.forEach((part, i) => {
    if (i === 0) return void pieces.push(part.bytes);
    const read = new VarintReader(part.bytes);
    const code = read.varint();
    const first = (code - (code % 2)) / 2;
    const head = Buffer.allocUnsafe(varintLength(code));
    pieces.push(head.subarray(0, writeVarint(head, 0, (first - parts[i - 1]!.last) * 2 + (code % 2))), part.bytes.subarray(read.at));
  });
  const count = parts.reduce((n, p) => n + p.count, 0);
  const out = Buffer.allocUnsafe(pieces.reduce((n, p) => n + p.length, varintLength(count)));
  let at = writeVarint(out, 0, count);
  for (const p of pieces) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const CHUNK = 1 << 20;
const HEAD_BYTES = 16;

/**
 * Records of a run: key length, postings, last id, bytes of the list (Uint32 each), the key (UTF-8), the list coded
 * as a stored list after its count; written through a 1 MB buffer.
 */
class RunWriter {
  private buf = Buffer.alloc(CHUNK);
  private used = 0;
  private list = Buffer.alloc(CHUNK);

  constructor(private readonly fd: number) {}

  record(key: string, ids: Uint32Array, tfs: Uint16Array): void {
    if (this.list.length < ids.length * MAX_POSTING_BYTES) this.list = Buffer.alloc(ids.length * MAX_POSTING_BYTES);
    const bytes = writePostingGaps(this.list, 0, ids, tfs);
    const k = Buffer.from(key);
    const head = Buffer.alloc(HEAD_BYTES);
    head.writeUInt32LE(k.length, 0);
    head.writeUInt32LE(ids.length, 4);
    head.writeUInt32LE(ids[ids.length - 1]!, 8);
    head.writeUInt32LE(bytes, 12);
    for (const part of [head, k, this.list.subarray(0, bytes)]) this.write(part);
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
  head: RunList | null = null;

  constructor(file: string) {
    this.fd = openSync(file, 'r');
    this.advance();
  }

  take(): RunList {
    const row = this.head!;
    this.advance();
    return row;
  }

  /** The next n bytes, as a view: a buffer read into is never written again, so views stay valid. */
  private bytes(n: number): Buffer | null {
    while (this.buf.length - this.at < n && !this.eof) {
      // what is left and the next chunk in one new buffer: a chunk read then joined made twice the garbage, and
      // about fifty runs read at once kept the merge's memory swinging by hundreds of MB at a million passages
      const left = this.buf.length - this.at;
      const next = Buffer.allocUnsafe(left + Math.max(CHUNK, n));
      this.buf.copy(next, 0, this.at);
      const read = readSync(this.fd, next, left, next.length - left, null);
      if (read === 0) this.eof = true;
      this.buf = next.subarray(0, left + read);
      this.at = 0;
    }
    if (this.buf.length - this.at < n) return null;
    const out = this.buf.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }

  private advance(): void {
    const head = this.bytes(HEAD_BYTES);
    if (!head) {
      this.head = null;
      return;
    }
    const key = this.bytes(head.readUInt32LE(0))!.toString();
    this.head = { key, count: head.readUInt32LE(4), last: head.readUInt32LE(8), bytes: this.bytes(head.readUInt32LE(12))! };
  }

  close(): void {
    closeSync(this.fd);
  }
}
