import { createHash } from 'node:crypto';
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { WendaError } from '../errors.js';

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
    super(`the index file ${file} is damaged (${problem}); rebuild the index from the articles with "wenda index build"`);
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
      throw new DamagedIndex(file, `cannot read it: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    if (actual.sha256 !== record.sha256) throw new DamagedIndex(file, 'its checksum differs from the one the build recorded');
    bytes += actual.size;
  }
  return bytes;
}
