import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { Embedder } from '../../src/embedding/embedder.js';
import { tempDir } from '../helpers/fixtures.js';

vi.mock('@huggingface/transformers', () => {
  throw new Error('the library was loaded');
});

const { dir, cleanup } = tempDir();
afterAll(() => cleanup());

describe('offline, a model that is not in the models folder', () => {
  it('is said missing without loading the library', async () => {
    const modelsDir = path.join(dir, 'models');
    await expect(Embedder.load('Xenova/multilingual-e5-small', { modelsDir, allowRemote: false })).rejects.toThrow(
      /^the model Xenova\/multilingual-e5-small is not available here: it is not in .* and WENDA_OFFLINE keeps the Hugging Face hub out/u,
    );
  });
});
