import Database from 'better-sqlite3';
import path from 'node:path';
import type { Article } from './article.js';
import { quickCheck } from '../store/check-index.js';
import { DamagedIndex, verifyFiles } from '../store/integrity.js';
import { readManifest, type Manifest } from '../store/manifest.js';
import { DATABASE_FILE } from '../store/schema.js';
import { vectorFromBlob } from '../store/vectors.js';

/** An article the previous build already read, cut and stored, ready to be carried over when its file is unchanged. */
export interface StoredArticle {
  article: Article;
  passages: string[];
}

/**
 * The index a rebuild starts from: files whose bytes are unchanged are taken from it instead of being parsed again,
 * and passages whose tokens were made under the same vocabulary keep them. It is trusted only when every file matches
 * the checksum its build recorded and SQLite's quick_check passes: a damaged page would otherwise be copied on.
 */
export class PreviousIndex {
  private constructor(
    private readonly db: Database.Database,
    readonly manifest: Manifest,
  ) {}

  /** The previous index, or null when there is none or it cannot be trusted (`rejected` hears why). */
  static open(dir: string | null, rejected: (reason: string) => void): PreviousIndex | null {
    if (!dir) return null;
    let db: Database.Database | null = null;
    try {
      const manifest = readManifest(dir);
      verifyFiles(dir, manifest.files);
      db = new Database(path.join(dir, DATABASE_FILE), { readonly: true, fileMustExist: true });
      quickCheck(db, path.join(dir, DATABASE_FILE));
      return new PreviousIndex(db, manifest);
    } catch (e) {
      db?.close();
      rejected(e instanceof DamagedIndex ? `${e.file} is damaged (${e.problem})` : (e as Error).message);
      return null;
    }
  }

  /** Hash of each file the previous build indexed. */
  fileHashes(): Map<string, string> {
    const rows = this.db.prepare('SELECT DISTINCT file, file_hash FROM articles').all() as { file: string; file_hash: string }[];
    return new Map(rows.map((r) => [r.file, r.file_hash]));
  }

  articlesOf(file: string): StoredArticle[] {
    const articles = this.db
      .prepare('SELECT id, source, title, date, url FROM articles WHERE file = ? ORDER BY id')
      .all(file) as { id: number; source: string; title: string; date: string | null; url: string | null }[];
    const passages = this.db.prepare(
      'SELECT p.text FROM passage_sources s JOIN passages p ON p.id = s.passage_id WHERE s.article_id = ? ORDER BY s.ordinal',
    );
    return articles.map((a) => {
      const texts = (passages.all(a.id) as { text: string }[]).map((r) => r.text);
      return { article: { source: a.source, title: a.title, date: a.date, url: a.url, paragraphs: texts }, passages: texts };
    });
  }

  /** The stored tokens of a passage (by key), when they were made with the given vocabulary; one lookup a call. */
  wordsUnder(vocabularyHash: string): (key: string) => string | undefined {
    if (this.manifest.settings.vocabularyHash !== vocabularyHash) return () => undefined;
    const stmt = this.db.prepare('SELECT words FROM passages WHERE key = ?').pluck();
    return (key) => stmt.get(key) as string | undefined;
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
