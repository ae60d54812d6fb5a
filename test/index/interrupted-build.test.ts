import { spawn } from 'node:child_process';
import { readdirSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build.js';
import { IndexReader } from '../../src/retrieval/index-reader.js';
import { search } from '../../src/retrieval/search.js';
import { articlesWith, childEnv, CLI, TAX_ARTICLE, tempDir } from '../helpers/fixtures.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

function firstAnswer(indexDir: string, question: string): string | undefined {
  const reader = IndexReader.open(indexDir);
  try {
    return search(reader, question, 5).answers[0]?.text;
  } finally {
    reader.close();
  }
}

interface Run {
  pid: number;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill: (signal: NodeJS.Signals) => void;
  /** Resolves once the build has printed a progress line starting with `phase` (and, paused there, waits). */
  reached: (phase: string) => Promise<void>;
}

/** `wenda index build` in a child process, with a clean environment; WENDA_BUILD_PAUSE holds it at a phase. */
function cliBuild(articles: string, index: string, pauseAt?: string): Run {
  const child = spawn(process.execPath, [CLI, 'index', 'build', '--articles', articles, '--index', index, '--model', 'none'], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: childEnv(pauseAt ? { WENDA_BUILD_PAUSE: pauseAt } : {}),
  });
  let stderr = '';
  const waiting: { phase: string; resolve: () => void }[] = [];
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    for (const w of waiting) if (stderr.split('\n').some((line) => line.startsWith(w.phase))) w.resolve();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    // once its output is all read too
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  return {
    pid: child.pid!,
    stderr: () => stderr,
    exited,
    kill: (signal) => child.kill(signal),
    reached: (phase) =>
      new Promise<void>((resolve, reject) => {
        waiting.push({ phase, resolve });
        void exited.then(() => reject(new Error(`the build ended before "${phase}": ${stderr}`)));
      }),
  };
}

const generations = (index: string) => readdirSync(path.join(index, 'generations'));
const GIVEN_QUESTION = '中央网信办主题教育动员大会是哪天召开的';
const TAX_QUESTION = '办税平均用时压缩到多少分钟';

/** An index of the given article, and a tax article added since: what the next build would publish. */
async function indexWithPendingChange(): Promise<{ articles: string; index: string; before: string }> {
  const articles = articlesWith(dir);
  const index = path.join(dir, 'index');
  await buildIndex({ articlesDir: articles, indexDir: index });
  const before = readlinkSync(path.join(index, 'current'));
  articlesWith(dir, { 'tax.txt': TAX_ARTICLE });
  return { articles, index, before };
}

describe('the build lock', () => {
  it('lets exactly one of builds started together run; the others say why in one line', async () => {
    const articles = articlesWith(dir, { 'tax.txt': TAX_ARTICLE });
    const index = path.join(dir, 'index');
    const runs = [cliBuild(articles, index), cliBuild(articles, index), cliBuild(articles, index)];
    const ends = await Promise.all(runs.map((r) => r.exited));
    const winners = ends.filter((e) => e.code === 0);
    expect(winners).toHaveLength(1);
    for (const [i, end] of ends.entries()) {
      if (end.code === 0) continue;
      expect(end.code).toBe(1);
      expect(runs[i]!.stderr().trim()).toMatch(/^wenda: another build \(process \d+\) is writing .*; wait for it to finish$/u);
    }
    expect(generations(index)).toHaveLength(1);
    expect(firstAnswer(index, TAX_QUESTION)).toContain('15分钟以内');
  }, 120_000);

  it('keeps the previous index answering when a build is killed at any point, and the next build cleans up', async () => {
    const { articles, index, before } = await indexWithPendingChange();

    for (const point of ['reading articles', 'merging postings', 'publishing']) {
      const run = cliBuild(articles, index, point);
      await run.reached(point);
      if (point === 'reading articles') {
        // a live build holds the lock: another is refused, naming it
        await expect(buildIndex({ articlesDir: articles, indexDir: index })).rejects.toThrow(`another build (process ${run.pid})`);
      }
      run.kill('SIGKILL');
      expect(await run.exited).toMatchObject({ signal: 'SIGKILL' });
      expect(readlinkSync(path.join(index, 'current'))).toBe(before);
      // the killed build's half-written generation is still there; the index in use is untouched
      expect(generations(index)).toHaveLength(2);
      expect(firstAnswer(index, GIVEN_QUESTION)).toContain('6月11日');
      expect(firstAnswer(index, TAX_QUESTION) ?? '').not.toContain('15分钟以内');
    }

    const report = await buildIndex({ articlesDir: articles, indexDir: index });
    expect(report.articles).toBe(2);
    expect(generations(index)).toEqual([path.basename(report.generation)]);
    expect(firstAnswer(index, TAX_QUESTION)).toContain('15分钟以内');
  }, 180_000);

  it('removes its half-written generation and frees the lock when stopped with SIGTERM', async () => {
    const { articles, index, before } = await indexWithPendingChange();

    const run = cliBuild(articles, index, 'merging postings');
    await run.reached('merging postings');
    expect(generations(index)).toHaveLength(2);
    run.kill('SIGTERM');
    expect(await run.exited).toMatchObject({ signal: 'SIGTERM' });
    expect(run.stderr().trim().split('\n').at(-1)).toBe('wenda: build interrupted (SIGTERM); the index in use is unchanged');
    expect(readlinkSync(path.join(index, 'current'))).toBe(before);
    expect(generations(index)).toEqual([path.basename(before)]);
    expect((await buildIndex({ articlesDir: articles, indexDir: index })).articles).toBe(2);
  }, 120_000);

  it('says that there is no index yet when the first build is stopped, by a hang-up too (an ssh session that drops)', async () => {
    const first = path.join(dir, 'first');
    const run = cliBuild(articlesWith(dir), first, 'merging postings');
    await run.reached('merging postings');
    run.kill('SIGHUP');
    expect(await run.exited).toMatchObject({ signal: 'SIGHUP' });
    expect(run.stderr().trim().split('\n').at(-1)).toBe('wenda: build interrupted (SIGHUP); there is no index yet');
    expect(generations(first)).toEqual([]);
  }, 120_000);

  it('keeps the generation it has just published when stopped before it records so, and says it is in use', async () => {
    const { articles, index, before } = await indexWithPendingChange();

    const run = cliBuild(articles, index, 'published');
    for (let i = 0; i < 600 && readlinkSync(path.join(index, 'current')) === before; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    run.kill('SIGTERM');
    expect(await run.exited).toMatchObject({ signal: 'SIGTERM' });
    expect(run.stderr().trim().split('\n').at(-1)).toBe('wenda: build interrupted (SIGTERM); the new index is in use');
    expect(firstAnswer(index, TAX_QUESTION)).toContain('15分钟以内');
  }, 120_000);
});
