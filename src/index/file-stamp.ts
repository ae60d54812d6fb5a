import type { BigIntStats } from 'node:fs';

/**
 * What a file of the articles folder is taken to hold without reading it: its device, inode, size, and modification
 * and change times in nanoseconds. Any write to a file moves its change time (a program can set the modification time
 * back, not the change time), and so does a copy or a move into place, so a file with the stamp it had when its bytes
 * were hashed holds those bytes: a rebuild hashes only the files whose stamp moved (as `checked.json` does for the
 * index's own files, store/integrity.ts).
 */
export function fileStamp(stat: BigIntStats): string {
  return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
}

/**
 * A change time this close to now is not trusted: a second write within the same tick of the file system's clock
 * would leave every time as it was (the "racily clean" files of git), and a clock may lag the file system's a little.
 */
export const SETTLED_MS = 2000;

/** The stamp to record for a file stat'ed (before its bytes were read) at `now`, or null when it changed too recently to vouch for. */
export function settledStamp(stat: BigIntStats, now: number = Date.now()): string | null {
  return stat.ctimeNs < BigInt(now - SETTLED_MS) * 1_000_000n ? fileStamp(stat) : null;
}
