import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildIndex } from '../../src/index/build.js';
import { currentGeneration } from '../../src/store/generations.js';
import { MANIFEST_FILE } from '../../src/store/schema.js';
import { articlesWith, tempDir } from '../helpers/fixtures.js';

// removing the old generations fails after the swap (a reader writing into one, say): every call after the first
let removals = 0;
vi.mock('../../src/store/generations.js', async (original) => {
  const real = await original<typeof import('../../src/store/generations.js')>();
  return {
    ...real,
    removeGenerationsBut: async (indexDir: string, keep: string | null) => {
      if (++removals > 1) throw new Error('ENOTEMPTY: directory not empty');
      return real.removeGenerationsBut(indexDir, keep);
    },
  };
});

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

describe('publishing', () => {
  it('keeps the index it published when the old generations cannot be removed, and says so', async () => {
    const indexDir = path.join(dir, 'index');
    const notices: string[] = [];
    const progress = { phase() {}, tick() {}, skipped() {}, notice: (m: string) => notices.push(m), end() {} };
    const report = await buildIndex({ articlesDir: articlesWith(dir), indexDir, progress });
    expect(currentGeneration(indexDir)).toBe(report.generation);
    expect(existsSync(path.join(report.generation, MANIFEST_FILE))).toBe(true);
    expect(notices).toEqual([expect.stringContaining('an old index generation is left for the next build to remove: ENOTEMPTY')]);
  });
});
