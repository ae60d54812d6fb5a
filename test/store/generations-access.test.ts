import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

// generations/ another user owns (a build as root before the folder was given to the service's user), as root can
// never find
vi.mock('node:fs/promises', async (original) => {
  const fs = await original<typeof import('node:fs/promises')>();
  const mkdir = (async (dir: string, options: Parameters<typeof fs.mkdir>[1]) => {
    if (dir.includes(`${path.sep}generations${path.sep}`)) throw Object.assign(new Error(`EACCES: permission denied, mkdir '${dir}'`), { code: 'EACCES' });
    return fs.mkdir(dir, options);
  }) as typeof fs.mkdir;
  return { ...fs, default: { ...fs, mkdir }, mkdir };
});

const { newGeneration } = await import('../../src/store/generations.js');

describe('newGeneration in a generations folder this user cannot write', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'wenda-generations-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('says whose folder it is to build in, with the chown that mends it', async () => {
    await expect(newGeneration(dir)).rejects.toThrow(
      `cannot make the new index in ${path.join(dir, 'generations')}, which this user may not write: build as the user that owns the index folder, or give it to this user: chown -R ${userInfo().username} ${dir}`,
    );
  });
});
