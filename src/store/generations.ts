import { mkdir, readdir, rename, rm, symlink } from 'node:fs/promises';
import { closeSync, existsSync, fsyncSync, lstatSync, openSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { WendaError } from '../errors.js';
import { MANIFEST_FILE } from './schema.js';
import { shellWord } from './rebuild-hint.js';

/**
 * An index folder holds generations/<id>/ (each a complete index) and `current`, a symlink to the one in use.
 * Replacing a symlink by rename is atomic, so readers see the old index or the new one, never half of either.
 */
export const CURRENT = 'current';
export const GENERATIONS = 'generations';
/**
 * What to do about a file of the index folder another user owns (a build as root in a service's folder), with the
 * command that gives the folder to the user building.
 */
export function ownerAdvice(indexDir: string): string {
  return `build as the user that owns the index folder, or give it to this user: chown -R ${shellWord(thisUser())} ${shellWord(path.resolve(indexDir))}`;
}

/** This process's user by name, or by number where the system has no entry for it (a container's arbitrary user). */
function thisUser(): string {
  try {
    return userInfo().username;
  } catch {
    // chown takes a user's number as well as a name (no system without one runs the build as another user)
    return String(process.getuid?.() ?? '');
  }
}

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
  try {
    await mkdir(dir, { recursive: true });
  } catch (e) {
    // generations/ left by another user (a build as root before the folder was given to the service's user)
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EACCES' && code !== 'EPERM') throw e;
    throw new WendaError(`cannot make the new index in ${path.dirname(dir)}, which this user may not write: ${ownerAdvice(indexDir)}`);
  }
  return dir;
}

/**
 * Points `current` at dir in one rename, once dir's files are on disk. The caller then removes the other generations
 * (removeGenerationsBut): once this returns, dir is the index in use and must never be removed as a failed build's.
 */
export async function publishGeneration(indexDir: string, dir: string): Promise<void> {
  // a build writes without syncing (journal off) and records what it wrote as checked: after a crash, `current` must
  // not name files whose blocks never reached the disk, or whose names the folder lost
  for (const name of readdirSync(dir)) sync(path.join(dir, name));
  sync(dir);
  const tmp = path.join(indexDir, `${CURRENT}.${process.pid}.tmp`);
  await rm(tmp, { force: true });
  await symlink(path.relative(indexDir, dir), tmp);
  try {
    await rename(tmp, path.join(indexDir, CURRENT));
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  sync(indexDir);
}

/** Flushes a file's or a folder's data and metadata to disk. */
function sync(file: string): void {
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Removes every generation except `keep` (a reader that has one open keeps its files). Only the holder of the build
 * lock writes generations, so any other one is a previous index or what a killed build left: none is still being
 * written. Call it holding the build lock.
 */
export async function removeGenerationsBut(indexDir: string, keep: string | null): Promise<void> {
  const root = path.join(indexDir, GENERATIONS);
  const names = await readdir(root).catch(() => [] as string[]);
  for (const name of names) {
    if (keep === null || path.join(root, name) !== path.resolve(keep)) await rm(path.join(root, name), { recursive: true, force: true });
  }
}


/** What the index in use was built from and with, as its manifest records them. */
export interface Recorded {
  /** The articles folder; null when there is no index or no manifest to read. */
  articlesDir: string | null;
  /** The embedding model of a hybrid index; null for a lexical one, or none to read. */
  model: string | null;
}

/**
 * What the index in use was built from and with, read from its manifest whatever wenda wrote it: an index of an
 * older version is rebuilt from its own folder, with its own model, too.
 */
export function recordedBuild(indexDir: string): Recorded {
  try {
    const current = currentGeneration(indexDir);
    const manifest = (current === null ? null : JSON.parse(readFileSync(path.join(current, MANIFEST_FILE), 'utf8'))) as {
      articlesDir?: unknown;
      settings?: { dense?: { model?: unknown } | null };
    } | null;
    const [dir, model] = [manifest?.articlesDir, manifest?.settings?.dense?.model];
    return { articlesDir: typeof dir === 'string' ? dir : null, model: typeof model === 'string' ? model : null };
  } catch {
    return { articlesDir: null, model: null };
  }
}

export function hasIndex(indexDir: string): boolean {
  return existsSync(path.join(indexDir, CURRENT));
}
