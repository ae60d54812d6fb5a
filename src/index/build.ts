import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { linkSync, readdirSync, readFileSync } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Skipped } from './article.js';
import { ArticleWriter } from './article-writer.js';
import { abandonOnSignal, BuildHandles } from './build-handles.js';
import { DEFAULT_CHUNKING } from './chunk.js';
import { acquireBuildLock } from '../store/build-lock.js';
import { prepareIndexFolder } from '../store/index-folder.js';
import { currentGeneration, newGeneration, publishGeneration, removeGenerationsBut } from '../store/generations.js';
import { GenerationSegments, idRanges, type NewSegment } from './generation-segments.js';
import { indexTerms } from './index-terms.js';
import { countQuotedTerms, learnedTerms, vocabularyChanges, vocabularyOf } from './learn-words.js';
import type { Vocabulary } from '../store/vocabulary.js';
import { filesOfUnits, filesReadOtherwise, planMoves, type Moves } from './moving-files.js';
import { groupPeople, NameFinder, storedAt, type Person } from './people.js';
import { EMPTY_STATE, HEADLINE, mentionsOf, namesMentioned, PASSAGE, readAgain, readMentions, unitsNaming, updateKnown, writeState, writeUnits, type PeopleState, type Unit } from './people-state.js';
import { glossaryEdition } from './glossary.js';
import { addCounts, writeGlossary } from './glossary-state.js';
import { openDictionary } from './dictionary-file.js';
import { PostingRuns } from './postings.js';
import { HNSW_FILE } from '../store/vectors.js';
import type { ModelSource } from '../embedding/embedder.js';
import { collectGarbage } from './collect-garbage.js';
import { embedPassages, loadModel, vectorsKey, writeGraph, type LoadedModel } from './vectors-phase.js';
import { simplifiedSql } from '../store/stored-text.js';
import type { Manifest } from '../store/manifest.js';
import { carryChecked, contentStamp, recordFiles, type FileRecords } from '../store/integrity.js';
import { PreviousIndex, type StoredArticle } from './previous.js';
import { AnalysisPool, defaultWorkers } from './analysis-pool.js';
import { splitWords } from './analysis.js';
import { readArticles, type FileState, type FolderRead } from './read-folder.js';
import { writeColumns } from '../store/segment-columns.js';
import { FileOrder } from './file-order.js';
import { DEFAULT_LIMITS, type ReadLimits } from './limits.js';
import { DATABASE_FILE, FORMAT_VERSION, MANIFEST_FILE, SCHEMA, SEGMENT_SCHEMA } from '../store/schema.js';
import { createDatabase, insertAll, writeDirectories, writePostings } from './write-index.js';
import { WendaError } from '../errors.js';
import { realPathOf } from '../paths.js';
import { plural } from '../plural.js';
import { CURATED_DICTIONARY } from '../text/tokenizer.js';

export interface BuildProgress {
  /** A phase starts; total is known for the phases that count items. */
  phase(name: string, total?: number): void;
  tick(n?: number): void;
  skipped(item: Skipped): void;
  /** Something the user should know once (the model is missing, so the index is lexical). */
  notice(message: string): void;
  /** The build is over, finished or not: a bar still drawn is closed (on a terminal, the cursor it hid is shown again). */
  end(): void;
}

export interface BuildOptions {
  articlesDir: string;
  indexDir: string;
  progress?: BuildProgress;
  /** The embedding model (a hub id) for a hybrid index, or 'none' (the default here) for a lexical one. */
  model?: string;
  /** Where models are looked for, and whether the hub may be asked (see Embedder.load). */
  modelSource?: ModelSource;
  /** What one file may cost (size, paragraph length, nesting, time); DEFAULT_LIMITS when not given. */
  limits?: ReadLimits;
  /** Worker threads for reading files, finding names and cutting words (default: defaultWorkers in analysis-pool.ts). */
  workers?: number;
  /** Batches from which a task goes to the workers (default PARALLEL_FROM_BATCHES; tests set 1). */
  workersFrom?: number;
  /** Postings held in memory before they are written to disk as a run (default RUN_POSTINGS). */
  runSize?: number;
}

export interface BuildReport {
  indexDir: string;
  generation: string;
  /** Every file the folder holds: parsedFiles + reusedFiles + skippedFiles (each file counted once). */
  files: number;
  articles: number;
  passages: number;
  /** What was left out and why: whole files, JSONL lines, and paragraphs of files otherwise indexed. */
  skipped: Skipped[];
  /** Files parsed now that gave articles, and files carried over unchanged from the previous index (of which unread: their stamps vouched for them). */
  parsedFiles: number;
  reusedFiles: number;
  unreadFiles: number;
  /** Files that gave no article (and what the listing passed over: broken links, folders it cannot read). */
  skippedFiles: number;
  /** Files of the previous index that the folder no longer holds: their articles left the index. */
  removedFiles: number;
  /** Passages tokenized now (the rest kept the previous build's tokens). */
  tokenizedPassages: number;
  mode: 'lexical' | 'hybrid';
  /** Passages embedded now (the rest kept the previous build's vectors of the same model). */
  embeddedPassages: number;
  /** Nothing changed since the index in use was built: nothing was written, and it stays in use. */
  unchanged: boolean;
  seconds: number;
}


const silent: BuildProgress = { phase() {}, tick() {}, skipped() {}, notice() {}, end() {} };

function sha1(data: string | Uint8Array): string {
  return createHash('sha1').update(data).digest('hex');
}

/** What every step of a build is given. */
interface Build {
  articlesDir: string;
  indexDir: string;
  options: BuildOptions;
  limits: ReadLimits;
  progress: BuildProgress;
  /** A phase starts: what the one before left is collected first, and a test may hold the build there (pauseAt). */
  phase: (name: string, total?: number) => Promise<void>;
  pool: AnalysisPool;
  handles: BuildHandles;
  started: number;
}

/**
 * Reads the articles folder and writes a new index generation beside the one in use, then publishes it atomically.
 * A generation is segments (immutable: kept ones are hard-links to the previous generation's files) and a small global
 * database (which rows of old segments are deleted, people, vocabulary, glossary). A build writes one new segment:
 * the files that are new or changed, the old files that share a passage with them or whose tokens the vocabulary's
 * change alters, and the old segments the merge policy folds in; their old rows are marked deleted. A failure at any
 * point, or SIGINT/SIGTERM, leaves the previous index in use and removes what this build wrote.
 */
export async function buildIndex(options: BuildOptions): Promise<BuildReport> {
  const started = performance.now();
  const progress = options.progress ?? silent;
  const phase = async (name: string, total?: number) => {
    collectGarbage();
    progress.phase(name, total);
    await pauseAt(name);
  };
  const articlesDir = path.resolve(options.articlesDir);
  const indexDir = path.resolve(options.indexDir);
  await checkFolders(articlesDir, indexDir);
  prepareIndexFolder(indexDir);
  currentGeneration(indexDir); // something other than our link where `current` should be: said now, before any work
  const lock = acquireBuildLock(indexDir);
  const limits = options.limits ?? DEFAULT_LIMITS;
  const pool = new AnalysisPool(options.workers ?? defaultWorkers(), { limits, learned: { words: [], names: [] }, known: [] }, options.workersFrom);
  const handles = new BuildHandles(indexDir, pool);
  const stopListening = abandonOnSignal(handles, progress, lock);
  try {
    return await writeGeneration({ articlesDir, indexDir, options, limits, progress, phase, pool, handles, started });
  } catch (e) {
    handles.abandon();
    throw e;
  } finally {
    progress.end();
    try {
      await pool.close();
    } finally {
      stopListening();
      lock.release();
    }
  }
}

/** The articles folder is one, and the index is not among its articles. */
async function checkFolders(articlesDir: string, indexDir: string): Promise<void> {
  const info = await stat(articlesDir).catch(() => null);
  if (!info) throw new WendaError(`the articles folder ${articlesDir} does not exist`);
  if (!info.isDirectory()) throw new WendaError(`the articles folder ${articlesDir} is a file, not a folder: name the folder that holds the articles`);
  // an index among the articles would be read as articles by its next build (unless hidden: .index is passed over),
  // however links lead there
  const within = path.relative(realPathOf(articlesDir), realPathOf(indexDir));
  if (!within.startsWith('..') && !path.isAbsolute(within) && !within.split(path.sep).some((part) => part.startsWith('.'))) {
    throw new WendaError(`the index folder ${indexDir} is inside the articles folder ${articlesDir}: put it elsewhere (or in a hidden folder there, such as .index)`);
  }
}

/**
 * The build under buildIndex's lock and signal handlers, step by step. Returns the report of the generation it
 * published, or of the index in use when that is up to date.
 */
async function writeGeneration(build: Build): Promise<BuildReport> {
  const { handles, progress } = build;
  const read = await readIntoGeneration(build);
  const { previous, folder, model } = read;
  const dense = model ? (read.sameVectors ? 'same' : 'other') : 'none';
  if (previous && upToDate(previous, { articlesDir: build.articlesDir, states: folder.states, skipped: folder.skipped, dense })) {
    return keepIndexInUse(build, previous, folder);
  }
  const rows = await writeRows(build, read);
  const { segment, segments, removed } = rows;
  const words = await findPeopleAndTerms(build, read, rows);
  const tokenized = await tokenizePassages(build, read, rows, words.changedWords);
  // an index that keeps no old segment counts from nothing, and makes its vector graph anew (ids start again at 0)
  const extending = rows.moves.kept.length > 0 ? previous : null;
  const dictionaryChange = await mergePostings(build, { extending, segment, runs: tokenized.runs, removedPassages: removed.passages });
  const vectors = model && (await embedPassages(model, segment.db, segment.first.passage, segment.writer.passages, previous, progress));
  const carried = { records: previous?.manifest.files ?? {}, stamps: previous?.stamps ?? new Map<string, string>() };
  const previousGraph = extending && { dir: extending.dir, manifest: extending.manifest, removed: removed.passages };
  const previousGlobal = extending && path.join(extending.dir, DATABASE_FILE);
  handles.close('previous');
  handles.close('db');

  const { people, order } = await groupLivePeople(build, words.names, segments);
  // files as the summary counts them (not the skip lines, nor only the files read)
  const counts = { files: folder.counts.files, articles: rows.articles, passages: segments.live('Passage'), passageSources: order.sources, skipped: folder.counts.skipped };
  const graph = vectors && (await writeGraph(path.join(handles.generation!, HNSW_FILE), handles.view!, vectors, counts.passages, idRanges(segment)[0], previousGraph, progress));
  await writeGlobalTables(build, { people, order, folder, previousGlobal, dictionaryChange, words });
  const seconds = (performance.now() - build.started) / 1000;
  const mode = vectors ? 'hybrid' : 'lexical';
  const written: Written = { mode, counts, vocabularyHash: words.vocabulary, dense: graph?.dense ?? null, seconds };
  const published = await publish(build, await writeManifest(build, { written, segments, carried }));
  return buildReport(build.indexDir, folder, {
    generation: published,
    articles: rows.articles,
    passages: counts.passages,
    tokenizedPassages: tokenized.count,
    mode,
    embeddedPassages: vectors?.embedded ?? 0,
    unchanged: false,
    seconds,
  });
}

/** A build's report: what it found in the folder, and what the index in use holds now. */
function buildReport(
  indexDir: string,
  folder: FolderRead,
  index: Pick<BuildReport, 'generation' | 'articles' | 'passages' | 'tokenizedPassages' | 'mode' | 'embeddedPassages' | 'unchanged' | 'seconds'>,
): BuildReport {
  return {
    indexDir,
    generation: index.generation,
    files: folder.counts.files,
    articles: index.articles,
    passages: index.passages,
    skipped: folder.skipped,
    parsedFiles: folder.counts.indexed,
    reusedFiles: folder.counts.unchanged,
    unreadFiles: folder.unread,
    skippedFiles: folder.counts.skipped,
    removedFiles: folder.removed,
    tokenizedPassages: index.tokenizedPassages,
    mode: index.mode,
    embeddedPassages: index.embeddedPassages,
    unchanged: index.unchanged,
    seconds: index.seconds,
  };
}

/** The previous index a build starts from, the model it embeds with, and the folder as read into the generation begun. */
interface Read {
  previous: PreviousIndex | null;
  model: LoadedModel | null;
  /** The previous index's vectors are this model's (or there is no model): its segments' vectors may be kept. */
  sameVectors: boolean;
  folder: FolderRead;
  /** The new segment's file name and database. */
  name: string;
  db: Database.Database;
  /** A first build's writer of the new segment, which it wrote the files into as it read them. */
  streamed: ArticleWriter | null;
}

/** Opens the previous index, loads the model, begins the new generation with its segment, and reads the articles folder. */
async function readIntoGeneration(build: Build): Promise<Read> {
  const { handles, progress, options } = build;
  const { previous, readAll } = await openPrevious(build);
  const model = await loadModel(options.model ?? 'none', options.modelSource ?? { modelsDir: 'models', allowRemote: false }, progress);
  // vectors live in the segments: another model's (or none) in the previous index means every passage is embedded
  const dense = previous?.manifest.settings.dense;
  const sameVectors = !model || (!!dense && vectorsKey(dense.model, dense.quantized) === model.cacheKey);
  const generation = (handles.generation = await newGeneration(build.indexDir));
  const name = `segment-${path.basename(generation).toLowerCase()}.db`;
  const db = (handles.db = createDatabase(path.join(generation, name), SEGMENT_SCHEMA));
  // with no previous index there is nothing to move with the files read: they go into the segment as they are read
  const streamed = previous ? null : new ArticleWriter(db, { article: 0, passage: 0 });
  const folder = await readArticles({
    articlesDir: build.articlesDir,
    old: { hashes: previous?.fileHashes() ?? new Map(), stamps: previous?.fileStamps() ?? new Map(), notes: previous?.notes() ?? new Map() },
    direct: streamed && ((file, hash, articles) => articles.forEach((a) => streamed.add(a.article, a.passages, file, hash, a.prepared))),
    db,
    progress,
    phase: build.phase,
    pool: build.pool,
    readAll,
  });
  return { previous, model, sameVectors, folder, name, db, streamed };
}

/**
 * The previous index to build on, once what builds killed before this one left is removed (it holds the lock: nobody
 * else is writing); none when there is none, it cannot be trusted, or its passages were cut under other settings.
 * `readAll`: its files were read under other limits (a paragraph left out, a file skipped), so every file is read
 * again; what they give that the previous index holds (its passages' vectors) is kept as for any file read.
 */
async function openPrevious({ indexDir, limits, progress, handles }: Build): Promise<{ previous: PreviousIndex | null; readAll: boolean }> {
  await removeGenerationsBut(indexDir, currentGeneration(indexDir));
  handles.previous = PreviousIndex.open(currentGeneration(indexDir), (reason) =>
    progress.notice(`the previous index cannot be reused, building from scratch: ${reason}`),
  );
  if (handles.previous && JSON.stringify(handles.previous.manifest.settings.chunking) !== JSON.stringify(DEFAULT_CHUNKING)) handles.close('previous');
  const { previous } = handles;
  const readUnder = previous?.manifest.settings.limits;
  const sameLimits = (Object.keys(limits) as (keyof ReadLimits)[]).every((key) => readUnder?.[key] === limits[key]);
  if (previous && !sameLimits) progress.notice('the limits on article files changed since the last build: every file is read again');
  return { previous, readAll: !sameLimits };
}

/**
 * Whether a rebuild would write what the index in use holds: the same folder, every file unchanged and none gone, the
 * same files skipped for the same reasons, the same vectors (or none), and the same curated dictionary and format
 * (what the vocabulary's hash covers besides the learned words, which unchanged files leave as they were).
 */
function upToDate(
  previous: PreviousIndex,
  now: { articlesDir: string; states: FileState[]; skipped: Skipped[]; dense: 'same' | 'other' | 'none' },
): boolean {
  const { manifest } = previous;
  const listing = (skipped: Skipped[]) => JSON.stringify(skipped.map((s) => [s.source, s.reason]).sort());
  // a kept file whose recorded stamp moved (touched, copied back, another mount) was read to learn that: publishing
  // records its new stamp, or every later rebuild would read it again (a file never stamped stays as it is)
  const stamps = previous.fileStamps();
  const moved = now.states.some((f) => f.kept && f.stamp !== null && stamps.has(f.source) && stamps.get(f.source) !== f.stamp);
  return (
    !moved &&
    manifest.articlesDir === now.articlesDir &&
    // a file that gave no article (skipped) is read at every build, and the previous build held none of it either
    now.states.every((f) => f.kept || f.articles?.length === 0) &&
    previous.fileHashes().size === now.states.filter((f) => f.kept).length &&
    listing(previous.skipped()) === listing(now.skipped) &&
    (now.dense === 'same' || (now.dense === 'none' && manifest.settings.dense === null)) &&
    vocabularyHash(previous.vocabulary()) === manifest.settings.vocabularyHash
  );
}

/** Nothing changed since the index in use was built: it stays in use, and what this build began is removed. */
function keepIndexInUse({ indexDir, handles, started }: Build, previous: PreviousIndex, folder: FolderRead): BuildReport {
  const { counts, mode } = previous.manifest;
  const report = buildReport(indexDir, folder, {
    generation: previous.dir,
    articles: counts.articles,
    passages: counts.passages,
    tokenizedPassages: 0,
    mode,
    embeddedPassages: 0,
    unchanged: true,
    seconds: (performance.now() - started) / 1000,
  });
  handles.abandon();
  handles.generation = null;
  return report;
}

/** The new generation's rows as the folder gives them, before the vocabulary is known. */
interface Rows {
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
async function writeRows({ articlesDir, pool, handles }: Build, read: Read): Promise<Rows> {
  const { previous, folder, name, db } = read;
  const moves: Moves = previous ? planMoves(previous, folder.states, read.sameVectors) : { leaving: new Set(), move: new Set(), kept: [] };
  // a first build wrote its files as it read them, from id 0
  const segment = previous ? writeRebuiltSegment(previous, { name, db }, folder.states, moves) : { name, db, first: { article: 0, passage: 0 }, writer: read.streamed! };
  await writeUnits(db, ...idRanges(segment), pool);
  const generation = handles.generation!;
  const global = (handles.global = createDatabase(path.join(generation, DATABASE_FILE), SCHEMA));
  const segments = new GenerationSegments(moves.kept.map((i) => previous!.segments[i]!), segment);
  for (const s of segments.kept) linkSync(path.join(previous!.dir, s.name), path.join(generation, s.name));
  const removed = previous ? deleteLeavingRows(previous, segments, moves.leaving) : { units: [], passages: new Set<number>() };
  segments.write(global);
  handles.openView();
  const articles = segments.live('Article');
  if (articles === 0) {
    throw new WendaError(`no article could be indexed in ${articlesDir} (${plural(folder.counts.files, 'file')}, ${folder.counts.skipped} skipped)`);
  }
  return { moves, segment, segments, removed, articles };
}

/** An old file's articles, written again from its rows in the previous index. */
function writeOldFile(writer: ArticleWriter, previous: PreviousIndex, file: FileState): void {
  for (const a of previous.articlesOf(file.source)) writer.add(a.article, a.passages, file.source, file.hash);
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
    else for (const a of f.articles!) writer.add(a.article, a.passages, f.source, f.hash, a.prepared);
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

/** The words of the new generation: its people's names, and the learned words the tokenizer keeps whole. */
interface Words {
  /** The known names and the state behind them (people-state.ts). */
  state: PeopleState;
  /** The names mentioned. */
  names: string[];
  /** The quoted terms' counts over the live index. */
  quoted: Map<string, number>;
  learned: Vocabulary;
  /** The vocabulary's hash (vocabularyHash). */
  vocabulary: string;
  /** The words the vocabulary gained, lost or weighs otherwise. */
  changedWords: string[];
}

/**
 * The 'finding people and terms' phase: the names and the learned words of the new generation; the old files that read
 * otherwise with them move into the new segment.
 */
async function findPeopleAndTerms(build: Build, { previous, folder }: Read, rows: Rows): Promise<Words> {
  await build.phase('finding people and terms');
  const { state, names, rereadFiles } = await findNames(build, previous, rows);
  const terms = learnTerms(previous, rows, names);
  build.pool.setContext({ learned: terms.learned });
  if (previous && terms.changedWords.length + rereadFiles.length > 0) {
    const moving = filesReadOtherwise(previous, rows.moves.leaving, terms.changedWords, rereadFiles);
    await moveFiles(build, previous, rows, folder.states.filter((s) => moving.has(s.source)));
  }
  return { state, names, ...terms };
}

/**
 * The known names of the new generation and the state behind them (people-state.ts), moved by the units this build
 * adds and removes; the new segment's mentions, read with them; and the old units whose people read otherwise now,
 * read again. Returns the names mentioned (those readings standing in) and the files of the units read again.
 */
async function findNames({ pool, handles }: Build, previous: PreviousIndex | null, { segment, removed }: Rows): Promise<Pick<Words, 'state' | 'names'> & { rereadFiles: string[] }> {
  const view = handles.view!;
  const { followers, known, changed } = updateKnown(
    view,
    previous?.peopleState() ?? EMPTY_STATE,
    segment.db.prepare(`SELECT ${simplifiedSql()} FROM units u`).pluck().iterate() as Iterable<string>,
    previous?.unitTexts(removed.units) ?? [],
  );
  pool.setContext({ known: [...known] });
  const [newPassages, newArticles] = idRanges(segment);
  await readMentions(segment.db, newPassages, newArticles, pool);
  const isNew = ({ kind, id }: Unit) => {
    const [from, to] = kind === PASSAGE ? newPassages : newArticles;
    return id >= from && id < to;
  };
  const again = readAgain(view, changed, known, isNew);
  // only the names now: the mentions are read again for grouping, after the merge, rather than held through it
  const names = [...namesMentioned(view, again.mentions)];
  return { state: { followers, known }, names, rereadFiles: previous ? filesOfUnits(previous, again.units) : [] };
}

/**
 * The learned words (the terms quoted often enough, counted as before plus what the new segment holds minus what
 * leaves, and the names), their hash, and the words the vocabulary gained or lost: old passages and titles that hold
 * one are cut otherwise now, so their files move (a word that became a name or stopped being one, too: it weighs
 * otherwise).
 */
function learnTerms(previous: PreviousIndex | null, { segment, moves }: Rows, names: string[]): Pick<Words, 'quoted' | 'learned' | 'vocabulary' | 'changedWords'> {
  const quoted = countQuotedTerms(titlesAndPassages(segmentArticles(segment.db, ...idRanges(segment)[1])), previous?.quotedTerms() ?? new Map());
  // the files leaving so far: read before filesReadOtherwise adds the files the vocabulary moves, whose quotes stay
  // counted (they move into the new segment after this count, they do not leave)
  if (previous) countQuotedTerms(titlesAndPassages(articlesOfFiles(previous, moves.leaving)), quoted, -1);
  const learned = vocabularyOf(learnedTerms(quoted), names);
  const changedWords = vocabularyChanges(previous?.vocabulary() ?? { words: [], names: [] }, learned);
  return { quoted, learned, vocabulary: vocabularyHash(learned), changedWords };
}

/**
 * Moves old files into the new segment: their rows written again there and deleted where they were, their units and
 * mentions read as for any new row, and the generation opened anew with them. Their texts are the same: what they add,
 * their old rows took away (no count changes).
 */
async function moveFiles({ pool, handles }: Build, previous: PreviousIndex, { segment, segments, removed }: Rows, files: FileState[]): Promise<void> {
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

/**
 * The 'tokenizing passages' phase: the new segment's passages tokenized (or their tokens kept, when the vocabulary's
 * change leaves them as they were) into posting runs, and the segment's columns written.
 */
async function tokenizePassages({ pool, phase, options, handles, progress }: Build, { previous }: Read, { segment }: Rows, changedWords: string[]): Promise<{ count: number; runs: PostingRuns }> {
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
async function mergePostings(
  { phase, indexDir, handles }: Build,
  { extending, segment, runs, removedPassages }: { extending: PreviousIndex | null; segment: NewSegment; runs: PostingRuns; removedPassages: Set<number> },
): Promise<Map<string, number>> {
  await phase('merging postings');
  const dictionary = (handles.dictionary = await openDictionary(indexDir, extending !== null));
  writePostings(segment.db, runs.merge(), dictionary);
  const fresh = new Map(segment.db.prepare('SELECT key, passages FROM dictionary_terms').raw().all() as [string, number][]);
  return addCounts(fresh, extending ? extending.dictionaryKeysOf(removedPassages) : [], -1);
}

/** The 'grouping people' phase: the generation opened anew on its finished segments, and its people in the order of a fresh build. */
async function groupLivePeople({ phase, handles }: Build, names: string[], segments: GenerationSegments): Promise<{ people: Person[]; order: FileOrder }> {
  await phase('grouping people');
  const view = handles.openView();
  // no reading of readAgain's stands in any more: the units it read again either moved, and their new rows hold those
  // readings, or there were none
  const order = new FileOrder(view);
  return { people: livePeople(view, order, names, segments.all().length), order };
}

/** The 'writing people and the glossary' phase: the rest of the global part, which is then closed, as is the dictionary. */
async function writeGlobalTables(
  { phase, handles }: Build,
  { people, order, folder, previousGlobal, dictionaryChange, words }: { people: Person[]; order: FileOrder; folder: FolderRead; previousGlobal: string | null; dictionaryChange: Map<string, number>; words: Words },
): Promise<void> {
  await phase('writing people and the glossary');
  handles.close('view');
  const global = handles.global!;
  writeDirectories(global, { people, learned: words.learned, skipped: folder.skipped }, order);
  writeGlossary(global, handles.dictionary!, previousGlobal, dictionaryChange, people.filter((p) => !p.reporter).map((p) => p.name));
  handles.close('dictionary');
  writeState(global, words.state);
  insertAll(global, 'INSERT INTO file_stamps (file, stamp) VALUES (?, ?)', folder.states.flatMap((f) => (f.stamp === null ? [] : [[f.source, f.stamp]])));
  insertAll(global, 'INSERT INTO quoted_terms (term, count) VALUES (?, ?)', [...words.quoted].filter(([, n]) => n > 0));
  handles.close('global');
}

/** What the manifest says of the generation besides its files and the build's settings. */
type Written = Pick<Manifest, 'mode' | 'counts'> & { vocabularyHash: string; dense: Manifest['settings']['dense']; seconds: number };

/**
 * Writes the generation's manifest. Kept segments are immutable: their recorded checksums carry over (`carried`: the
 * previous index's, with the stamps they were verified at) instead of being computed again. Returns the manifest, and
 * the stamps of the databases that need no hashing again when it is recorded as checked.
 */
async function writeManifest(
  { handles, articlesDir, limits }: Build,
  { written, segments, carried }: { written: Written; segments: GenerationSegments; carried: { records: FileRecords; stamps: ReadonlyMap<string, string> } },
): Promise<{ manifest: Manifest; checked: Map<string, string> }> {
  const generation = handles.generation!;
  const kept = Object.fromEntries(segments.kept.map((s) => [s.name, carried.records[s.name]!]));
  // the databases this build wrote are hashed now, from the disk: the next build and the first reader need not hash
  // them again (the graph is hashed whenever it is loaded)
  const hashed = new Map(readdirSync(generation).filter((name) => ![MANIFEST_FILE, HNSW_FILE].includes(name) && !(name in kept)).map((name) => [name, contentStamp(path.join(generation, name))]));
  const manifest: Manifest = {
    formatVersion: FORMAT_VERSION,
    builtAt: new Date().toISOString(),
    articlesDir,
    mode: written.mode,
    counts: written.counts,
    settings: { chunking: DEFAULT_CHUNKING, limits, vocabularyHash: written.vocabularyHash, dense: written.dense },
    buildSeconds: Math.round(written.seconds * 100) / 100,
    files: { ...kept, ...recordFiles(generation, [MANIFEST_FILE, ...Object.keys(kept)]) },
  };
  await writeFile(path.join(generation, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
  // the kept segments were verified when this build opened the previous index, and it hashed what it wrote: none needs hashing again
  const checked = new Map([...Object.keys(kept).flatMap((name): [string, string][] => (carried.stamps.has(name) ? [[name, carried.stamps.get(name)!]] : [])), ...hashed]);
  return { manifest, checked };
}

/**
 * The 'publishing' phase: the generation becomes the index in use, the other generations are removed, and what it
 * vouches for is recorded as checked. Returns the generation published.
 */
async function publish({ phase, indexDir, handles, progress }: Build, { manifest, checked }: { manifest: Manifest; checked: Map<string, string> }): Promise<string> {
  await phase('publishing');
  const published = handles.generation!;
  await publishGeneration(indexDir, published);
  await pauseAt('published');
  handles.swapped = true;
  handles.generation = null; // the index in use now: nothing that follows may remove it as a failed build's
  // what cannot be removed now (a reader writing its checked.json there) the next build removes
  await removeGenerationsBut(indexDir, published).catch((e: Error) =>
    progress.notice(`an old index generation is left for the next build to remove: ${e.message}`),
  );
  carryChecked(published, manifest.files, checked);
  return published;
}

/**
 * The people of the live index, in the order of a fresh build (`order`'s units). What grouping holds (every unit's
 * mentions, the words naming someone, the titles' words) lives only as long as this call: at a million passages it
 * is hundreds of MB.
 */
function livePeople(view: Database.Database, order: FileOrder, names: string[], segments: number): Person[] {
  // a title's words can name someone only where they hold a name: only those titles are split
  const finder = new NameFinder(names);
  const passageUnits = order.passages.length;
  const headline = (unit: number) => unit - passageUnits;
  // the words tokenizing stored: cutting every title again, with jieba loaded for it, was a tenth of a small rebuild
  const headlineWords = new Map<number, string[]>();
  for (const [id, words] of view.prepare('SELECT id, title_words FROM articles').raw().iterate() as Iterable<[number, string]>) {
    if (finder.holds(words)) headlineWords.set(id, splitWords(words));
  }
  function* naming(): Generator<[string, number[]]> {
    yield* unitsNaming(view, segments, new Set(names), order);
    for (let a = 0; a < order.articles.length; a++) {
      for (const word of headlineWords.get(order.articles[a]!) ?? []) yield [word, [passageUnits + a]];
    }
  }
  // a headline's people are stored at the first passage of its article
  return storedAt(
    groupPeople(mentionsOf(view, order), (unit) => (headline(unit) < 0 ? order.articlesOf(order.passages[unit]!) : [order.articles[headline(unit)]!]), naming()),
    (unit) => (headline(unit) < 0 ? order.passages[unit] : order.passagesOf(order.articles[headline(unit)]!)[0]),
  );
}

/** What the global part is made from besides the articles (format, dictionaries, glossary edition): a rebuild that finds it and every file unchanged publishes nothing. */
function vocabularyHash(learned: Vocabulary): string {
  return sha1(JSON.stringify([FORMAT_VERSION, readFileSync(CURATED_DICTIONARY, 'utf8'), learned, glossaryEdition()]));
}

/** Every title, and every passage as often as articles hold it: where quoted terms are counted. */
function* titlesAndPassages(articles: Iterable<StoredArticle>): Generator<string> {
  for (const { article, passages } of articles) {
    yield article.title;
    yield* passages;
  }
}

/** The articles of old files, as they were stored. */
function* articlesOfFiles(previous: PreviousIndex, files: Iterable<string>): Generator<StoredArticle> {
  for (const file of files) yield* previous.articlesOf(file);
}

/** The articles a segment holds in its id range, as they were stored. */
function* segmentArticles(db: Database.Database, from: number, to: number): Generator<StoredArticle> {
  const passages = db.prepare('SELECT p.text FROM passage_sources s JOIN passages p ON p.id = s.passage_id WHERE s.article_id = ? ORDER BY s.ordinal').pluck();
  for (const { id, title } of db.prepare('SELECT id, title FROM articles WHERE id >= ? AND id < ?').all(from, to) as { id: number; title: string }[]) {
    const texts = passages.all(id) as string[];
    yield { article: { source: '', title, date: null, url: null, paragraphs: texts }, passages: texts };
  }
}

/**
 * A test hook: WENDA_BUILD_PAUSE=<phase> holds the build for a minute when that phase starts, so that a test can kill
 * it at a known point (after the generation exists, during the merge, just before publishing, or `published`: just
 * after the swap, before the build records it).
 */
async function pauseAt(phase: string): Promise<void> {
  if (process.env.WENDA_BUILD_PAUSE === phase) await new Promise((resolve) => setTimeout(resolve, 60_000));
}
