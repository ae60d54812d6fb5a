import type Database from 'better-sqlite3';
import path from 'node:path';
import type { BuildProgress } from './build-progress.js';
import type { PreviousIndex } from './previous.js';
import { Embedder, ModelUnavailable, type ModelSource } from '../embedding/embedder.js';
import { WendaError } from '../errors.js';
import { verifyFiles } from '../store/integrity.js';
import type { Manifest } from '../store/manifest.js';
import { addToHnsw, HNSW_FILE, HNSW_SETTINGS, vectorFromBlob, writeHnsw, type DenseManifest } from '../store/vectors.js';

/** int8 and float32 weights give slightly different vectors: the cache keeps them apart. */
export const vectorsKey = (model: string, quantized: boolean) => `${model}@${quantized ? 'int8' : 'float32'}`;

export interface LoadedModel {
  model: string;
  embedder: Embedder;
  cacheKey: string;
}

/**
 * The configured model, or null when none is configured or it cannot be had (said once, and the index is lexical).
 * A hybrid index in use is not made lexical by a model that went missing (a models folder moved, a service's working
 * folder): that build fails, and the index stays as it was, unless `--model none` asks for a lexical one.
 */
export async function loadModel(model: string, source: ModelSource, progress: BuildProgress, inUse: string | null = null): Promise<LoadedModel | null> {
  if (model === 'none') return null;
  try {
    const embedder = await Embedder.load(model, source);
    return { model, embedder, cacheKey: vectorsKey(model, embedder.quantized) };
  } catch (e) {
    if (!(e instanceof ModelUnavailable)) throw e;
    if (inUse) throw new WendaError(`${e.message}; the index in use, hybrid with ${inUse}, is left as it was: make the model available, or rebuild with --model none for a lexical index`);
    progress.notice(`${e.message}; building a lexical index`);
    return null;
  }
}

/** Passages embedded between two commits. */
const EMBED_BATCH = 256;

/**
 * One vector per passage of the new segment, stored in it: those the previous index already has for this model and
 * text are carried over, the rest embedded in batches.
 */
export async function embedPassages(
  { model, embedder, cacheKey }: LoadedModel,
  db: Database.Database,
  firstPassage: number,
  passages: number,
  previous: PreviousIndex | null,
  progress: BuildProgress,
): Promise<{ cacheKey: string; dense: DenseManifest; embedded: number }> {
  const cached = previous?.vectorsOf(cacheKey) ?? (() => undefined);
  const read = db.prepare('SELECT key, text FROM passages WHERE id >= ? AND id < ? ORDER BY id');
  const insert = db.prepare('INSERT INTO embeddings (key, model, vector) VALUES (?, ?, ?)');
  let embedded = 0;
  // a model that does not say its size gives it with its first vector; when the new segment has none to embed, the
  // previous index's vectors of this model say it
  const before = previous?.manifest.settings.dense;
  let dimension = embedder.spec.dimension ?? (before && vectorsKey(before.model, before.quantized) === cacheKey ? before.dimension : 0);
  progress.phase(`embedding passages with ${model}`, passages);
  for (let from = firstPassage; from < firstPassage + passages; from += EMBED_BATCH) {
    const rows = read.all(from, from + EMBED_BATCH) as { key: string; text: string }[];
    const vectors = rows.map((r) => cached(r.key));
    const missing = rows.filter((_, i) => !vectors[i]);
    const fresh = await embedder.passages(missing.map((r) => r.text));
    embedded += fresh.length;
    let next = 0;
    db.transaction(() => {
      rows.forEach((r, i) => {
        const v = vectors[i] ?? fresh[next++]!;
        if (from === firstPassage && i === 0 && embedder.spec.dimension === null) dimension = v.length;
        if (v.length !== dimension) {
          throw new WendaError(`the model ${model} gave vectors of ${v.length} numbers where ${dimension} were expected`);
        }
        insert.run(r.key, cacheKey, Buffer.from(v.buffer, v.byteOffset, v.byteLength));
      });
    })();
    progress.tick(rows.length);
  }
  const { space, M, efConstruction, efSearch } = HNSW_SETTINGS;
  return { cacheKey, embedded, dense: { model, dimension, space, M, efConstruction, efSearch, quantized: embedder.quantized, deleted: 0 } };
}

/**
 * Past this share of deleted elements (against live ones) the graph is built whole again: a deleted element still
 * takes its memory and is walked through by searches.
 */
const MAX_GRAPH_DELETED_SHARE = 0.25;

/** The previous generation's graph, when a rebuild may add to it. */
export interface PreviousGraph {
  dir: string;
  manifest: Manifest;
  /** Its passages that are no longer live at their id (changed, removed, or moved into the new segment). */
  removed: ReadonlySet<number>;
}

/**
 * Writes the new generation's HNSW graph, labelled by stored passage id. A rebuild with the previous graph of the same
 * vectors adds the new segment's passages to it and marks the passages that left deleted (cost: what changed); without
 * one, or once deleted elements would pass MAX_GRAPH_DELETED_SHARE, every live passage is added to a new graph.
 * `view` is the new generation; [from, to) the new segment's passage ids. A phase of its own, counted in vectors
 * added (at 250,000 passages a graph takes minutes). Returns the graph's manifest entry.
 */
export async function writeGraph(
  file: string,
  view: Database.Database,
  vectors: { cacheKey: string; dense: DenseManifest },
  live: number,
  newPassages: [number, number],
  previous: PreviousGraph | null,
  progress: BuildProgress,
): Promise<{ dense: DenseManifest; incremental: boolean }> {
  const { cacheKey, dense } = vectors;
  const blobs = (sql: string, ...args: unknown[]) => view.prepare(sql).raw().iterate(cacheKey, ...args) as Iterable<[number, Buffer]>;
  const before = previous?.manifest.settings.dense;
  const added = newPassages[1] - newPassages[0];
  const deletedAfter = before ? Math.max(0, before.deleted + previous!.removed.size - added) : 0;
  if (before && vectorsKey(before.model, before.quantized) === cacheKey && before.dimension === dense.dimension && deletedAfter <= MAX_GRAPH_DELETED_SHARE * live) {
    const from = path.join(previous!.dir, HNSW_FILE);
    // hnswlib trusts every byte it reads
    verifyFiles(previous!.dir, previous!.manifest.files, [HNSW_FILE]);
    const rows = blobs('SELECT p.id, (SELECT vector FROM embeddings e WHERE e.key = p.key AND e.model = ?) FROM passages p WHERE p.id >= ? AND p.id < ? ORDER BY p.id', ...newPassages);
    progress.phase('adding to the vector graph', added);
    const deleted = await addToHnsw(from, file, {
      deleted: previous!.removed,
      deletedBefore: before.deleted,
      added: (function* () {
        for (const [, blob] of rows) {
          yield vectorFromBlob(blob);
          progress.tick();
        }
      })(),
      firstLabel: newPassages[0],
      dimension: dense.dimension,
    });
    return { dense: { ...dense, deleted }, incremental: true };
  }
  progress.phase('building the vector graph', live);
  const ids: number[] = [];
  const rows = blobs('SELECT p.id, (SELECT vector FROM embeddings e WHERE e.key = p.key AND e.model = ?) FROM passages p ORDER BY p.id');
  await writeHnsw(
    file,
    (function* () {
      for (const [id, blob] of rows) {
        ids.push(id);
        yield vectorFromBlob(blob);
        progress.tick();
      }
    })(),
    live,
    dense.dimension,
    (i) => ids[i]!,
  );
  return { dense: { ...dense, deleted: 0 }, incremental: false };
}
