import { glossaryEdition } from './glossary.js';
import { PASSAGE, type Unit } from './people-state.js';
import type { PreviousIndex } from './previous.js';
import type { FileState } from './read-folder.js';
import { MAX_SEGMENTS } from '../store/segments.js';
import { analyse } from '../text/text.js';

/** How much larger than what a build writes anew an old segment may be and still be merged into the new one. */
const MERGE_FACTOR = 4;
/** An old segment with more than this share of its passages deleted is merged into the new one. */
const MAX_DELETED_SHARE = 0.5;

/**
 * The merge policy: which old segments (by index, oldest first) the new segment absorbs, given their live and total
 * passages and the passages the new segment gets anyway. Tiered: from the newest back, a segment at most MERGE_FACTOR
 * times what is being written is merged (and adds to it), so sizes grow geometrically and a corpus of N passages
 * has about log(N) segments, each passage rewritten about log(N) times in all; a segment mostly deleted is merged
 * whatever its size; and beyond MAX_SEGMENTS the newest are merged (SQLite attaches at most 10 databases).
 */
export function segmentsToMerge(live: number[], total: number[], fresh: number): Set<number> {
  const merged = new Set<number>();
  let size = fresh;
  for (let i = live.length - 1; i >= 0 && live[i]! <= MERGE_FACTOR * size; i--) {
    merged.add(i);
    size += live[i]!;
  }
  live.forEach((n, i) => {
    if (total[i]! > 0 && (total[i]! - n) / total[i]! > MAX_DELETED_SHARE) merged.add(i);
  });
  for (let i = live.length - 1; live.length - merged.size + 1 > MAX_SEGMENTS && i >= 0; i--) merged.add(i);
  return merged;
}

/** Which old files leave their segment, and which old segments (by index) the new generation keeps. */
export interface Moves {
  /** Old files whose rows are deleted: changed, removed, or moved. */
  leaving: Set<string>;
  /** The unchanged files among them, rewritten into the new segment from their old rows. */
  move: Set<string>;
  kept: number[];
}

/**
 * What a rebuild moves: the files that changed or went, the old holders of a passage a new file has, the files of the
 * segments merged into the new one (all of them without `sameVectors`: the previous index's are another model's, or
 * none), and the files that share a passage with any of those.
 */
export function planMoves(previous: PreviousIndex, states: FileState[], sameVectors: boolean): Moves {
  const leaving = new Set<string>();
  const move = new Set<string>();
  const old = previous.segments;
  const listed = new Map(states.map((f) => [f.source, f]));
  const queue: string[] = [];
  const leave = (file: string) => {
    if (leaving.has(file)) return;
    leaving.add(file);
    if (listed.get(file)?.kept) move.add(file);
    queue.push(file);
  };
  for (const file of previous.fileHashes().keys()) if (!listed.get(file)?.kept) leave(file);
  const keys = new Set(states.flatMap((f) => (f.kept ? [] : (f.articles ?? []).flatMap((a) => a.prepared.keys))));
  // a passage's articles all live in its segment: an old holder of a new passage moves with it
  for (const key of keys) {
    const p = previous.passageWithKey(key);
    if (p !== undefined) previous.filesOfPassage(p).forEach(leave);
  }
  // the files that share a passage with a leaving one leave with it; the segments are judged by what they keep after
  // this build (a rebuild that empties most of a segment folds it in now, not at the next change)
  const gone = new Set<number>();
  closeOver(previous, queue, leave, gone);
  // the glossary counts what its dictionary holds: another edition's counts are made again from every passage
  const merged = sameVectors && previous.glossaryEdition() === glossaryEdition() ? segmentsToMerge(liveAfter(previous, gone), old.map((s) => s.endPassage - s.firstPassage), keys.size) : new Set(old.keys());
  for (const i of merged) previous.filesIn(i).forEach(leave);
  closeOver(previous, queue, leave);
  return { leaving, move, kept: [...old.keys()].filter((i) => !merged.has(i)) };
}

/** Each old segment's live passages once `gone` (live passages that leave it) are deleted. */
function liveAfter(previous: PreviousIndex, gone: Set<number>): number[] {
  const live = previous.liveCounts();
  for (const p of gone) {
    const i = previous.segments.findIndex((s) => p >= s.firstPassage && p < s.endPassage);
    if (i >= 0) live[i]!--;
  }
  return live;
}

/**
 * The old files that move into the new segment because they read otherwise now: those with a passage or title that
 * holds one of `changedWords` (they are cut otherwise), those of the units whose people read otherwise, and the files
 * that share a passage with them; none already leaving. They join `leaving`.
 */
export function filesReadOtherwise(previous: PreviousIndex, leaving: Set<string>, changedWords: string[], rereadFiles: string[]): Set<string> {
  const queue = [...new Set([...previous.filesContaining(changedWords, analyse), ...rereadFiles])].filter((f) => !leaving.has(f));
  const moving = new Set(queue);
  queue.forEach((f) => leaving.add(f));
  closeOver(previous, [...queue], (f) => {
    if (!leaving.has(f)) {
      leaving.add(f);
      moving.add(f);
    }
  });
  return moving;
}

/** The files of the units of the previous index. */
export function filesOfUnits(previous: PreviousIndex, units: Unit[]): string[] {
  return units.flatMap(({ kind, id }) => (kind === PASSAGE ? previous.filesOfPassage(id) : [previous.fileOfArticle(id)]));
}

/**
 * Files that share a passage with a queued file leave with it (a passage's articles all live in one segment); the
 * passages of the files read are added to `passages` when given.
 */
function closeOver(previous: PreviousIndex, queue: string[], leave: (file: string) => void, passages?: Set<number>): void {
  const done = new Set<string>();
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (done.has(file)) continue;
    done.add(file);
    for (const p of previous.rowsOf(file).passages) {
      passages?.add(p);
      for (const other of previous.filesOfPassage(p)) {
        if (!done.has(other)) {
          leave(other);
          queue.push(other);
        }
      }
    }
  }
}
