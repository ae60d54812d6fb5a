import { createRequire } from 'node:module';
import type Hnswlib from 'hnswlib-node';
import { WendaError } from '../errors.js';

/** hnswlib's native module, loaded when a graph is first made or read: a lexical index never needs it. */
const hnswlib = (): typeof Hnswlib => createRequire(import.meta.url)('hnswlib-node') as typeof Hnswlib;

/** File of the HNSW graph beside the database. */
export const HNSW_FILE = 'vectors.hnsw';

/**
 * Graph settings, chosen on the bench (`npm run bench`: recall of the graph against exact search on the passages'
 * own vectors): M 16 and efConstruction 200 build in seconds; efSearch 64 finds ≥ 99 % of the exact neighbours.
 * (hnswlib's default ef of 10 would lose about one neighbour in ten.)
 */
export const HNSW_SETTINGS = { space: 'cosine' as const, M: 16, efConstruction: 200, efSearch: 64 };

export interface DenseManifest {
  model: string;
  dimension: number;
  space: 'cosine';
  M: number;
  efConstruction: number;
  efSearch: number;
  quantized: boolean;
  /** Elements of the graph marked deleted (passages replaced or removed since it was built whole). */
  deleted: number;
}

/**
 * The bytes hnswlib lays out for a graph of `count` vectors (its file; a reader holds the same plus small fixed costs
 * per element: a lock, a label lookup entry): per element its vector, its base layer's 2·M links with their count, its
 * label and the size of its upper layers' links, which hold M links for the 1/(M−1) of an element that is above the
 * base layer on average (levels are drawn with 1/ln M).
 */
export function hnswBytes(count: number, dimension: number): number {
  const { M } = HNSW_SETTINGS;
  const element = dimension * 4 + (2 * M + 1) * 4 + 8 + 4 + ((M + 1) * 4) / (M - 1);
  return Math.round(count * element);
}

/** A vector as the embeddings table stores it (a copy: SQLite blobs need not be aligned for a Float32Array view). */
export function vectorFromBlob(blob: Buffer): Float32Array {
  return new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
}

/** hnswlib casts labels to uint32 without a word: a label that would not survive is refused here instead. */
function checkLabel(label: number): number {
  if (!Number.isInteger(label) || label < 0 || label > 0xffffffff) throw new WendaError(`cannot store vector label ${label} in the HNSW index`);
  return label;
}

/**
 * Writes the HNSW graph of `count` vectors (read one at a time, so that only the graph is in memory), with the async
 * call (no stall while it writes). `labels` maps the i-th vector to its label: a passage's stored id, which stays the
 * same across rebuilds, so that a rebuild can add to the graph (addToHnsw).
 */
export async function writeHnsw(file: string, vectors: Iterable<Float32Array>, count: number, dimension: number, labels: (i: number) => number): Promise<void> {
  const index = new (hnswlib().HierarchicalNSW)(HNSW_SETTINGS.space, dimension);
  index.initIndex({ maxElements: Math.max(1, count), m: HNSW_SETTINGS.M, efConstruction: HNSW_SETTINGS.efConstruction, randomSeed: 100, allowReplaceDeleted: true });
  let i = 0;
  for (const v of vectors) addPoint(index, v, labels(i++), dimension);
  await index.writeIndex(file);
}

function addPoint(index: Hnswlib.HierarchicalNSW, vector: Float32Array, label: number, dimension: number): void {
  if (vector.length !== dimension) throw new WendaError(`passage ${label} has a vector of ${vector.length} numbers, not ${dimension}`);
  // hnswlib-node takes plain arrays, not typed arrays; a new point takes the place of a deleted one when there is one
  index.addPoint(Array.from(vector), checkLabel(label), true);
}

/**
 * A rebuild's graph: the previous one (`from`, already checked against its checksum: hnswlib trusts its bytes) with the
 * labels of passages that left marked deleted and the new passages added, labelled from `firstLabel` on, written to
 * `to`. New points reuse deleted ones' places, so the graph grows only by what the index grows. Returns how many
 * elements stay marked deleted.
 */
export async function addToHnsw(
  from: string,
  to: string,
  change: { deleted: Iterable<number>; deletedBefore: number; added: Iterable<Float32Array>; firstLabel: number; dimension: number },
): Promise<number> {
  const index = new (hnswlib().HierarchicalNSW)(HNSW_SETTINGS.space, change.dimension);
  await index.readIndex(from, true);
  let deleted = change.deletedBefore;
  for (const label of change.deleted) {
    index.markDelete(label);
    deleted++;
  }
  let label = change.firstLabel;
  for (const v of change.added) {
    if (deleted === 0 && index.getCurrentCount() === index.getMaxElements()) index.resizeIndex(Math.ceil(index.getMaxElements() * 1.25) + 16);
    addPoint(index, v, label++, change.dimension);
    if (deleted > 0) deleted--;
  }
  await index.writeIndex(to);
  return deleted;
}

/** Reads a graph written by writeHnsw or addToHnsw, checking it against what the manifest says it holds. */
export async function readHnsw(file: string, dense: DenseManifest, passages: number): Promise<Hnswlib.HierarchicalNSW> {
  const index = new (hnswlib().HierarchicalNSW)(dense.space, dense.dimension);
  await index.readIndex(file);
  // the file does not record its dimension: the count is what can be checked, and the manifest names the rest
  if (index.getCurrentCount() !== passages + dense.deleted) {
    throw new WendaError(`the vector index ${file} holds ${index.getCurrentCount() - dense.deleted} vectors for ${passages} passages; rebuild with "wenda index build"`);
  }
  index.setEf(dense.efSearch);
  return index;
}
