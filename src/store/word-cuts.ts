import { VarintReader, VarintWriter } from './varint.js';

/**
 * A passage's words (its tokens, in order) stored as where they stand in its analysed text rather than as strings:
 * jieba cuts the text it is given, so each word is the next stretch of it, after a skipped gap (punctuation, spaces).
 * Per word, a varint of its length times 4 plus how it is found: 0 right after the previous word, 1 after a gap (a
 * varint follows), 2 written out (its UTF-16 code units follow: a word that is not in the text, which the tokenizer
 * would give only for text it could not pass through unchanged, is still stored as it is). About a byte a word.
 */

const NEXT = 0;
const AFTER_GAP = 1;
const WRITTEN = 2;

export function encodeWords(analysed: string, words: readonly string[]): Buffer {
  const out = new VarintWriter();
  let at = 0;
  for (const word of words) {
    const found = analysed.indexOf(word, at);
    if (found < 0) {
      out.varint(word.length * 4 + WRITTEN);
      out.bytes(Buffer.from(word, 'utf16le'));
      continue;
    }
    out.varint(word.length * 4 + (found === at ? NEXT : AFTER_GAP));
    if (found > at) out.varint(found - at);
    at = found + word.length;
  }
  return out.finish();
}

export function decodeWords(analysed: string, cuts: Uint8Array): string[] {
  const read = new VarintReader(cuts);
  const bytes = Buffer.from(cuts.buffer, cuts.byteOffset, cuts.byteLength);
  const words: string[] = [];
  let at = 0;
  while (!read.done) {
    const code = read.varint();
    const length = Math.floor(code / 4);
    const how = code % 4;
    if (how === WRITTEN) {
      const end = read.at + 2 * length;
      if (end > cuts.length) throw new Error('a stored word runs past the end of its blob');
      words.push(bytes.toString('utf16le', read.at, end));
      read.at = end;
      continue;
    }
    if (how === AFTER_GAP) at += read.varint();
    if (how > AFTER_GAP || at + length > analysed.length) throw new Error('stored words reach past their text');
    words.push(analysed.slice(at, at + length));
    at += length;
  }
  return words;
}
