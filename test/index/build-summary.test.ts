import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ordinaryArticle } from '../helpers/hostile-files.js';
import { articlesWith, childEnv, CLI, TAX_ARTICLE, tempDir, writeFiles } from '../helpers/fixtures.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

function build(articles: string, env: Record<string, string> = {}, nodeArgs: string[] = []) {
  const result = spawnSync(process.execPath, [...nodeArgs, CLI, 'index', 'build', '--articles', articles, '--index', path.join(dir, 'index'), '--model', 'none'], {
    cwd: dir,
    encoding: 'utf8',
    env: childEnv(env),
    timeout: 60_000,
  });
  const skipLines = result.stderr.split('\n').filter((l) => l.startsWith('skipped '));
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, skipLines };
}

/** The counts of files the index in use recorded. */
function manifestFiles() {
  const { counts } = JSON.parse(readFileSync(path.join(dir, 'index', 'current', 'manifest.json'), 'utf8')) as { counts: { files: number; skipped: number } };
  return { files: counts.files, skipped: counts.skipped };
}

describe('the summary of `wenda index build`', () => {
  it('counts each file once, in one of read, unchanged and skipped, at a first build, an unchanged one and a rebuild', () => {
    const articles = articlesWith(dir, {
      'tax.txt': TAX_ARTICLE,
      // one paragraph over the limit beside ordinary ones: indexed without it, not skipped
      'partly.txt': `${ordinaryArticle(1)}\n${'长'.repeat(150_000)}`,
      // nothing but a paragraph over the limit: skipped, on one line that says both
      'huge.txt': `标题\n${'长'.repeat(150_000)}`,
      'empty.txt': '只有标题',
      'notes.docx': 'x',
    });
    symlinkSync(path.join(articles, 'gone.txt'), path.join(articles, 'broken.txt'));

    const first = build(articles);
    expect(first.code).toBe(0);
    expect(first.skipLines.map((l) => l.split(':')[0]).sort()).toEqual(
      ['skipped broken.txt', 'skipped empty.txt', 'skipped huge.txt', 'skipped notes.docx', 'skipped partly.txt'].sort(),
    );
    expect(first.skipLines.filter((l) => l.startsWith('skipped huge.txt'))).toEqual([
      'skipped huge.txt: no body text (0 characters after the title, fewer than 20); paragraph 1 left out: 150000 characters, over the limit of 100000 (WENDA_MAX_PARAGRAPH_CHARS)',
    ]);
    expect(first.skipLines.filter((l) => l.startsWith('skipped partly.txt'))).toEqual([expect.stringMatching(/; the rest is indexed$/u)]);
    expect(first.stdout).toMatch(/^indexed 3 articles as \d+ passages from 7 files in [\d.]+ s \(3 read, 0 unchanged, 4 skipped \(listed above\); lexical\) into /u);
    // the manifest counts files as the summary does: not the five skip lines, nor six files (all but the broken link)
    expect(manifestFiles()).toEqual({ files: 7, skipped: 4 });

    // nothing changed: up to date, the partly indexed file's note said again though the file is not parsed again
    const unchanged = build(articles);
    expect(unchanged.stdout).toMatch(/^the index is up to date: no file it indexes changed since it was built \(3 articles as \d+ passages from 7 files, 4 skipped \(listed above\); lexical\)/u);
    expect(unchanged.skipLines.sort()).toEqual([...first.skipLines].sort());

    writeFiles(articles, { 'tax.txt': `${TAX_ARTICLE}\n会议要求，各部门进一步优化办税流程，提升纳税人满意度。` });
    const rebuilt = build(articles);
    expect(rebuilt.stdout).toMatch(/^indexed 3 articles as \d+ passages from 7 files in [\d.]+ s \(1 read, 2 unchanged, 4 skipped \(listed above\); lexical\)/u);
    expect(rebuilt.skipLines.sort()).toEqual([...first.skipLines].sort());
    expect(manifestFiles()).toEqual({ files: 7, skipped: 4 });

    const again = build(articles);
    expect(again.stdout).toMatch(/^the index is up to date: no file it indexes changed since it was built \(3 articles as \d+ passages from 7 files, 4 skipped \(listed above\); lexical\)/u);

    // a file deleted: said, beside the counts of the files the folder holds
    rmSync(path.join(articles, 'tax.txt'));
    expect(build(articles).stdout).toMatch(/^indexed 2 articles as \d+ passages from 6 files in [\d.]+ s \(0 read, 2 unchanged, 4 skipped \(listed above\), 1 removed; lexical\)/u);
  });

  it("says a .jsonl file's skipped lines again while the file is unchanged, each once, and is up to date", () => {
    const good = JSON.stringify({ id: 1, title: '市政府召开常务会议', text: '会议研究部署了城市更新和老旧小区改造工作，要求各区加快推进项目落地，切实改善居民居住条件。' });
    const articles = articlesWith(dir, {
      'items.jsonl': [good, JSON.stringify({ title: '无编号' }), 'not JSON'].join('\n'),
      // files of their own whose names start with an indexed file's and a `#` or `:` (a download's zone marker)
      'items.jsonl#2.txt': '',
      'tax.txt': TAX_ARTICLE,
      'tax.txt:Zone.Identifier': '[ZoneTransfer]\nZoneId=3\n',
      // another .jsonl file that gives no article, so is read each time, and whose line notes look like items.jsonl's
      'items.jsonl#b.jsonl': 'not JSON',
    });
    // what the listing passes over says itself each time too
    symlinkSync(path.join(articles, 'gone.txt'), path.join(articles, 'items.jsonl#old'));
    const first = build(articles);
    expect(first.skipLines.sort()).toEqual([
      expect.stringMatching(/^skipped items\.jsonl#2\.txt: /u),
      expect.stringMatching(/^skipped items\.jsonl#b\.jsonl:1: not JSON/u),
      expect.stringMatching(/^skipped items\.jsonl#old: /u),
      'skipped items.jsonl:2: id: is missing',
      expect.stringMatching(/^skipped items\.jsonl:3: not JSON/u),
      'skipped tax.txt:Zone.Identifier: unsupported file type ".identifier"',
    ]);
    for (let i = 0; i < 2; i++) {
      const unchanged = build(articles);
      expect(unchanged.stdout).toMatch(/^the index is up to date/u);
      expect(unchanged.skipLines.sort()).toEqual(first.skipLines);
    }
  });

  it('speaks of one article, passage and file in the singular', () => {
    const articles = path.join(dir, 'one');
    mkdirSync(articles);
    writeFileSync(path.join(articles, 'one.txt'), ordinaryArticle(1, 1));
    expect(build(articles).stdout).toMatch(/^indexed 1 article as 1 passage from 1 file in [\d.]+ s \(1 read, 0 unchanged; lexical\)/u);
    expect(build(articles).stdout).toMatch(/^the index is up to date: no file it indexes changed since it was built \(1 article as 1 passage from 1 file; lexical\)/u);
  });

  it('gives the time since the command started, not only the build\'s', () => {
    const articles = path.join(dir, 'one');
    mkdirSync(articles);
    writeFileSync(path.join(articles, 'one.txt'), ordinaryArticle(1, 1));
    // a startup of at least 1.5 s before the CLI's own code runs
    const slowStart = 'data:text/javascript,const t = Date.now(); while (Date.now() - t < 1500);';
    const { stdout } = build(articles, {}, ['--import', slowStart]);
    const shown = Number(/ in ([\d.]+) s /u.exec(stdout)?.[1]);
    const current = path.join(dir, 'index', 'current');
    const { buildSeconds } = JSON.parse(readFileSync(path.join(current, 'manifest.json'), 'utf8')) as { buildSeconds: number };
    expect(shown + 0.05).toBeGreaterThanOrEqual(buildSeconds + 1.5);
  });

  it('says how many files a folder that gave no article holds, each counted once', () => {
    const articles = path.join(dir, 'slow');
    mkdirSync(articles);
    for (let n = 1; n <= 3; n++) writeFileSync(path.join(articles, `${n}.txt`), ordinaryArticle(n));
    const result = build(articles, { WENDA_MAX_FILE_SECONDS: '0.000001' });
    expect(result.code).toBe(1);
    expect(result.skipLines).toHaveLength(3);
    expect(result.skipLines.every((l) => /: reading it took [\d.]+ s, over the limit of 0\.000001 s/u.test(l))).toBe(true);
    expect(result.stderr.trim().split('\n').at(-1)).toBe(`wenda: no article could be indexed in ${articles} (3 files, 3 skipped)`);
  });
});
