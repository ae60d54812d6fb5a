import type hnswlib from 'hnswlib-node';
import { WendaError } from '../errors.js';
import type { Embedder } from '../embedding/embedder.js';

/**
 * Question → vector → nearest passages, on the HNSW graph of a hybrid index. The graph is labelled by stored passage id
 * (stable across rebuilds, which add to it); `denseOf` maps a label to the searcher's id, -1 for a passage no longer
 * live (hnswlib leaves out the labels a rebuild marked deleted; the check costs nothing).
 */
export class DenseSearcher {
  constructor(
    readonly embedder: Embedder,
    private readonly graph: hnswlib.HierarchicalNSW,
    private readonly dimension: number,
    private readonly passages: number,
    private readonly denseOf: (label: number) => number,
  ) {}

  async embed(question: string): Promise<Float32Array> {
    const vector = await this.embedder.query(question);
    if (vector.length !== this.dimension) {
      throw new WendaError(`the model ${this.embedder.id} gives ${vector.length} numbers a vector; the index holds ${this.dimension}: rebuild it`);
    }
    return vector;
  }

  /** The k nearest passages with their cosine similarity, nearest first. */
  nearest(vector: Float32Array, k: number): { id: number; similarity: number }[] {
    const { neighbors, distances } = this.graph.searchKnn(Array.from(vector), Math.min(k, this.passages));
    return neighbors
      .map((label, i) => ({ id: this.denseOf(label), similarity: 1 - distances[i]! }))
      .filter((n) => n.id >= 0)
      .sort((a, b) => b.similarity - a.similarity);
  }
}
