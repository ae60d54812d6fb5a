import type { FeatureExtractionPipeline, Tensor } from '@huggingface/transformers';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { WendaError } from '../errors.js';
import { modelSpec, type ModelSpec } from './models.js';
import { poolTokens } from './pooling.js';

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

/** The files of a model folder that a feature-extraction model needs and `dir` lacks. */
function missingFiles(dir: string): string[] {
  const weights = ['onnx/model_quantized.onnx', 'onnx/model.onnx'];
  return [
    ...['config.json', 'tokenizer.json'].filter((f) => !existsSync(path.join(dir, f))),
    ...(weights.some((f) => existsSync(path.join(dir, f))) ? [] : [weights.join(' or ')]),
  ];
}

/**
 * Why a model could not be had, and what to do: a model folder that is there but does not load is damaged or
 * incomplete; one that is not there was not fetched, and the hub was forbidden (offline, where the library's own
 * message names its settings rather than ours) or could not be reached.
 */
function unavailable(id: string, source: ModelSource, present: boolean, reason: string): string {
  const dir = path.join(source.modelsDir, id);
  if (present) {
    // a folder copied or fetched in part: what it lacks says more than the library (which then tried the hub for it)
    const lacking = missingFiles(dir);
    const why = lacking.length ? `: it lacks ${lacking.join(' and ')}` : ` (${reason}): it may be damaged or incomplete`;
    return `the model ${id} in ${dir} cannot be loaded${why}; fetch it again with "wenda model fetch ${id}"`;
  }
  const hub = source.allowRemote ? `the Hugging Face hub could not be reached (${reason})` : 'WENDA_OFFLINE keeps the Hugging Face hub out';
  return `the model ${id} is not available here: it is not in ${dir} and ${hub}; put it there or run "wenda model fetch ${id}" where the hub is reachable`;
}

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
    // offline, a model not in the folder cannot be had (the folder is the hub's cache too): said without loading the
    // library, which a lexical build would otherwise load at every run to learn just that
    if (!source.allowRemote && !existsSync(path.join(source.modelsDir, id))) throw new ModelUnavailable(unavailable(id, source, false, ''));
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
      throw new ModelUnavailable(unavailable(id, source, existsSync(path.join(env.localModelPath, id)), (e as Error).message), { cause: e });
    }
  }

  get id(): string {
    return this.spec.id;
  }

  /**
   * Embeddings of passages (with the model's passage prefix), in the order given; `done` after each batch. Batches
   * are of texts of about the same length: a batch is padded to its longest text, and the model runs over the padding
   * too (shortest first, not in the given order, which would pad a passage of 20 characters to 400 as often as not).
   */
  async passages(texts: string[], done?: (n: number) => void): Promise<Float32Array[]> {
    const byLength = texts.map((_, i) => i).sort((a, b) => texts[a]!.length - texts[b]!.length);
    const out = new Array<Float32Array>(texts.length);
    for (let i = 0; i < texts.length; i += BATCH) {
      const batch = byLength.slice(i, i + BATCH);
      const vectors = await this.run(batch.map((t) => this.spec.passagePrefix + texts[t]!));
      batch.forEach((t, j) => (out[t] = vectors[j]!));
      done?.(batch.length);
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

  /**
   * The pipeline's steps (tokenizer, model, pooling) with our pooling (pooling.ts says why). Vectors are views of one
   * array per batch, not copies.
   */
  private async run(texts: string[]): Promise<Float32Array[]> {
    const inputs = this.extract.tokenizer(texts, { padding: true, truncation: true });
    const outputs = await this.extract.model(inputs);
    // what the pipeline takes: sentence-transformers exports name their token vectors differently
    const hidden = (outputs.last_hidden_state ?? outputs.logits ?? outputs.token_embeddings) as Tensor;
    const width = hidden.dims[2]!;
    const pooled = poolTokens({ data: hidden.data as Float32Array, dims: hidden.dims, mask: (inputs.attention_mask as Tensor).data as BigInt64Array }, this.spec.pooling, this.spec.normalize);
    return texts.map((_, i) => pooled.subarray(i * width, (i + 1) * width));
  }
}
