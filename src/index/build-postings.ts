import type { Build, Read } from './build-context.js';
import type { Rows } from './build-rows.js';
import { openDictionary } from './dictionary-file.js';
import type { NewSegment } from './generation-segments.js';
import { addCounts } from './glossary-state.js';
import { indexTerms } from './index-terms.js';
import { PostingRuns } from './postings.js';
import type { PreviousIndex } from './previous.js';
import { writePostings } from './write-index.js';
import { writeColumns } from '../store/segment-columns.js';

/**
 * The 'tokenizing passages' phase: the new segment's passages tokenized (or their tokens kept, when the vocabulary's
 * change leaves them as they were) into posting runs, and the segment's columns written.
 */
export async function tokenizePassages({ pool, phase, options, handles, progress }: Build, { previous }: Read, { segment }: Rows, changedWords: string[]): Promise<{ count: number; runs: PostingRuns }> {
  // the workers that read files and units hold the parsers, opencc and the lexicon: cutting starts its own, with jieba
  await pool.close();
  await phase('tokenizing passages', segment.writer.passages);
  const runs = new PostingRuns(handles.generation!, options.runSize);
  const keptWords = previous?.wordsKept(changedWords) ?? (() => undefined);
  const { tokenized, lengths } = await indexTerms(segment.db, segment.first, pool, keptWords, runs, () => progress.tick());
  // the workers are done: what they hold (their own jieba, dictionaries and lexicon) is freed before the merge and people
  await pool.close();
  writeColumns(segment.db, { ...segment.writer.passageColumns(), ...lengths });
  return { count: tokenized, runs };
}

/**
 * The 'merging postings' phase: the posting runs merged into the new segment, with the glossary's dictionary opened
 * for them. Returns what the dictionary keys' live passages move by: the new segment's, less those of the passages
 * that left (`extending`: the previous index, when the generation keeps a segment of it, and so its counts).
 */
export async function mergePostings(
  { phase, indexDir, handles }: Build,
  { extending, segment, runs, removedPassages }: { extending: PreviousIndex | null; segment: NewSegment; runs: PostingRuns; removedPassages: Set<number> },
): Promise<Map<string, number>> {
  await phase('merging postings');
  const dictionary = (handles.dictionary = await openDictionary(indexDir, extending !== null));
  writePostings(segment.db, runs.merge(), dictionary);
  const fresh = new Map(segment.db.prepare('SELECT key, passages FROM dictionary_terms').raw().all() as [string, number][]);
  return addCounts(fresh, extending ? extending.dictionaryKeysOf(removedPassages) : [], -1);
}
