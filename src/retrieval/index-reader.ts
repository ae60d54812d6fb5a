import type Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { WendaError } from '../errors.js';
import { generationInUse } from '../store/index-folder.js';
import { DamagedIndex, verifyFiles, verifyFilesOnce } from '../store/integrity.js';
import { readManifest, type Manifest } from '../store/manifest.js';
import { rebuildCommand } from '../store/rebuild-hint.js';
import { DATABASE_FILE } from '../store/schema.js';
import { readVocabulary } from '../store/vocabulary.js';
import { openGeneration, segmentSchema, type Segment } from '../store/segments.js';
import { searchSynonyms, synonyms, type Synonyms } from '../text/synonyms.js';
import { Tokenizer } from '../text/tokenizer.js';
import { analyse } from '../text/text.js';
import { PeopleDirectory } from './who.js';
import { DenseSearcher } from './dense.js';
import { Embedder, ModelUnavailable, type ModelSource } from '../embedding/embedder.js';
import { HNSW_FILE, readHnsw } from '../store/vectors.js';
import { LruCache } from './lru.js';
import { decodePostingsInto, postingCount, type PostingList } from '../store/postings-codec.js';
import { applyEdits } from '../store/text-edits.js';
import { ARTICLE_COLUMNS, PASSAGE_COLUMNS } from '../store/segment-columns.js';
import { IdMap, liveColumns, SegmentLookup } from './live-rows.js';

/** Paragraphs shown either side of a passage in its context (the bot's Context button). */
const CONTEXT_AROUND = 1;

/** What the reader's caches may each take, in bytes by their own count. */
export interface CacheBudgets {
  /** The terms' postings read last. */
  postings: number;
  /** The passages' texts read last (a question reads about 45). */
  passages: number;
  /** The glossary's answers, absent keys too: an English question looks up hundreds of keys, most of them absent. */
  glossary: number;
  /** The articles read last, their titles analysed: every question reads its pool's. */
  articles: number;
}
const CACHE_BUDGETS: CacheBudgets = { postings: 256 << 20, passages: 16 << 20, glossary: 4 << 20, articles: 8 << 20 };

export interface ReaderOptions {
  /** The most of the segment files mapped (MAP_BYTES). */
  mapBytes?: number;
  caches?: CacheBudgets;
  /**
   * Opened to answer one question and close (a one-shot `wenda ask`): the tokenizer cuts each text with a jieba of
   * the words that occur in it rather than loading jieba's whole dictionary first (Tokenizer, perText), which costs
   * more than a few texts' cuts. The answers are the same; a reader that answers many questions (the bot) loads it once.
   */
  oneQuestion?: boolean;
}

/**
 * The most of the segment files the reader maps. Every page of a mapped file that a question touched stays in the
 * process's resident memory (until the system needs it back): a 257,986-passage index had 418 MB of its 484 mapped
 * after the bench's questions, and a million passages would pass a gigabyte. Beyond the budget SQLite reads a page a
 * system call (through the system's page cache, which is not the process's): about 1.5 ms more CPU a question there unmapped.
 */
const MAP_BYTES = 256 << 20;

export interface ArticleInfo {
  source: string;
  title: string;
  date: string | null;
  url: string | null;
}

/** A passage of an article as the Context button shows it: its place among the article's passages, its paragraph. */
export interface ContextPassage {
  ordinal: number;
  paragraph: number;
  text: string;
}

/** Per-field lengths for BM25, one entry per passage or article id. */
export interface FieldLengths {
  words: Float64Array;
  bigrams: Float64Array;
  avgWords: number;
  avgBigrams: number;
}

// Opening loops over every passage several times: plain loops, where typed arrays' reduce, map and forEach (a call
// per element) took a tenth of a second at 257,986 passages.

/** The sum of the values from the first on, as reduce adds them (the same float), over the count. */
function average(a: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]!;
  return sum / Math.max(1, a.length);
}

function lengths(words: Float64Array, bigrams: Float64Array): FieldLengths {
  return { words, bigrams, avgWords: average(words), avgBigrams: average(bigrams) };
}

/**
 * How many bytes of each file to map within `budget`: all of every file when they fit, else each the same share of
 * its size (a segment's pages are read alike, postings and passages throughout).
 */
export function mapSizes(sizes: number[], budget: number): number[] {
  const total = sizes.reduce((a, b) => a + b, 0);
  return sizes.map((size) => (total <= budget ? size : Math.floor((budget * size) / total)));
}

/** A built index opened for searching: the database read-only, the per-passage numbers in memory. */
export class IndexReader {
  readonly passageCount: number;
  readonly articleCount: number;
  readonly passageLengths: FieldLengths;
  readonly articleLengths: FieldLengths;
  /** The first article holding each passage, and the passages before and after it there (-1 at the ends). */
  readonly passageArticle: Int32Array;
  readonly prev: Int32Array;
  readonly next: Int32Array;
  readonly tokenizer: Tokenizer;
  private readonly passageIds: IdMap;
  private readonly articleIds: IdMap;
  /** One statement per segment, in id order: a term's postings are its segments' lists one after the other. */
  private readonly postingStmts: Database.Statement[];
  /** One statement per segment: the keys in a range (wordsExtending). */
  private readonly extensionStmts: Database.Statement[];
  private readonly passageLookup: SegmentLookup<{ text: string; edits: Buffer | null }>;
  private readonly sourcesStmt: Database.Statement;
  private readonly articleLookup: SegmentLookup<ArticleInfo>;
  private readonly glossaryStmt: Database.Statement;
  private readonly articleIdStmt: Database.Statement;
  private readonly contextStmt: Database.Statement;
  private readonly articlePassagesLookup: SegmentLookup<{ passage_id: number }>;
  private readonly postings: LruCache<string, PostingList | null>;
  private readonly passages: LruCache<number, { text: string; analysed: string }>;
  private readonly glossaryAnswers: LruCache<string, readonly string[] | null>;
  private readonly articles: LruCache<number, { info: Readonly<ArticleInfo>; analysedTitle: string }>;
  /** Where a term's lists are decoded before its live rows are copied out: as long as the longest list read yet. */
  private scratch: PostingList = { ids: new Uint32Array(0), tfs: new Uint16Array(0) };
  private directory: PeopleDirectory | null = null;
  private thesaurusRead: Synonyms | null = null;
  /** The model and vectors of a hybrid index, once useModel has loaded them; null answers lexically. */
  dense: DenseSearcher | null = null;

  private constructor(
    readonly generation: string,
    readonly manifest: Manifest,
    private readonly db: Database.Database,
    segments: Segment[],
    budgets: CacheBudgets,
    private readonly oneQuestion: boolean,
  ) {
    this.postings = new LruCache(budgets.postings);
    this.passages = new LruCache(budgets.passages);
    this.glossaryAnswers = new LruCache(budgets.glossary);
    this.articles = new LruCache(budgets.articles);
    const deleted = (table: string) => new Set(db.prepare(`SELECT id FROM main.${table}`).pluck().all() as number[]);
    const passages = liveColumns(db, segments, 'Passage', PASSAGE_COLUMNS, deleted('deleted_passages'));
    const articles = liveColumns(db, segments, 'Article', ARTICLE_COLUMNS, deleted('deleted_articles'));
    this.passageIds = new IdMap(passages.ids);
    this.articleIds = new IdMap(articles.ids);
    this.passageCount = passages.ids.length;
    this.articleCount = articles.ids.length;
    const { passage_words, passage_bigrams, passage_prev, passage_next, passage_article } = passages.values;
    // lengths and their averages over live passages only: BM25 sees what a fresh build of the same articles holds
    this.passageLengths = lengths(Float64Array.from(passage_words), Float64Array.from(passage_bigrams));
    this.articleLengths = lengths(Float64Array.from(articles.values.article_words), Float64Array.from(articles.values.article_bigrams));
    // a passage's neighbours and articles are in its own segment, and live with it
    this.prev = this.passageIds.denseOf(passage_prev);
    this.next = this.passageIds.denseOf(passage_next);
    this.passageArticle = this.articleIds.denseOf(passage_article);
    // the build keeps a live passage's first article live (an article deleted moves its passages' first elsewhere)
    const orphan = this.passageArticle.indexOf(-1);
    if (orphan >= 0) throw new DamagedIndex(path.join(generation, DATABASE_FILE), `passage ${passages.ids[orphan]} has no live first article`);
    const { words, names } = readVocabulary(db);
    this.tokenizer = new Tokenizer(words, { names, perText: oneQuestion });
    this.postingStmts = segments.map((_, i) => db.prepare(`SELECT list FROM ${segmentSchema(i)}.postings WHERE key = ?`).pluck());
    this.extensionStmts = segments.map((_, i) => db.prepare(`SELECT key FROM ${segmentSchema(i)}.postings WHERE key > ? AND key < ?`).pluck());
    const passageEnds = segments.map((s) => s.endPassage);
    // the analysed text's edits applied here rather than by the SQL function the views use: the text would cross from
    // SQLite to JavaScript and back before crossing again, which cost more than the rest of the read
    this.passageLookup = new SegmentLookup(db, passageEnds, (schema) => `SELECT text, analysed_edits AS edits FROM ${schema}.passages WHERE id = ?`);
    // each article once, at the passage's first place in it: a paragraph repeated within an article is one source
    this.sourcesStmt = db.prepare(
      // SQLite takes the bare paragraph from the row of the MIN
      'SELECT article_id, MIN(ordinal) AS ordinal, paragraph FROM passage_sources WHERE passage_id = ? GROUP BY article_id ORDER BY article_id',
    );
    const articleEnds = segments.map((s) => s.endArticle);
    this.articleLookup = new SegmentLookup(db, articleEnds, (schema) => `SELECT source, title, date, url FROM ${schema}.articles WHERE id = ?`);
    this.glossaryStmt = db.prepare('SELECT words FROM glossary WHERE key = ?');
    this.articleIdStmt = db.prepare('SELECT id FROM articles WHERE source = ?');
    // an article's places are written with it, in its segment: through the view they were sorted again, and each
    // segment's checked for deleted articles
    this.articlePassagesLookup = new SegmentLookup(db, articleEnds, (schema) => `SELECT passage_id FROM ${schema}.passage_sources WHERE article_id = ? ORDER BY ordinal`);
    this.contextStmt = db.prepare(
      `SELECT s.ordinal, s.paragraph, p.text FROM passage_sources s JOIN passages p ON p.id = s.passage_id
       WHERE s.article_id = ? AND s.ordinal BETWEEN ? AND ? ORDER BY s.ordinal`,
    );
  }

  /** Opens the index in use in indexDir; a missing or foreign index is a WendaError that says what to run. */
  static open(indexDir: string, { mapBytes = MAP_BYTES, caches = CACHE_BUDGETS, oneQuestion = false }: ReaderOptions = {}): IndexReader {
    const dir = path.resolve(indexDir);
    const generation = generationInUse(indexDir);
    const manifest = readManifest(generation);
    const file = path.join(generation, DATABASE_FILE);
    if (!existsSync(file)) throw new WendaError(`the index at ${dir} has no ${DATABASE_FILE}; rebuild it with "${rebuildCommand(generation)}"`);
    // the databases (global and segments); the graph is checked when a model is loaded
    verifyFilesOnce(generation, manifest.files, Object.keys(manifest.files).filter((name) => name !== HNSW_FILE));
    const { db, segments } = openGeneration(generation);
    try {
      // map the files within a budget: passage and posting reads become memory reads instead of a system call each
      // (whole for one question: what it touches stays resident only until the process ends, and reading the columns
      // and lists from the map saves a system call a page)
      const sizes = segments.map((s) => manifest.files[s.name]?.size ?? 0);
      mapSizes(sizes, oneQuestion ? Number.POSITIVE_INFINITY : mapBytes).forEach((bytes, i) => db.pragma(`${segmentSchema(i)}.mmap_size = ${bytes}`));
      return new IndexReader(generation, manifest, db, segments, caches, oneQuestion);
    } catch (e) {
      db.close();
      throw e;
    }
  }

  /** A term's postings; the last read are kept, since questions reuse terms (within a budget: a large index's are GBs). */
  posting(key: string): PostingList | null {
    const cached = this.postings.get(key);
    if (cached !== undefined) return cached;
    const posting = this.livePosting(key);
    this.postings.set(key, posting, (posting ? posting.ids.byteLength + posting.tfs.byteLength : 0) + 2 * key.length + 64);
    return posting;
  }

  /**
   * A term's postings from every segment, deleted rows left out and ids made dense: ascending, since segments own
   * increasing id ranges. Article fields (`aw:`, `ab:`) hold article ids, the others passage ids. Null when no live
   * row holds the term, so that document frequencies are those of a fresh build.
   */
  private livePosting(key: string): PostingList | null {
    const ids = key.startsWith('a') ? this.articleIds : this.passageIds;
    const lists: Buffer[] = [];
    let total = 0;
    for (const stmt of this.postingStmts) {
      const list = stmt.get(key) as Buffer | undefined;
      if (!list) continue;
      lists.push(list);
      total += postingCount(list);
    }
    if (total === 0) return null;
    // every segment's list decoded into the reader's scratch arrays, one after the other, and the live rows copied out
    // once: decoding into arrays of their own, copying them into one, and again when rows were deleted, cost an
    // allocation each (a rebuilt index's common words are in every segment, and hold deleted rows)
    if (this.scratch.ids.length < total) this.scratch = { ids: new Uint32Array(total), tfs: new Uint16Array(total) };
    const { ids: stored, tfs } = this.scratch;
    let at = 0;
    for (const list of lists) at = decodePostingsInto(list, this.scratch, at);
    const live = ids.keepLive(stored, tfs, total);
    return live === 0 ? null : { ids: stored.slice(0, live), tfs: tfs.slice(0, live) };
  }

  /**
   * The passage words that some live passage holds and that are `word` followed by what `suffix` matches whole (四川 and
   * the levels of a place: 四川省, 四川省委), sorted: a range read of the postings' keys, the lists of the words that
   * match read to see that a live row holds them.
   */
  wordsExtending(word: string, suffix: RegExp): string[] {
    const found = new Set<string>();
    for (const stmt of this.extensionStmts) for (const key of stmt.all(`w:${word}`, `w:${word}\u{10FFFF}`) as string[]) found.add(key);
    return [...found]
      .filter((key) => suffix.test(key.slice(2 + word.length)) && this.posting(key) !== null)
      .map((key) => key.slice(2))
      .sort();
  }

  /** The Chinese candidates the glossary holds for an English phrase or a `py:` pinyin key; null if none. */
  glossary(key: string): readonly string[] | null {
    let words = this.glossaryAnswers.get(key);
    if (words === undefined) {
      const row = this.glossaryStmt.get(key) as { words: string } | undefined;
      words = row ? Object.freeze(row.words.split(' ')) : null;
      this.glossaryAnswers.set(key, words, 2 * key.length + (row ? 2 * row.words.length + 16 * words!.length : 0) + 64);
    }
    return words;
  }

  /**
   * A passage's text as written, and analysed (folded, numerals as digits) as questions are matched in it; the last
   * read are kept, since a question's pool mostly holds the passages of the questions before it on the same topic.
   */
  passage(id: number): { text: string; analysed: string } {
    let row = this.passages.get(id);
    if (row === undefined) {
      const { text, edits } = this.passageLookup.get(this.passageIds.stored[id]!);
      row = { text, analysed: applyEdits(text, edits) };
      this.passages.set(id, row, 2 * (row.text.length + row.analysed.length) + 64);
    }
    return row;
  }

  /**
   * Runs f in one read transaction. Outside one, every statement takes and releases a shared lock on each attached
   * file and checks that none changed: most of what a primary-key read costs, and a question makes about a hundred.
   */
  reading<T>(f: () => T): T {
    if (this.db.inTransaction) return f();
    this.db.exec('BEGIN');
    try {
      return f();
    } finally {
      this.db.exec('COMMIT');
    }
  }

  /** An article's title, analysed (every question reads the titles of its candidates). */
  analysedTitle(article: number): string {
    return this.articleRead(article).analysedTitle;
  }

  /** Every article that holds a passage, first as it was read, with the passage's first ordinal there and its paragraph. */
  passageSources(id: number): { article: number; ordinal: number; paragraph: number }[] {
    return (this.sourcesStmt.all(this.passageIds.stored[id]) as { article_id: number; ordinal: number; paragraph: number }[]).map((s) => ({
      article: this.articleIds.of(s.article_id),
      ordinal: s.ordinal,
      paragraph: s.paragraph,
    }));
  }

  article(id: number): Readonly<ArticleInfo> {
    return this.articleRead(id).info;
  }

  /** An article as read, and its title analysed; the last read are kept. */
  private articleRead(id: number): { info: Readonly<ArticleInfo>; analysedTitle: string } {
    let read = this.articles.get(id);
    if (read === undefined) {
      const info = Object.freeze(this.articleLookup.get(this.articleIds.stored[id]!));
      read = { info, analysedTitle: analyse(info.title) };
      const chars = info.source.length + info.title.length + (info.date?.length ?? 0) + (info.url?.length ?? 0) + read.analysedTitle.length;
      this.articles.set(id, read, 2 * chars + 128);
    }
    return read;
  }

  articleId(source: string): number | null {
    const row = this.articleIdStmt.get(source) as { id: number } | undefined;
    return row ? this.articleIds.of(row.id) : null;
  }

  /** Every passage of an article, in order. */
  articlePassages(article: number): number[] {
    return this.articlePassagesLookup.all(this.articleIds.stored[article]!).map((r) => this.passageIds.of(r.passage_id));
  }

  /** The passages of an article around an ordinal (CONTEXT_AROUND before, the passage itself, as many after). */
  context(article: number, ordinal: number): ContextPassage[] {
    return this.contextStmt.all(this.articleIds.stored[article], ordinal - CONTEXT_AROUND, ordinal + CONTEXT_AROUND) as ContextPassage[];
  }

  /**
   * Loads the model and the vector graph of a hybrid index: the one it was built with when none is named. A model
   * named must be that one (anything else would compare vectors of different spaces): a mismatch is an error that
   * says what to do. A model that cannot be had here is said once through `warn`, and answers stay lexical.
   */
  async useModel(named: string | undefined, source: ModelSource, warn: (message: string) => void): Promise<void> {
    const dense = this.manifest.settings.dense;
    const model = named ?? dense?.model;
    if (!dense || model === 'none' || model === undefined) return;
    if (model !== dense.model) {
      throw new WendaError(
        `the index was built with the model ${dense.model} (${dense.dimension} dimensions), not ${model}: rebuild it with "${rebuildCommand(this.generation, ` --model ${model}`)}" or use --model ${dense.model}`,
      );
    }
    // the graph first, while this generation's files are surely there; the model can take seconds to load.
    // hnswlib trusts every byte it reads: a damaged graph must be refused before it sees one
    verifyFiles(this.generation, this.manifest.files, [HNSW_FILE]);
    const graph = await readHnsw(path.join(this.generation, HNSW_FILE), dense, this.passageCount);
    let embedder: Embedder;
    try {
      embedder = await Embedder.load(model, source);
    } catch (e) {
      if (!(e instanceof ModelUnavailable)) throw e;
      return warn(`${e.message}; answering from the lexical index`);
    }
    if (embedder.quantized !== dense.quantized) {
      const weights = (q: boolean) => (q ? 'int8' : 'float32');
      throw new WendaError(
        `the index was built with the ${weights(dense.quantized)} weights of ${model}, but ${weights(embedder.quantized)} ones are installed: rebuild it with "${rebuildCommand(this.generation)}"`,
      );
    }
    const searcher = new DenseSearcher(embedder, graph, dense.dimension, this.passageCount, (label) => this.passageIds.of(label));
    await searcher.embed('问'); // a model of another size than the index is refused now, not at the first question
    this.dense = searcher;
  }

  /** The thesaurus of questions' words, on first use: read whole, or for one question searched word by word. */
  get thesaurus(): Synonyms {
    this.thesaurusRead ??= this.oneQuestion ? searchSynonyms() : synonyms();
    return this.thesaurusRead;
  }

  /** The officials and reporters the articles name, loaded on first use. */
  get people(): PeopleDirectory {
    this.directory ??= new PeopleDirectory(this.db);
    return this.directory;
  }

  close(): void {
    this.db.close();
    void this.dense?.embedder.dispose();
    this.dense = null;
  }
}
