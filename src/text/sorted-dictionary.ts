/**
 * A jieba dictionary (`word freq tag` lines, UTF-8) whose lines are sorted by their words' bytes, each word once and
 * nothing but single spaces between fields, as jieba's own is: searched in place, by binary search over its bytes
 * (as look(1) searches a sorted file), so that the lines whose words occur in a short text are found without reading
 * the rest (Tokenizer, "one text at a time").
 */

const NEWLINE = 0x0a;
const SPACE = 0x20;

export class SortedDictionary {
  constructor(private readonly bytes: Buffer) {}

  private lineStart(at: number): number {
    while (at > 0 && this.bytes[at - 1] !== NEWLINE) at--;
    return at;
  }

  // loops rather than Buffer.indexOf: lines are short, and a call costs more than stepping over one
  private lineEnd(start: number): number {
    while (start < this.bytes.length && this.bytes[start] !== NEWLINE) start++;
    return start;
  }

  /** How the word of the line at `start` compares with key[from, to) (bytes): < 0 before it, 0 equal, > 0 after. */
  private compare(start: number, key: Uint8Array, from: number, to: number): number {
    const bytes = this.bytes;
    for (let i = start, k = from; ; i++, k++) {
      const b = i < bytes.length && bytes[i] !== SPACE && bytes[i] !== NEWLINE ? bytes[i]! : -1;
      if (k === to) return b < 0 ? 0 : 1;
      if (b !== key[k]) return b < key[k]! ? -1 : 1;
    }
  }

  /** Whether the word of the line at `start` begins with key[from, to). */
  private startsWith(start: number, key: Uint8Array, from: number, to: number): boolean {
    if (start + to - from > this.bytes.length) return false;
    for (let k = from; k < to; k++) if (this.bytes[start + k - from] !== key[k]) return false;
    return true;
  }

  /** The start of the first line whose word is not before key[from, to) (the dictionary's length if none is). */
  private lowerBound(key: Uint8Array, from: number, to: number): number {
    let lo = 0;
    let hi = this.bytes.length;
    while (lo < hi) {
      const start = this.lineStart((lo + hi) >>> 1);
      if (this.compare(start, key, from, to) < 0) lo = this.lineEnd(start) + 1;
      else hi = start;
    }
    return lo;
  }

  /** The start of the line of `word` (UTF-8), or -1. */
  find(word: Uint8Array): number {
    const at = this.lowerBound(word, 0, word.length);
    return at < this.bytes.length && this.compare(at, word, 0, word.length) === 0 ? at : -1;
  }

  /**
   * The starts of the lines whose words occur in `text` (UTF-8), in the dictionary's order: at each character, the
   * words that begin there, found by lengthening the key a character at a time while some word begins with it.
   */
  linesIn(text: Uint8Array): number[] {
    const found = new Set<number>();
    for (let from = 0; from < text.length; from++) {
      if ((text[from]! & 0xc0) === 0x80) continue; // within a character
      for (let to = from + 1; to <= text.length; to++) {
        if (to < text.length && (text[to]! & 0xc0) === 0x80) continue;
        const at = this.lowerBound(text, from, to);
        if (at >= this.bytes.length || !this.startsWith(at, text, from, to)) break;
        if (this.compare(at, text, from, to) === 0) found.add(at);
      }
    }
    return [...found].sort((a, b) => a - b);
  }

  /** The line that starts at `start`, as written. */
  line(start: number): Buffer {
    return this.bytes.subarray(start, this.lineEnd(start));
  }

  /** The word of the line that starts at `start`. */
  word(start: number): string {
    const space = this.bytes.indexOf(SPACE, start);
    return this.bytes.toString('utf8', start, space < 0 ? this.lineEnd(start) : Math.min(space, this.lineEnd(start)));
  }

  /** The tag of the line that starts at `start` (the field after the frequency; undefined when there is none). */
  tag(start: number): string | undefined {
    const end = this.lineEnd(start);
    const first = this.bytes.indexOf(SPACE, start);
    const second = first < 0 || first >= end ? -1 : this.bytes.indexOf(SPACE, first + 1);
    if (second < 0 || second >= end - 1) return undefined;
    const third = this.bytes.indexOf(SPACE, second + 1);
    return this.bytes.toString('utf8', second + 1, third < 0 || third > end ? end : third);
  }

  /** The frequency of the line that starts at `start` (the field after the word; 0 when there is none). */
  frequency(start: number): number {
    const end = this.lineEnd(start);
    let at = this.bytes.indexOf(SPACE, start);
    if (at < 0 || at > end) return 0;
    let freq = 0;
    for (at++; at < end && this.bytes[at]! >= 0x30 && this.bytes[at]! <= 0x39; at++) freq = freq * 10 + this.bytes[at]! - 0x30;
    return freq;
  }
}
