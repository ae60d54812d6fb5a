import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Skipped } from '../../src/index/article.js';
import { buildIndex } from '../../src/index/build.js';
import { DEFAULT_LIMITS } from '../../src/index/limits.js';
import { parseArticleFile, readArticleFile, shownOver, tooLarge } from '../../src/index/read-articles.js';
import { sentences } from '../../src/text/text.js';
import { IndexReader } from '../../src/retrieval/index-reader.js';
import { search } from '../../src/retrieval/search.js';
import { nestedHtmlList, nestedMarkdownList, ordinaryArticle, repeatedParagraph, unpunctuated, withBadByte } from '../helpers/hostile-files.js';
import { articlesWith, childEnv, CLI, tempDir, writeFiles } from '../helpers/fixtures.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

async function build(files: Record<string, string | Uint8Array>, limits = DEFAULT_LIMITS) {
  const articles = articlesWith(dir, files);
  const index = path.join(dir, 'index');
  const report = await buildIndex({ articlesDir: articles, indexDir: index, limits });
  const reasons = (source: string) => report.skipped.filter((s: Skipped) => s.source === source).map((s) => s.reason);
  return { report, articles, index, reasons };
}

function passagesOf(index: string, question: string) {
  const reader = IndexReader.open(index);
  try {
    return search(reader, question, 5).answers;
  } finally {
    reader.close();
  }
}

describe('files past a limit', () => {
  it('an 8 M character paragraph without a sentence end is left out, the rest of its article and the build go on', async () => {
    const { report, reasons } = await build({ 'attachment.txt': unpunctuated(8_000_000), 'ok.txt': ordinaryArticle(1) });
    expect(reasons('attachment.txt')).toEqual([
      'paragraph 2 left out: 8000000 characters, over the limit of 100000 (WENDA_MAX_PARAGRAPH_CHARS); the rest is indexed',
    ]);
    expect(report.articles).toBe(3);
  });

  it('a paragraph left out keeps the numbers of the paragraphs after it', () => {
    const text = `附件\n${'第一段说明情况。'.repeat(10)}\n${'A'.repeat(200_000)}\n${'第三段提出要求。'.repeat(10)}`;
    const result = readArticleFile('attachment.txt', new TextEncoder().encode(text), DEFAULT_LIMITS);
    expect(result.skipped.map((s) => s.reason)).toEqual([expect.stringMatching(/^paragraph 2 left out: /u)]);
    expect(result.articles[0]!.paragraphs).toEqual([1, 3]);
  });

  it('an 8 M character paragraph allowed by a raised limit is cut by length', () => {
    const raised = { ...DEFAULT_LIMITS, maxParagraphChars: 10_000_000 };
    const result = readArticleFile('attachment.txt', new TextEncoder().encode(unpunctuated(8_000_000)), raised);
    expect(result.skipped).toEqual([]);
    const passages = result.articles[0]!.passages;
    expect(passages.length).toBeGreaterThanOrEqual(20_000);
    expect(passages.every((p) => p.length <= 400)).toBe(true);
  });

  it('splits 9 M characters of clauses without a sentence end into one sentence, without overflowing the stack', () => {
    // commas and no sentence end: what overflowed the stack of the sentence regex
    const text = '数据，'.repeat(3_000_000);
    expect(sentences(text)).toEqual([text]);
  });

  it('a paragraph without a sentence end under the limit is cut by length', async () => {
    const result = parseArticleFile('long.txt', new TextEncoder().encode(unpunctuated(50_000)));
    expect(result.skipped).toEqual([]);
    const { report } = await build({ 'long.txt': unpunctuated(50_000) });
    expect(report.passages).toBeGreaterThan(125);
  });

  it('HTML nested 10,000 deep and Markdown nested 3,000 deep are skipped before parsing; the limit can be raised', async () => {
    const { report, reasons } = await build({ 'deep.html': nestedHtmlList(10_000), 'deep.md': nestedMarkdownList(3_000), 'ok.txt': ordinaryArticle(1) });
    const why = 'nested more than 200 levels deep (set WENDA_MAX_DEPTH to allow more)';
    expect(reasons('deep.html')).toEqual([why]);
    expect(reasons('deep.md')).toEqual([why]);
    expect(report.articles).toBe(2);
    const shallow = parseArticleFile('deep.md', new TextEncoder().encode(nestedMarkdownList(150)));
    expect(shallow.articles[0]!.paragraphs).toContain('第149层');
    const raised = parseArticleFile('deep.html', new TextEncoder().encode(nestedHtmlList(300)), { ...DEFAULT_LIMITS, maxDepth: 400 });
    expect(raised.skipped).toEqual([]);
  });

  it('a file over the size limit is skipped unread, with the limit in the reason', async () => {
    const { reasons } = await build({ 'big.txt': ordinaryArticle(1, 2000) }, { ...DEFAULT_LIMITS, maxFileBytes: 100_000 });
    expect(reasons('big.txt')).toEqual([expect.stringMatching(/^0\.\d+ MB, over the limit of 0\.1 MB \(WENDA_MAX_FILE_MB\)$/u)]);
    // a small limit is shown as set, the size with the decimals that show it over (not 0.0 MB over 0.0 MB)
    expect(tooLarge(2_600, { ...DEFAULT_LIMITS, maxFileBytes: 2_000 })).toBe('0.003 MB, over the limit of 0.002 MB (WENDA_MAX_FILE_MB)');
  });
});

describe('the time limit', () => {
  it('says how long a file took with enough decimals to show it past a small limit', () => {
    const limits = { ...DEFAULT_LIMITS, maxFileSeconds: 0.000001 };
    const result = readArticleFile('slow.txt', new TextEncoder().encode(ordinaryArticle(1, 200)), limits);
    expect(result.articles).toEqual([]);
    const [reason] = result.skipped.map((s) => s.reason);
    const took = /^reading it took ([\d.]+) s, over the limit of 0\.000001 s \(WENDA_MAX_FILE_SECONDS\)$/u.exec(reason ?? '');
    expect(Number(took?.[1])).toBeGreaterThan(0.000001);
    // a paragraph left out of an article that then runs out of time: the file is skipped, and said to be once
    const both = readArticleFile('slow.txt', new TextEncoder().encode(unpunctuated(200_000)), limits);
    expect(both.skipped).toEqual([{ source: 'slow.txt', reason: expect.stringMatching(/^reading it took /u) }]);
    // a file its parse skipped is said to be once, for that reason, however long it took
    expect(readArticleFile('empty.txt', new TextEncoder().encode(' \n'), limits).skipped).toEqual([{ source: 'empty.txt', reason: 'the file is empty' }]);
    expect([shownOver(0.0012, 0.001), shownOver(0.00100004, 0.001), shownOver(12.34, 10)]).toEqual(['0.0012', '0.00100004', '12.3']);
  });
});

describe('repeated paragraphs', () => {
  it('130,000 copies of one paragraph are one passage that lists its file once', async () => {
    const { index } = await build({ 'big.txt': repeatedParagraph(130_000) });
    const [first] = passagesOf(index, '城市更新和老旧小区改造');
    expect(first!.sources).toEqual(['big.txt']);
    expect(first!.paragraph).toBe(1);
  });
});

describe('encodings and names', () => {
  it('GB18030 and Big5 files with one bad byte keep their text, the byte replaced', () => {
    for (const encoding of ['GB18030', 'Big5'] as const) {
      const result = parseArticleFile(`${encoding}.txt`, withBadByte(ordinaryArticle(7, 20), encoding));
      expect(result.skipped).toEqual([]);
      const text = result.articles[0]!.paragraphs.join('\n');
      expect(text).toContain('第7号文件第20段');
      expect(text.split('\uFFFD')).toHaveLength(2);
    }
  });

  it('reads a GBK-named file by its bytes and shows the name decoded', async () => {
    const articles = articlesWith(dir);
    // GBK bytes that are not UTF-8 (some GBK names happen to be valid UTF-8, and are read as such)
    writeFileSync(Buffer.concat([Buffer.from(articles + '/'), iconv.encode('新闻稿.txt', 'GBK')]), ordinaryArticle(1));
    writeFileSync(Buffer.concat([Buffer.from(articles + '/'), Buffer.from([0x80, 0xff, 0x2e, 0x74, 0x78, 0x74])]), ordinaryArticle(2));
    const report = await buildIndex({ articlesDir: articles, indexDir: path.join(dir, 'index') });
    expect(report.skipped).toEqual([]);
    const sources = passagesOf(path.join(dir, 'index'), '第1号文件第1段城市更新').map((a) => a.source);
    expect(sources).toContain('新闻稿.txt');
    const other = passagesOf(path.join(dir, 'index'), '第2号文件第1段城市更新').map((a) => a.source);
    expect(other).toContain('\\x80\\xff.txt');
  });

  it('skips a file whose name reads the same as another one, and indexes the rest', async () => {
    const articles = articlesWith(dir);
    writeFileSync(Buffer.concat([Buffer.from(articles + '/'), iconv.encode('新闻稿.txt', 'GBK')]), ordinaryArticle(1));
    writeFileSync(path.join(articles, '新闻稿.txt'), ordinaryArticle(2));
    const report = await buildIndex({ articlesDir: articles, indexDir: path.join(dir, 'index') });
    expect(report.articles).toBe(2);
    expect(report.skipped).toEqual([{ source: '新闻稿.txt', reason: 'another file here has a name that reads the same: rename one of them' }]);
  });

  it('follows links inside the folder, reads a looping folder once, and reports links outside or broken', async () => {
    const articles = articlesWith(dir, { 'real/a.txt': ordinaryArticle(1) });
    writeFiles(dir, { 'outside/secret.txt': ordinaryArticle(9) });
    symlinkSync('real', path.join(articles, 'alias'));
    symlinkSync('..', path.join(articles, 'real', 'up'));
    symlinkSync(path.join(dir, 'outside'), path.join(articles, 'out'));
    symlinkSync('nowhere.txt', path.join(articles, 'broken.txt'));
    const report = await buildIndex({ articlesDir: articles, indexDir: path.join(dir, 'index') });
    const loop = 'a link to a folder already read (a loop): not followed again';
    expect(report.skipped).toEqual([
      { source: 'alias/up/', reason: loop },
      { source: 'broken.txt', reason: 'a link that leads nowhere: ENOENT' },
      { source: 'out', reason: 'a link to outside the articles folder: not followed' },
      { source: 'real/up/', reason: loop },
    ]);
    const [hit] = passagesOf(path.join(dir, 'index'), '第1号文件第1段城市更新');
    expect(hit!.sources).toEqual(['alias/a.txt', 'real/a.txt']);
  });

  it('reports a FIFO in the folder as not read, rather than pass over it or wait on it', async () => {
    const articles = articlesWith(dir);
    execFileSync('mkfifo', [path.join(articles, 'pipe.txt')]);
    const report = await buildIndex({ articlesDir: articles, indexDir: path.join(dir, 'index') });
    expect(report.articles).toBe(1);
    expect(report.skipped).toEqual([{ source: 'pipe.txt', reason: 'not a regular file (a FIFO, a socket or a device): not read' }]);
  });

  it('prints control characters in names escaped, so that no name forges a line', () => {
    const articles = articlesWith(dir, { 'evil\nskipped fake.txt: forged\u001b[31m.txt': '只有标题' });
    const result = spawnSync(process.execPath, [CLI, 'index', 'build', '--articles', articles, '--index', path.join(dir, 'index'), '--model', 'none'], {
      cwd: dir,
      encoding: 'utf8',
      env: childEnv(),
      timeout: 60_000,
    });
    expect(result.status).toBe(0);
    const skips = result.stderr.split('\n').filter((l) => l.startsWith('skipped '));
    expect(skips).toEqual(['skipped evil\\nskipped fake.txt: forged\\u{1b}[31m.txt: no body text (0 characters after the title, fewer than 20)']);
    expect(result.stderr).not.toContain('\u001b');
    expect(result.stdout).toMatch(/^indexed 1 article /u);
  });
});

describe('wenda eval', () => {
  it('refuses an endless question set in one line', () => {
    mkdirSync(path.join(dir, 'x'));
    const result = spawnSync(process.execPath, [CLI, 'eval', '--index', path.join(dir, 'x'), '--questions', '/dev/zero'], {
      cwd: dir,
      encoding: 'utf8',
      env: childEnv(),
      timeout: 60_000,
    });
    expect(result.signal).toBeNull();
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('wenda: /dev/zero is larger than 64 MB: not a question set\n');
  });
});
