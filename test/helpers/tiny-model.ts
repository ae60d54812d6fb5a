import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import onnxProto from 'onnx-proto';

/**
 * A tiny BERT-style feature extractor laid out as a hub model (config.json, tokenizer.json, tokenizer_config.json,
 * onnx/model.onnx and its int8 twin onnx/model_quantized.onnx), for tests and the bench: the real loading, batching,
 * pooling and indexing code runs on it. Its weights are random (seeded), so its neighbours mean nothing; the graph is
 * token embeddings plus token-type embeddings, masked: last_hidden_state = (E[input_ids] + T[token_type_ids]) · mask.
 */

const { onnx } = onnxProto;
const SPECIAL = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
const ENGLISH =
  'the of and to in a is was for on that with as by at from it be are this which or an have has had were when what who how where why did do does meeting meetings held hold mobilization education theme party central committee cyberspace administration china chinese director deputy minister secretary province city district people government work study campaign said stressed speech conference'.split(' ');

/** Every CJK unified ideograph, the English words above, digits and ASCII punctuation. */
function vocabulary(): string[] {
  const words = [...SPECIAL];
  for (let c = 0x4e00; c <= 0x9fff; c++) words.push(String.fromCodePoint(c));
  for (let d = 0; d <= 9; d++) words.push(String(d));
  for (const p of '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~，。、；：？！“”（）《》') words.push(p);
  words.push(...ENGLISH);
  return [...new Set(words)];
}

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

function tensor(name: string, dims: number[], dataType: number, data: { int32Data?: number[]; int64Data?: number[]; rawData?: Uint8Array }) {
  return onnx.TensorProto.create({ name, dims, dataType, ...data });
}

function valueInfo(name: string, elemType: number, shape: (string | number)[]) {
  return onnx.ValueInfoProto.create({
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: shape.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) },
      },
    },
  });
}

/** The encoder of a BERT-style model, for a same-shape stand-in of a real one: layers of attention and feed-forward. */
export interface EncoderShape {
  layers: number;
  heads: number;
  intermediate: number;
}

/** The shape of multilingual-e5-small (BERT: 12 layers, 384 wide, 12 heads, 1536 feed-forward). */
export const E5_SMALL_SHAPE: EncoderShape & { dim: number } = { dim: 384, layers: 12, heads: 12, intermediate: 1536 };

const F = onnx.TensorProto.DataType.FLOAT;
const I64 = onnx.TensorProto.DataType.INT64;
const node = (opType: string, input: string[], output: string, attribute: object[] = []) => onnx.NodeProto.create({ opType, input, output: [output], attribute });
const floats = (name: string, dims: number[], values: Float32Array) => tensor(name, dims, F, { rawData: new Uint8Array(values.buffer) });

/** Attention and feed-forward layers from `input` (last_hidden_state of the embeddings) to `output`. */
function encoder(shape: EncoderShape, dim: number, next: () => number, input: string, output: string) {
  const initializers = [
    tensor('heads_shape', [4], I64, { int64Data: [0, 0, shape.heads, dim / shape.heads] }),
    tensor('hidden_shape', [3], I64, { int64Data: [0, 0, dim] }),
    floats('attention_scale', [], Float32Array.of(1 / Math.sqrt(dim / shape.heads))),
    floats('half', [], Float32Array.of(0.5)),
    floats('one', [], Float32Array.of(1)),
    floats('sqrt2', [], Float32Array.of(Math.SQRT2)),
    floats('mask_fill', [], Float32Array.of(10000)),
    tensor('mask_axes', [2], I64, { int64Data: [1, 2] }),
  ];
  const random = (n: number, scale: number) => Float32Array.from({ length: n }, () => next() * scale);
  const nodes = [
    // an additive mask: 0 where there are tokens, −10000 over padding
    node('Unsqueeze', ['mask_float', 'mask_axes'], 'mask4'),
    node('Sub', ['mask4', 'one'], 'mask_off'),
    node('Mul', ['mask_off', 'mask_fill'], 'mask_bias'),
  ];
  let h = input;
  const perm = (values: number[]) => [{ name: 'perm', type: onnx.AttributeProto.AttributeType.INTS, ints: values }];
  for (let l = 0; l < shape.layers; l++) {
    const p = (n: string) => `l${l}_${n}`;
    for (const w of ['q', 'k', 'v', 'o']) initializers.push(floats(p(`w${w}`), [dim, dim], random(dim * dim, 0.1)));
    initializers.push(
      floats(p('w1'), [dim, shape.intermediate], random(dim * shape.intermediate, 0.1)),
      floats(p('w2'), [shape.intermediate, dim], random(dim * shape.intermediate, 0.1)),
      floats(p('gamma'), [dim], Float32Array.from({ length: dim }, () => 1)),
      floats(p('beta'), [dim], new Float32Array(dim)),
    );
    nodes.push(
      node('MatMul', [h, p('wq')], p('q')),
      node('MatMul', [h, p('wk')], p('k')),
      node('MatMul', [h, p('wv')], p('v')),
      node('Reshape', [p('q'), 'heads_shape'], p('q4')),
      node('Reshape', [p('k'), 'heads_shape'], p('k4')),
      node('Reshape', [p('v'), 'heads_shape'], p('v4')),
      node('Transpose', [p('q4')], p('qt'), perm([0, 2, 1, 3])),
      node('Transpose', [p('k4')], p('kt'), perm([0, 2, 3, 1])),
      node('Transpose', [p('v4')], p('vt'), perm([0, 2, 1, 3])),
      node('MatMul', [p('qt'), p('kt')], p('scores')),
      node('Mul', [p('scores'), 'attention_scale'], p('scaled')),
      node('Add', [p('scaled'), 'mask_bias'], p('masked')),
      node('Softmax', [p('masked')], p('weights'), [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: -1 }]),
      node('MatMul', [p('weights'), p('vt')], p('context')),
      node('Transpose', [p('context')], p('context_t'), perm([0, 2, 1, 3])),
      node('Reshape', [p('context_t'), 'hidden_shape'], p('context3')),
      node('MatMul', [p('context3'), p('wo')], p('attended')),
      node('Add', [p('attended'), h], p('residual1')),
      node('LayerNormalization', [p('residual1'), p('gamma'), p('beta')], p('norm1'), [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: -1 }]),
      node('MatMul', [p('norm1'), p('w1')], p('up')),
      // GELU as BERT has it: x · ½ (1 + erf(x / √2))
      node('Div', [p('up'), 'sqrt2'], p('up_scaled')),
      node('Erf', [p('up_scaled')], p('erf')),
      node('Add', [p('erf'), 'one'], p('erf1')),
      node('Mul', [p('up'), p('erf1')], p('gelu2')),
      node('Mul', [p('gelu2'), 'half'], p('gelu')),
      node('MatMul', [p('gelu'), p('w2')], p('down')),
      node('Add', [p('down'), p('norm1')], p('residual2')),
      node('LayerNormalization', [p('residual2'), p('gamma'), p('beta')], l === shape.layers - 1 ? output : p('out'), [
        { name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: -1 },
      ]),
    );
    h = p('out');
  }
  return { initializers, nodes };
}

/**
 * Groups of tokens that mean one thing: each group's tokens share a strong direction (axis g of the embedding), so
 * that texts holding tokens of one group embed close together whatever their other tokens.
 */
export type Concepts = readonly (readonly string[])[];
const CONCEPT_STRENGTH = 100;

function model(vocab: string[], dim: number, quantised: boolean, seed: number, shape: EncoderShape | null, concepts: Concepts): Uint8Array {
  const vocabSize = vocab.length;
  const next = random(seed);
  const weights = Float32Array.from({ length: vocabSize * dim }, next);
  const ids = new Map(vocab.map((w, i) => [w, i]));
  concepts.forEach((group, axis) => {
    for (const token of group) weights[ids.get(token)! * dim + axis]! += CONCEPT_STRENGTH;
  });
  const types = Float32Array.from({ length: 2 * dim }, () => next() * 0.1);
  const initializers = [floats('type_embeddings', [2, dim], types), tensor('unsqueeze_axes', [1], I64, { int64Data: [2] })];
  const nodes = [];
  if (quantised) {
    // int8 weights with one scale: what a quantised export stores, turned back into floats by DequantizeLinear; only
    // the rows gathered (the whole table a run would cost a second a batch at width 384)
    const scale = weights.reduce((m, w) => Math.max(m, Math.abs(w)), 0) / 127;
    const q = Int8Array.from(weights, (w) => Math.round(w / scale));
    initializers.push(
      tensor('word_embeddings_q', [vocabSize, dim], onnx.TensorProto.DataType.INT8, { rawData: new Uint8Array(q.buffer) }),
      floats('word_scale', [], Float32Array.of(scale)),
      tensor('word_zero', [], onnx.TensorProto.DataType.INT8, { int32Data: [0] }),
    );
    nodes.push(node('Gather', ['word_embeddings_q', 'input_ids'], 'words_q'), node('DequantizeLinear', ['words_q', 'word_scale', 'word_zero'], 'words'));
  } else {
    initializers.push(floats('word_embeddings', [vocabSize, dim], weights));
    nodes.push(node('Gather', ['word_embeddings', 'input_ids'], 'words'));
  }
  nodes.push(
    node('Gather', ['type_embeddings', 'token_type_ids'], 'types'),
    node('Add', ['words', 'types'], 'summed'),
    node('Cast', ['attention_mask'], 'mask_float', [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: F }]),
    node('Unsqueeze', ['mask_float', 'unsqueeze_axes'], 'mask'),
  );
  if (shape && shape.layers > 0) {
    const layers = encoder(shape, dim, next, 'summed', 'encoded');
    initializers.push(...layers.initializers);
    nodes.push(...layers.nodes, node('Mul', ['encoded', 'mask'], 'last_hidden_state'));
  } else {
    nodes.push(node('Mul', ['summed', 'mask'], 'last_hidden_state'));
  }
  const graph = onnx.GraphProto.create({
    name: 'tiny-bert',
    node: nodes,
    initializer: initializers,
    input: ['input_ids', 'attention_mask', 'token_type_ids'].map((n) => valueInfo(n, I64, ['batch', 'sequence'])),
    output: [valueInfo('last_hidden_state', F, ['batch', 'sequence', dim])],
  });
  return onnx.ModelProto.encode(
    onnx.ModelProto.create({ irVersion: 8, opsetImport: [{ domain: '', version: 17 }], producerName: 'wenda-tests', graph }),
  ).finish();
}

function tokenizerJson(vocab: string[]) {
  const ids = Object.fromEntries(vocab.map((w, i) => [w, i]));
  const special = (t: string) => ({ id: ids[t], content: t, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
  return {
    version: '1.0',
    truncation: { direction: 'Right', max_length: 512, strategy: 'LongestFirst', stride: 0 },
    padding: null,
    added_tokens: SPECIAL.map(special),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: Object.fromEntries(['[CLS]', '[SEP]'].map((t) => [t, { id: t, ids: [ids[t]], tokens: [t] }])),
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab: ids },
  };
}

export interface TinyModelOptions {
  id?: string;
  dim?: number;
  seed?: number;
  /** An encoder of this shape (E5_SMALL_SHAPE): a same-shape stand-in of a real model, for timing. */
  shape?: EncoderShape;
  /** Tokens that embed close together (a model whose neighbours mean something, for testing hybrid ranking). */
  concepts?: Concepts;
}

/**
 * Writes the tiny model as `<modelsDir>/<id>/…` and returns its id. It has an int8 twin unless it has an encoder (as
 * big and as slow as the real thing's, float32 only) or concepts (whose strong axes one int8 scale would flatten).
 */
export function writeTinyModel(modelsDir: string, options: TinyModelOptions = {}): string {
  const { id = 'wenda-test/tiny-bert', dim = 32, seed = 7, shape = null, concepts = [] } = options;
  const dir = path.join(modelsDir, id);
  mkdirSync(path.join(dir, 'onnx'), { recursive: true });
  const vocab = vocabulary();
  writeFileSync(
    path.join(dir, 'config.json'),
    JSON.stringify({ model_type: 'bert', architectures: ['BertModel'], hidden_size: dim, vocab_size: vocab.length, max_position_embeddings: 512, type_vocab_size: 2 }),
  );
  writeFileSync(
    path.join(dir, 'tokenizer_config.json'),
    JSON.stringify({ tokenizer_class: 'BertTokenizer', do_lower_case: true, model_max_length: 512, cls_token: '[CLS]', sep_token: '[SEP]', pad_token: '[PAD]', unk_token: '[UNK]', mask_token: '[MASK]' }),
  );
  writeFileSync(path.join(dir, 'tokenizer.json'), JSON.stringify(tokenizerJson(vocab)));
  writeFileSync(path.join(dir, 'onnx', 'model.onnx'), model(vocab, dim, false, seed, shape, concepts));
  if (!shape && concepts.length === 0) writeFileSync(path.join(dir, 'onnx', 'model_quantized.onnx'), model(vocab, dim, true, seed, null, []));
  return id;
}

/**
 * A model's vectors as @huggingface/transformers' own feature-extraction pipeline gives them, one text a run (no
 * padding): what the embedder's batched path must reproduce. Call after Embedder.load (which points the library at
 * the models folder).
 */
export async function pipelineVectors(id: string, quantized: boolean, texts: string[]): Promise<Float32Array[]> {
  const { pipeline } = await import('@huggingface/transformers');
  const extract = await pipeline('feature-extraction', id, { dtype: quantized ? 'q8' : 'fp32', device: 'cpu' });
  const out: Float32Array[] = [];
  for (const text of texts) out.push((await extract([text], { pooling: 'mean', normalize: true })).data as Float32Array);
  await extract.dispose();
  return out;
}
