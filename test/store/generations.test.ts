import { readlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { newGeneration, publishGeneration } from '../../src/store/generations.js';
import { tempDir } from '../helpers/fixtures.js';

// what was flushed to disk, in order, and when `current` was renamed into place
const events = vi.hoisted(() => ({ opened: new Map<number, string>(), log: [] as string[] }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
    openSync: (file: string, flags: string) => {
      const fd = fs.openSync(file, flags);
      events.opened.set(fd, String(file));
      return fd;
    },
    fsyncSync: (fd: number) => {
      events.log.push(`sync ${events.opened.get(fd)}`);
      fs.fsyncSync(fd);
    },
  };
});
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...fs,
    rename: async (from: string, to: string) => {
      events.log.push(`rename ${path.basename(to)}`);
      await fs.rename(from, to);
    },
  };
});

describe('publishGeneration', () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);

  it('flushes the generation (its files, then its folder) before `current` names it, and the index folder after', async () => {
    const generation = await newGeneration(dir);
    for (const name of ['wenda.db', 'segment-a.db', 'manifest.json']) writeFileSync(path.join(generation, name), name);
    events.log.length = 0;
    await publishGeneration(dir, generation);
    expect(path.resolve(dir, readlinkSync(path.join(dir, 'current')))).toBe(generation);
    const renamed = events.log.indexOf('rename current');
    const before = events.log.slice(0, renamed);
    expect(new Set(before)).toEqual(new Set(['manifest.json', 'segment-a.db', 'wenda.db', ''].map((n) => `sync ${path.join(generation, n)}`)));
    expect(before.at(-1)).toBe(`sync ${generation}`);
    expect(events.log.slice(renamed + 1)).toEqual([`sync ${dir}`]);
  });
});
