import hnswlib from 'hnswlib-node';
import { WendaError } from '../errors.js';

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
}

/** A vector as the embeddings table stores it (a copy: SQLite blobs need not be aligned for a Float32Array view). */
export function vectorFromBlob(blob: Buffer): Float32Array {
  return new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
}

/** hnswlib casts labels to uint32 without a word: a label that would not survive is refused here instead. */
export function checkLabel(label: number): number {
  if (!Number.isInteger(label) || label < 0 || label > 0xffffffff) throw new WendaError(`cannot store vector label ${label} in the HNSW index`);
  return label;
}

/**
 * Writes the HNSW graph of `count` vectors, labelled by passage id in the order given (read one at a time, so that
 * only the graph is in memory), with the async call (no stall while it writes).
 */
export async function writeHnsw(file: string, vectors: Iterable<Float32Array>, count: number, dimension: number): Promise<void> {
  const index = new hnswlib.HierarchicalNSW(HNSW_SETTINGS.space, dimension);
  index.initIndex({ maxElements: Math.max(1, count), m: HNSW_SETTINGS.M, efConstruction: HNSW_SETTINGS.efConstruction, randomSeed: 100 });
  let id = 0;
  for (const v of vectors) {
    if (v.length !== dimension) throw new WendaError(`passage ${id} has a vector of ${v.length} numbers, not ${dimension}`);
    // hnswlib-node takes plain arrays, not typed arrays
    index.addPoint(Array.from(v), checkLabel(id++));
  }
  await index.writeIndex(file);
}

/** Reads a graph written by writeHnsw, checking it against what the manifest says it holds. */
export async function readHnsw(file: string, dense: DenseManifest, passages: number): Promise<hnswlib.HierarchicalNSW> {
  const index = new hnswlib.HierarchicalNSW(dense.space, dense.dimension);
  await index.readIndex(file);
  // the file does not record its dimension: the count is what can be checked, and the manifest names the rest
  if (index.getCurrentCount() !== passages) {
    throw new WendaError(`the vector index ${file} holds ${index.getCurrentCount()} vectors for ${passages} passages; rebuild with "wenda index build"`);
  }
  index.setEf(dense.efSearch);
  return index;
}
