import { accessSync, constants, mkdirSync, readdirSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { WendaError, errorReason } from '../errors.js';
import { LOCK } from './build-lock.js';
import { CURRENT, GENERATIONS } from './generations.js';

/** A path's stat, or none when nothing is there (or a file stands where a folder of the path should be). */
function statOf(file: string, dir: string): Stats | undefined {
  try {
    return statSync(file, { throwIfNoEntry: false });
  } catch (e) {
    if (errorReason(e) === 'ENOTDIR') return undefined;
    throw new WendaError(`cannot reach the index folder ${dir}: ${file} (${errorReason(e)})`);
  }
}

/** The names in a folder, or none when it cannot be listed (a folder this user may write but not read). */
function readable(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Why a folder cannot be made in `parent`, in words (the system's ENOENT under /proc says nothing useful). */
function refusal(parent: string, e: unknown): string {
  const code = errorReason(e);
  if (code === 'EACCES' || code === 'EPERM') return `${parent} is not writable (${code})`;
  if (code === 'EROFS') return `${parent} is on a read-only file system (EROFS)`;
  if (code === 'ENOENT') return `${parent} does not take new folders (ENOENT)`;
  return `cannot create a folder in ${parent} (${code})`;
}

/**
 * Makes sure the index folder is a folder the build can write that holds an index or nothing yet, creating it and its
 * missing parents one level at a time: a path through a file, a place that cannot be written, a pseudo-filesystem or
 * a folder of other files is one line naming the path and what is wrong, at once (Node's recursive mkdir spun without
 * end under /proc).
 */
export function prepareIndexFolder(dir: string): void {
  const missing: string[] = [];
  let at = dir;
  let info = statOf(at, dir);
  while (!info && path.dirname(at) !== at) {
    missing.unshift(at);
    at = path.dirname(at);
    info = statOf(at, dir);
  }
  if (!info?.isDirectory()) {
    throw new WendaError(missing.length === 0 ? `the index folder ${dir} is not a folder` : `cannot create the index folder ${dir}: ${at} is not a folder`);
  }
  try {
    accessSync(at, constants.W_OK | constants.X_OK);
  } catch (e) {
    throw new WendaError(missing.length === 0 ? `cannot write to the index folder ${dir} (${errorReason(e)})` : `cannot create the index folder ${dir}: ${refusal(at, e)}`);
  }
  // a folder of something else (a typo: --index /, --index ~): a build would write its files among those
  const others = missing.length === 0 ? readable(dir).filter((name) => !name.startsWith('.')) : [];
  if (others.length > 0 && !others.some((name) => name === CURRENT || name === GENERATIONS || name === LOCK)) {
    const named = others.slice(0, 3).join(', ') + (others.length > 3 ? ', …' : '');
    throw new WendaError(`the index folder ${dir} holds other files (${named}) and no index: name a new or empty folder for the index`);
  }
  for (const folder of missing) {
    try {
      mkdirSync(folder);
    } catch (e) {
      if (errorReason(e) !== 'EEXIST' || !statOf(folder, dir)?.isDirectory()) {
        throw new WendaError(`cannot create the index folder ${dir}: ${refusal(path.dirname(folder), e)}`);
      }
    }
  }
}
