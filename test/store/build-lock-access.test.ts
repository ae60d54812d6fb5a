import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

// a build.lock this user may not write (another user's, as root can never find): SQLite would open it read-only,
// without a word, and a read-only lock keeps no other build out
vi.mock('node:fs', async (original) => {
  const fs = await original<typeof import('node:fs')>();
  const accessSync: typeof fs.accessSync = (file, mode) => {
    if (String(file).endsWith('build.lock') && mode === fs.constants.W_OK) throw Object.assign(new Error(`EACCES: permission denied, access '${String(file)}'`), { code: 'EACCES' });
    fs.accessSync(file, mode);
  };
  return { ...fs, default: { ...fs, accessSync }, accessSync };
});

const { acquireBuildLock } = await import('../../src/store/build-lock.js');

describe('acquireBuildLock on a lock this user cannot write', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'wenda-lock-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses the build, saying whose folder it is to build in, rather than take a lock that locks nothing', () => {
    acquireBuildLock(dir).release(); // the lock file exists from a build before
    expect(() => acquireBuildLock(dir)).toThrow(
      `cannot take the build lock ${path.join(dir, 'build.lock')}: this user cannot write it; build as the user that owns the index folder, or give it to this user: chown -R ${userInfo().username} ${dir}`,
    );
  });
});
