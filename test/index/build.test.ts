import { existsSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build.js';
import { FORMAT_VERSION } from '../../src/store/schema.js';
import { openGeneration } from '../../src/store/segments.js';
import { IndexReader } from '../../src/retrieval/index-reader.js';
import { search } from '../../src/retrieval/search.js';
import { articlesWith, GIVEN_ARTICLE, plainArticle, TAX_ARTICLE, tempDir } from '../helpers/fixtures.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

function ask(indexDir: string, question: string) {
  const reader = IndexReader.open(indexDir);
  try {
    return search(reader, question, 5);
  } finally {
    reader.close();
  }
}

describe('buildIndex', () => {
  it('writes a database and a manifest, and reports what it skipped', async () => {
    const articles = articlesWith(dir, { 'tax.txt': TAX_ARTICLE, 'empty.txt': '只有标题', 'notes.docx': 'x' });
    const index = path.join(dir, 'index');
    const report = await buildIndex({ articlesDir: articles, indexDir: index });
    expect(report.articles).toBe(2);
    expect(report.skipped.map((s) => s.source).sort()).toEqual(['empty.txt', 'notes.docx']);
    const generation = path.resolve(index, readlinkSync(path.join(index, 'current')));
    const manifest = JSON.parse(readFileSync(path.join(generation, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ formatVersion: FORMAT_VERSION, mode: 'lexical', counts: { articles: 2, skipped: 2 } });
    expect(manifest.counts.passages).toBe(report.passages);
    expect(existsSync(path.join(generation, 'wenda.db'))).toBe(true);
  });

  it('indexes a passage found in two folders once and keeps both sources', async () => {
    const articles = articlesWith(dir, { 'a/tax.txt': TAX_ARTICLE, 'b/tax copy.txt': TAX_ARTICLE });
    const index = path.join(dir, 'index');
    await buildIndex({ articlesDir: articles, indexDir: index });
    const first = ask(index, '办税平均用时压缩到多少分钟').answers[0]!;
    expect(first.source).toBe('a/tax.txt');
    expect(first.sources).toEqual(['a/tax.txt', 'b/tax copy.txt']);
    expect(first.text).toContain('15分钟以内');
  });

  it('keeps passages apart that differ in a sign, and finds officials in traditional articles', async () => {
    const articles = articlesWith(dir, {
      'march.txt': plainArticle('三月天气', ['3月1日本市最低气温-5℃，最高气温8℃，全市供暖运行平稳，各区未发生供热故障。']),
      'may.txt': plainArticle('五月天气', ['3月1日本市最低气温5℃，最高气温8℃，全市供暖运行平稳，各区未发生供热故障。']),
      'trad.txt': plainArticle('國家發展改革委召開會議', ['國家發展改革委主任何立峰主持會議，研究部署下一步穩增長工作，要求各司局抓好落實。']),
    });
    const index = path.join(dir, 'index');
    await buildIndex({ articlesDir: articles, indexDir: index });
    const reader = IndexReader.open(index);
    try {
      const answers = search(reader, '3月1日最低气温多少度', 5).answers;
      expect(answers.find((a) => a.source === 'march.txt')!.text).toContain('-5℃');
      expect(answers.find((a) => a.source === 'may.txt')!.sources).toEqual(['may.txt']);
      expect(reader.people.who('何立峰').people[0]!.titles.map((t) => t.title)).toEqual(['国家发展改革委主任']);
    } finally {
      reader.close();
    }
  });

  it('builds afresh over a damaged index instead of failing', async () => {
    const articles = articlesWith(dir);
    const index = path.join(dir, 'index');
    await buildIndex({ articlesDir: articles, indexDir: index });
    writeFileSync(path.join(path.resolve(index, readlinkSync(path.join(index, 'current'))), 'wenda.db'), 'not a database');
    const report = await buildIndex({ articlesDir: articles, indexDir: index });
    expect(report).toMatchObject({ parsedFiles: 1, reusedFiles: 0 });
    expect(ask(index, '中央网信办主题教育动员大会是哪天召开的').answers[0]!.text).toContain('6月11日');
  });

  it('builds afresh over an index of another format, saying why without telling it to rebuild', async () => {
    const articles = articlesWith(dir);
    const index = path.join(dir, 'index');
    await buildIndex({ articlesDir: articles, indexDir: index });
    const manifest = path.join(path.resolve(index, readlinkSync(path.join(index, 'current'))), 'manifest.json');
    writeFileSync(manifest, JSON.stringify({ ...JSON.parse(readFileSync(manifest, 'utf8')), formatVersion: FORMAT_VERSION - 1 }));
    const notices: string[] = [];
    const progress = { phase() {}, tick() {}, skipped() {}, notice: (m: string) => notices.push(m), end() {} };
    expect(await buildIndex({ articlesDir: articles, indexDir: index, progress })).toMatchObject({ parsedFiles: 1, reusedFiles: 0 });
    expect(notices).toEqual([expect.stringMatching(/^the previous index cannot be reused, building from scratch: the index at .* was written by another version of wenda$/u)]);
  });

  it('rebuilds only the articles that changed', async () => {
    const articles = articlesWith(dir, {
      'tax.txt': TAX_ARTICLE,
      'other.txt': plainArticle('区园林绿化局开展秋季植树活动', [
        '10月12日，区园林绿化局组织干部职工在北坞公园开展秋季植树活动，共栽种银杏、油松等苗木三百余株。',
      ]),
    });
    const index = path.join(dir, 'index');
    const first = await buildIndex({ articlesDir: articles, indexDir: index });
    expect(first).toMatchObject({ parsedFiles: 3, reusedFiles: 0 });

    writeFileSync(path.join(articles, 'tax.txt'), TAX_ARTICLE.replace('15分钟', '12分钟'));
    const second = await buildIndex({ articlesDir: articles, indexDir: index });
    expect(second).toMatchObject({ parsedFiles: 1, reusedFiles: 2, articles: 3 });
    // only the changed paragraph is new; every other passage keeps its stored tokens
    expect(second.tokenizedPassages).toBe(1);
    expect(ask(index, '办税平均用时压缩到多少分钟').answers[0]!.text).toContain('12分钟以内');
    // the previous generation is gone once the new one is in use
    expect(readdirSync(path.join(index, 'generations'))).toHaveLength(1);
  });

  it('leaves the previous index in use when a build fails', async () => {
    const articles = articlesWith(dir);
    const index = path.join(dir, 'index');
    await buildIndex({ articlesDir: articles, indexDir: index });
    await expect(buildIndex({ articlesDir: path.join(dir, 'missing'), indexDir: index })).rejects.toThrow(/does not exist/);
    const empty = path.join(dir, 'empty');
    articlesWith(empty);
    writeFileSync(path.join(empty, 'articles', GIVEN_ARTICLE), '');
    await expect(buildIndex({ articlesDir: path.join(empty, 'articles'), indexDir: index })).rejects.toThrow(/no article could be indexed/);
    expect(ask(index, '中央网信办主题教育动员大会是哪天召开的').answers[0]!.text).toContain('6月11日');
  });

  it('writes the same postings when they pass through many runs on disk as when they fit in one', async () => {
    const articles = articlesWith(dir, { 'tax.txt': TAX_ARTICLE, 'a/tax copy.txt': TAX_ARTICLE });
    const postings = async (name: string, runSize?: number) => {
      const index = path.join(dir, name);
      await buildIndex({ articlesDir: articles, indexDir: index, runSize });
      const { db } = openGeneration(path.join(index, 'current'));
      try {
        return db.prepare('SELECT key, list FROM s0.postings ORDER BY key').all() as { key: string; list: Buffer }[];
      } finally {
        db.close();
      }
    };
    const whole = await postings('whole');
    const runs = await postings('runs', 40);
    expect(whole.length).toBeGreaterThan(1000);
    expect(runs).toEqual(whole);
  });
});
