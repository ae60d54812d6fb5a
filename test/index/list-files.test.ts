import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildIndex } from '../../src/index/build.js';
import { WendaError } from '../../src/errors.js';
import { articlesWith, TAX_ARTICLE, tempDir } from '../helpers/fixtures.js';

// Root reads every folder whatever its mode, so a folder that cannot be read is simulated: reading one named
// `locked` fails as a folder without permission does.
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const readdir = (async (dir: string, ...rest: unknown[]) => {
    if (path.basename(String(dir)) === 'locked') throw Object.assign(new Error(`EACCES: permission denied, scandir '${dir}'`), { code: 'EACCES' });
    return (fs.readdir as (...a: unknown[]) => unknown)(dir, ...rest);
  }) as typeof fs.readdir;
  const access = (async (file: string, ...rest: unknown[]) => {
    if (path.basename(String(file)) === 'locked') throw Object.assign(new Error(`EACCES: permission denied, access '${file}'`), { code: 'EACCES' });
    return (fs.access as (...a: unknown[]) => unknown)(file, ...rest);
  }) as typeof fs.access;
  return { ...fs, default: { ...fs, readdir, access }, readdir, access };
});

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

describe('a folder that cannot be read', () => {
  it('is reported as skipped while the build indexes everything else', async () => {
    const articles = articlesWith(dir, { 'locked/tax.txt': TAX_ARTICLE, 'open/tax.txt': TAX_ARTICLE });
    const report = await buildIndex({ articlesDir: articles, indexDir: path.join(dir, 'index') });
    expect(report.articles).toBe(2);
    expect(report.skipped).toEqual([{ source: 'locked/', reason: 'cannot read the folder: EACCES' }]);
  });

  it('is said in one line when it is the articles folder itself, before the index folder is made', async () => {
    const articles = path.join(articlesWith(dir, { 'locked/tax.txt': TAX_ARTICLE }), 'locked');
    await expect(buildIndex({ articlesDir: articles, indexDir: path.join(dir, 'index') })).rejects.toThrow(
      new WendaError(`cannot read the articles folder ${articles} (EACCES): the user running wenda needs to be able to read it`),
    );
    expect(existsSync(path.join(dir, 'index'))).toBe(false);
  });
});
