import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Article, Skipped } from './article.js';
import { chunkParagraphs, DEFAULT_CHUNKING } from './chunk.js';
import { acquireBuildLock, currentGeneration, newGeneration, publishGeneration } from './generations.js';
import { learnQuotedTerms } from './learn-words.js';
import { findPeople, groupPeople } from './people.js';
import { loadCedict } from './glossary.js';
import type { Manifest } from './manifest.js';
import { PreviousIndex } from './previous.js';
import { listArticleFiles, parseArticleFile } from './read-articles.js';
import { DATABASE_FILE, FORMAT_VERSION, MANIFEST_FILE } from './schema.js';
import { writeDatabase, type FileArticle, type Unique } from './write-index.js';
import { WendaError } from '../errors.js';
import { CURATED_DICTIONARY, Tokenizer } from '../retrieval/tokenizer.js';
import { fold } from '../retrieval/text.js';

export interface BuildProgress {
  /** A phase starts; total is known for the phases that count items. */
  phase(name: string, total?: number): void;
  tick(n?: number): void;
  skipped(item: Skipped): void;
}

export interface BuildOptions {
  articlesDir: string;
  indexDir: string;
  progress?: BuildProgress;
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
  seconds: number;
}

const silent: BuildProgress = { phase() {}, tick() {}, skipped() {} };

function sha1(data: string | Uint8Array): string {
  return createHash('sha1').update(data).digest('hex');
}

/** Passages that read the same (same letters and digits once folded) are one passage with several sources. */
export function passageKey(text: string): string {
  return sha1(fold(text).replace(/[^\p{L}\p{N}]+/gu, ''));
}

async function readArticles(
  articlesDir: string,
  previous: PreviousIndex | null,
  progress: BuildProgress,
): Promise<{ stored: FileArticle[]; skipped: Skipped[]; files: number; reused: number }> {
  const files = await listArticleFiles(articlesDir);
  const sameChunking =
    previous && JSON.stringify(previous.manifest.settings.chunking) === JSON.stringify(DEFAULT_CHUNKING);
  const oldHashes = sameChunking ? previous.fileHashes() : new Map<string, string>();
  const stored: FileArticle[] = [];
  const skipped: Skipped[] = [];
  let reused = 0;
  progress.phase('reading articles', files.length);
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = await readFile(path.join(articlesDir, file));
    } catch (e) {
      const item = { source: file, reason: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
      skipped.push(item);
      progress.skipped(item);
      progress.tick();
      continue;
    }
    const hash = sha1(bytes);
    if (oldHashes.get(file) === hash) {
      for (const a of previous!.articlesOf(file)) stored.push({ ...a, file, hash });
      reused++;
    } else {
      const result = parseArticleFile(file, bytes);
      for (const article of result.articles) stored.push({ article, passages: chunkParagraphs(article.paragraphs), file, hash });
      for (const item of result.skipped) {
        skipped.push(item);
        progress.skipped(item);
      }
    }
    progress.tick();
  }
  return { stored, skipped, files: files.length, reused };
}

function vocabularyHash(learned: string[]): string {
  return sha1(JSON.stringify([FORMAT_VERSION, readFileSync(CURATED_DICTIONARY, 'utf8'), learned]));
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

  const release = await acquireBuildLock(indexDir);
  let generation: string | null = null;
  const previous = PreviousIndex.open(await currentGeneration(indexDir));
  try {
    const { stored, skipped, files, reused } = await readArticles(articlesDir, previous, progress);
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
    const mentions = findPeople(uniques.map((u) => u.text));
    const names = mentions.flatMap((ms) => ms.map((m) => m.name));
    const learned = [...new Set([...learnQuotedTerms(stored.flatMap((s) => [s.article.title, ...s.passages])), ...names])].sort();
    const vocabulary = vocabularyHash(learned);
    const oldWords = previous?.wordsByKey(vocabulary) ?? new Map<string, string>();
    previous?.close();
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
    for (const l of links) articlesOf.set(l.passage, [...(articlesOf.get(l.passage) ?? []), l.article]);
    const people = groupPeople(mentions, (p) => articlesOf.get(p) ?? [], (p) => uniques[p]!.words);

    progress.phase('writing the index');
    generation = await newGeneration(indexDir);
    const cedict = await loadCedict();
    writeDatabase(path.join(generation, DATABASE_FILE), { cedict, stored, uniques, links, people, learned, skipped }, tokenizer);
    const seconds = (performance.now() - started) / 1000;
    const manifest: Manifest = {
      formatVersion: FORMAT_VERSION,
      builtAt: new Date().toISOString(),
      articlesDir,
      mode: 'lexical',
      counts: { files, articles: stored.length, passages: uniques.length, passageSources: links.length, skipped: skipped.length },
      settings: { chunking: DEFAULT_CHUNKING, vocabularyHash: vocabulary },
      buildSeconds: Math.round(seconds * 100) / 100,
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
