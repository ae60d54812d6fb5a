import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { StoredArticle } from './previous.js';
import { analyse, compact } from '../text/text.js';
import { encodeEdits } from '../store/text-edits.js';
import { GrowingColumn } from '../store/segment-columns.js';
import { PassageIds } from './passage-ids.js';

/**
 * Passages with the same text (white space aside) are one passage with several sources: the same article filed under
 * several folders. Nothing else is folded: 5℃ and -5℃, or a traditional copy, are other texts to quote.
 */
function passageKey(text: string): string {
  return createHash('sha1').update(compact(text)).digest('hex');
}

/** What the writer stores of each passage besides its text: its key, and its analysed text as edits of it. */
export interface PreparedPassages {
  keys: string[];
  edits: (Uint8Array | null)[];
}

/** Made before the writer is given the passages: on a worker thread when there are many (analysis.ts). */
export function preparePassages(passages: string[]): PreparedPassages {
  return { keys: passages.map(passageKey), edits: passages.map((text) => encodeEdits(text, analyse(text))) };
}

/**
 * Writes articles as they are read: the article, each distinct passage once (numbered in the order first seen) and
 * every place a passage stands, each passage also analysed (folded, numerals as digits: what questions are matched in).
 * Nothing but the passage keys (their first 64 bits, passage-ids.ts) stays in memory, so the folder can be any size. Tokens and lengths are filled in later
 * (indexTerms), once the vocabulary is known.
 */
export class ArticleWriter {
  articles = 0;
  passages = 0;
  /** Ids go on from the segment's first ones (ids are global across segments). */
  private readonly firstArticle: number;
  private readonly firstPassage: number;
  private readonly idByKey: PassageIds;
  private readonly insertArticle: Database.Statement;
  private readonly insertPassage: Database.Statement;
  private readonly insertLink: Database.Statement;
  /** Per passage written: the passages before and after it in its first article (-1 at its ends), and that article. */
  private readonly neighbours = { prev: new GrowingColumn(), next: new GrowingColumn(), article: new GrowingColumn() };
  /** Per row of passage_sources, written in its key order: the article and the passage. */
  private readonly sources = { article: new GrowingColumn(), passage: new GrowingColumn() };

  constructor(db: Database.Database, first: { article: number; passage: number }) {
    this.firstArticle = first.article;
    this.firstPassage = first.passage;
    this.insertArticle = db.prepare(
      'INSERT INTO articles (id, source, file, file_hash, title, date, url) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.insertPassage = db.prepare(
      "INSERT INTO passages (id, key, text, analysed_edits, word_cuts) VALUES (?, ?, ?, ?, X'')",
    );
    this.insertLink = db.prepare('INSERT INTO passage_sources (article_id, ordinal, passage_id, paragraph) VALUES (?, ?, ?, ?)');
    const keyOf = db.prepare('SELECT key FROM passages WHERE id = ?').pluck();
    this.idByKey = new PassageIds((id) => keyOf.get(id) as string);
  }

  /**
   * One article and its passages (with their keys and edits, when they were made beforehand). A passage new here gets the passages before and after it in this article as its
   * neighbours (its first article is the one it is quoted from).
   */
  add({ article, passages, paragraphs }: StoredArticle, file: string, hash: string, prepared: PreparedPassages = preparePassages(passages)): void {
    const id = this.firstArticle + this.articles++;
    this.insertArticle.run(id, article.source, file, hash, article.title, article.date, article.url);
    const ids: number[] = [];
    const fresh = new Set<number>();
    passages.forEach((text, i) => {
      const key = prepared.keys[i]!;
      let p = this.idByKey.get(key);
      if (p === undefined) {
        p = this.firstPassage + this.passages++;
        // stored at once: idByKey reads the key back to tell keys apart
        this.insertPassage.run(p, key, text, prepared.edits[i]!);
        this.idByKey.set(key, p);
        fresh.add(p);
      }
      ids.push(p);
    });
    const placed = new Set<number>();
    ids.forEach((p, i) => {
      if (fresh.has(p) && !placed.has(p)) {
        placed.add(p);
        this.neighbours.prev.push(ids[i - 1] ?? -1);
        this.neighbours.next.push(ids[i + 1] ?? -1);
        this.neighbours.article.push(id);
      }
      this.insertLink.run(id, i + 1, p, paragraphs[i]!);
      this.sources.article.push(id);
      this.sources.passage.push(p);
    });
  }

  /** The passage and source columns known once the articles are written (store/segment-columns.ts). */
  passageColumns(): Record<'passage_prev' | 'passage_next' | 'passage_article' | 'source_article' | 'source_passage', Int32Array> {
    const { prev, next, article } = this.neighbours;
    return {
      passage_prev: prev.array(),
      passage_next: next.array(),
      passage_article: article.array(),
      source_article: this.sources.article.array(),
      source_passage: this.sources.passage.array(),
    };
  }
}
