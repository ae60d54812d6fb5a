import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Embedder } from '../../src/embedding/embedder.js';
import { poolTokens } from '../../src/embedding/pooling.js';
import { tempDir } from '../helpers/fixtures.js';
import { pipelineVectors, writeTinyModel } from '../helpers/tiny-model.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir()));
afterAll(() => cleanup());

const close = (a: Float32Array, b: Float32Array) => a.length === b.length && a.every((x, i) => Math.abs(x - b[i]!) < 1e-5);

describe('the embedder', () => {
  it("gives the library pipeline's vectors, in the order given, for texts of very different lengths batched together", async () => {
    const modelsDir = path.join(dir, 'models');
    const id = writeTinyModel(modelsDir, { dim: 24 });
    const embedder = await Embedder.load(id, { modelsDir, allowRemote: false });
    // lengths out of order, so that batches (of similar lengths) mix texts from all over the list, each padded
    const texts = Array.from({ length: 37 }, (_, i) => `第${i}条`.padEnd(3 + ((i * 29) % 37) * 5, '会议部署工作'));
    const vectors = await embedder.passages(texts);
    const expected = await pipelineVectors(id, embedder.quantized, texts);
    expect(vectors.map((v, i) => close(v, expected[i]!))).toEqual(texts.map(() => true));
    expect(close(await embedder.query(texts[5]!), expected[5]!)).toBe(true);
    await embedder.dispose();
  });
});

describe('a model that cannot be had', () => {
  it('says whether it is missing (and the hub kept out) or there but damaged, and what to do', async () => {
    const modelsDir = path.join(dir, 'models-missing');
    const missing = Embedder.load('Xenova/multilingual-e5-small', { modelsDir, allowRemote: false });
    await expect(missing).rejects.toThrow(
      `the model Xenova/multilingual-e5-small is not available here: it is not in ${path.join(modelsDir, 'Xenova/multilingual-e5-small')} and WENDA_OFFLINE keeps the Hugging Face hub out; put it there or run "wenda model fetch Xenova/multilingual-e5-small" where the hub is reachable`,
    );
    const damagedDir = path.join(dir, 'models-damaged');
    const id = writeTinyModel(damagedDir, { dim: 8 });
    for (const file of ['model.onnx', 'model_quantized.onnx']) {
      const weights = path.join(damagedDir, id, 'onnx', file);
      if (existsSync(weights)) writeFileSync(weights, 'not a model');
    }
    await expect(Embedder.load(id, { modelsDir: damagedDir, allowRemote: false })).rejects.toThrow(
      new RegExp(`^the model ${id} in ${path.join(damagedDir, id)} cannot be loaded \\(.*\\): it may be damaged or incomplete; fetch it again with "wenda model fetch ${id}"$`, 'su'),
    );
    // one copied in part names what it lacks, whatever the library tried for it
    const partDir = path.join(dir, 'models-part');
    const part = writeTinyModel(partDir, { dim: 8 });
    rmSync(path.join(partDir, part, 'tokenizer.json'));
    rmSync(path.join(partDir, part, 'onnx'), { recursive: true });
    await expect(Embedder.load(part, { modelsDir: partDir, allowRemote: false })).rejects.toThrow(
      `the model ${part} in ${path.join(partDir, part)} cannot be loaded: it lacks tokenizer.json and onnx/model_quantized.onnx or onnx/model.onnx; fetch it again with "wenda model fetch ${part}"`,
    );
  });
});

describe('pooling token vectors', () => {
  // two texts of three tokens of width 2; the second text's last token is padding
  const tokens = { data: Float32Array.of(1, 0, 3, 0, 5, 4, 2, 2, 4, 0, 100, 100), dims: [2, 3, 2], mask: [1n, 1n, 1n, 1n, 1n, 0n] };

  it('averages over a text\'s tokens only, leaving out its padding', () => {
    expect([...poolTokens(tokens, 'mean', false)]).toEqual([3, Math.fround(4 / 3), 3, 1]);
  });

  it('takes the first token for cls pooling, and scales to unit length', () => {
    expect([...poolTokens(tokens, 'cls', true)]).toEqual([1, 0, Math.SQRT1_2, Math.SQRT1_2].map((x) => Math.fround(x)));
  });

  it('keeps a zero vector zero rather than dividing by its length', () => {
    expect([...poolTokens({ data: new Float32Array(4), dims: [1, 2, 2], mask: [1, 1] }, 'mean', true)]).toEqual([0, 0]);
  });
});
