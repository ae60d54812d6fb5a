import { cpSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildIndex } from '../../src/index/build.js';
import { packageRoot } from '../../src/paths.js';
import { IndexReader } from '../../src/retrieval/index-reader.js';
import { questionTerms } from '../../src/retrieval/query.js';
import { rank } from '../../src/retrieval/search.js';
import { shippedWeights } from '../../src/retrieval/weights.js';

export const GIVEN_ARTICLE = '183中央网信办召开“不忘初心、牢记使命”主题教育动员大会.txt';

/** A temporary folder removed by the returned cleanup. */
export function tempDir(prefix = 'wenda-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes files (path relative to root → content) creating their folders. */
export function writeFiles(root: string, files: Record<string, string | Uint8Array>): void {
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(root, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}

/** A plain-text article: title line, then one paragraph a line. */
export function plainArticle(title: string, paragraphs: string[]): string {
  return [title, ...paragraphs].join('\n');
}

/** A two-paragraph article of our own: a tax office meeting, with a figure (15分钟) to ask about. */
export const TAX_ARTICLE = plainArticle('市税务局召开纳税服务座谈会', [
  '3月5日，市税务局召开纳税服务座谈会，听取二十家企业对办税流程的意见建议，局长王建国主持会议。',
  '会议通报，今年以来全市新办涉税事项平均用时压缩到15分钟以内，电子税务局覆盖率达到96%。',
]);

/** An articles folder with the article we were given plus the extra files. */
export function articlesWith(root: string, files: Record<string, string | Uint8Array> = {}): string {
  const dir = path.join(root, 'articles');
  mkdirSync(dir, { recursive: true });
  cpSync(path.join(packageRoot, 'data', 'articles', GIVEN_ARTICLE), path.join(dir, GIVEN_ARTICLE));
  writeFiles(dir, files);
  return dir;
}

/**
 * A lexical index of the article we were given plus `files`, built in a temporary folder and opened: for a suite's
 * beforeAll, with `close` (the reader closed, the folder removed) for its afterAll.
 */
export async function openIndexOf(files: Record<string, string | Uint8Array>): Promise<{ reader: IndexReader; close: () => void }> {
  const { dir, cleanup } = tempDir();
  await buildIndex({ articlesDir: articlesWith(dir, files), indexDir: path.join(dir, 'index') });
  const reader = IndexReader.open(path.join(dir, 'index'));
  return {
    reader,
    close: () => {
      reader.close();
      cleanup();
    },
  };
}

export const CLI = path.join(packageRoot, 'bin', 'wenda.js');

/**
 * The environment of a child process a test starts: offline (a test never reaches for the hub, whatever the machine
 * can reach) and nothing else of the developer's; run it in a temporary folder, where no .env is read.
 */
export function childEnv(settings: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '', WENDA_OFFLINE: '1', ...settings };
}

/** The files of a question's ranked passages, best first, with the shipped weights. */
export function rankedSources(reader: IndexReader, question: string): string[] {
  return rank(reader, questionTerms(reader, question), shippedWeights()).ranked.map((c) => reader.article(reader.passageArticle[c.id]!).source);
}
