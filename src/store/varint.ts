/**
 * Unsigned LEB128 varints (7 bits a byte, low first), the integers of the stored codecs: small numbers, which most
 * are, take one byte. Values up to 2^53; bytes past the fourth use arithmetic, not 32-bit shifts.
 */

/** Bytes the varint of `n` takes. */
export function varintLength(n: number): number {
  let bytes = 1;
  for (; n >= 0x80; bytes++) n = Math.floor(n / 0x80);
  return bytes;
}

/** Writes `n` at `at`; returns where the next byte goes. */
export function writeVarint(out: Uint8Array, at: number, n: number): number {
  while (n >= 0x80) {
    out[at++] = (n % 0x80) | 0x80;
    n = Math.floor(n / 0x80);
  }
  out[at++] = n;
  return at;
}

/**
 * A read position in a stored blob. `varint()` reads one, in place: the decoders' loops allocate nothing per number.
 * Reading past the end is an error (a blob cut short), never a value made up from missing bytes.
 */
export class VarintReader {
  at = 0;

  constructor(readonly bytes: Uint8Array) {}

  get done(): boolean {
    return this.at >= this.bytes.length;
  }

  varint(): number {
    const bytes = this.bytes;
    let byte = bytes[this.at++]!;
    if (byte < 0x80) return byte;
    let n = byte & 0x7f;
    let scale = 0x80;
    do {
      if (this.at >= bytes.length) throw new Error('a stored number runs past the end of its blob');
      byte = bytes[this.at++]!;
      n += (byte & 0x7f) * scale;
      scale *= 0x80;
    } while (byte & 0x80);
    return n;
  }
}

/** Bytes written one varint (or run of bytes) after another, into a buffer that grows. */
export class VarintWriter {
  private buf = Buffer.allocUnsafe(64);
  private at = 0;

  varint(n: number): void {
    this.room(10);
    this.at = writeVarint(this.buf, this.at, n);
  }

  bytes(part: Uint8Array): void {
    this.room(part.length);
    this.buf.set(part, this.at);
    this.at += part.length;
  }

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.at + n, this.buf.length * 2));
    this.buf.copy(bigger, 0, 0, this.at);
    this.buf = bigger;
  }

  /** The bytes written (a copy sized to them). */
  finish(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.at));
  }
}
