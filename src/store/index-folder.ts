import { accessSync, constants, existsSync, lstatSync, mkdirSync, readdirSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { WendaError, errorReason } from '../errors.js';
import { LOCK } from './build-lock.js';
import { CURRENT, currentGeneration, GENERATIONS } from './generations.js';
import { buildCommand } from './rebuild-hint.js';

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

/**
 * The first names of what a folder holds, when it holds files (hidden ones aside) and nothing of an index (not even
 * a killed first build's lock or generations); else null.
 */
function otherFiles(dir: string): string | null {
  const others = readable(dir).filter((name) => !name.startsWith('.'));
  if (others.length === 0 || others.some((name) => name === CURRENT || name === GENERATIONS || name === LOCK)) return null;
  return others.slice(0, 3).join(', ') + (others.length > 3 ? ', …' : '');
}

/** Whether a folder is an index folder with a generation in use (a `current` that is no link is none). */
function holdsIndex(dir: string): boolean {
  try {
    return currentGeneration(dir) !== null;
  } catch {
    return false;
  }
}

/**
 * The link to the generation in use, or a generation, named instead of the index folder that holds them: a WendaError
 * that names that folder.
 */
function refuseAPart(dir: string): void {
  const holder = path.basename(dir) === CURRENT ? path.dirname(dir) : path.basename(path.dirname(dir)) === GENERATIONS ? path.dirname(path.dirname(dir)) : null;
  if (holder && holdsIndex(holder)) throw new WendaError(`${dir} is a part of the index folder ${holder}: name that folder`);
}

/**
 * The generation in use in indexDir, for a command that needs one: none is a WendaError that says what to run (and
 * a file where the folder should be, that it is one; a folder of other files, that it is no index folder).
 */
export function generationInUse(indexDir: string): string {
  const dir = path.resolve(indexDir);
  const generation = currentGeneration(dir);
  if (generation) return generation;
  refuseAPart(dir);
  if (existsSync(dir) && !lstatSync(dir).isDirectory()) throw new WendaError(`${dir} is a file, not an index folder: name the folder "wenda index build" wrote`);
  const others = existsSync(dir) ? otherFiles(dir) : null;
  if (others) throw new WendaError(`no index at ${dir}, a folder of other files (${others}): name the folder "wenda index build" wrote, or build one in a new or empty folder`);
  throw new WendaError(`no index at ${dir}: build one with "${buildCommand(indexDir)}"`);
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
  if (missing.length === 0) refuseAPart(dir);
  const others = missing.length === 0 ? otherFiles(dir) : null;
  if (others) throw new WendaError(`the index folder ${dir} holds other files (${others}) and no index: name a new or empty folder for the index`);
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
