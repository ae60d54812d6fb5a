import { readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pauseAt, type Build } from './build-context.js';
import type { Words } from './build-words.js';
import { DEFAULT_CHUNKING } from './chunk.js';
import type { FileOrder } from './file-order.js';
import type { GenerationSegments } from './generation-segments.js';
import { writeGlossary } from './glossary-state.js';
import type { Person } from './people.js';
import { writeState } from './people-state.js';
import type { FolderRead } from './read-folder.js';
import { insertAll, writeDirectories } from './write-index.js';
import { ownerAdvice, publishGeneration, removeGenerationsBut } from '../store/generations.js';
import { carryChecked, contentStamp, recordFiles, type FileRecords } from '../store/integrity.js';
import type { Manifest } from '../store/manifest.js';
import { FORMAT_VERSION, MANIFEST_FILE } from '../store/schema.js';
import { HNSW_FILE } from '../store/vectors.js';

/** The 'writing people and the glossary' phase: the rest of the global part, which is then closed, as is the dictionary. */
export async function writeGlobalTables(
  { phase, handles }: Build,
  { people, order, folder, previousGlobal, dictionaryChange, words }: { people: Person[]; order: FileOrder; folder: FolderRead; previousGlobal: string | null; dictionaryChange: Map<string, number>; words: Words },
): Promise<void> {
  await phase('writing people and the glossary');
  handles.close('view');
  const global = handles.global!;
  writeDirectories(global, { people, learned: words.learned, skipped: folder.skipped }, order);
  writeGlossary(global, handles.dictionary!, previousGlobal, dictionaryChange, people.filter((p) => !p.reporter).map((p) => p.name));
  handles.close('dictionary');
  writeState(global, words.state);
  insertAll(global, 'INSERT INTO file_stamps (file, stamp) VALUES (?, ?)', folder.states.flatMap((f) => (f.stamp === null ? [] : [[f.source, f.stamp]])));
  insertAll(global, 'INSERT INTO quoted_terms (term, count) VALUES (?, ?)', [...words.quoted].filter(([, n]) => n > 0));
  handles.close('global');
}

/** What the manifest says of the generation besides its files and the build's settings. */
export type Written = Pick<Manifest, 'mode' | 'counts'> & { vocabularyHash: string; dense: Manifest['settings']['dense']; seconds: number };

/**
 * Writes the generation's manifest. Kept segments are immutable: their recorded checksums carry over (`carried`: the
 * previous index's, with the stamps they were verified at) instead of being computed again. Returns the manifest, and
 * the stamps of the databases that need no hashing again when it is recorded as checked.
 */
export async function writeManifest(
  { handles, articlesDir, limits }: Build,
  { written, segments, carried }: { written: Written; segments: GenerationSegments; carried: { records: FileRecords; stamps: ReadonlyMap<string, string> } },
): Promise<{ manifest: Manifest; checked: Map<string, string> }> {
  const generation = handles.generation!;
  const kept = Object.fromEntries(segments.kept.map((s) => [s.name, carried.records[s.name]!]));
  // the databases this build wrote are hashed now, from the disk: the next build and the first reader need not hash
  // them again (the graph is hashed whenever it is loaded)
  const hashed = new Map(readdirSync(generation).filter((name) => ![MANIFEST_FILE, HNSW_FILE].includes(name) && !(name in kept)).map((name) => [name, contentStamp(path.join(generation, name))]));
  const manifest: Manifest = {
    formatVersion: FORMAT_VERSION,
    builtAt: new Date().toISOString(),
    articlesDir,
    mode: written.mode,
    counts: written.counts,
    settings: { chunking: DEFAULT_CHUNKING, limits, vocabularyHash: written.vocabularyHash, dense: written.dense },
    buildSeconds: Math.round(written.seconds * 100) / 100,
    files: { ...kept, ...recordFiles(generation, [MANIFEST_FILE, ...Object.keys(kept)]) },
  };
  await writeFile(path.join(generation, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
  // the kept segments were verified when this build opened the previous index, and it hashed what it wrote: none needs hashing again
  const checked = new Map([...Object.keys(kept).flatMap((name): [string, string][] => (carried.stamps.has(name) ? [[name, carried.stamps.get(name)!]] : [])), ...hashed]);
  return { manifest, checked };
}

/**
 * Removes the generations but `keep` (the one in use). What cannot be removed is said and left: a reader writing its
 * checked.json there (the next build removes it), or another user's files (a build run as root in a service's
 * folder), which no build of this user can remove.
 */
export async function removeOldGenerations({ indexDir, progress }: Pick<Build, 'indexDir' | 'progress'>, keep: string | null): Promise<void> {
  await removeGenerationsBut(indexDir, keep).catch((e: NodeJS.ErrnoException) => {
    const why = e.code === 'EACCES' || e.code === 'EPERM' ? `another user's files, which stay until the folder is this user's: ${ownerAdvice(indexDir)}` : 'the next build removes it';
    progress.notice(`an old index generation is left (${why}): ${e.message}`);
  });
}

/**
 * The 'publishing' phase: the generation becomes the index in use, the other generations are removed, and what it
 * vouches for is recorded as checked. Returns the generation published.
 */
export async function publish({ phase, indexDir, handles, progress }: Build, { manifest, checked }: { manifest: Manifest; checked: Map<string, string> }): Promise<string> {
  await phase('publishing');
  const published = handles.generation!;
  await publishGeneration(indexDir, published);
  await pauseAt('published');
  handles.swapped = true;
  handles.generation = null; // the index in use now: nothing that follows may remove it as a failed build's
  await removeOldGenerations({ indexDir, progress }, published);
  carryChecked(published, manifest.files, checked);
  return published;
}
