import { randomUUID } from 'node:crypto';
import { link, mkdir, readdir, readFile, rename, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { existsSync, lstatSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { WendaError } from '../errors.js';

/**
 * An index folder holds generations/<id>/ (each a complete index) and `current`, a symlink to the one in use.
 * Replacing a symlink by rename is atomic, so readers see the old index or the new one, never half of either.
 */
export const CURRENT = 'current';
const GENERATIONS = 'generations';
const LOCK = 'build.lock';

/**
 * The folder of the index in use, or null when none has been built. Something else where the link should be (a
 * folder someone copied there) is not ours to replace or delete: it is reported, and left alone.
 */
export function currentGeneration(indexDir: string): string | null {
  const link = path.join(indexDir, CURRENT);
  try {
    return path.resolve(indexDir, readlinkSync(link));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EINVAL') return null;
    const what = lstatSync(link).isDirectory() ? 'a folder' : 'a file';
    throw new WendaError(`${link} is ${what}, not the link to the index in use that wenda writes: move it out of the index folder`);
  }
}

export async function newGeneration(indexDir: string): Promise<string> {
  const id = `${new Date().toISOString().replace(/[:.]/gu, '-')}-${process.pid}`;
  const dir = path.join(indexDir, GENERATIONS, id);
  await mkdir(dir, { recursive: true });
  return dir;
}

/**
 * Points `current` at dir in one rename, then removes the generations older than it (a reader that has one open keeps
 * its files). Younger ones are left alone: they can only be another build's, still being written.
 */
export async function publishGeneration(indexDir: string, dir: string): Promise<void> {
  const tmp = path.join(indexDir, `${CURRENT}.${process.pid}.tmp`);
  await rm(tmp, { force: true });
  await symlink(path.relative(indexDir, dir), tmp);
  try {
    await rename(tmp, path.join(indexDir, CURRENT));
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  const root = path.join(indexDir, GENERATIONS);
  const mine = path.basename(dir);
  for (const name of await readdir(root)) {
    // names start with the ISO time the build began
    if (name < mine) await rm(path.join(root, name), { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One build at a time per index folder. The lock file appears whole (written aside, then hard-linked into place, which
 * fails if one exists). A lock left by a build that died (kill -9) names a process that is gone, and is taken over;
 * the half-written generation it left is removed when the next build publishes.
 */
export async function acquireBuildLock(indexDir: string): Promise<() => Promise<void>> {
  await mkdir(indexDir, { recursive: true });
  const file = path.join(indexDir, LOCK);
  const mine = `${file}.${process.pid}.${randomUUID()}`;
  await writeFile(mine, String(process.pid));
  const release = async () => {
    // only our own lock: never one another build has taken over since
    if ((await readFile(file, 'utf8').catch(() => '')).trim() === String(process.pid)) await unlink(file).catch(() => undefined);
  };
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await link(mine, file);
        return release;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const pid = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      if (pid && pid !== process.pid && alive(pid)) {
        throw new WendaError(`another build (process ${pid}) is writing ${indexDir}; wait for it to finish`);
      }
      await rm(file, { force: true });
    }
    throw new WendaError(`cannot take the build lock ${file}`);
  } finally {
    await rm(mine, { force: true });
  }
}

export function hasIndex(indexDir: string): boolean {
  return existsSync(path.join(indexDir, CURRENT));
}
