import { VarintReader, writeVarint } from './varint.js';

/**
 * A term's postings as a segment stores them, in one blob: the number of postings, then per posting the gap from the
 * previous id (the first from 0) doubled, plus 1 when the term count is 1, with the count after it when it is not
 * (as Lucene does: most counts are 1). All numbers are varints, so a list of near ids costs about a byte a posting
 * where Uint32 ids and Uint16 counts cost six. Ids are ascending and below 2^32; counts are at most 0xffff.
 */

/** Ids ascending, and their term counts. */
export interface PostingList {
  ids: Uint32Array;
  tfs: Uint16Array;
}

/** Bytes a posting takes at most: its gap below 2^32, doubled (5), and its count up to 0xffff (3). */
export const MAX_POSTING_BYTES = 8;

/**
 * Writes postings as a stored list holds them after its count, the first gap from 0 (a run's part of a list: the
 * merge codes its first gap again from the part before it). Returns where the next byte goes.
 */
export function writePostingGaps(out: Uint8Array, at: number, ids: ArrayLike<number>, tfs: ArrayLike<number>): number {
  let prev = 0;
  for (let i = 0; i < ids.length; i++) {
    const tf = tfs[i]!;
    at = writeVarint(out, at, (ids[i]! - prev) * 2 + (tf === 1 ? 1 : 0));
    if (tf !== 1) at = writeVarint(out, at, tf);
    prev = ids[i]!;
  }
  return at;
}

/** How many postings a stored list holds (its first number). */
export function postingCount(blob: Uint8Array): number {
  return new VarintReader(blob).varint();
}

export function decodePostings(blob: Uint8Array): PostingList {
  const n = postingCount(blob);
  const list = { ids: new Uint32Array(n), tfs: new Uint16Array(n) };
  decodePostingsInto(blob, list, 0);
  return list;
}

/**
 * Decodes a stored list into `into` from position `from` (so that a term's lists in several segments fill one array
 * without copies); returns where the next list goes.
 */
export function decodePostingsInto(blob: Uint8Array, { ids, tfs }: PostingList, from: number): number {
  const read = new VarintReader(blob);
  const n = read.varint();
  const end = from + n;
  if (end > ids.length) throw new Error(`a postings list of ${n} does not fit where it is decoded`);
  let at = read.at;
  let id = 0;
  // the varints read inline (this loop decodes every list a question reads): a byte below 0x80 ends one, and most
  // codes are one byte (a gap below 64), whose halving needs no float arithmetic
  for (let i = from; i < end; i++) {
    let byte = blob[at++]!;
    let code: number;
    if (byte < 0x80) {
      id += byte >>> 1;
      code = byte;
    } else {
      code = byte & 0x7f;
      for (let scale = 0x80; byte >= 0x80; scale *= 0x80) {
        byte = blob[at++]!;
        code += (byte & 0x7f) * scale;
      }
      id += (code - (code % 2)) / 2;
    }
    ids[i] = id;
    if (code % 2 === 1) {
      tfs[i] = 1;
      continue;
    }
    byte = blob[at++]!;
    let tf = byte & 0x7f;
    for (let scale = 0x80; byte >= 0x80; scale *= 0x80) {
      byte = blob[at++]!;
      tf += (byte & 0x7f) * scale;
    }
    // never written (a count of 1 is the code's low bit): the searcher sums counts, and 0 would read as absent
    if (tf === 0) throw new Error(`a postings list of ${n} counts posting ${i - from} 0 times`);
    tfs[i] = tf;
  }
  if (at !== blob.length) throw new Error(`a postings list of ${n} ends at byte ${at} of ${blob.length}`);
  return end;
}
