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

/** What a caller says of bytes that decode returns null for. */
export const UNKNOWN_ENCODING = 'unknown text encoding: not UTF-8, UTF-16, UTF-32, GB18030/GBK or Big5';

/**
 * Decodes a file's bytes: UTF-8 (with or without BOM), UTF-16 or UTF-32 with BOM, else GB18030/GBK or Big5 as detected (the
 * other one tried when the guess gives invalid text); null when none of them reads it. A stray bad byte or two (a
 * truncated last character, a damaged sector) is replaced, in any of them: one broken character is no reason to lose
 * an article.
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
  if (nearlyClean(loose)) return { text: loose, encoding: 'UTF-8 (with invalid bytes)' };
  const guess = chardet.analyse(bytes).find((m) => CHINESE.includes(m.name))?.name ?? 'GB18030';
  // the guess first: GB18030 reads nearly any byte pairs, Big5 ones included, so a clean decoding proves little
  for (const encoding of [guess, ...CHINESE.filter((e) => e !== guess)]) {
    const text = iconv.decode(Buffer.from(bytes), encoding);
    if (nearlyClean(text)) return { text, encoding: text.includes('\uFFFD') ? `${encoding} (with invalid bytes)` : encoding };
  }
  return null;
}
