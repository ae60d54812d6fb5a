import Database from 'better-sqlite3';
import path from 'node:path';
import { generationInUse } from './index-folder.js';
import { DamagedIndex, verifyFiles } from './integrity.js';
import { readManifest } from './manifest.js';
import { DATABASE_FILE } from './schema.js';
import { openGeneration } from './segments.js';

/**
 * SQLite's own check of an open database's pages and records (every attached one, or the one `schema` names); throws
 * what it found, as one line.
 */
export function quickCheck(db: Database.Database, file: string, schema?: string): void {
  let found: string[];
  try {
    found = (db.pragma(schema ? `${schema}.quick_check` : 'quick_check', { simple: false }) as { quick_check: string }[]).map((r) => r.quick_check);
  } catch (e) {
    throw new DamagedIndex(file, `SQLite: ${(e as Error).message}`);
  }
  if (found[0] !== 'ok') {
    throw new DamagedIndex(file, `SQLite's quick_check: ${found[0]}`);
  }
}

/** `wenda index verify`: every file of the index in use against its checksum, then the database's quick_check. */
export function checkIndex(indexDir: string): { generation: string; files: number; bytes: number } {
  const generation = generationInUse(indexDir);
  const manifest = readManifest(generation);
  const bytes = verifyFiles(generation, manifest.files);
  // quick_check covers the global database and every segment attached to it
  const { db } = openGeneration(generation);
  try {
    quickCheck(db, path.join(generation, DATABASE_FILE));
  } finally {
    db.close();
  }
  return { generation, files: Object.keys(manifest.files).length, bytes };
}
