import Database from 'better-sqlite3';
import { readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build.js';
import { articlesWith, plainArticle, TAX_ARTICLE, tempDir } from '../helpers/fixtures.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => {
  delete process.env.WENDA_BUILD_WORKER_EXIT;
  cleanup();
});

const OFFICES = ['市发展改革委', '市教育局', '市财政局', '市交通运输局', '市生态环境局'];
const HEADS = ['王建国', '李红梅', '张志强', '刘海涛', '陈晓东'];

/** Many small articles (more than one batch of files), each naming an official, some passages shared between files. */
function manyArticles(n: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < n; i++) {
    const office = OFFICES[i % OFFICES.length]!;
    const head = HEADS[(i * 7) % HEADS.length]!;
    files[`batch${i % 3}/${String(i).padStart(4, '0')}.txt`] = plainArticle(`${office}召开第${i}次“优化营商环境”工作会议`, [
      `${i}月${(i % 28) + 1}日，${office}局长${head}主持召开工作会议，研究第${i}项重点任务，听取各处室工作汇报，部署下一阶段全市重点工作，要求各部门加强协调配合、形成工作合力，切实把各项任务抓实抓细抓出成效。`,
      // every tenth article repeats the passage of the one before it: a passage with two sources, across batches too
      `会议要求，各单位要认真落实第${i - (i % 10 === 0 ? 1 : 0)}号文件精神，压实工作责任，确保各项措施落地见效，并按时报送工作进展情况，对工作推进不力、问题整改不到位的单位和个人，将按照有关规定严肃追责问责。`,
    ]);
  }
  return files;
}

/**
 * Every table of the index in use, each row as JSON in the table's order (the segment's name, made of the generation's,
 * left out; and the files' stamps, which depend on how long ago each file changed when a build read it).
 */
function tables(index: string): Record<string, string[]> {
  const generation = path.resolve(index, readlinkSync(path.join(index, 'current')));
  const out: Record<string, string[]> = {};
  for (const file of readdirSync(generation).filter((f) => f.endsWith('.db'))) {
    const db = new Database(path.join(generation, file), { readonly: true });
    try {
      const kind = file.startsWith('segment-') ? 'segment' : file;
      for (const table of db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'file_stamps' ORDER BY name").pluck().all() as string[]) {
        out[`${kind}.${table}`] = (db.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[]).map((row) =>
          JSON.stringify(row, (key, value: unknown) => (key === 'name' && table === 'segments' ? 'segment' : value instanceof Buffer ? value.toString('hex') : value)),
        );
      }
    } finally {
      db.close();
    }
  }
  return out;
}

describe('buildIndex on worker threads', () => {
  it('writes the same index as a build in one thread', async () => {
    const articles = articlesWith(dir, { ...manyArticles(450), 'tax.txt': TAX_ARTICLE });
    const serial = path.join(dir, 'serial');
    const parallel = path.join(dir, 'parallel');
    await buildIndex({ articlesDir: articles, indexDir: serial, workers: 0 });
    await buildIndex({ articlesDir: articles, indexDir: parallel, workers: 2, workersFrom: 1 });
    const expected = tables(serial);
    expect(expected['segment.passages']!.length).toBeGreaterThan(800);
    expect(expected['segment.passage_sources']!.length).toBeGreaterThan(expected['segment.passages']!.length);
    expect(expected['wenda.db.people']!.length).toBeGreaterThan(3);
    expect(tables(parallel)).toEqual(expected);
    // and a rebuild on workers (a changed file, a new one) gives what one in this thread does
    writeFileSync(path.join(articles, 'batch0/0003.txt'), TAX_ARTICLE.replace('15分钟', '12分钟'));
    writeFileSync(path.join(articles, 'new.txt'), plainArticle('市教育局召开会议', ['市教育局局长李红梅主持会议，研究部署今年秋季开学各项准备工作，要求确保校园安全。']));
    await buildIndex({ articlesDir: articles, indexDir: serial, workers: 0 });
    await buildIndex({ articlesDir: articles, indexDir: parallel, workers: 2, workersFrom: 1 });
    expect(tables(parallel)).toEqual(tables(serial));
  }, 180_000); // four builds of 450 files

  it('reports a malformed article and skips it, and indexes the rest', async () => {
    const articles = articlesWith(dir, {
      ...manyArticles(20),
      'broken.html': `<html><body>${'<div>'.repeat(500)}正文${'</div>'.repeat(500)}</body></html>`,
      'empty.txt': '',
      'tax.txt': TAX_ARTICLE,
    });
    const index = path.join(dir, 'index');
    const report = await buildIndex({ articlesDir: articles, indexDir: index, workers: 2, workersFrom: 1 });
    expect(report.skipped.map((s) => s.source).sort()).toEqual(['broken.html', 'empty.txt']);
    expect(report.skipped.find((s) => s.source === 'broken.html')!.reason).toMatch(/nested/);
    const sources = tables(index)['segment.articles']!.map((row) => JSON.parse(row).file as string);
    expect(sources).toContain('tax.txt');
    expect(sources).not.toContain('broken.html');
    expect(sources).toHaveLength(22);
  });

  it('fails with one line when a worker dies, and leaves the previous index in use', async () => {
    const articles = articlesWith(dir, manyArticles(20));
    const index = path.join(dir, 'index');
    await buildIndex({ articlesDir: articles, indexDir: index, workers: 0 });
    const before = readlinkSync(path.join(index, 'current'));
    const rows = tables(index);
    rmSync(path.join(articles, 'batch1'), { recursive: true });
    for (const task of ['read', 'cut']) {
      process.env.WENDA_BUILD_WORKER_EXIT = task;
      const failed = buildIndex({ articlesDir: articles, indexDir: index, workers: 1, workersFrom: 1 });
      await expect(failed).rejects.toThrow(/^a build worker stopped \(exit code 1\)$/);
      expect(readlinkSync(path.join(index, 'current'))).toBe(before);
      expect(readdirSync(path.join(index, 'generations'))).toEqual([path.basename(before)]);
      expect(tables(index)).toEqual(rows);
    }
  });
});
