import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildIndex } from '../../src/index/build.js';
import { DEFAULT_LIMITS } from '../../src/index/limits.js';
import { currentGeneration } from '../../src/store/generations.js';
import { MANIFEST_FILE } from '../../src/store/schema.js';
import { articlesWith, tempDir } from '../helpers/fixtures.js';

// removing the old generations fails with what `failure` gives for the call (counted from 1), else works
let removals = 0;
let failure: (call: number) => NodeJS.ErrnoException | null = () => null;
vi.mock('../../src/store/generations.js', async (original) => {
  const real = await original<typeof import('../../src/store/generations.js')>();
  return {
    ...real,
    removeGenerationsBut: async (indexDir: string, keep: string | null) => {
      const error = failure(++removals);
      if (error) throw error;
      return real.removeGenerationsBut(indexDir, keep);
    },
  };
});
const failed = (code: string, message: string) => Object.assign(new Error(`${code}: ${message}`), { code });

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

describe('publishing', () => {
  it('keeps the index it published when the old generations cannot be removed, and says so', async () => {
    // after the swap (a reader writing into one, say): every call after the first
    removals = 0;
    failure = (call) => (call > 1 ? failed('ENOTEMPTY', 'directory not empty') : null);
    const indexDir = path.join(dir, 'index');
    const notices: string[] = [];
    const progress = { phase() {}, tick() {}, skipped() {}, notice: (m: string) => notices.push(m), end() {} };
    const report = await buildIndex({ articlesDir: articlesWith(dir), indexDir, progress });
    expect(currentGeneration(indexDir)).toBe(report.generation);
    expect(existsSync(path.join(report.generation, MANIFEST_FILE))).toBe(true);
    expect(notices).toEqual([expect.stringContaining('an old index generation is left (the next build removes it): ENOTEMPTY')]);
  });

  it("builds on when another user's generation cannot be removed before it starts, and says what to do", async () => {
    const indexDir = path.join(dir, 'index');
    const articles = articlesWith(dir);
    await buildIndex({ articlesDir: articles, indexDir, progress: { phase() {}, tick() {}, skipped() {}, notice() {}, end() {} } });
    removals = 0;
    failure = () => failed('EACCES', "permission denied, unlink 'generations/g/checked.json'");
    const notices: string[] = [];
    const report = await buildIndex({ articlesDir: articles, indexDir, limits: { ...DEFAULT_LIMITS, maxParagraphChars: 90_000 }, progress: { phase() {}, tick() {}, skipped() {}, notice: (m: string) => notices.push(m), end() {} } });
    expect(currentGeneration(indexDir)).toBe(report.generation);
    expect(notices.filter((n) => n.startsWith('an old index generation'))).toEqual([
      ...Array(2).fill(`an old index generation is left (another user's files, which stay until the folder is this user's: build as the user that owns the index folder, or give it to this user: chown -R ${userInfo().username} ${indexDir}): EACCES: permission denied, unlink 'generations/g/checked.json'`),
    ]);
  });
});
