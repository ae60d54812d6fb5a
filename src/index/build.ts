import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { linkSync, readdirSync, readFileSync, rmSync, statSync, type BigIntStats } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Skipped } from './article.js';
import { ArticleWriter } from './article-writer.js';
import { DEFAULT_CHUNKING } from './chunk.js';
import { acquireBuildLock } from '../store/build-lock.js';
import { prepareIndexFolder } from '../store/index-folder.js';
import { currentGeneration, newGeneration, publishGeneration, removeGenerationsBut } from '../store/generations.js';
import { indexTerms } from './index-terms.js';
import { countQuotedTerms, learnedTerms } from './learn-words.js';
import { groupPeople, storedAt, type Person } from './people.js';
import { EMPTY_STATE, HEADLINE, mentionsOf, namesMentioned, PASSAGE, readAgain, readMentions, unitsNaming, updateKnown, writeState, writeUnits, type Unit } from './people-state.js';
import { glossaryEdition } from './glossary.js';
import { addCounts, writeGlossary, type Dictionary } from './glossary-state.js';
import { openDictionary } from './dictionary-file.js';
import { PostingRuns } from './postings.js';
import { HNSW_FILE } from '../store/vectors.js';
import type { ModelSource } from '../embedding/embedder.js';
import { collectGarbage } from './collect-garbage.js';
import { embedPassages, loadModel, vectorsKey, writeGraph } from './vectors-phase.js';
import { simplifiedSql } from '../store/stored-text.js';
import type { Manifest } from '../store/manifest.js';
import { carryChecked, contentStamp, recordFiles } from '../store/integrity.js';
import { PreviousIndex, type StoredArticle } from './previous.js';
import { AnalysisPool, defaultWorkers } from './analysis-pool.js';
import { splitWords, type FileToRead, type ReadArticle } from './analysis.js';
import { writeColumns } from '../store/segment-columns.js';
import { MAX_SEGMENTS, openGeneration, type Segment } from '../store/segments.js';
import { listArticleFiles } from './read-articles.js';
import { FileOrder } from './file-order.js';
import { fileStamp } from './file-stamp.js';
import { DEFAULT_LIMITS, type ReadLimits } from './limits.js';
import { DATABASE_FILE, FORMAT_VERSION, MANIFEST_FILE, SCHEMA, SEGMENT_SCHEMA } from '../store/schema.js';
import { createDatabase, insertAll, writeDirectories, writePostings } from './write-index.js';
import { WendaError } from '../errors.js';
import { realPathOf } from '../paths.js';
import { plural } from '../plural.js';
import { CURATED_DICTIONARY } from '../text/tokenizer.js';
import { analyse, foldAll } from '../text/text.js';

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

/** Files read in a batch (on a worker, when there are enough), and written between two commits. */
const FILE_BATCH = 200;
/** …and at most this many bytes of them: a worker holds its whole batch's texts and passages until it posts them. */
const BATCH_BYTES = 32 * 1024 * 1024;
/**
 * What a batch of reading weighs at least in choosing where it runs (analysis-pool.ts): about a second of a core's
 * parsing. A rebuild's few changed files, and the files that gave no article (read at every build: 124 KB in 1,365
 * files at 257,986 passages), are read in this thread rather than by workers that take longer to start; so is one
 * large file (a batch cannot be shared out).
 */
const READ_WORK_BYTES = 2 * 1024 * 1024;

/**
 * A file of the folder as pass one found it: unchanged since the previous index, or parsed now; with the stamp to
 * record for the bytes its hash is of (null: none to vouch for them).
 */
type FileState =
  | { source: string; hash: string; stamp: string | null; kept: true }
  | { source: string; hash: string; stamp: string | null; kept: false; articles: ReadArticle[] | null };

/** The folder's files, each in one category: indexed now, unchanged since the previous index, or skipped. */
type FileCounts = { files: number; indexed: number; unchanged: number; skipped: number };

/** A listed file: known unchanged by its stamp, or to be read (with its size, to bound a batch's bytes). */
type Listed = { state: FileState } | { item: FileToRead; size: number };

/** A file's stat, or none when it cannot be had now (the reader then says why). */
function statOf(file: Buffer): BigIntStats | undefined {
  try {
    return statSync(file, { bigint: true, throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/**
 * Reads the articles folder, one file at a time: a file whose stamp is the one recorded when the bytes the previous
 * index holds were hashed is kept unread (file-stamp.ts); the others are read and hashed, and kept when their bytes
 * are the previous index's (never when `readAll`: files read under other limits), else parsed and cut into passages (by the pool's workers, in batches; their results are
 * taken in file order). With no previous index they go straight into the new segment (`direct`), so that a first
 * build streams; otherwise they are held until the build knows which old files move with them.
 */
async function readArticles(
  articlesDir: string,
  old: { hashes: ReadonlyMap<string, string>; stamps: ReadonlyMap<string, string>; notes: ReadonlyMap<string, Skipped[]> },
  direct: ((file: string, hash: string, articles: ReadArticle[]) => void) | null,
  db: Database.Database,
  progress: BuildProgress,
  phase: (name: string, total: number) => Promise<void>,
  pool: AnalysisPool,
  readAll: boolean,
): Promise<{ skipped: Skipped[]; states: FileState[]; unread: number; counts: FileCounts }> {
  const skipped: Skipped[] = [];
  const skip = (item: Skipped) => {
    skipped.push(item);
    progress.skipped(item);
  };
  // each file in one category: what the listing passes over (a broken link, a folder that cannot be read) is skipped
  const counts: FileCounts = { files: 0, indexed: 0, unchanged: 0, skipped: 0 };
  const files = await listArticleFiles(articlesDir, (item) => {
    counts.skipped++;
    skip(item);
  });
  const states: FileState[] = [];
  await phase('reading articles', files.length);
  const listed = files.map((f): Listed => {
    const stat = statOf(f.path);
    const hash = old.hashes.get(f.source);
    const stamp = old.stamps.get(f.source);
    const vouched = !readAll && stat && hash !== undefined && stamp === fileStamp(stat);
    if (vouched) return { state: { source: f.source, hash, stamp, kept: true } };
    return { item: { source: f.source, path: f.path, oldHash: readAll ? undefined : hash }, size: Number(stat?.size ?? 0) };
  });
  // batches of the files to read, each with the unread files listed among them (taken in file order)
  const batches: { listed: Listed[]; items: FileToRead[] }[] = [];
  let batch: (typeof batches)[number] = { listed: [], items: [] };
  let bytes = 0;
  for (const l of listed) {
    if ('item' in l) {
      if (batch.items.length === FILE_BATCH || (batch.items.length > 0 && bytes + l.size > BATCH_BYTES)) {
        batches.push(batch);
        [batch, bytes] = [{ listed: [], items: [] }, 0];
      }
      batch.items.push(l.item);
      bytes += l.size;
    }
    batch.listed.push(l);
  }
  if (batch.listed.length > 0) batches.push(batch);
  // batches to share out, and enough to read in them
  const toRead = listed.reduce((n, l) => n + ('item' in l ? l.size : 0), 0);
  const work = Math.min(batches.filter((b) => b.items.length > 0).length, Math.ceil(toRead / READ_WORK_BYTES));
  for await (const [{ listed }, read] of pool.map('read', batches, work)) {
    db.exec('BEGIN');
    let at = 0;
    for (const l of listed) {
      progress.tick();
      // an unchanged file is not parsed again: what its parse left out (a paragraph over the limit) is said again as
      // the previous build said it, so that an unchanged folder is up to date and keeps its notes
      if ('state' in l) {
        counts.unchanged++;
        states.push(l.state);
        old.notes.get(l.state.source)?.forEach(skip);
        continue;
      }
      const file = read[at++]!;
      (file.kept ? (old.notes.get(file.source) ?? []) : file.skipped).forEach(skip);
      if (file.kept) counts.unchanged++;
      else if (file.articles.length > 0) counts.indexed++;
      else counts.skipped++;
      if (file.hash === null) continue;
      if (file.kept) {
        states.push({ source: file.source, hash: file.hash, stamp: file.stamp, kept: true });
        continue;
      }
      if (direct) direct(file.source, file.hash, file.articles);
      // a file that gave no article has no rows for a stamp to vouch for
      const stamp = file.articles.length > 0 ? file.stamp : null;
      states.push({ source: file.source, hash: file.hash, stamp, kept: false, articles: direct ? null : file.articles });
    }
    db.exec('COMMIT');
  }
  counts.files = counts.indexed + counts.unchanged + counts.skipped;
  return { skipped, states, unread: listed.length - listed.filter((l) => 'item' in l).length, counts };
}

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

/**
 * The people of the live index, in the order of a fresh build (`order`'s units). What grouping holds (every unit's
 * mentions, the words naming someone, the titles' words) lives only as long as this call: at a million passages it
 * is hundreds of MB.
 */
function livePeople(view: Database.Database, order: FileOrder, names: string[], segments: number): Person[] {
  // a title's words can name someone only where they hold a name's first two characters: only those titles are split
  const starts = new Set(names.map((n) => n.slice(0, 2)));
  const short = names.some((n) => n.length < 2);
  const mayName = (text: string) => {
    for (let i = 0; !short && i + 1 < text.length; i++) if (starts.has(text.slice(i, i + 2))) return true;
    return short;
  };
  const passageUnits = order.passages.length;
  const headline = (unit: number) => unit - passageUnits;
  // the words tokenizing stored: cutting every title again, with jieba loaded for it, was a tenth of a small rebuild
  const headlineWords = new Map<number, string[]>();
  for (const [id, words] of view.prepare('SELECT id, title_words FROM articles').raw().iterate() as Iterable<[number, string]>) {
    if (mayName(words)) headlineWords.set(id, splitWords(words));
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
function vocabularyHash(learned: string[]): string {
  return sha1(JSON.stringify([FORMAT_VERSION, readFileSync(CURATED_DICTIONARY, 'utf8'), learned, glossaryEdition()]));
}

/** Every title, and every passage as often as articles hold it: where quoted terms are counted. */
function* titlesAndPassages(articles: Iterable<StoredArticle>): Generator<string> {
  for (const { article, passages } of articles) {
    yield article.title;
    yield* passages;
  }
}

/** The articles a segment holds in its id range, as they were stored. */
function* segmentArticles(db: Database.Database, from: number, to: number): Generator<StoredArticle> {
  const passages = db.prepare('SELECT p.text FROM passage_sources s JOIN passages p ON p.id = s.passage_id WHERE s.article_id = ? ORDER BY s.ordinal').pluck();
  for (const { id, title } of db.prepare('SELECT id, title FROM articles WHERE id >= ? AND id < ?').all(from, to) as { id: number; title: string }[]) {
    const texts = passages.all(id) as string[];
    yield { article: { source: '', title, date: null, url: null, paragraphs: texts }, passages: texts };
  }
}

/** The generation the index's link names; null when there is none (or something else stands in its place). */
function generationLinked(indexDir: string): string | null {
  try {
    return currentGeneration(indexDir);
  } catch {
    return null;
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
  const info = await stat(articlesDir).catch(() => null);
  if (!info?.isDirectory()) throw new WendaError(`the articles folder ${articlesDir} does not exist or is not a folder`);
  // an index among the articles would be read as articles by its next build (unless hidden: .index is passed over),
  // however links lead there
  const within = path.relative(realPathOf(articlesDir), realPathOf(indexDir));
  if (!within.startsWith('..') && !path.isAbsolute(within) && !within.split(path.sep).some((part) => part.startsWith('.'))) {
    throw new WendaError(`the index folder ${indexDir} is inside the articles folder ${articlesDir}: put it elsewhere (or in a hidden folder there, such as .index)`);
  }

  prepareIndexFolder(indexDir);
  currentGeneration(indexDir); // something other than our link where `current` should be: said now, before any work
  const lock = acquireBuildLock(indexDir);
  let generation: string | null = null;
  let db: Database.Database | null = null;
  let global: Database.Database | null = null;
  let view: Database.Database | null = null;
  let previous: PreviousIndex | null = null;
  let dictionary: Dictionary | null = null;
  const limits = options.limits ?? DEFAULT_LIMITS;
  const pool = new AnalysisPool(options.workers ?? defaultWorkers(), { limits, learned: [], known: [] }, options.workersFrom);
  let swapped = false; // the new generation is the index in use
  // a signal can come between the swap and the line that records it: the link says which generation is in use
  const inUse = () => swapped || (generation !== null && generationLinked(indexDir) === path.resolve(generation));
  const abandon = () => {
    void pool.close();
    previous?.close();
    dictionary?.close();
    db?.close();
    global?.close();
    view?.close();
    if (generation && !inUse()) rmSync(generation, { recursive: true, force: true });
  };
  // a signal ends the build as a failure does (nothing half-written is left behind), says so, then ends the process by it
  const onSignal = (signal: NodeJS.Signals) => {
    try {
      const published = inUse();
      abandon();
      progress.end();
      const left = published ? 'the new index is in use' : generationLinked(indexDir) === null ? 'there is no index yet' : 'the index in use is unchanged';
      progress.notice(`build interrupted (${signal}); ${left}`);
    } finally {
      lock.release();
      process.kill(process.pid, signal);
    }
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    // what builds killed before us left (we hold the lock: nobody else is writing)
    await removeGenerationsBut(indexDir, currentGeneration(indexDir));
    previous = PreviousIndex.open(currentGeneration(indexDir), (reason) =>
      progress.notice(`the previous index cannot be reused, building from scratch: ${reason}`),
    );
    if (previous && JSON.stringify(previous.manifest.settings.chunking) !== JSON.stringify(DEFAULT_CHUNKING)) {
      previous.close();
      previous = null;
    }
    // files read under other limits (a paragraph left out, a file skipped) are all read again; what they give that the
    // previous index holds (its passages' vectors) is kept as for any file read
    const readUnder = previous?.manifest.settings.limits;
    const sameLimits = (Object.keys(limits) as (keyof ReadLimits)[]).every((key) => readUnder?.[key] === limits[key]);
    if (previous && !sameLimits) progress.notice('the limits on article files changed since the last build: every file is read again');
    const model = await loadModel(options.model ?? 'none', options.modelSource ?? { modelsDir: 'models', allowRemote: false }, progress);
    // vectors live in the segments: another model's (or none) in the previous index means every passage is embedded
    const dense = previous?.manifest.settings.dense;
    const sameVectors = !model || (dense && vectorsKey(dense.model, dense.quantized) === model.cacheKey);
    generation = await newGeneration(indexDir);
    const segmentName = `segment-${path.basename(generation).toLowerCase()}.db`;
    db = createDatabase(path.join(generation, segmentName), SEGMENT_SCHEMA);
    const old = previous?.segments ?? [];
    // ids go on after every old segment's, so that kept segments' rows keep theirs; a build that merges all starts at 0
    let first = { article: Math.max(0, ...old.map((s) => s.endArticle)), passage: Math.max(0, ...old.map((s) => s.endPassage)) };
    let writer = new ArticleWriter(db, first);
    const direct = previous ? null : (file: string, hash: string, articles: ReadArticle[]) => articles.forEach((a) => writer.add(a.article, a.passages, file, hash, a.prepared));
    const { skipped, states, unread, counts: fileCounts } = await readArticles(articlesDir, { hashes: previous?.fileHashes() ?? new Map(), stamps: previous?.fileStamps() ?? new Map(), notes: previous?.notes() ?? new Map() }, direct, db, progress, phase, pool, !sameLimits);
    const present = new Set([...states.map((f) => f.source), ...skipped.map((f) => f.source)]);
    const removedFiles = previous ? [...previous.fileHashes().keys()].filter((file) => !present.has(file)).length : 0;
    if (previous && upToDate(previous, { articlesDir, states, skipped, dense: model ? (sameVectors ? 'same' : 'other') : 'none' })) {
      const { counts } = previous.manifest;
      const report: BuildReport = {
        indexDir,
        generation: previous.dir,
        files: fileCounts.files,
        articles: counts.articles,
        passages: counts.passages,
        skipped,
        parsedFiles: fileCounts.indexed,
        reusedFiles: fileCounts.unchanged,
        unreadFiles: unread,
        skippedFiles: fileCounts.skipped,
        removedFiles,
        tokenizedPassages: 0,
        mode: previous.manifest.mode,
        embeddedPassages: 0,
        unchanged: true,
        seconds: (performance.now() - started) / 1000,
      };
      abandon();
      generation = null;
      return report;
    }

    // which old files move into the new segment, and which old segments are merged into it
    const leaving = new Set<string>(); // old files whose rows are deleted: changed, removed, or moved
    const move = new Set<string>(); // unchanged files among them, rewritten into the new segment from their old rows
    let kept: number[] = old.map((_, i) => i);
    if (previous) {
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
      // the glossary counts what its dictionary holds: another edition's counts are made again from every passage
      const merged = sameVectors && previous.glossaryEdition() === glossaryEdition() ? segmentsToMerge(previous.liveCounts(), old.map((s) => s.endPassage - s.firstPassage), keys.size) : new Set(kept);
      for (const i of merged) previous.filesIn(i).forEach(leave);
      kept = kept.filter((i) => !merged.has(i));
      // the files that share a passage with a leaving one leave with it
      closeOver(previous, queue, leave);
      if (kept.length === 0) first = { article: 0, passage: 0 };
      writer = new ArticleWriter(db, first);
    }
    // the files of the new segment in file order, so that a passage's first article is a fresh build's
    if (previous) {
      const written = states.filter((f) => !f.kept || move.has(f.source));
      db.exec('BEGIN');
      for (const f of written) {
        if (f.kept) for (const a of previous.articlesOf(f.source)) writer.add(a.article, a.passages, f.source, f.hash);
        else for (const a of f.articles!) writer.add(a.article, a.passages, f.source, f.hash, a.prepared);
      }
      db.exec('COMMIT');
    }
    // the id ranges of the new segment's rows: [first, end) of passages and of articles
    const range = (): [[number, number], [number, number]] => [
      [first.passage, first.passage + writer.passages],
      [first.article, first.article + writer.articles],
    ];
    await writeUnits(db, ...range(), pool);

    // the generation's global part: its segments and what is deleted in the kept ones
    global = createDatabase(path.join(generation, DATABASE_FILE), SCHEMA);
    const segments: Segment[] = kept.map((i) => old[i]!);
    for (const s of segments) linkSync(path.join(previous!.dir, s.name), path.join(generation, s.name));
    const inKept = (id: number, of: 'Passage' | 'Article') => segments.some((s) => id >= s[`first${of}`] && id < s[`end${of}`]);
    const deleted = { articles: new Set<number>(), passages: new Set<number>() };
    // a segment's ids are dense: its live rows are its id range less its deleted ids (a COUNT(*) through the views
    // tests every row against the deleted ids, a fifth of a second at 250,000 passages)
    const liveRows = (of: 'Passage' | 'Article') =>
      segments.reduce((n, s) => n + s[`end${of}`] - s[`first${of}`], 0) - deleted[of === 'Passage' ? 'passages' : 'articles'].size;
    const removedUnits: Unit[] = [];
    const removedPassages = new Set<number>(); // live passages of the previous index that leave their id
    const leftFiles: string[] = [];
    const leftArticles = function* () {
      for (const file of leftFiles) yield* previous!.articlesOf(file);
    };
    if (previous) {
      const before = previous.deleted();
      const rows = [...leaving].map((f) => previous!.rowsOf(f));
      for (const id of [...before.articles, ...rows.flatMap((r) => r.articles)]) if (inKept(id, 'Article')) deleted.articles.add(id);
      for (const id of [...before.passages, ...rows.flatMap((r) => r.passages)]) if (inKept(id, 'Passage')) deleted.passages.add(id);
      leftFiles.push(...leaving);
      // every unit whose row goes, kept segment or merged one: what it added to the people counts is taken away
      removedUnits.push(...rows.flatMap((r) => [...r.passages.map((id) => ({ kind: PASSAGE, id })), ...r.articles.map((id) => ({ kind: HEADLINE, id }))]));
      for (const r of rows) r.passages.forEach((id) => removedPassages.add(id));
    }
    const addSegment = () => {
      segments.push({
        name: segmentName,
        firstPassage: first.passage,
        endPassage: first.passage + writer.passages,
        firstArticle: first.article,
        endArticle: first.article + writer.articles,
      });
    };
    addSegment();
    const writeGlobal = () => {
      global!.exec('DELETE FROM segments; DELETE FROM deleted_articles; DELETE FROM deleted_passages');
      insertAll(global!, 'INSERT INTO segments (name, first_passage, end_passage, first_article, end_article) VALUES (?, ?, ?, ?, ?)', segments.map((s) => [s.name, s.firstPassage, s.endPassage, s.firstArticle, s.endArticle]));
      insertAll(global!, 'INSERT INTO deleted_articles (id) VALUES (?)', [...deleted.articles].map((id) => [id]));
      insertAll(global!, 'INSERT INTO deleted_passages (id) VALUES (?)', [...deleted.passages].map((id) => [id]));
    };
    writeGlobal();
    view = openGeneration(generation).db;
    const articles = liveRows('Article');
    if (articles === 0) {
      throw new WendaError(`no article could be indexed in ${articlesDir} (${plural(fileCounts.files, 'file')}, ${fileCounts.skipped} skipped)`);
    }

    await phase('finding people and terms');
    const stateBefore = previous?.peopleState() ?? EMPTY_STATE;
    const { followers, known, changed: changedNames } = updateKnown(
      view!,
      stateBefore,
      db.prepare(`SELECT ${simplifiedSql()} FROM units u`).pluck().iterate() as Iterable<string>,
      previous?.unitTexts(removedUnits) ?? [],
    );
    pool.setContext({ known: [...known] });
    await readMentions(db, ...range(), pool);
    const [newPassages, newArticles] = range();
    const isNew = ({ kind, id }: Unit) => {
      const [from, to] = kind === PASSAGE ? newPassages : newArticles;
      return id >= from && id < to;
    };
    const again = readAgain(view!, changedNames, known, isNew);
    // only the names now: the mentions are read again for grouping, after the merge, rather than held through it
    const names = [...namesMentioned(view!, again.mentions)];
    // quoted terms counted as before, plus what the new segment holds, minus what leaves
    const quoted = countQuotedTerms(titlesAndPassages(segmentArticles(db, ...range()[1])), previous?.quotedTerms() ?? new Map());
    countQuotedTerms(titlesAndPassages(leftArticles()), quoted, -1);
    const learned = [...new Set([...learnedTerms(quoted), ...names])].sort();
    const vocabulary = vocabularyHash(learned);
    pool.setContext({ learned });
    // words the vocabulary gained or lost: old passages and titles that hold one are cut otherwise now, so their files move
    const before = new Set(foldAll(previous?.vocabulary() ?? []));
    const now = new Set(foldAll(learned));
    const changedWords = [...new Set([...before].filter((w) => !now.has(w)).concat([...now].filter((w) => !before.has(w))))];
    // and so do the files of units whose people read otherwise now
    const rereadFiles = again.units.flatMap(({ kind, id }) => (kind === PASSAGE ? previous!.filesOfPassage(id) : [previous!.fileOfArticle(id)]));
    if (previous && changedWords.length + rereadFiles.length > 0) {
      const queue = [...new Set([...previous.filesContaining(changedWords, analyse), ...rereadFiles])].filter((f) => !leaving.has(f));
      const moving = new Set(queue);
      queue.forEach((f) => leaving.add(f));
      closeOver(previous, [...queue], (f) => {
        if (!leaving.has(f)) {
          leaving.add(f);
          moving.add(f);
        }
      });
      view!.close();
      view = null;
      const [passagesBefore, articlesBefore] = range();
      db.exec('BEGIN');
      for (const f of states.filter((s) => moving.has(s.source))) {
        for (const a of previous.articlesOf(f.source)) writer.add(a.article, a.passages, f.source, f.hash);
        const rows = previous.rowsOf(f.source);
        rows.articles.forEach((id) => deleted.articles.add(id));
        rows.passages.forEach((id) => {
          deleted.passages.add(id);
          removedPassages.add(id);
        });
      }
      db.exec('COMMIT');
      // the moved units' texts are the same: what they add, their old rows took away (no count changes)
      const [passagesAfter, articlesAfter] = range();
      const moved: [[number, number], [number, number]] = [[passagesBefore[1], passagesAfter[1]], [articlesBefore[1], articlesAfter[1]]];
      await writeUnits(db, ...moved, pool);
      await readMentions(db, ...moved, pool);
      segments.pop();
      addSegment();
      writeGlobal();
      view = openGeneration(generation).db;
    }

    // the workers that read files and units hold the parsers, opencc and the lexicon: cutting starts its own, with jieba
    await pool.close();
    await phase('tokenizing passages', writer.passages);
    const runs = new PostingRuns(generation, options.runSize);
    const keptWords = previous?.wordsKept(changedWords) ?? (() => undefined);
    const { tokenized, lengths } = await indexTerms(db, first, pool, keptWords, runs, () => progress.tick());
    // the workers are done: what they hold (their own jieba, dictionaries and lexicon) is freed before the merge and people
    await pool.close();
    writeColumns(db, { ...writer.passageColumns(), ...lengths });
    await phase('merging postings');
    // an index that keeps no old segment counts from nothing
    const previousGlobal = previous && kept.length > 0 ? path.join(previous.dir, DATABASE_FILE) : null;
    dictionary = await openDictionary(indexDir, previousGlobal !== null);
    writePostings(db, runs.merge(), dictionary);
    // what the dictionary keys' live passages move by: the new segment's, less those of the passages that left
    const dictionaryChange = addCounts(new Map(db.prepare('SELECT key, passages FROM dictionary_terms').raw().all() as [string, number][]), previousGlobal ? previous!.dictionaryKeysOf(removedPassages) : [], -1);
    const vectors = model && (await embedPassages(model, db, first.passage, writer.passages, previous, progress));
    const oldRecords = previous?.manifest.files ?? {};
    const oldStamps = previous?.stamps ?? new Map<string, string>();
    // a graph to add to: the previous one, unless every segment was rewritten (ids start again at 0)
    const previousGraph = previous && kept.length > 0 ? { dir: previous.dir, manifest: previous.manifest, removed: removedPassages } : null;
    previous?.close();
    previous = null;
    db.close();
    db = null;

    // people over the whole live index, in the order of a fresh build
    await phase('grouping people');
    view!.close();
    view = openGeneration(generation).db;
    // no reading of `again` stands in any more: the units it read again either moved, and their new rows hold those
    // readings, or there were none
    const units = new FileOrder(view);
    const people = livePeople(view, units, names, segments.length);

    // files as the summary counts them (not the skip lines, nor only the files read)
    const counts = {
      files: fileCounts.files,
      articles,
      passages: liveRows('Passage'),
      passageSources: units.sources,
      skipped: fileCounts.skipped,
    };
    const graph = vectors && (await writeGraph(path.join(generation, HNSW_FILE), view, vectors, counts.passages, range()[0], previousGraph, progress));
    await phase('writing people and the glossary');
    view.close();
    view = null;
    writeDirectories(global, { people, learned, skipped }, units);
    writeGlossary(global, dictionary, previousGlobal, dictionaryChange, people.filter((p) => !p.reporter).map((p) => p.name));
    dictionary.close();
    dictionary = null;
    writeState(global, { followers, known });
    insertAll(global, 'INSERT INTO file_stamps (file, stamp) VALUES (?, ?)', states.flatMap((f) => (f.stamp === null ? [] : [[f.source, f.stamp]])));
    insertAll(global, 'INSERT INTO quoted_terms (term, count) VALUES (?, ?)', [...quoted].filter(([, n]) => n > 0));
    global.close();
    global = null;
    const seconds = (performance.now() - started) / 1000;
    // kept segments are immutable: their recorded checksums carry over instead of being computed again
    const carried = Object.fromEntries(segments.slice(0, -1).map((s) => [s.name, oldRecords[s.name]!]));
    // the databases this build wrote are hashed now, from the disk: the next build and the first reader need not hash
    // them again (the graph is hashed whenever it is loaded)
    const written = new Map(readdirSync(generation).filter((name) => ![MANIFEST_FILE, HNSW_FILE].includes(name) && !(name in carried)).map((name) => [name, contentStamp(path.join(generation!, name))]));
    const manifest: Manifest = {
      formatVersion: FORMAT_VERSION,
      builtAt: new Date().toISOString(),
      articlesDir,
      mode: vectors ? 'hybrid' : 'lexical',
      counts,
      settings: { chunking: DEFAULT_CHUNKING, limits, vocabularyHash: vocabulary, dense: graph?.dense ?? null },
      buildSeconds: Math.round(seconds * 100) / 100,
      files: { ...carried, ...recordFiles(generation, [MANIFEST_FILE, ...Object.keys(carried)]) },
    };
    await writeFile(path.join(generation, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
    await phase('publishing');
    await publishGeneration(indexDir, generation);
    await pauseAt('published');
    swapped = true;
    const published = generation;
    generation = null; // the index in use now: nothing that follows may remove it as a failed build's
    // what cannot be removed now (a reader writing its checked.json there) the next build removes
    await removeGenerationsBut(indexDir, published).catch((e: Error) =>
      progress.notice(`an old index generation is left for the next build to remove: ${e.message}`),
    );
    // the kept segments were verified when this build opened the previous index, and it hashed what it wrote: none needs hashing again
    carryChecked(published, manifest.files, new Map([...Object.keys(carried).flatMap((name): [string, string][] => (oldStamps.has(name) ? [[name, oldStamps.get(name)!]] : [])), ...written]));
    return {
      indexDir,
      generation: published,
      files: fileCounts.files,
      articles,
      passages: counts.passages,
      skipped,
      parsedFiles: fileCounts.indexed,
      reusedFiles: fileCounts.unchanged,
      unreadFiles: unread,
      skippedFiles: fileCounts.skipped,
      removedFiles,
      tokenizedPassages: tokenized,
      mode: vectors ? 'hybrid' : 'lexical',
      embeddedPassages: vectors?.embedded ?? 0,
      unchanged: false,
      seconds,
    };
  } catch (e) {
    abandon();
    throw e;
  } finally {
    progress.end();
    try {
      await pool.close();
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      lock.release();
    }
  }
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
    vocabularyHash(previous.vocabulary().sort()) === manifest.settings.vocabularyHash
  );
}

/** Files that share a passage with a queued file leave with it (a passage's articles all live in one segment). */
function closeOver(previous: PreviousIndex, queue: string[], leave: (file: string) => void): void {
  const done = new Set<string>();
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (done.has(file)) continue;
    done.add(file);
    for (const p of previous.rowsOf(file).passages) {
      for (const other of previous.filesOfPassage(p)) {
        if (!done.has(other)) {
          leave(other);
          queue.push(other);
        }
      }
    }
  }
}
