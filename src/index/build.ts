import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readFile, stat, writeFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Article, Skipped } from './article.js';
import { chunkParagraphs, DEFAULT_CHUNKING } from './chunk.js';
import { acquireBuildLock, currentGeneration, newGeneration, publishGeneration } from './generations.js';
import { learnQuotedTerms } from './learn-words.js';
import { findPeople, groupPeople, type Person } from './people.js';
import { buildGlossary, loadCedict, type CedictEntry } from './glossary.js';
import type { Manifest } from './manifest.js';
import { PreviousIndex, type StoredArticle } from './previous.js';
import { listArticleFiles, parseArticleFile } from './read-articles.js';
import { DATABASE_FILE, FORMAT_VERSION, MANIFEST_FILE, SCHEMA } from './schema.js';
import { WendaError } from '../errors.js';
import { readFileSync } from 'node:fs';
import { CURATED_DICTIONARY, Tokenizer } from '../retrieval/tokenizer.js';
import { fold, hanBigrams } from '../retrieval/text.js';

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

interface Unique {
  key: string;
  text: string;
  words: string[];
}

function countTerms(terms: string[], into = new Map<string, number>(), times = 1): Map<string, number> {
  for (const t of terms) into.set(t, (into.get(t) ?? 0) + times);
  return into;
}

/** The full-text index being built: per field key, the ids that hold the term and how often. */
class Postings {
  private readonly map = new Map<string, { ids: number[]; tfs: number[] }>();

  has(key: string): boolean {
    return this.map.has(key);
  }

  add(prefix: string, id: number, counts: Map<string, number>): void {
    for (const [term, tf] of counts) {
      const key = prefix + term;
      let list = this.map.get(key);
      if (!list) this.map.set(key, (list = { ids: [], tfs: [] }));
      list.ids.push(id);
      list.tfs.push(Math.min(tf, 0xffff));
    }
  }

  *rows(): Generator<[string, Buffer, Buffer]> {
    for (const [key, { ids, tfs }] of this.map) {
      yield [key, Buffer.from(new Uint32Array(ids).buffer), Buffer.from(new Uint16Array(tfs).buffer)];
    }
  }
}

async function readArticles(
  articlesDir: string,
  previous: PreviousIndex | null,
  progress: BuildProgress,
): Promise<{ stored: (StoredArticle & { file: string; hash: string })[]; skipped: Skipped[]; files: number; reused: number }> {
  const files = await listArticleFiles(articlesDir);
  const sameChunking =
    previous && JSON.stringify(previous.manifest.settings.chunking) === JSON.stringify(DEFAULT_CHUNKING);
  const oldHashes = sameChunking ? previous.fileHashes() : new Map<string, string>();
  const stored: (StoredArticle & { file: string; hash: string })[] = [];
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

interface IndexContent {
  cedict: CedictEntry[];
  stored: (StoredArticle & { file: string; hash: string })[];
  uniques: Unique[];
  links: { article: number; ordinal: number; passage: number }[];
  people: Person[];
  learned: string[];
  skipped: Skipped[];
}

function writeDatabase(file: string, content: IndexContent, tokenizer: Tokenizer): void {
  const { cedict, stored, uniques, links, people, learned, skipped } = content;
  const db = new Database(file);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.exec(SCHEMA);
  const postings = new Postings();
  const write = db.transaction(() => {
    const insertPassage = db.prepare(
      'INSERT INTO passages (id, key, text, words, n_words, n_bigrams, prev, next) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    // neighbours within the first article that holds the passage
    const prev = new Map<number, number>();
    const next = new Map<number, number>();
    const firstArticle = new Map<number, number>();
    for (let i = 0; i < links.length; i++) {
      const l = links[i]!;
      if (!firstArticle.has(l.passage)) firstArticle.set(l.passage, l.article);
    }
    for (let i = 1; i < links.length; i++) {
      const a = links[i - 1]!;
      const b = links[i]!;
      if (a.article !== b.article) continue;
      if (firstArticle.get(b.passage) === b.article && !prev.has(b.passage)) prev.set(b.passage, a.passage);
      if (firstArticle.get(a.passage) === a.article && !next.has(a.passage)) next.set(a.passage, b.passage);
    }
    const wordCounts: Map<string, number>[] = [];
    const bigramCounts: Map<string, number>[] = [];
    uniques.forEach((u, id) => {
      const words = countTerms(u.words);
      const bigrams = countTerms(hanBigrams(fold(u.text)));
      wordCounts.push(words);
      bigramCounts.push(bigrams);
      postings.add('w:', id, words);
      postings.add('b:', id, bigrams);
      const nBigrams = [...bigrams.values()].reduce((a, b) => a + b, 0);
      insertPassage.run(id, u.key, u.text, u.words.join(' '), u.words.length, nBigrams, prev.get(id) ?? null, next.get(id) ?? null);
    });

    const insertArticle = db.prepare(
      'INSERT INTO articles (id, source, file, file_hash, title, date, url, n_words, n_bigrams) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const passagesOf = new Map<number, number[]>();
    for (const l of links) {
      let list = passagesOf.get(l.article);
      if (!list) passagesOf.set(l.article, (list = []));
      list.push(l.passage);
    }
    const total = (counts: Map<string, number>) => [...counts.values()].reduce((a, b) => a + b, 0);
    stored.forEach((s, id) => {
      // the title counts three times: it names what the whole article is about
      const title = tokenizer.terms(s.article.title);
      const words = countTerms(title.words, new Map(), 3);
      const bigrams = countTerms(title.bigrams, new Map(), 3);
      for (const p of passagesOf.get(id) ?? []) {
        for (const [t, n] of wordCounts[p]!) words.set(t, (words.get(t) ?? 0) + n);
        for (const [t, n] of bigramCounts[p]!) bigrams.set(t, (bigrams.get(t) ?? 0) + n);
      }
      postings.add('aw:', id, words);
      postings.add('ab:', id, bigrams);
      const a = s.article;
      insertArticle.run(id, a.source, s.file, s.hash, a.title, a.date, a.url, total(words), total(bigrams));
    });

    // a word is in the corpus when it is a token, or every pair of its characters occurs (jieba may cut it apart)
    const inCorpus = (word: string) => {
      const bigrams = hanBigrams(word);
      return postings.has(`w:${word}`) || (bigrams.length > 0 && bigrams.every((b) => postings.has(`b:${b}`)));
    };
    const insertGloss = db.prepare('INSERT INTO glossary (key, words) VALUES (?, ?)');
    for (const [key, words] of buildGlossary(cedict, inCorpus, new Set(people.filter((p) => !p.reporter).map((p) => p.name)))) {
      insertGloss.run(key, words.join(' '));
    }

    const insertLink = db.prepare('INSERT INTO passage_sources (article_id, ordinal, passage_id) VALUES (?, ?, ?)');
    for (const l of links) insertLink.run(l.article, l.ordinal, l.passage);
    const insertPosting = db.prepare('INSERT INTO postings (key, ids, tfs) VALUES (?, ?, ?)');
    for (const row of postings.rows()) insertPosting.run(...row);
    const insertWord = db.prepare('INSERT INTO vocabulary (word) VALUES (?)');
    for (const w of learned) insertWord.run(w);
    const insertSkipped = db.prepare('INSERT INTO skipped (source, reason) VALUES (?, ?)');
    for (const s of skipped) insertSkipped.run(s.source, s.reason);
    const insertPerson = db.prepare('INSERT INTO people (id, name, reporter) VALUES (?, ?, ?)');
    const insertTitle = db.prepare('INSERT INTO person_titles (person_id, title, passage_id) VALUES (?, ?, ?)');
    const insertMention = db.prepare('INSERT INTO person_mentions (person_id, passage_id) VALUES (?, ?)');
    people.forEach((person, id) => {
      insertPerson.run(id, person.name, person.reporter ? 1 : 0);
      for (const t of person.titles) insertTitle.run(id, t.title, t.passage);
      for (const p of new Set(person.mentions)) insertMention.run(id, p);
    });
  });
  write();
  db.close();
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
