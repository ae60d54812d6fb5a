import { VarintReader, VarintWriter } from './varint.js';

/**
 * A text stored as the edits that make it from another it nearly equals (a passage's analysed form from its text:
 * full-width punctuation as ASCII, traditional characters as simplified, numerals as digits), so that the two cost
 * little more than one. The edits are varints: per edit, the characters kept before it, the characters of the source
 * dropped and the characters inserted, followed by those characters as UTF-16 code units (lossless for any string,
 * and two bytes a Han character where UTF-8 takes three); what follows the last edit is kept. Lengths count UTF-16
 * code units, as JavaScript strings do. Any edits that rebuild the text are right; fewer make a smaller blob.
 */

/** How far ahead (in characters of each text) a changed stretch is looked for its end. */
const SEARCH = 16;
/** Characters that must agree for the texts to count as back in step after a change. */
const AGREE = 3;

/** The edits from `from` to `to`, or null when they are equal (stored as NULL: nothing to apply). */
export function encodeEdits(from: string, to: string): Buffer | null {
  if (from === to) return null;
  const out = new VarintWriter();
  let i = 0; // in from
  let j = 0; // in to
  let kept = 0;
  // the texts agree from (a, b) on: AGREE characters equal, or both at their ends
  const inStep = (a: number, b: number) => {
    for (let k = 0; k < AGREE; k++) {
      if (a + k === from.length && b + k === to.length) return true;
      if (a + k >= from.length || b + k >= to.length || from[a + k] !== to[b + k]) return false;
    }
    return true;
  };
  while (i < from.length || j < to.length) {
    if (i < from.length && j < to.length && from[i] === to[j]) {
      i++;
      j++;
      kept++;
      continue;
    }
    // the shortest change (dropped + inserted) after which the texts are in step again; else the rest is replaced
    let drop = from.length - i;
    let insert = to.length - j;
    search: for (let size = 1; size <= 2 * SEARCH; size++) {
      for (let d = Math.max(0, size - SEARCH); d <= Math.min(size, SEARCH); d++) {
        if (inStep(i + d, j + size - d)) {
          drop = d;
          insert = size - d;
          break search;
        }
      }
    }
    out.varint(kept);
    out.varint(drop);
    out.varint(insert);
    out.bytes(Buffer.from(to.slice(j, j + insert), 'utf16le'));
    i += drop;
    j += insert;
    kept = 0;
  }
  return out.finish();
}

/** The text `edits` make from `from` (null edits: `from` itself). */
export function applyEdits(from: string, edits: Uint8Array | null): string {
  if (edits === null) return from;
  const read = new VarintReader(edits);
  const bytes = Buffer.from(edits.buffer, edits.byteOffset, edits.byteLength);
  let out = '';
  let i = 0;
  while (!read.done) {
    const kept = read.varint();
    const drop = read.varint();
    const insert = read.varint();
    const end = read.at + 2 * insert;
    if (i + kept + drop > from.length || end > edits.length) throw new Error('stored edits reach past the text they apply to');
    out += from.slice(i, i + kept) + bytes.toString('utf16le', read.at, end);
    read.at = end;
    i += kept + drop;
  }
  return out + from.slice(i);
}
