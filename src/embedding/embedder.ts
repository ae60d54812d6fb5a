import type { FeatureExtractionPipeline } from '@huggingface/transformers';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { WendaError } from '../errors.js';
import { modelSpec, type ModelSpec } from './models.js';

export interface ModelSource {
  /** Local models folder laid out as the hub is (`<dir>/<org>/<name>/onnx/model.onnx`), and where downloads go. */
  modelsDir: string;
  /** Whether the hub may be asked (the cache is used either way). */
  allowRemote: boolean;
  /** Download progress, for a progress bar on first use. */
  onProgress?: (file: string, loaded: number, total: number) => void;
}

const BATCH = 16;

/** Thrown when a model cannot be had: not in the models folder, not in the cache, and the hub not reachable. */
export class ModelUnavailable extends WendaError {}

/**
 * A sentence-embedding model run locally with @huggingface/transformers (ONNX Runtime on the CPU). Int8 (quantised)
 * weights are used when the model has them: four times smaller and about twice as fast for the same neighbours.
 */
export class Embedder {
  private constructor(
    readonly spec: ModelSpec,
    readonly quantized: boolean,
    private readonly extract: FeatureExtractionPipeline,
  ) {}

  static async load(id: string, source: ModelSource): Promise<Embedder> {
    // loaded on demand: ONNX Runtime takes a second to load, which a lexical index never needs
    const { env, pipeline } = await import('@huggingface/transformers');
    const spec = modelSpec(id);
    env.localModelPath = path.resolve(source.modelsDir);
    // downloads land in the models folder, laid out as it is read: a fetched model is a local model from then on
    env.cacheDir = env.localModelPath;
    env.allowLocalModels = true;
    env.allowRemoteModels = source.allowRemote;
    const local = path.join(env.localModelPath, id, 'onnx');
    // a local model says which weights it has; from the hub, int8 is what the Xenova exports all ship
    const quantized = existsSync(local) ? existsSync(path.join(local, 'model_quantized.onnx')) : true;
    try {
      const extract = await pipeline('feature-extraction', id, {
        dtype: quantized ? 'q8' : 'fp32',
        device: 'cpu',
        progress_callback: (p: { status: string; file?: string; loaded?: number; total?: number }) => {
          if (p.status === 'progress' && p.file) source.onProgress?.(p.file, p.loaded ?? 0, p.total ?? 0);
        },
      });
      return new Embedder(spec, quantized, extract);
    } catch (e) {
      throw new ModelUnavailable(
        `the model ${id} is not available (${(e as Error).message}): put it in ${source.modelsDir}/${id} or run "wenda model fetch ${id}" where the hub is reachable`,
        { cause: e },
      );
    }
  }

  get id(): string {
    return this.spec.id;
  }

  /** Embeddings of passages (with the model's passage prefix), in batches; `done` after each batch. */
  async passages(texts: string[], done?: (n: number) => void): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += BATCH) {
      out.push(...(await this.run(texts.slice(i, i + BATCH).map((t) => this.spec.passagePrefix + t))));
      done?.(Math.min(BATCH, texts.length - i));
    }
    return out;
  }

  async query(text: string): Promise<Float32Array> {
    return (await this.run([this.spec.queryPrefix + text]))[0]!;
  }

  /** Frees the model's ONNX session (the bot retires an index's model when a new index replaces it). */
  async dispose(): Promise<void> {
    await this.extract.dispose();
  }

  private async run(texts: string[]): Promise<Float32Array[]> {
    const output = await this.extract(texts, { pooling: this.spec.pooling, normalize: this.spec.normalize });
    const [n, dim] = output.dims as [number, number];
    const data = output.data as Float32Array;
    return Array.from({ length: n }, (_, i) => data.slice(i * dim, (i + 1) * dim));
  }
}
