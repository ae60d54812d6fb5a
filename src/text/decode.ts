import chardet from 'chardet';
import iconv from 'iconv-lite';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const lenientUtf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });
// The legacy Chinese encodings users have; chardet names GBK files GB18030 (a superset).
const CHINESE = ['GB18030', 'Big5'];

const replacements = (text: string) => text.split('\uFFFD').length - 1;

/** As many bad bytes as a text in an encoding may hold and still be that encoding: a few, or one in a thousand (and never one in ten). */
const nearlyClean = (text: string) => {
  const bad = replacements(text);
  return bad <= Math.max(3, text.length / 1000) && bad <= text.length / 10;
};

/**
 * How many times the characters beyond ASCII must outnumber the bad bytes for a text to be UTF-8 with bad bytes in it
 * (Latin-1 letters pasted into Chinese text, a damaged sector) rather than another encoding: GBK and Big5 read as UTF-8
 * give at most about one such character a bad byte (the corpus and DRCD's texts encoded in them: 1.0 whole and line by
 * line, 2.75 in the worst window of 20 characters), and GB18030 reads UTF-8 with bad bytes as clean text of the wrong
 * characters.
 */
const UTF8_MAJORITY = 4;

/** UTF-8 read leniently that is still UTF-8: a few bad bytes, or many fewer than its other characters beyond ASCII, and never one in ten. */
function damagedUtf8(text: string): boolean {
  if (nearlyClean(text)) return true;
  let bad = 0;
  let wide = 0;
  for (const c of text) {
    if (c === '\uFFFD') bad++;
    else if (c > '\u007f') wide++;
  }
  return bad <= text.length / 10 && wide >= UTF8_MAJORITY * bad;
}

/** What a caller says of bytes that decode returns null for. */
export const UNKNOWN_ENCODING = 'unknown text encoding: not UTF-8, UTF-16, UTF-32, GB18030/GBK or Big5';

/**
 * Decodes a file's bytes: UTF-8 (with or without BOM), UTF-16 or UTF-32 with BOM, else GB18030/GBK or Big5 as detected (the
 * other one tried when the guess gives invalid text); null when none of them reads it. A stray bad byte or two (a
 * truncated last character, a damaged sector) is replaced, in any of them: one broken character is no reason to lose
 * an article. UTF-8 keeps more of them when its other characters far outnumber them (damagedUtf8).
 */
export function decode(bytes: Uint8Array): { text: string; encoding: string } | null {
  // UTF-32's byte-order marks first: its little-endian one begins as UTF-16's does
  const bom = (...marks: number[]) => marks.every((b, i) => bytes[i] === b);
  if (bom(0xff, 0xfe, 0, 0)) return { text: iconv.decode(Buffer.from(bytes), 'utf32le'), encoding: 'UTF-32LE' };
  if (bom(0, 0, 0xfe, 0xff)) return { text: iconv.decode(Buffer.from(bytes), 'utf32be'), encoding: 'UTF-32BE' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: iconv.decode(Buffer.from(bytes), 'utf16le'), encoding: 'UTF-16LE' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: iconv.decode(Buffer.from(bytes), 'utf16be'), encoding: 'UTF-16BE' };
  try {
    return { text: utf8.decode(bytes), encoding: 'UTF-8' };
  } catch {
    // not clean UTF-8: nearly clean, or another encoding
  }
  const loose = lenientUtf8.decode(bytes);
  if (damagedUtf8(loose)) return { text: loose, encoding: 'UTF-8 (with invalid bytes)' };
  // chardet's likelier Chinese encoding; on a tie (a line or two, where it cannot tell) GB18030, the broader
  const found = chardet.analyse(bytes).filter((m) => CHINESE.includes(m.name));
  const surest = Math.max(...found.map((m) => m.confidence));
  const guess = CHINESE.find((e) => found.some((m) => m.name === e && m.confidence === surest)) ?? 'GB18030';
  // the guess first: GB18030 reads nearly any byte pairs, Big5 ones included, so a clean decoding proves little
  for (const encoding of [guess, ...CHINESE.filter((e) => e !== guess)]) {
    const text = iconv.decode(Buffer.from(bytes), encoding);
    if (nearlyClean(text)) return { text, encoding: text.includes('\uFFFD') ? `${encoding} (with invalid bytes)` : encoding };
  }
  return null;
}

/** Bytes without a UTF-8 character cut off at their end (a chunk of a stream ends anywhere). */
function withoutCutCharacter(bytes: Uint8Array): Uint8Array {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back]!;
    if ((byte & 0xc0) === 0x80) continue;
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return length > back ? bytes.subarray(0, bytes.length - back) : bytes;
  }
  return bytes;
}

/**
 * A decoder for a stream of text in one encoding, chosen as decode chooses it from the stream's first bytes: questions
 * piped from a file saved as GBK or UTF-16 are read as written. A first chunk that ends inside a character is read
 * without it.
 */
export function streamDecoder(first: Uint8Array): { write(bytes: Buffer): string; end(): string | undefined } {
  // a character cut off at the end: UTF-8's by its lead byte, a two-byte one (GBK, Big5) by trying without the last byte
  const found = decode(withoutCutCharacter(first)) ?? decode(first.subarray(0, -1));
  const encoding = found?.encoding.replace(/ \(with invalid bytes\)$/u, '') ?? 'UTF-8';
  return iconv.getDecoder(encoding.replace(/^UTF-(\d+)(LE|BE)?$/u, (_, bits: string, order = '') => `utf${bits}${order.toLowerCase()}`));
}

