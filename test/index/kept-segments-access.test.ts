import { readdirSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { articlesWith, plainArticle, TAX_ARTICLE, tempDir, writeFiles } from '../helpers/fixtures.js';

// the index in use is another user's (a build run as root in a service's folder): the kernel refuses to link its
// files (fs.protected_hardlinks), as root, who runs the tests, never sees
const refused = vi.hoisted(() => ({ on: false }));
vi.mock('node:fs', async (original) => {
  const fs = await original<typeof import('node:fs')>();
  const linkSync = ((from: string, to: string) => {
    if (refused.on) throw Object.assign(new Error(`EPERM: operation not permitted, link '${from}' -> '${to}'`), { code: 'EPERM' });
    return fs.linkSync(from, to);
  }) as typeof fs.linkSync;
  return { ...fs, default: { ...fs, linkSync }, linkSync };
});

const { buildIndex } = await import('../../src/index/build.js');
const { IndexReader } = await import('../../src/retrieval/index-reader.js');
const { search } = await import('../../src/retrieval/search.js');

describe('a rebuild over an index whose segments another user owns', () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);

  it('copies the segments it keeps instead of linking them, says so with what mends it, and answers as before', async () => {
    const articles = articlesWith(dir, { 'tax.txt': TAX_ARTICLE });
    const index = path.join(dir, 'index');
    await buildIndex({ articlesDir: articles, indexDir: index });
    writeFiles(articles, { 'flood.txt': plainArticle('南平市防汛工作会议', ['南平市召开防汛工作会议，部署今年汛期各项工作，要求各县区派出工作组深入一线，排查隐患点三百余处。']) });
    const notices: string[] = [];
    const progress = { phase() {}, tick() {}, skipped() {}, notice: (m: string) => notices.push(m), end() {} };
    refused.on = true;
    try {
      await buildIndex({ articlesDir: articles, indexDir: index, progress });
    } finally {
      refused.on = false;
    }
    const current = path.join(index, 'current');
    const kept = readdirSync(current).filter((f) => f.startsWith('segment-'));
    expect(kept.length).toBeGreaterThanOrEqual(2);
    // a copy: one link to each file, none shared with the generation before
    for (const f of kept) expect(statSync(path.join(current, f)).nlink).toBe(1);
    expect(notices).toEqual([expect.stringMatching(/segment-.*\.db is another user's file: copied into the new index rather than linked \(build as the user that owns the index folder, or give it to this user: chown -R \S+ \S+\)$/u)]);
    expect(notices[0]).toContain(`chown -R ${userInfo().username} ${path.resolve(index)})`);
    const reader = IndexReader.open(index);
    try {
      expect(search(reader, '办税平均用时压缩到多少分钟', 1).answers[0]?.source).toBe('tax.txt');
      expect(search(reader, '防汛工作会议排查了多少隐患点', 1).answers[0]?.source).toBe('flood.txt');
    } finally {
      reader.close();
    }
  });
});
