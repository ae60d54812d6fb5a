import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Skipped } from './article.js';
import { ArticleWriter } from './article-writer.js';
import { DEFAULT_CHUNKING } from './chunk.js';
import { acquireBuildLock } from '../store/build-lock.js';
import { currentGeneration, newGeneration, publishGeneration, removeGenerationsBut } from '../store/generations.js';
import { indexTerms } from './index-terms.js';
import { learnQuotedTerms } from './learn-words.js';
import { findPeople, groupPeople, storedAt } from './people.js';
import { loadCedict } from './glossary.js';
import { PostingRuns } from './postings.js';
import { HNSW_FILE, HNSW_SETTINGS, vectorFromBlob, writeHnsw, type DenseManifest } from '../store/vectors.js';
import { Embedder, ModelUnavailable, type ModelSource } from '../embedding/embedder.js';
import type { Manifest } from '../store/manifest.js';
import { recordFiles } from '../store/integrity.js';
import { PreviousIndex } from './previous.js';
import { listArticleFiles, readArticleFile, tooLarge } from './read-articles.js';
import { DEFAULT_LIMITS, type ReadLimits } from './limits.js';
import { DATABASE_FILE, FORMAT_VERSION, MANIFEST_FILE } from '../store/schema.js';
import { createDatabase, writeDirectories, writePostings } from './write-index.js';
import { WendaError } from '../errors.js';
import { CURATED_DICTIONARY, Tokenizer } from '../text/tokenizer.js';
import { simplify } from '../text/text.js';

export interface BuildProgress {
  /** A phase starts; total is known for the phases that count items. */
  phase(name: string, total?: number): void;
  tick(n?: number): void;
  skipped(item: Skipped): void;
  /** Something the user should know once (the model is missing, so the index is lexical). */
  notice(message: string): void;
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
  /** Postings held in memory before they are written to disk as a run (default RUN_POSTINGS). */
  runSize?: number;
}

export interface BuildReport {
  indexDir: string;
  generation: string;
  files: number;
  articles: number;
  passages: number;
  skipped: Skipped[];
  /** Files parsed now, and files carried over unchanged from the previous index. */
  parsedFiles: number;
  reusedFiles: number;
  /** Passages tokenized now (the rest kept the previous build's tokens). */
  tokenizedPassages: number;
  mode: 'lexical' | 'hybrid';
  /** Passages embedded now (the rest kept the previous build's vectors of the same model). */
  embeddedPassages: number;
  seconds: number;
}

const silent: BuildProgress = { phase() {}, tick() {}, skipped() {}, notice() {} };

function sha1(data: string | Uint8Array): string {
  return createHash('sha1').update(data).digest('hex');
}

/** Files read between two commits (and two turns of the event loop, where signals are heard). */
const FILE_BATCH = 200;

/**
 * Reads the articles folder into the new database through `writer`, one file at a time: files whose bytes the
 * previous index already holds are carried over from it, the others parsed and cut into passages.
 */
async function readArticles(
  articlesDir: string,
  previous: PreviousIndex | null,
  writer: ArticleWriter,
  db: Database.Database,
  progress: BuildProgress,
  phase: (name: string, total: number) => Promise<void>,
  limits: ReadLimits,
): Promise<{ skipped: Skipped[]; files: number; reused: number }> {
  const skipped: Skipped[] = [];
  const skip = (item: Skipped) => {
    skipped.push(item);
    progress.skipped(item);
  };
  const files = await listArticleFiles(articlesDir, skip);
  const sameChunking =
    previous && JSON.stringify(previous.manifest.settings.chunking) === JSON.stringify(DEFAULT_CHUNKING);
  const oldHashes = sameChunking ? previous.fileHashes() : new Map<string, string>();
  let reused = 0;
  await phase('reading articles', files.length);
  for (let from = 0; from < files.length; from += FILE_BATCH) {
    db.exec('BEGIN');
    for (const { source: file, path: where } of files.slice(from, from + FILE_BATCH)) {
      progress.tick();
      let bytes: Buffer;
      try {
        const size = (await stat(where)).size;
        if (size > limits.maxFileBytes) {
          skip({ source: file, reason: tooLarge(size, limits) });
          continue;
        }
        bytes = await readFile(where);
      } catch (e) {
        skip({ source: file, reason: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
        continue;
      }
      const hash = sha1(bytes);
      if (oldHashes.get(file) === hash) {
        for (const a of previous!.articlesOf(file)) writer.add(a.article, a.passages, file, hash);
        reused++;
        continue;
      }
      const result = readArticleFile(file, bytes, limits, DEFAULT_CHUNKING);
      for (const a of result.articles) writer.add(a.article, a.passages, file, hash);
      result.skipped.forEach(skip);
    }
    db.exec('COMMIT');
  }
  return { skipped, files: files.length, reused };
}

function vocabularyHash(learned: string[]): string {
  return sha1(JSON.stringify([FORMAT_VERSION, readFileSync(CURATED_DICTIONARY, 'utf8'), learned]));
}

/** Passages embedded between two commits. */
const EMBED_BATCH = 256;

/**
 * One vector per passage with the configured model, stored in the database: those the previous index already has for
 * this model and text are carried over, the rest embedded in batches. Null when no model is configured, or when it
 * cannot be had (said once, and the index is lexical).
 */
async function embedPassages(
  options: BuildOptions,
  db: Database.Database,
  passages: number,
  previous: PreviousIndex | null,
  progress: BuildProgress,
): Promise<{ cacheKey: string; dense: DenseManifest; embedded: number } | null> {
  const model = options.model ?? 'none';
  if (model === 'none') return null;
  let embedder: Embedder;
  try {
    embedder = await Embedder.load(model, options.modelSource ?? { modelsDir: 'models', allowRemote: false });
  } catch (e) {
    if (!(e instanceof ModelUnavailable)) throw e;
    progress.notice(`${e.message}; building a lexical index`);
    return null;
  }
  // int8 and float32 weights give slightly different vectors: the cache keeps them apart
  const cacheKey = `${model}@${embedder.quantized ? 'int8' : 'float32'}`;
  const cached = previous?.vectorsOf(cacheKey) ?? (() => undefined);
  const read = db.prepare('SELECT key, text FROM passages WHERE id >= ? AND id < ? ORDER BY id');
  const insert = db.prepare('INSERT INTO embeddings (key, model, vector) VALUES (?, ?, ?)');
  let embedded = 0;
  let dimension = embedder.spec.dimension ?? 0;
  progress.phase(`embedding passages with ${model}`, passages);
  for (let from = 0; from < passages; from += EMBED_BATCH) {
    const rows = read.all(from, from + EMBED_BATCH) as { key: string; text: string }[];
    const vectors = rows.map((r) => cached(r.key));
    const missing = rows.filter((_, i) => !vectors[i]);
    const fresh = await embedder.passages(missing.map((r) => r.text));
    embedded += fresh.length;
    let next = 0;
    db.transaction(() => {
      rows.forEach((r, i) => {
        const v = vectors[i] ?? fresh[next++]!;
        if (from === 0 && i === 0 && embedder.spec.dimension === null) dimension = v.length;
        if (v.length !== dimension) {
          throw new WendaError(`the model ${model} gave vectors of ${v.length} numbers where ${dimension} were expected`);
        }
        insert.run(r.key, cacheKey, Buffer.from(v.buffer, v.byteOffset, v.byteLength));
      });
    })();
    progress.tick(rows.length);
  }
  const { space, M, efConstruction, efSearch } = HNSW_SETTINGS;
  return { cacheKey, embedded, dense: { model, dimension, space, M, efConstruction, efSearch, quantized: embedder.quantized } };
}

/** Longer than any headline; see simplifiedUnits. */
const MAX_HEADLINE_CHARS = 300;

/**
 * Where people are looked for, streamed from the database and simplified (titles and names are matched so): the
 * passages in id order, then the headlines in article order, read like passages so that a person a headline names has
 * the article among theirs. Unit u is passage u below `passages`, else the headline of article u - passages.
 */
function* simplifiedUnits(db: Database.Database): Generator<string> {
  for (const text of db.prepare('SELECT text FROM passages ORDER BY id').pluck().iterate()) yield simplify(text as string);
  for (const title of db.prepare('SELECT title FROM articles ORDER BY id').pluck().iterate()) {
    // a "title" this long is a first line that holds a whole text, not a headline: reading it for names would cost
    // time that grows with the square of its length, after the per-file limits were checked
    yield (title as string).length > MAX_HEADLINE_CHARS ? '' : simplify(title as string);
  }
}

/** Every title, and every passage as often as articles hold it: where quoted terms are counted. */
function* titlesAndPassages(db: Database.Database): Generator<string> {
  yield* db.prepare('SELECT title FROM articles').pluck().iterate() as Iterable<string>;
  yield* db.prepare('SELECT p.text FROM passage_sources s JOIN passages p ON p.id = s.passage_id').pluck().iterate() as Iterable<string>;
}

/**
 * A test hook: WENDA_BUILD_PAUSE=<phase> holds the build for a minute when that phase starts, so that a test can kill
 * it at a known point (after the generation exists, during the merge, just before publishing).
 */
async function pauseAt(phase: string): Promise<void> {
  if (process.env.WENDA_BUILD_PAUSE === phase) await new Promise((resolve) => setTimeout(resolve, 60_000));
}

/**
 * Reads the articles folder and writes a new index generation beside the one in use, then publishes it atomically.
 * Articles stream through the database in batches and postings through runs on disk, so memory does not grow with the
 * folder. Unchanged files are carried over from the previous index; a failure at any point, or SIGINT/SIGTERM, leaves
 * the previous index in use and removes what this build wrote.
 */
export async function buildIndex(options: BuildOptions): Promise<BuildReport> {
  const started = performance.now();
  const progress = options.progress ?? silent;
  const phase = async (name: string, total?: number) => {
    progress.phase(name, total);
    await pauseAt(name);
  };
  const articlesDir = path.resolve(options.articlesDir);
  const indexDir = path.resolve(options.indexDir);
  const info = await stat(articlesDir).catch(() => null);
  if (!info?.isDirectory()) throw new WendaError(`the articles folder ${articlesDir} does not exist or is not a folder`);

  currentGeneration(indexDir); // something other than our link where `current` should be: said now, before any work
  const lock = acquireBuildLock(indexDir);
  let generation: string | null = null;
  let db: Database.Database | null = null;
  let previous: PreviousIndex | null = null;
  const abandon = () => {
    previous?.close();
    db?.close();
    if (generation) rmSync(generation, { recursive: true, force: true });
  };
  // a signal ends the build as a failure does (nothing half-written is left behind), then ends the process by it
  const onSignal = (signal: NodeJS.Signals) => {
    try {
      abandon();
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
    generation = await newGeneration(indexDir);
    db = createDatabase(path.join(generation, DATABASE_FILE));
    const writer = new ArticleWriter(db);
    const { skipped, files, reused } = await readArticles(articlesDir, previous, writer, db, progress, phase, options.limits ?? DEFAULT_LIMITS);
    if (writer.articles === 0) {
      throw new WendaError(`no article could be indexed in ${articlesDir} (${files} files, ${skipped.length} skipped)`);
    }

    await phase('finding people and terms');
    const mentions = findPeople(() => simplifiedUnits(db!));
    const names = mentions.flatMap((ms) => ms.map((m) => m.name));
    const learned = [...new Set([...learnQuotedTerms(titlesAndPassages(db)), ...names])].sort();
    const vocabulary = vocabularyHash(learned);
    const tokenizer = new Tokenizer(learned);

    await phase('tokenizing passages', writer.passages);
    const runs = new PostingRuns(generation, options.runSize);
    const kept = previous?.wordsUnder(vocabulary) ?? (() => undefined);
    const tokenized = await indexTerms(db, tokenizer, kept, runs, () => progress.tick());
    const articlesOf = db.prepare('SELECT article_id FROM passage_sources WHERE passage_id = ? ORDER BY article_id').pluck();
    const wordsOf = db.prepare('SELECT words FROM passages WHERE id = ?').pluck();
    const titleOf = db.prepare('SELECT title FROM articles WHERE id = ?').pluck();
    const firstPassage = db.prepare('SELECT passage_id FROM passage_sources WHERE article_id = ? AND ordinal = 1').pluck();
    const headline = (unit: number) => unit - writer.passages;
    // a headline's people are stored at the first passage of its article
    const people = storedAt(
      groupPeople(
        mentions,
        (unit) => (headline(unit) < 0 ? (articlesOf.all(unit) as number[]) : [headline(unit)]),
        (unit) =>
          headline(unit) < 0
            ? (wordsOf.get(unit) as string).split(' ').filter(Boolean)
            : tokenizer.terms(titleOf.get(headline(unit)) as string).words,
      ),
      (unit) => (headline(unit) < 0 ? unit : (firstPassage.get(headline(unit)) as number | undefined)),
    );

    const vectors = await embedPassages(options, db, writer.passages, previous, progress);
    previous?.close();
    previous = null;

    const cedict = await loadCedict();
    await phase('merging postings');
    const passagesHolding = writePostings(db, runs.merge(), cedict.map((entry) => entry[1]));
    await phase('writing people and the glossary');
    writeDirectories(db, { cedict, passagesHolding, people, learned, skipped });
    if (vectors) {
      const stored = db
        .prepare('SELECT e.vector FROM passages p JOIN embeddings e ON e.key = p.key AND e.model = ? ORDER BY p.id')
        .pluck()
        .iterate(vectors.cacheKey) as Iterable<Buffer>;
      await writeHnsw(path.join(generation, HNSW_FILE), (function* () {
        for (const blob of stored) yield vectorFromBlob(blob);
      })(), writer.passages, vectors.dense.dimension);
    }
    db.close();
    db = null;
    const seconds = (performance.now() - started) / 1000;
    const counts = { files, articles: writer.articles, passages: writer.passages, passageSources: writer.passageSources, skipped: skipped.length };
    const manifest: Manifest = {
      formatVersion: FORMAT_VERSION,
      builtAt: new Date().toISOString(),
      articlesDir,
      mode: vectors ? 'hybrid' : 'lexical',
      counts,
      settings: { chunking: DEFAULT_CHUNKING, vocabularyHash: vocabulary, dense: vectors?.dense ?? null },
      buildSeconds: Math.round(seconds * 100) / 100,
      files: recordFiles(generation, MANIFEST_FILE),
    };
    await writeFile(path.join(generation, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
    await phase('publishing');
    await publishGeneration(indexDir, generation);
    return {
      indexDir,
      generation,
      files,
      articles: writer.articles,
      passages: writer.passages,
      skipped,
      parsedFiles: files - reused,
      reusedFiles: reused,
      tokenizedPassages: tokenized,
      mode: vectors ? 'hybrid' : 'lexical',
      embeddedPassages: vectors?.embedded ?? 0,
      seconds,
    };
  } catch (e) {
    abandon();
    throw e;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    lock.release();
  }
}
