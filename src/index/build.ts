import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Article, Skipped } from './article.js';
import { DEFAULT_CHUNKING } from './chunk.js';
import { acquireBuildLock, currentGeneration, newGeneration, publishGeneration } from '../store/generations.js';
import { learnQuotedTerms } from './learn-words.js';
import { findPeople, groupPeople, storedAt } from './people.js';
import { loadCedict } from './glossary.js';
import { HNSW_FILE, HNSW_SETTINGS, writeHnsw, type DenseManifest } from '../store/vectors.js';
import { Embedder, ModelUnavailable, type ModelSource } from '../embedding/embedder.js';
import type { Manifest } from '../store/manifest.js';
import { recordFiles } from '../store/integrity.js';
import { PreviousIndex } from './previous.js';
import { listArticleFiles, readArticleFile, tooLarge } from './read-articles.js';
import { DEFAULT_LIMITS, type ReadLimits } from './limits.js';
import { DATABASE_FILE, FORMAT_VERSION, MANIFEST_FILE } from '../store/schema.js';
import { writeDatabase, type FileArticle, type Unique } from './write-index.js';
import { WendaError } from '../errors.js';
import { CURATED_DICTIONARY, Tokenizer } from '../text/tokenizer.js';
import { compact, simplify } from '../text/text.js';

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

/**
 * Passages with the same text (white space aside) are one passage with several sources: the same article filed under
 * several folders. Nothing else is folded: 5℃ and -5℃, or a traditional copy, are other texts to quote.
 */
export function passageKey(text: string): string {
  return sha1(compact(text));
}

async function readArticles(
  articlesDir: string,
  previous: PreviousIndex | null,
  progress: BuildProgress,
  limits: ReadLimits,
): Promise<{ stored: FileArticle[]; skipped: Skipped[]; files: number; reused: number }> {
  const skipped: Skipped[] = [];
  const files = await listArticleFiles(articlesDir, (item) => {
    skipped.push(item);
    progress.skipped(item);
  });
  const sameChunking =
    previous && JSON.stringify(previous.manifest.settings.chunking) === JSON.stringify(DEFAULT_CHUNKING);
  const oldHashes = sameChunking ? previous.fileHashes() : new Map<string, string>();
  const stored: FileArticle[] = [];
  let reused = 0;
  progress.phase('reading articles', files.length);
  const skip = (item: Skipped) => {
    skipped.push(item);
    progress.skipped(item);
  };
  for (const { source: file, path: where } of files) {
    let bytes: Buffer;
    try {
      const size = (await stat(where)).size;
      if (size > limits.maxFileBytes) {
        skip({ source: file, reason: tooLarge(size, limits) });
        progress.tick();
        continue;
      }
      bytes = await readFile(where);
    } catch (e) {
      skip({ source: file, reason: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
      progress.tick();
      continue;
    }
    const hash = sha1(bytes);
    if (oldHashes.get(file) === hash) {
      for (const a of previous!.articlesOf(file)) stored.push({ ...a, file, hash });
      reused++;
    } else {
      const result = readArticleFile(file, bytes, limits, DEFAULT_CHUNKING);
      for (const a of result.articles) stored.push({ ...a, file, hash });
      for (const item of result.skipped) skip(item);
    }
    progress.tick();
  }
  return { stored, skipped, files: files.length, reused };
}

function vocabularyHash(learned: string[]): string {
  return sha1(JSON.stringify([FORMAT_VERSION, readFileSync(CURATED_DICTIONARY, 'utf8'), learned]));
}

/**
 * One vector per unique passage with the configured model: those the previous index already has for this model and
 * text are carried over, the rest embedded in batches. Null when no model is configured, or when it cannot be had
 * (said once, and the index is lexical).
 */
async function embedPassages(
  options: BuildOptions,
  uniques: Unique[],
  previous: PreviousIndex | null,
  progress: BuildProgress,
): Promise<{ list: Float32Array[]; cacheKey: string; dense: DenseManifest; embedded: number } | null> {
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
  const cached = previous?.vectors(cacheKey) ?? new Map<string, Float32Array>();
  const missing = uniques.filter((u) => !cached.has(u.key));
  progress.phase(`embedding passages with ${model}`, missing.length);
  const fresh = await embedder.passages(missing.map((u) => u.text), (n) => progress.tick(n));
  const byKey = new Map(missing.map((u, i) => [u.key, fresh[i]!]));
  const list = uniques.map((u) => cached.get(u.key) ?? byKey.get(u.key)!);
  const dimension = list[0]?.length ?? embedder.spec.dimension ?? 0;
  if (embedder.spec.dimension !== null && dimension !== embedder.spec.dimension) {
    throw new WendaError(`the model ${model} gave vectors of ${dimension} numbers where ${embedder.spec.dimension} were expected`);
  }
  const { space, M, efConstruction, efSearch } = HNSW_SETTINGS;
  return { list, cacheKey, embedded: missing.length, dense: { model, dimension, space, M, efConstruction, efSearch, quantized: embedder.quantized } };
}

/**
 * Reads the articles folder and writes a new index generation beside the one in use, then publishes it atomically.
 * Unchanged files are carried over from the previous index; a failure at any point leaves the previous index in use.
 */
export async function buildIndex(options: BuildOptions): Promise<BuildReport> {
  const started = performance.now();
  const progress = options.progress ?? silent;
  const articlesDir = path.resolve(options.articlesDir);
  const indexDir = path.resolve(options.indexDir);
  const info = await stat(articlesDir).catch(() => null);
  if (!info?.isDirectory()) throw new WendaError(`the articles folder ${articlesDir} does not exist or is not a folder`);

  currentGeneration(indexDir); // something other than our link where `current` should be: said now, before any work
  const release = await acquireBuildLock(indexDir);
  let generation: string | null = null;
  const previous = PreviousIndex.open(currentGeneration(indexDir), (reason) =>
    progress.notice(`the previous index cannot be reused, building from scratch: ${reason}`),
  );
  try {
    const { stored, skipped, files, reused } = await readArticles(articlesDir, previous, progress, options.limits ?? DEFAULT_LIMITS);
    if (stored.length === 0) {
      throw new WendaError(`no article could be indexed in ${articlesDir} (${files} files, ${skipped.length} skipped)`);
    }

    // one passage for each distinct text, remembering every article and ordinal it stands at
    const uniques: Unique[] = [];
    const idByKey = new Map<string, number>();
    const links: { article: number; ordinal: number; passage: number }[] = [];
    stored.forEach((s, article) => {
      s.passages.forEach((text, i) => {
        const key = passageKey(text);
        let id = idByKey.get(key);
        if (id === undefined) {
          id = uniques.push({ key, text, words: [] }) - 1;
          idByKey.set(key, id);
        }
        links.push({ article, ordinal: i + 1, passage: id });
      });
    });

    progress.phase('finding people and terms');
    // people are found in simplified text: titles and names are matched in simplified characters; headlines are read
    // like passages (units after the passages), so that a person a headline names has the article among theirs
    const mentions = findPeople([...uniques, ...stored.map((s) => ({ text: s.article.title }))].map((u) => simplify(u.text)));
    const names = mentions.flatMap((ms) => ms.map((m) => m.name));
    const learned = [...new Set([...learnQuotedTerms(stored.flatMap((s) => [s.article.title, ...s.passages])), ...names])].sort();
    const vocabulary = vocabularyHash(learned);
    const oldWords = previous?.wordsByKey(vocabulary) ?? new Map<string, string>();
    const tokenizer = new Tokenizer(learned);

    let tokenized = 0;
    progress.phase('tokenizing passages', uniques.length);
    for (const u of uniques) {
      const kept = oldWords.get(u.key);
      u.words = kept !== undefined ? (kept ? kept.split(' ') : []) : tokenizer.terms(u.text).words;
      if (kept === undefined) tokenized++;
      progress.tick();
    }
    const articlesOf = new Map<number, number[]>();
    for (const l of links) {
      const list = articlesOf.get(l.passage);
      if (list) list.push(l.article);
      else articlesOf.set(l.passage, [l.article]);
    }
    const firstPassage = new Map(links.filter((l) => l.ordinal === 1).map((l) => [l.article, l.passage]));
    const headline = (unit: number) => unit - uniques.length;
    const people = storedAt(
      groupPeople(
        mentions,
        (unit) => (headline(unit) < 0 ? (articlesOf.get(unit) ?? []) : [headline(unit)]),
        (unit) => (headline(unit) < 0 ? uniques[unit]!.words : tokenizer.terms(stored[headline(unit)]!.article.title).words),
      ),
      (unit) => (headline(unit) < 0 ? unit : firstPassage.get(headline(unit))),
    );

    const vectors = await embedPassages(options, uniques, previous, progress);
    previous?.close();

    progress.phase('writing the index');
    generation = await newGeneration(indexDir);
    const cedict = await loadCedict();
    writeDatabase(
      path.join(generation, DATABASE_FILE),
      { cedict, stored, uniques, links, people, learned, skipped, vectors: vectors && { model: vectors.cacheKey, list: vectors.list } },
      tokenizer,
    );
    if (vectors) await writeHnsw(path.join(generation, HNSW_FILE), vectors.list, vectors.dense.dimension);
    const seconds = (performance.now() - started) / 1000;
    const manifest: Manifest = {
      formatVersion: FORMAT_VERSION,
      builtAt: new Date().toISOString(),
      articlesDir,
      mode: vectors ? 'hybrid' : 'lexical',
      counts: { files, articles: stored.length, passages: uniques.length, passageSources: links.length, skipped: skipped.length },
      settings: { chunking: DEFAULT_CHUNKING, vocabularyHash: vocabulary, dense: vectors?.dense ?? null },
      buildSeconds: Math.round(seconds * 100) / 100,
      files: recordFiles(generation, MANIFEST_FILE),
    };
    await writeFile(path.join(generation, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
    await publishGeneration(indexDir, generation);
    return {
      indexDir,
      generation,
      files,
      articles: stored.length,
      passages: uniques.length,
      skipped,
      parsedFiles: files - reused,
      reusedFiles: reused,
      tokenizedPassages: tokenized,
      mode: vectors ? 'hybrid' : 'lexical',
      embeddedPassages: vectors?.embedded ?? 0,
      seconds,
    };
  } catch (e) {
    previous?.close();
    if (generation) await rm(generation, { recursive: true, force: true });
    throw e;
  } finally {
    await release();
  }
}
