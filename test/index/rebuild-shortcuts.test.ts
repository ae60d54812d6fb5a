import { readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build.js';
import { FileOrder } from '../../src/index/file-order.js';
import { fileStamp, settledStamp, SETTLED_MS } from '../../src/index/file-stamp.js';
import { PreviousIndex } from '../../src/index/previous.js';
import { verifyFilesOnce } from '../../src/store/integrity.js';
import { readManifest } from '../../src/store/manifest.js';
import { openGeneration, segmentSchema } from '../../src/store/segments.js';
import { DEFAULT_LIMITS } from '../../src/index/limits.js';
import { articlesWith, plainArticle, tempDir } from '../helpers/fixtures.js';

/** Paragraphs long enough (60 characters) to be passages of their own: one that two files share, one an article holds twice. */
const SHARED = '会议要求，各级党组织要把学习成果转化为推动高质量发展的实际行动，切实解决群众急难愁盼问题，以实干实绩检验主题教育成效，确保各项任务落地见效，不搞形式主义。';
const TWICE = '调研组走访了三个社区的养老服务中心，听取老人和家属的意见建议，要求提升助餐和上门照护服务质量，加快补齐农村养老服务短板，让老人在家门口享受到便利服务。';
const FILES = {
  'a.txt': plainArticle('市民政局调研社区养老服务', [TWICE, '9月3日，市民政局局长吕中华带队调研，要求各街道把养老服务各项措施落到实处，定期听取老人意见，确保老人满意、家属放心，服务不打折扣。', TWICE]),
  'b/b.txt': plainArticle('国家发展改革委召开主题教育推进会', ['7月2日，国家发展改革委召开主题教育推进会，国家发展改革委副主任李斌出席并讲话，要求各司局把调查研究成果转化为政策举措。', SHARED]),
  'c.txt': plainArticle('市教育局召开秋季开学工作会议', [SHARED, '8月28日，市教育局召开秋季开学工作会议，局长陈晓东要求各校做好校园安全排查和教学准备工作，确保新学期各项工作平稳有序开展，让家长放心。']),
};

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

/**
 * The index in use after a build of FILES and a rebuild: a second segment, with rows of the first deleted (a's, written
 * again after b and c: ids no longer in file order).
 */
async function twoSegments(): Promise<string> {
  const articles = articlesWith(dir, FILES);
  const index = path.join(dir, 'index');
  await buildIndex({ articlesDir: articles, indexDir: index });
  writeFileSync(path.join(articles, 'a.txt'), FILES['a.txt'].replace('9月3日', '9月4日'));
  await buildIndex({ articlesDir: articles, indexDir: index });
  return path.join(index, 'current');
}

describe('the file order of a generation, read in one pass', () => {
  it('is what queries through the views give: units in file order, each passage its articles, each article its passages', async () => {
    const { db: view, segments } = openGeneration(await twoSegments());
    try {
      expect(segments).toHaveLength(2);
      expect(view.prepare('SELECT COUNT(*) FROM main.deleted_articles').pluck().get()).toBeGreaterThan(0);
      const order = new FileOrder(view);
      // the queries the build made before, one an article and one a passage
      const rows = view.prepare('SELECT id, file FROM articles').all() as { id: number; file: string }[];
      const articleIds = rows.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.id - b.id)).map((r) => r.id);
      const ofArticle = view.prepare('SELECT passage_id FROM passage_sources WHERE article_id = ? ORDER BY ordinal').pluck();
      const passages = [...new Set(articleIds.flatMap((a) => ofArticle.all(a) as number[]))];
      expect(order.articles).toEqual(articleIds);
      expect(order.passages).toEqual(passages);
      const articlesOf = view.prepare('SELECT DISTINCT article_id FROM passage_sources WHERE passage_id = ? ORDER BY article_id').pluck();
      for (const p of passages) expect([...order.articlesOf(p)]).toEqual(articlesOf.all(p));
      for (const a of articleIds) expect([...order.passagesOf(a)]).toEqual(ofArticle.all(a));
      passages.forEach((p, i) => expect(order.unitOf(0, p)).toBe(i));
      articleIds.forEach((a, i) => expect(order.unitOf(1, a)).toBe(passages.length + i));
      // the passage two files share has both articles; the one an article holds twice stands twice in its article
      expect(passages.some((p) => order.articlesOf(p).length === 2)).toBe(true);
      expect(articleIds.some((a) => new Set(order.passagesOf(a)).size < order.passagesOf(a).length)).toBe(true);
    } finally {
      view.close();
    }
  });

  it('counts the live passages of each segment from its id range and the deleted ids', async () => {
    const current = await twoSegments();
    const previous = PreviousIndex.open(current, (reason) => expect.fail(reason))!;
    const { db: view, segments } = openGeneration(current);
    try {
      const counted = segments.map(
        (_, i) => view.prepare(`SELECT COUNT(*) FROM ${segmentSchema(i)}.passages WHERE id NOT IN (SELECT id FROM main.deleted_passages)`).pluck().get() as number,
      );
      expect(previous.liveCounts()).toEqual(counted);
      expect(counted[0]).toBeLessThan(segments[0]!.endPassage - segments[0]!.firstPassage);
    } finally {
      view.close();
      previous.close();
    }
  });
});

describe('file stamps', () => {
  it('vouch for a file only once its change time is SETTLED_MS old', () => {
    const file = path.join(dir, 'a.txt');
    writeFileSync(file, FILES['a.txt']);
    const stat = statSync(file, { bigint: true });
    const changed = Number(stat.ctimeMs);
    expect(settledStamp(stat, changed + SETTLED_MS - 1)).toBeNull();
    expect(settledStamp(stat, changed + SETTLED_MS + 1)).toBe(fileStamp(stat));
  });

  it('keep a settled file unread, and a file whose bytes changed is read though its size and modification time are the same', async () => {
    const articles = articlesWith(dir, FILES);
    const index = path.join(dir, 'index');
    // a modification time a program can give back exactly (whole seconds)
    const file = path.join(articles, 'a.txt');
    const mtime = new Date('2020-01-01T00:00:00Z');
    utimesSync(file, mtime, mtime);
    await sleep(SETTLED_MS + 100);
    const first = await buildIndex({ articlesDir: articles, indexDir: index });
    expect(first.unreadFiles).toBe(0);
    const again = await buildIndex({ articlesDir: articles, indexDir: index });
    expect(again.unchanged).toBe(true);
    expect(again.unreadFiles).toBe(again.files);
    // the same length in bytes, the modification time set back: only the change time tells
    writeFileSync(file, readFileSync(file, 'utf8').replace('吕中华', '吕中平'));
    utimesSync(file, mtime, mtime);
    const changed = await buildIndex({ articlesDir: articles, indexDir: index });
    expect(changed.unchanged).toBe(false);
    expect(changed.unreadFiles).toBe(changed.files - 1);
    const { db } = openGeneration(path.join(index, 'current'));
    try {
      expect(db.prepare("SELECT COUNT(*) FROM passages WHERE text LIKE '%吕中平%'").pluck().get()).toBe(1);
      expect(db.prepare("SELECT COUNT(*) FROM passages WHERE text LIKE '%吕中华%'").pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });
});

describe('file stamps, when they moved or a limit changed', () => {
  it('publish the new stamps of files touched since (their bytes the same), once', async () => {
    const articles = articlesWith(dir, FILES);
    const index = path.join(dir, 'index');
    await sleep(SETTLED_MS + 100);
    await buildIndex({ articlesDir: articles, indexDir: index });
    const now = new Date();
    for (const f of ['a.txt', 'c.txt']) utimesSync(path.join(articles, f), now, now);
    await sleep(SETTLED_MS + 100);
    const touched = await buildIndex({ articlesDir: articles, indexDir: index });
    expect(touched).toMatchObject({ unchanged: false, parsedFiles: 0, unreadFiles: touched.files - 2 });
    const after = await buildIndex({ articlesDir: articles, indexDir: index });
    expect(after).toMatchObject({ unchanged: true, unreadFiles: after.files });
  });

  it('skip a file kept by its stamp once a lowered size limit leaves it out, as a fresh build does', async () => {
    const articles = articlesWith(dir, FILES);
    const index = path.join(dir, 'index');
    await sleep(SETTLED_MS + 100);
    await buildIndex({ articlesDir: articles, indexDir: index });
    const limits = { ...DEFAULT_LIMITS, maxFileBytes: statSync(path.join(articles, 'a.txt')).size - 1 };
    const files = readdirSync(articles, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(path.join(articles, f)).isFile());
    const over = files.filter((f) => statSync(path.join(articles, f)).size > limits.maxFileBytes);
    expect(over).toContain('a.txt');
    const lowered = await buildIndex({ articlesDir: articles, indexDir: index, limits });
    expect(lowered.skipped.map((s) => s.source).sort()).toEqual(over.sort());
    const fresh = await buildIndex({ articlesDir: articles, indexDir: path.join(dir, 'fresh'), limits });
    expect(lowered.passages).toBe(fresh.passages);
  });

  it('read every file again when a limit changes, up or down, so that the index is what a fresh build makes', async () => {
    const articles = articlesWith(dir, FILES);
    const index = path.join(dir, 'index');
    await sleep(SETTLED_MS + 100);
    const full = await buildIndex({ articlesDir: articles, indexDir: index });
    const limits = { ...DEFAULT_LIMITS, maxParagraphChars: 60 };
    const short = await buildIndex({ articlesDir: articles, indexDir: index, limits });
    expect(short.reusedFiles).toBe(0);
    expect(short.passages).toBe((await buildIndex({ articlesDir: articles, indexDir: path.join(dir, 'fresh'), limits })).passages);
    expect(short.passages).toBeLessThan(full.passages);
    const raised = await buildIndex({ articlesDir: articles, indexDir: index });
    expect(raised.passages).toBe(full.passages);
    expect(raised.skipped).toEqual([]);
    // a limit that changes nothing read is recorded all the same: the next build under it reads nothing again
    const timed = { ...DEFAULT_LIMITS, maxFileSeconds: 20 };
    await buildIndex({ articlesDir: articles, indexDir: index, limits: timed });
    const next = await buildIndex({ articlesDir: articles, indexDir: index, limits: timed });
    expect(next.reusedFiles).toBe(next.files);
  });
});

describe('what a build wrote', () => {
  it('is recorded as checked: opening the new index hashes nothing', async () => {
    const index = path.join(dir, 'index');
    await buildIndex({ articlesDir: articlesWith(dir, FILES), indexDir: index });
    const current = path.join(index, 'current');
    const { files } = readManifest(current);
    const databases = Object.keys(files);
    expect(databases.length).toBeGreaterThanOrEqual(2);
    expect(verifyFilesOnce(current, files, databases)).toEqual([]);
  });
});
