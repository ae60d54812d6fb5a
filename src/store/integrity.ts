import { createHash } from 'node:crypto';
import { closeSync, openSync, readdirSync, readFileSync, readSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { WendaError, errorReason } from '../errors.js';
import { rebuildCommand } from './rebuild-hint.js';

/**
 * Size and SHA-256 of each file of a generation, recorded in the manifest when the build publishes it and checked
 * before hnswlib or SQLite opens the file: hnswlib trusts every byte it reads (a flipped byte can crash the process),
 * and a damaged database page can hold wrong text without SQLite noticing. SHA-256 rather than a cheaper sum because
 * the CPU hashes it at about 1.5 GB/s (SHA extensions) and it catches any change, not only a changed size.
 */
export const FileRecord = z.object({ size: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/u) });
export type FileRecord = z.infer<typeof FileRecord>;
export type FileRecords = Record<string, FileRecord>;

const CHUNK = 1 << 20;

/** SHA-256 and size of a file, read in 1 MB pieces (memory stays flat however large the index). */
function hashFile(file: string): FileRecord {
  const fd = openSync(file, 'r');
  try {
    const hash = createHash('sha256');
    const buffer = Buffer.allocUnsafe(CHUNK);
    let size = 0;
    for (let n; (n = readSync(fd, buffer, 0, CHUNK, null)) > 0; size += n) hash.update(buffer.subarray(0, n));
    return { size, sha256: hash.digest('hex') };
  } finally {
    closeSync(fd);
  }
}

/** Records every file of a generation folder except the manifest that will hold the records and those already recorded. */
export function recordFiles(dir: string, except: string[]): FileRecords {
  const records: FileRecords = {};
  for (const name of readdirSync(dir).sort()) if (!except.includes(name)) records[name] = hashFile(path.join(dir, name));
  return records;
}

/** A file of the index that is not what its build wrote: says which, how, and the fix. */
export class DamagedIndex extends WendaError {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    // the file's generation folder names the index to rebuild: the default one may be another
    super(`the index file ${file} is damaged (${problem}); rebuild the index from the articles with "${rebuildCommand(path.dirname(file))}"`);
  }
}

/**
 * Checks the named files (all recorded ones by default) against their records: the size first, which costs nothing,
 * then the checksum. A difference is a WendaError naming the file and the fix. Returns the bytes checked.
 */
export function verifyFiles(dir: string, records: FileRecords, names: string[] = Object.keys(records)): number {
  let bytes = 0;
  for (const name of names) {
    const file = path.join(dir, name);
    const record = records[name];
    if (!record) throw new DamagedIndex(file, 'the manifest does not list it');
    let actual: FileRecord;
    try {
      const size = statSync(file).size;
      if (size !== record.size) throw new DamagedIndex(file, `${size} bytes where the build wrote ${record.size}`);
      actual = hashFile(file);
    } catch (e) {
      if (e instanceof WendaError) throw e;
      throw new DamagedIndex(file, `cannot read it: ${errorReason(e)}`);
    }
    if (actual.sha256 !== record.sha256) throw new DamagedIndex(file, 'its checksum differs from the one the build recorded');
    bytes += actual.size;
  }
  return bytes;
}

/** Beside a generation's files: what each was (inode, change time, size) when it last matched its checksum in full. */
export const CHECKED_FILE = 'checked.json';

const Identity = z.object({ ino: z.string(), ctime: z.string(), size: z.string(), sha256: z.string() });
type Identity = z.infer<typeof Identity>;

function identity(file: string, sha256: string): Identity {
  const stat = statSync(file, { bigint: true });
  return { ino: String(stat.ino), ctime: String(stat.ctimeNs), size: String(stat.size), sha256 };
}

function readChecked(dir: string): Record<string, Identity> {
  try {
    return z.record(z.string(), Identity).parse(JSON.parse(readFileSync(path.join(dir, CHECKED_FILE), 'utf8')));
  } catch {
    return {};
  }
}

/**
 * verifyFiles, hashing a file only when it is not the very file that last matched its checksum: after a full check its
 * inode, change time (nanoseconds) and size are recorded beside it, and any write to the file, or a copy of it, changes
 * them (a program can set a file's modification time back, not its change time). So a damaged or replaced file is
 * still refused, and an index of gigabytes is hashed once, not at every `wenda ask`. A folder that cannot be written
 * keeps no record: every opening checks in full. Returns the names of the files it hashed.
 */
export function verifyFilesOnce(dir: string, records: FileRecords, names: string[]): string[] {
  const checked = readChecked(dir);
  const sameFile = (name: string) => {
    const record = records[name];
    const last = checked[name];
    if (!record || !last) return false;
    try {
      return JSON.stringify(identity(path.join(dir, name), record.sha256)) === JSON.stringify(last);
    } catch {
      return false;
    }
  };
  const unchecked = names.filter((name) => !sameFile(name));
  if (unchecked.length === 0) return [];
  const before = unchecked.map((name) => identity(path.join(dir, name), records[name]!.sha256));
  verifyFiles(dir, records, unchecked);
  unchecked.forEach((name, i) => {
    // recorded only if the file did not change while it was hashed (a write then would be vouched for unread)
    const after = identity(path.join(dir, name), records[name]!.sha256);
    if (JSON.stringify(after) === JSON.stringify(before[i])) checked[name] = after;
  });
  writeChecked(dir, checked);
  return unchecked;
}

/** checked.json through a temporary file and a rename (two readers may write it); a read-only index keeps none. */
function writeChecked(dir: string, checked: Record<string, Identity>): void {
  const temporary = path.join(dir, `${CHECKED_FILE}.${process.pid}`);
  try {
    writeFileSync(temporary, JSON.stringify(checked));
    renameSync(temporary, path.join(dir, CHECKED_FILE));
  } catch {
    // a read-only index: checked in full each time it is opened
  }
}

/** What a file's content is taken to be (inode, modification time, size), to carry a check across a new link. */
export function contentStamp(file: string): string {
  const stat = statSync(file, { bigint: true });
  return `${stat.ino}:${stat.mtimeNs}:${stat.size}`;
}

/**
 * Records as checked, in a new generation, files a build hard-linked from the previous one after verifying them there,
 * and those it wrote and hashed for the manifest (`stamps`: contentStamp of each when verified or hashed). Linking
 * changes a file's change time, and so does removing the old generation's link, so without this the first opening
 * after every rebuild would hash every kept segment again (and the next rebuild the files the last one wrote). A file
 * is recorded only if its inode, modification time and size are those it had when verified.
 */
export function carryChecked(dir: string, records: FileRecords, stamps: ReadonlyMap<string, string>): void {
  const checked = readChecked(dir);
  for (const [name, stamp] of stamps) {
    const file = path.join(dir, name);
    try {
      if (records[name] && contentStamp(file) === stamp) checked[name] = identity(file, records[name].sha256);
    } catch {
      // gone or unreadable: the next opening checks it in full
    }
  }
  writeChecked(dir, checked);
}
