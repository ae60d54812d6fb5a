/**
 * Large collections for the scale benches (bench/scale.ts, bench/hnsw.ts --build): copies of ../shared/corpus made
 * distinct, kept in WENDA_SCALE_DIR (default <tmp>/wenda-scale, never the repository) since making the largest writes
 * a gigabyte.
 */
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { shared } from './shared.js';

export const corpus = path.join(shared, 'corpus');
export const scaleDir = path.resolve(process.env.WENDA_SCALE_DIR ?? path.join(tmpdir(), 'wenda-scale'));
/** Passages of one copy of the corpus (a lexical build of ../shared/corpus). */
const PASSAGES_PER_COPY = 6472;

/** Every file below dir, with its path. */
export function filesBelow(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** Bytes of every file below dir (an index's size on disk). */
export const folderSize = (dir: string) => filesBelow(dir).reduce((n, f) => n + statSync(f).size, 0);

/** Copy `copy` of a text made distinct, since identical passages are stored once: every sentence marked, else its end. */
export const markCopy = (text: string, copy: number) =>
  copy === 0 ? text : text.includes('。') ? text.replace(/。/gu, `。（副本${copy}）`) : `${text}（副本${copy}）`;

/** Copies of the corpus made distinct (markCopy of every file). Made once per size and kept. */
export function collection(passages: number): string {
  const copies = Math.ceil(passages / PASSAGES_PER_COPY);
  const dir = path.join(scaleDir, `articles-${copies}`);
  if (existsSync(path.join(dir, '.complete'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  for (let i = 0; i < copies; i++) {
    const copy = path.join(dir, `副本${i}`);
    cpSync(corpus, copy, { recursive: true });
    if (i === 0) continue;
    for (const file of filesBelow(copy)) writeFileSync(file, markCopy(readFileSync(file, 'utf8'), i));
  }
  writeFileSync(path.join(dir, '.complete'), '');
  return dir;
}

/** Changes `count` articles of the collection (a sentence added to each), evenly spread. */
export function changeArticles(articles: string, count: number, round: number): void {
  const files = filesBelow(articles).filter((f) => f.endsWith('.txt'));
  const step = Math.max(1, Math.floor(files.length / count));
  for (let i = 0; i < count; i++) {
    const file = files[(i * step) % files.length]!;
    writeFileSync(file, readFileSync(file, 'utf8').replace(/。/u, `。本文第${round}次修订。`));
  }
}
