import Database from 'better-sqlite3';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { WendaError } from '../errors.js';
import { ownerAdvice } from './generations.js';

export const LOCK = 'build.lock';
const OWNER = 'build.owner';

/** A held build lock: release() lets the next build in (dying does too, whatever kills the process). */
export interface BuildLock {
  release(): void;
}

/**
 * One build at a time per index folder, arbitrated by the operating system: the lock is an exclusive SQLite
 * transaction on the empty file build.lock, that is a POSIX advisory (fcntl) lock, which the kernel drops when the
 * process ends, however it ends (kill -9, out of memory). There is no stale lock to detect and take over, hence no
 * moment when two builds can both believe they hold it. The file itself is never deleted: a build that locked a
 * deleted file would lock nothing another could see. build.owner names the holder, for the message only.
 */
export function acquireBuildLock(indexDir: string): BuildLock {
  mkdirSync(indexDir, { recursive: true });
  const file = path.join(indexDir, LOCK);
  // SQLite opens a file it cannot write read-only, without a word, and a read-only lock keeps no other build out
  if (existsSync(file) && !writable(file)) {
    throw new WendaError(`cannot take the build lock ${file}: this user cannot write it; ${ownerAdvice(indexDir)}`);
  }
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { timeout: 0 });
    db.exec('BEGIN EXCLUSIVE');
  } catch (e) {
    db?.close();
    const code = (e as { code?: string }).code;
    if (code === 'SQLITE_BUSY') {
      const owner = liveOwner(indexDir);
      throw new WendaError(`another build${owner ? ` (process ${owner})` : ''} is writing ${indexDir}; wait for it to finish`);
    }
    // an older wenda kept its pid in build.lock: such a file is not a lock this one can take
    const hint = code === 'SQLITE_NOTADB' ? ' (left by an older wenda: delete it)' : '';
    throw new WendaError(`cannot take the build lock ${file}${hint}: ${(e as Error).message}`);
  }
  const held = db;
  const owner = path.join(indexDir, OWNER);
  writeFileSync(`${owner}.${process.pid}`, `${process.pid}\n`);
  renameSync(`${owner}.${process.pid}`, owner);
  return {
    release() {
      if (held.open) held.close();
    },
  };
}

function writable(file: string): boolean {
  try {
    accessSync(file, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** How long a refused build waits for the holder to name itself, and how often it looks. */
const OWNER_WAIT_MS = 1000;
const OWNER_POLL_MS = 20;

/**
 * The pid of the build holding the lock, or null when it cannot be told. The holder names itself just after taking
 * the lock, so a build refused in that moment finds no file, or the file of a build that has ended: it waits a little
 * for a live process to be named rather than name none, or a dead one.
 */
function liveOwner(indexDir: string): number | null {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let waited = 0; ; waited += OWNER_POLL_MS) {
    const pid = readOwner(indexDir);
    if (pid !== null && isAlive(pid)) return pid;
    if (waited >= OWNER_WAIT_MS) return null;
    Atomics.wait(pause, 0, 0, OWNER_POLL_MS);
  }
}

function readOwner(indexDir: string): number | null {
  try {
    return Number(readFileSync(path.join(indexDir, OWNER), 'utf8').trim()) || null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it lives, as another user's process
    return (e as { code?: string }).code === 'EPERM';
  }
}
