import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdirSync, renameSync, readdirSync, rmSync } from 'node:fs';
import { IndexHolder, RETRY_OPEN_MS } from '../../src/bot/index-holder.js';
import { Declined } from '../../src/errors.js';
import { currentGeneration } from '../../src/store/generations.js';
import { buildIndex } from '../../src/index/build.js';
import type { IndexReader } from '../../src/retrieval/index-reader.js';
import { ask } from '../../src/retrieval/search.js';
import { articlesWith, TAX_ARTICLE, tempDir, writeFiles } from '../helpers/fixtures.js';
import { writeTinyModel } from '../helpers/tiny-model.js';

const QUESTION = '办税平均用时压缩到多少分钟';

let dir: string;
let cleanup: () => void;
let model: string;
const source = () => ({ modelsDir: path.join(dir, 'models'), allowRemote: false });
const build = (articles: string) => buildIndex({ articlesDir: articles, indexDir: path.join(dir, 'index'), model, modelSource: source() });

beforeAll(() => {
  ({ dir, cleanup } = tempDir());
  model = writeTinyModel(path.join(dir, 'models'));
});
afterAll(() => cleanup());

describe('the index the bot answers from', () => {
  it('answers lexically while the model loads in the background, then hybrid', async () => {
    await build(articlesWith(dir, { 'tax.txt': TAX_ARTICLE }));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const holder = new IndexHolder(path.join(dir, 'index'), {
      prepare: async (reader) => {
        await gate; // the model takes its time to load
        await reader.useModel(model, source(), () => {});
      },
    });
    try {
      const reader = holder.current();
      const early = await ask(reader, QUESTION, 1);
      expect(early).toMatchObject({ mode: 'lexical', answers: [{ source: 'tax.txt' }] });
      release();
      await holder.ready;
      expect((await ask(holder.current(), QUESTION, 1)).mode).toBe('hybrid');
    } finally {
      holder.close();
    }
  });

  it('opens a newly published index at the next request and closes the old one a minute later', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    const prepared: IndexReader[] = [];
    const holder = new IndexHolder(path.join(dir, 'index'), { prepare: async (reader) => void prepared.push(reader) });
    try {
      const articles = articlesWith(dir, { 'tax.txt': TAX_ARTICLE });
      await build(articles);
      const old = holder.current();
      expect(holder.current()).toBe(old); // nothing new: the same reader

      writeFiles(articles, { 'tax.txt': TAX_ARTICLE.replace('15分钟', '12分钟') });
      await build(articles);
      const fresh = holder.current();
      expect(fresh).not.toBe(old);
      expect(prepared).toEqual([old, fresh]);
      expect((await ask(fresh, QUESTION, 1)).answers[0]!.text).toContain('12分钟');
      // a request that began on the old index finishes on it
      expect((await ask(old, QUESTION, 1)).answers[0]!.text).toContain('15分钟');
      vi.advanceTimersByTime(60_000);
      expect(() => old.passage(0)).toThrow(/database connection is not open/);
      expect(fresh.passage(0).text).toBeTruthy();
    } finally {
      vi.useRealTimers();
      holder.close();
    }
  });

  it('keeps answering from the index in use when its link is replaced by a folder', async () => {
    const indexDir = path.join(dir, 'index');
    const unopened: string[] = [];
    const holder = new IndexHolder(indexDir, { reportUnopened: (generation) => void unopened.push(generation), now: () => 0 });
    const link = path.join(indexDir, 'current');
    try {
      await build(articlesWith(dir, { 'tax.txt': TAX_ARTICLE }));
      const old = holder.current();
      renameSync(link, `${link}.away`);
      mkdirSync(link);
      expect(holder.current()).toBe(old);
      expect(unopened).toEqual([link]);
    } finally {
      rmSync(link, { recursive: true, force: true });
      if (existsSync(`${link}.away`)) renameSync(`${link}.away`, link);
      holder.close();
    }
  });

  it('keeps answering from the index in use while a new one cannot be opened, and opens it once it can', async () => {
    const indexDir = path.join(dir, 'index');
    let now = 0;
    const unopened: string[] = [];
    const holder = new IndexHolder(indexDir, { reportUnopened: (generation) => void unopened.push(generation), now: () => now });
    try {
      const articles = articlesWith(dir, { 'tax.txt': TAX_ARTICLE });
      await build(articles);
      const old = holder.current();
      writeFiles(articles, { 'tax.txt': TAX_ARTICLE.replace('15分钟', '12分钟') });
      await build(articles);
      // the new generation's segment is unreadable for a while (a build run as another user, say)
      const folder = currentGeneration(indexDir)!;
      const segment = readdirSync(folder).find((f) => f.startsWith('segment-'))!;
      renameSync(path.join(folder, segment), path.join(folder, `${segment}.away`));
      expect(holder.current()).toBe(old);
      now += RETRY_OPEN_MS;
      expect(holder.current()).toBe(old); // tried again, in vain
      expect(unopened).toEqual([folder]); // said once
      renameSync(path.join(folder, `${segment}.away`), path.join(folder, segment));
      now += RETRY_OPEN_MS - 1;
      expect(holder.current()).toBe(old); // not tried again before its time
      now += 1;
      const fresh = holder.current();
      expect(fresh).not.toBe(old);
      expect((await ask(fresh, QUESTION, 1)).answers[0]!.text).toContain('12分钟');
    } finally {
      holder.close();
    }
  });

  it('declines a request when the only index cannot be opened, and tells the administrator why, once', async () => {
    const indexDir = path.join(dir, 'index');
    const articles = articlesWith(dir, { 'tax.txt': TAX_ARTICLE });
    await build(articles);
    const folder = currentGeneration(indexDir)!;
    const segment = readdirSync(folder).find((f) => f.startsWith('segment-'))!;
    renameSync(path.join(folder, segment), path.join(folder, `${segment}.away`));
    const unopened: [string, string, boolean][] = [];
    const holder = new IndexHolder(indexDir, { reportUnopened: (generation, error, standIn) => void unopened.push([generation, (error as Error).message, standIn]), now: () => 0 });
    try {
      // the user hears no folder and no command: those are the administrator's, in the log
      for (let i = 0; i < 2; i++) expect(() => holder.current()).toThrow(new Declined('the index cannot be opened just now; an administrator has been told.'));
      expect(unopened).toHaveLength(1);
      expect(unopened[0]).toEqual([folder, expect.stringMatching(/ENOENT|no such file/u), false]);
    } finally {
      renameSync(path.join(folder, `${segment}.away`), path.join(folder, segment));
      holder.close();
    }
  });
});
