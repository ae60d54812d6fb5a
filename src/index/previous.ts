import type Database from 'better-sqlite3';
import path from 'node:path';
import type { Article, Skipped } from './article.js';
import { noteOwner } from './note-owner.js';
import { readState, type PeopleState, type Unit } from './people-state.js';
import { quickCheck } from '../store/check-index.js';
import { contentStamp, DamagedIndex, verifyFilesOnce } from '../store/integrity.js';
import { readManifest, type Manifest } from '../store/manifest.js';
import { openGeneration, segmentSchema, type Segment } from '../store/segments.js';
import { DATABASE_FILE } from '../store/schema.js';
import { readVocabulary, type Vocabulary } from '../store/vocabulary.js';
import { decodePostings } from '../store/postings-codec.js';
import { HNSW_FILE, vectorFromBlob } from '../store/vectors.js';
import { hanBigrams } from '../text/text.js';

/** An article the previous build already read, cut and stored, ready to be carried over when its file is unchanged. */
export interface StoredArticle {
  article: Article;
  passages: string[];
  /** For each passage, the article paragraph it begins in (chunk.ts). */
  paragraphs: number[];
}

/** The live rows a file has in the previous index. */
export interface FileRows {
  articles: number[];
  passages: number[];
}

/**
 * The index a rebuild starts from: its segments are kept (hard-linked) as they are, files whose bytes are unchanged
 * are taken from it instead of being parsed again, and passages whose tokens were made under the same vocabulary keep
 * them. It is trusted only when every file matches the checksum its build recorded and SQLite's quick_check passes:
 * a damaged page would otherwise be carried on.
 */
export class PreviousIndex {
  private readonly stmts: Record<'articles' | 'passagesOfArticle' | 'articlesOfPassage' | 'fileOfArticle' | 'liveByKey', Database.Statement>;

  private constructor(
    private readonly db: Database.Database,
    readonly dir: string,
    readonly manifest: Manifest,
    readonly segments: Segment[],
    /** contentStamp of each database when it was verified: what a new generation's links of it may be vouched for by. */
    readonly stamps: ReadonlyMap<string, string>,
  ) {
    this.stmts = {
      articles: db.prepare('SELECT id, source, title, date, url FROM articles WHERE file = ? ORDER BY id'),
      // a subquery, not a join: SQLite materializes a join of two UNION ALL views (every passage of the index, at
      // each call), where each view alone is searched by its key in every segment
      passagesOfArticle: db.prepare(
        'SELECT s.passage_id AS id, s.paragraph, (SELECT p.text FROM passages p WHERE p.id = s.passage_id) AS text FROM passage_sources s WHERE s.article_id = ? ORDER BY s.ordinal',
      ),
      articlesOfPassage: db.prepare('SELECT article_id FROM passage_sources WHERE passage_id = ?').pluck(),
      fileOfArticle: db.prepare('SELECT file FROM articles WHERE id = ?').pluck(),
      liveByKey: db.prepare('SELECT id FROM passages WHERE key = ?').pluck(),
    };
  }

  /** The previous index, or null when there is none or it cannot be trusted (`rejected` hears why). */
  static open(dir: string | null, rejected: (reason: string) => void): PreviousIndex | null {
    if (!dir) return null;
    let db: Database.Database | null = null;
    try {
      const manifest = readManifest(dir);
      const databases = Object.keys(manifest.files).filter((name) => name !== HNSW_FILE);
      // a file hashed in full before and unwritten since (checked.json) is taken as checked, as a reader takes it
      const hashed = verifyFilesOnce(dir, manifest.files, databases);
      const stamps = new Map(databases.map((name) => [name, contentStamp(path.join(dir, name))]));
      const opened = openGeneration(dir);
      db = opened.db;
      // SQLite's check of each database hashed now, as before; one vouched for holds the bytes its build wrote
      const schemas = new Map([[DATABASE_FILE, 'main'], ...opened.segments.map((s, i): [string, string] => [s.name, segmentSchema(i)])]);
      for (const name of hashed.filter((n) => schemas.has(n))) quickCheck(db, path.join(dir, name), schemas.get(name));
      return new PreviousIndex(db, dir, manifest, opened.segments, stamps);
    } catch (e) {
      db?.close();
      // the advice to rebuild that a reader gives is what this build is doing
      rejected(e instanceof DamagedIndex ? `${e.file} is damaged (${e.problem})` : (e as Error).message.replace(/; rebuild it with "wenda index build[^"]*"$/u, ''));
      return null;
    }
  }

  private hashes: Map<string, string> | null = null;
  private articleStamps: Map<string, string> | null = null;

  /** Hash of each file the previous index holds live rows of (read once: a scan of every article). */
  fileHashes(): ReadonlyMap<string, string> {
    // every article of a file has its hash: a map of the rows rather than SQL's DISTINCT, which sorts them
    this.hashes ??= new Map(this.db.prepare('SELECT file, file_hash FROM articles').raw().all() as [string, string][]);
    return this.hashes;
  }

  /** The stamp of each file when the bytes the previous index holds were hashed (index/file-stamp.ts). */
  fileStamps(): ReadonlyMap<string, string> {
    this.articleStamps ??= new Map(this.db.prepare('SELECT file, stamp FROM main.file_stamps').raw().all() as [string, string][]);
    return this.articleStamps;
  }

  /** The files with live rows in a segment. */
  filesIn(segment: number): string[] {
    return this.db
      .prepare(`SELECT DISTINCT file FROM ${segmentSchema(segment)}.articles WHERE id NOT IN (SELECT id FROM main.deleted_articles)`)
      .pluck()
      .all() as string[];
  }

  /** Live passages in each segment: its ids are dense (the writer numbers them in turn), less those deleted. */
  liveCounts(): number[] {
    const deleted = this.db.prepare('SELECT COUNT(*) FROM main.deleted_passages WHERE id >= ? AND id < ?').pluck();
    return this.segments.map((s) => s.endPassage - s.firstPassage - (deleted.get(s.firstPassage, s.endPassage) as number));
  }

  /** Ids deleted in the previous generation (they stay deleted in every segment that is kept). */
  deleted(): { articles: number[]; passages: number[] } {
    return {
      articles: this.db.prepare('SELECT id FROM main.deleted_articles').pluck().all() as number[],
      passages: this.db.prepare('SELECT id FROM main.deleted_passages').pluck().all() as number[],
    };
  }

  articlesOf(file: string): StoredArticle[] {
    const articles = this.stmts.articles.all(file) as { id: number; source: string; title: string; date: string | null; url: string | null }[];
    return articles.map((a) => {
      const rows = this.stmts.passagesOfArticle.all(a.id) as { text: string; paragraph: number }[];
      const texts = rows.map((r) => r.text);
      return { article: { source: a.source, title: a.title, date: a.date, url: a.url, paragraphs: texts }, passages: texts, paragraphs: rows.map((r) => r.paragraph) };
    });
  }

  /** A file's live articles and passages. */
  rowsOf(file: string): FileRows {
    const articles = (this.stmts.articles.all(file) as { id: number }[]).map((a) => a.id);
    const passages = articles.flatMap((a) => (this.stmts.passagesOfArticle.all(a) as { id: number }[]).map((p) => p.id));
    return { articles, passages: [...new Set(passages)] };
  }

  /** The files holding a live passage (a passage's articles are all in its segment). */
  filesOfPassage(passage: number): string[] {
    const articles = this.stmts.articlesOfPassage.all(passage) as number[];
    return [...new Set(articles.map((a) => this.stmts.fileOfArticle.get(a) as string))];
  }

  /** The file of an article. */
  fileOfArticle(article: number): string {
    return this.stmts.fileOfArticle.get(article) as string;
  }

  /** The live passage with this key, if any. */
  passageWithKey(key: string): number | undefined {
    return this.stmts.liveByKey.get(key) as number | undefined;
  }

  /**
   * Files with a live passage or title in which one of the (folded) words occurs, in the analysed text. Only the rows
   * that hold each word's rarest Han bigram are read (the bigram postings: `b:` of passages, `ab:` of articles, whose
   * titles they include), so the cost follows the words' rows, not the index; a word without a Han bigram reads all.
   */
  filesContaining(words: string[], analyse: (text: string) => string): string[] {
    if (words.length === 0) return [];
    const holds = (text: string) => words.some((w) => text.includes(w));
    const files = new Set<string>();
    const passages = this.mayHold('b:', words);
    const analysedOf = this.db.prepare('SELECT analysed FROM passages WHERE id = ?').pluck();
    // one pass, each passage's analysed text decoded once (store/text-edits.ts), rather than a scan for each word
    const texts = passages
      ? [...passages].map((id): [number, string] => [id, analysedOf.get(id) as string])
      : (this.db.prepare('SELECT id, analysed FROM passages').raw().iterate() as Iterable<[number, string]>);
    const holding: number[] = [];
    for (const [id, analysed] of texts) if (holds(analysed)) holding.push(id);
    for (const p of holding) for (const f of this.filesOfPassage(p)) files.add(f);
    const articles = this.mayHold('ab:', words);
    const articleOf = this.db.prepare('SELECT file, title FROM articles WHERE id = ?');
    const titles = articles
      ? [...articles].map((id) => articleOf.get(id) as { file: string; title: string })
      : (this.db.prepare('SELECT file, title FROM articles').iterate() as Iterable<{ file: string; title: string }>);
    for (const { file, title } of titles) if (holds(analyse(title))) files.add(file);
    return [...files];
  }

  /**
   * The live passages (`b:`) or articles (`ab:`) that may hold one of the words: for each word, those whose postings
   * hold its rarest Han bigram (every row holding the word holds all its bigrams). Null when a word has no Han bigram:
   * any row may hold it.
   */
  private mayHold(field: 'b:' | 'ab:', words: string[]): Set<number> | null {
    const gone = this.deleted();
    const deleted = new Set(field === 'b:' ? gone.passages : gone.articles);
    const ids = new Set<number>();
    for (const word of words) {
      let rarest: number[] | null = null;
      for (const bigram of new Set(hanBigrams(word))) {
        const live = this.postingIds(field + bigram).filter((id) => !deleted.has(id));
        if (!rarest || live.length < rarest.length) rarest = live;
      }
      if (!rarest) return null;
      rarest.forEach((id) => ids.add(id));
    }
    return ids;
  }

  /** The ids a posting key lists, over every segment (deleted ones included). */
  private postingIds(key: string): number[] {
    return this.segments.flatMap((_, i) => {
      const list = this.db.prepare(`SELECT list FROM ${segmentSchema(i)}.postings WHERE key = ?`).pluck().get(key) as Buffer | undefined;
      return list ? [...decodePostings(list).ids] : [];
    });
  }

  /** The files the previous build skipped, with why. */
  skipped(): Skipped[] {
    return this.db.prepare('SELECT source, reason FROM main.skipped').all() as Skipped[];
  }

  /**
   * What the previous build left out of the files it indexed (a paragraph over the limit), by file: a file skipped
   * whole has no rows, so its lines are not among these (it is read again at every build).
   */
  notes(): Map<string, Skipped[]> {
    const indexed = this.fileHashes();
    const notes = new Map<string, Skipped[]>();
    for (const s of this.skipped()) {
      const file = noteOwner(s.source, (f) => indexed.has(f));
      if (file !== null) notes.set(file, [...(notes.get(file) ?? []), s]);
    }
    return notes;
  }

  /** What the previous generation kept to find people incrementally. */
  peopleState(): PeopleState {
    return readState(this.db);
  }

  /** The simplified texts of units (passages and headlines) the previous index holds. */
  *unitTexts(units: Unit[]): Generator<string> {
    const stmt = this.db.prepare('SELECT simplified FROM units WHERE kind = ? AND id = ?').pluck();
    for (const { kind, id } of units) yield stmt.get(kind, id) as string;
  }

  /** How often the previous index's titles and passages quote each term. */
  quotedTerms(): Map<string, number> {
    return new Map(this.db.prepare('SELECT term, count FROM main.quoted_terms').raw().all() as [string, number][]);
  }

  /** The vocabulary the previous index was tokenized with. */
  vocabulary(): Vocabulary {
    return readVocabulary(this.db);
  }

  /**
   * The stored tokens of a passage (by key), unless its analysed text holds one of the (folded) words the vocabulary
   * gained or lost since they were made (jieba would cut it otherwise now); one lookup a call.
   */
  wordsKept(changedWords: string[]): (key: string) => string | undefined {
    const stmt = this.db.prepare('SELECT words, analysed FROM passages WHERE key = ?');
    return (key) => {
      const row = stmt.get(key) as { words: string; analysed: string } | undefined;
      return row && !changedWords.some((w) => row.analysed.includes(w)) ? row.words : undefined;
    };
  }

  /** The glossary edition the previous index was made with (glossary.ts, glossaryEdition). */
  glossaryEdition(): string | undefined {
    return this.db.prepare('SELECT edition FROM main.glossary_edition').pluck().get() as string | undefined;
  }

  /**
   * How many of the given live passages hold each posting key of the glossary's kinds: their tokens (`w:`) and the Han
   * bigrams of their analysed text (`b:`), as their postings were made.
   */
  dictionaryKeysOf(passages: Iterable<number>): Map<string, number> {
    const stmt = this.db.prepare('SELECT words, analysed FROM passages WHERE id = ?');
    const keys = new Map<string, number>();
    const take = (key: string) => keys.set(key, (keys.get(key) ?? 0) + 1);
    for (const id of passages) {
      const { words, analysed } = stmt.get(id) as { words: string; analysed: string };
      for (const w of new Set(words ? words.split(' ') : [])) take(`w:${w}`);
      for (const b of new Set(hanBigrams(analysed))) take(`b:${b}`);
    }
    return keys;
  }

  /** The stored vector of a passage (by key) made by a model (none when the previous index used another model). */
  vectorsOf(model: string): (key: string) => Float32Array | undefined {
    const stmt = this.db.prepare('SELECT vector FROM embeddings WHERE key = ? AND model = ?').pluck();
    return (key) => {
      const blob = stmt.get(key, model) as Buffer | undefined;
      return blob && vectorFromBlob(blob);
    };
  }

  close(): void {
    this.db.close();
  }
}
