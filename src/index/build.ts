import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Skipped } from './article.js';
import { ArticleWriter } from './article-writer.js';
import { pauseAt, type Build, type BuildOptions, type Read } from './build-context.js';
import { abandonOnSignal, BuildHandles } from './build-handles.js';
import { publish, removeOldGenerations, writeGlobalTables, writeManifest, type Written } from './build-output.js';
import { mergePostings, tokenizePassages } from './build-postings.js';
import type { BuildProgress } from './build-progress.js';
import { writeRows } from './build-rows.js';
import { findPeopleAndTerms, groupLivePeople, vocabularyHash } from './build-words.js';
import { DEFAULT_CHUNKING } from './chunk.js';
import { acquireBuildLock } from '../store/build-lock.js';
import { prepareIndexFolder } from '../store/index-folder.js';
import { currentGeneration, newGeneration, recordedBuild } from '../store/generations.js';
import { idRanges } from './generation-segments.js';
import { HNSW_FILE } from '../store/vectors.js';
import { collectGarbage } from './collect-garbage.js';
import { embedPassages, loadModel, vectorsKey, writeGraph } from './vectors-phase.js';
import { PreviousIndex } from './previous.js';
import { AnalysisPool, defaultWorkers } from './analysis-pool.js';
import { readArticles, type FileState, type FolderRead } from './read-folder.js';
import { unreadableFolder } from './read-articles.js';
import { DEFAULT_LIMITS, type ReadLimits } from './limits.js';
import { DATABASE_FILE, SEGMENT_SCHEMA } from '../store/schema.js';
import { createDatabase } from './write-index.js';
import { WendaError } from '../errors.js';
import { pathWithin } from '../paths.js';

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

/**
 * Reads the articles folder and writes a new index generation beside the one in use, then publishes it atomically.
 * A generation is segments (immutable: kept ones are hard-links to the previous generation's files) and a small global
 * database (which rows of old segments are deleted, people, vocabulary, glossary). A build writes one new segment:
 * the files that are new or changed, the old files that share a passage with them or whose tokens the vocabulary's
 * change alters, and the old segments the merge policy folds in; their old rows are marked deleted. A failure at any
 * point, or SIGINT, SIGTERM or SIGHUP, leaves the previous index in use and removes what this build wrote.
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
  // one this user cannot list is said now too, before a model is looked for or the index folder is made
  await access(articlesDir, constants.R_OK | constants.X_OK).catch((e: unknown) => {
    throw unreadableFolder(articlesDir, e);
  });
  // an index among the articles would be read as articles by its next build (unless hidden: .index is passed over),
  // however links lead there
  const within = pathWithin(articlesDir, indexDir);
  if (within !== null && !within.split(path.sep).some((part) => part.startsWith('.'))) {
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

/** Opens the previous index, loads the model, begins the new generation with its segment, and reads the articles folder. */
async function readIntoGeneration(build: Build): Promise<Read> {
  const { handles, progress, options } = build;
  const { previous, readAll } = await openPrevious(build);
  const dense = previous?.manifest.settings.dense;
  // the model of the index in use, read from its manifest whatever wenda wrote it (an index of an older format is no
  // previous index to reuse, and is hybrid all the same)
  const inUse = dense?.model ?? recordedBuild(build.indexDir).model;
  const model = await loadModel(options.model ?? 'none', options.modelSource ?? { modelsDir: 'models', allowRemote: false }, progress, inUse);
  // vectors live in the segments: another model's (or none) in the previous index means every passage is embedded
  const sameVectors = !model || (!!dense && vectorsKey(dense.model, dense.quantized) === model.cacheKey);
  const generation = (handles.generation = await newGeneration(build.indexDir));
  const name = `segment-${path.basename(generation).toLowerCase()}.db`;
  const db = (handles.db = createDatabase(path.join(generation, name), SEGMENT_SCHEMA));
  // with no previous index there is nothing to move with the files read: they go into the segment as they are read
  const streamed = previous ? null : new ArticleWriter(db, { article: 0, passage: 0 });
  const folder = await readArticles({
    articlesDir: build.articlesDir,
    old: { hashes: previous?.fileHashes() ?? new Map(), stamps: previous?.fileStamps() ?? new Map(), notes: previous?.notes() ?? new Map() },
    direct: streamed && ((file, hash, articles) => articles.forEach((a) => streamed.add(a, file, hash, a.prepared))),
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
  await removeOldGenerations({ indexDir, progress }, currentGeneration(indexDir));
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
