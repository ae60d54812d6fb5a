import { copyFileSync, linkSync } from 'node:fs';
import path from 'node:path';
import { ArticleWriter } from './article-writer.js';
import type { Build, Read } from './build-context.js';
import { GenerationSegments, idRanges, type NewSegment } from './generation-segments.js';
import { planMoves, type Moves } from './moving-files.js';
import { HEADLINE, PASSAGE, readMentions, writeUnits, type Unit } from './people-state.js';
import type { PreviousIndex } from './previous.js';
import type { FileState } from './read-folder.js';
import { createDatabase } from './write-index.js';
import { ownerAdvice } from '../store/generations.js';
import { indexFolderOf } from '../store/rebuild-hint.js';
import { DATABASE_FILE, SCHEMA } from '../store/schema.js';
import { WendaError } from '../errors.js';
import { plural } from '../plural.js';

/** The new generation's rows as the folder gives them, before the vocabulary is known. */
export interface Rows {
  moves: Moves;
  segment: NewSegment;
  segments: GenerationSegments;
  /** What left the previous index: every unit whose row goes, kept segment or merged one, and the live passages that leave their id. */
  removed: { units: Unit[]; passages: Set<number> };
  /** The generation's live articles. */
  articles: number;
}

/**
 * Writes the new segment's rows (the files read, and the old files that move with them) and their units, then the
 * generation's global part as far as it is known (its segments, and the rows deleted in the kept ones), and opens the
 * generation.
 */
export async function writeRows({ articlesDir, pool, handles, progress }: Build, read: Read): Promise<Rows> {
  const { previous, folder, name, db } = read;
  const moves: Moves = previous ? planMoves(previous, folder.states, read.sameVectors) : { leaving: new Set(), move: new Set(), kept: [] };
  // a first build wrote its files as it read them, from id 0
  const segment = previous ? writeRebuiltSegment(previous, { name, db }, folder.states, moves) : { name, db, first: { article: 0, passage: 0 }, writer: read.streamed! };
  await writeUnits(db, ...idRanges(segment), pool);
  const generation = handles.generation!;
  const global = (handles.global = createDatabase(path.join(generation, DATABASE_FILE), SCHEMA));
  const segments = new GenerationSegments(moves.kept.map((i) => previous!.segments[i]!), segment);
  for (const s of segments.kept) keepSegment(path.join(previous!.dir, s.name), path.join(generation, s.name), progress);
  const removed = previous ? deleteLeavingRows(previous, segments, moves.leaving) : { units: [], passages: new Set<number>() };
  segments.write(global);
  handles.openView();
  const articles = segments.live('Article');
  if (articles === 0) {
    throw new WendaError(`no article could be indexed in ${articlesDir} (${plural(folder.counts.files, 'file')}, ${folder.counts.skipped} skipped)`);
  }
  return { moves, segment, segments, removed, articles };
}

/**
 * A kept segment in the new generation: a hard link to the previous generation's file, which costs no copy. The kernel
 * refuses a link to another user's file (fs.protected_hardlinks: the index in use built as root in a service's
 * folder): it is copied then, and that is said with what mends it.
 */
function keepSegment(from: string, to: string, progress: Build['progress']): void {
  try {
    linkSync(from, to);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'EACCES') throw e;
    try {
      copyFileSync(from, to);
    } catch (copying) {
      const why = (copying as NodeJS.ErrnoException).code;
      if (why === 'EACCES' || why === 'EPERM') throw new WendaError(`cannot read ${from}, another user's file of the index in use: ${ownerAdvice(indexFolderOf(path.dirname(from)))}`);
      throw copying;
    }
    progress.notice(`${from} is another user's file: copied into the new index rather than linked (${ownerAdvice(indexFolderOf(path.dirname(from)))})`);
  }
}

/** An old file's articles, written again from its rows in the previous index. */
function writeOldFile(writer: ArticleWriter, previous: PreviousIndex, file: FileState): void {
  for (const a of previous.articlesOf(file.source)) writer.add(a, file.source, file.hash);
}

/**
 * A rebuild's new segment: the files read now and the old ones that move, in file order, so that a passage's first
 * article is a fresh build's. Ids go on after every old segment's, so that kept segments' rows keep theirs; a build
 * that merges all starts at 0.
 */
function writeRebuiltSegment(previous: PreviousIndex, { name, db }: Pick<NewSegment, 'name' | 'db'>, states: FileState[], moves: Moves): NewSegment {
  const old = previous.segments;
  const first = moves.kept.length === 0 ? { article: 0, passage: 0 } : { article: Math.max(0, ...old.map((s) => s.endArticle)), passage: Math.max(0, ...old.map((s) => s.endPassage)) };
  const writer = new ArticleWriter(db, first);
  db.exec('BEGIN');
  for (const f of states.filter((s) => !s.kept || moves.move.has(s.source))) {
    if (f.kept) writeOldFile(writer, previous, f);
    else for (const a of f.articles!) writer.add(a, f.source, f.hash, a.prepared);
  }
  db.exec('COMMIT');
  return { name, db, first, writer };
}

/**
 * Deletes the rows of the leaving files where their segments are kept, besides what the previous index deleted, and
 * says what left it.
 */
function deleteLeavingRows(previous: PreviousIndex, segments: GenerationSegments, leaving: Set<string>): Rows['removed'] {
  const { deleted } = segments;
  const before = previous.deleted();
  const rows = [...leaving].map((f) => previous.rowsOf(f));
  for (const id of [...before.articles, ...rows.flatMap((r) => r.articles)]) if (segments.inKept(id, 'Article')) deleted.articles.add(id);
  for (const id of [...before.passages, ...rows.flatMap((r) => r.passages)]) if (segments.inKept(id, 'Passage')) deleted.passages.add(id);
  // what a leaving unit added to the people counts is taken away
  const units = rows.flatMap((r) => [...r.passages.map((id) => ({ kind: PASSAGE, id })), ...r.articles.map((id) => ({ kind: HEADLINE, id }))]);
  return { units, passages: new Set(rows.flatMap((r) => r.passages)) };
}

/**
 * Moves old files into the new segment: their rows written again there and deleted where they were, their units and
 * mentions read as for any new row, and the generation opened anew with them. Their texts are the same: what they add,
 * their old rows took away (no count changes).
 */
export async function moveFiles({ pool, handles }: Build, previous: PreviousIndex, { segment, segments, removed }: Rows, files: FileState[]): Promise<void> {
  handles.close('view');
  const [passagesBefore, articlesBefore] = idRanges(segment);
  segment.db.exec('BEGIN');
  for (const f of files) {
    writeOldFile(segment.writer, previous, f);
    const rows = previous.rowsOf(f.source);
    rows.articles.forEach((id) => segments.deleted.articles.add(id));
    rows.passages.forEach((id) => {
      segments.deleted.passages.add(id);
      removed.passages.add(id);
    });
  }
  segment.db.exec('COMMIT');
  const [passagesAfter, articlesAfter] = idRanges(segment);
  const moved: [[number, number], [number, number]] = [[passagesBefore[1], passagesAfter[1]], [articlesBefore[1], articlesAfter[1]]];
  await writeUnits(segment.db, ...moved, pool);
  await readMentions(segment.db, ...moved, pool);
  segments.write(handles.global!);
  handles.openView();
}
