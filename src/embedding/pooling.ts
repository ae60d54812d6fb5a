/**
 * One vector a text from a model's token vectors, as sentence-transformers pools them. Ours rather than the
 * pipeline's: @huggingface/transformers' mean pooling turns the BigInt attention mask into a number once per token
 * *and dimension* (384 conversions a token), which cost about 11 ms a passage at width 384, more than the test
 * model's run; here the mask is read once a token and padding is skipped.
 */
export interface TokenVectors {
  /** [texts, tokens, width], row-major: the model's last hidden state over the padded batch. */
  data: Float32Array;
  dims: readonly number[];
  /** [texts, tokens]: 1 for a text's tokens, 0 for padding (the tokenizer's attention mask). */
  mask: ArrayLike<bigint | number>;
}

/** One row of `width` numbers a text, in one array: mean over the text's tokens or its first token, then unit length. */
export function poolTokens({ data, dims, mask }: TokenVectors, pooling: 'mean' | 'cls', normalize: boolean): Float32Array {
  const [texts, tokens, width] = dims as [number, number, number];
  const out = new Float32Array(texts * width);
  for (let t = 0; t < texts; t++) {
    const row = out.subarray(t * width, (t + 1) * width);
    const first = t * tokens * width;
    if (pooling === 'cls') {
      row.set(data.subarray(first, first + width));
    } else {
      let count = 0;
      for (let j = 0; j < tokens; j++) {
        if (Number(mask[t * tokens + j]) === 0) continue;
        count++;
        const at = first + j * width;
        for (let k = 0; k < width; k++) row[k]! += data[at + k]!;
      }
      for (let k = 0; k < width; k++) row[k]! /= count;
    }
    if (normalize) {
      let sum = 0;
      for (let k = 0; k < width; k++) sum += row[k]! * row[k]!;
      // a zero vector stays zero instead of becoming NaN
      const norm = Math.max(Math.sqrt(sum), 1e-12);
      for (let k = 0; k < width; k++) row[k]! /= norm;
    }
  }
  return out;
}
