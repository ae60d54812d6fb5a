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

function tensor(name: string, dims: number[], dataType: number, data: { floatData?: number[]; int32Data?: number[]; int64Data?: number[]; rawData?: Uint8Array }) {
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

function model(vocabSize: number, dim: number, quantised: boolean, seed: number): Uint8Array {
  const F = onnx.TensorProto.DataType.FLOAT;
  const I64 = onnx.TensorProto.DataType.INT64;
  const next = random(seed);
  const weights = Array.from({ length: vocabSize * dim }, next);
  const types = Array.from({ length: 2 * dim }, () => next() * 0.1);
  const initializers = [tensor('type_embeddings', [2, dim], F, { floatData: types }), tensor('unsqueeze_axes', [1], I64, { int64Data: [2] })];
  const nodes = [];
  if (quantised) {
    // int8 weights with one scale: what a quantised export stores, turned back into floats by DequantizeLinear
    const scale = weights.reduce((m, w) => Math.max(m, Math.abs(w)), 0) / 127;
    const q = Int8Array.from(weights, (w) => Math.round(w / scale));
    initializers.push(
      tensor('word_embeddings_q', [vocabSize, dim], onnx.TensorProto.DataType.INT8, { rawData: new Uint8Array(q.buffer) }),
      tensor('word_scale', [], F, { floatData: [scale] }),
      tensor('word_zero', [], onnx.TensorProto.DataType.INT8, { int32Data: [0] }),
    );
    nodes.push(onnx.NodeProto.create({ opType: 'DequantizeLinear', input: ['word_embeddings_q', 'word_scale', 'word_zero'], output: ['word_embeddings'] }));
  } else {
    initializers.push(tensor('word_embeddings', [vocabSize, dim], F, { floatData: weights }));
  }
  nodes.push(
    onnx.NodeProto.create({ opType: 'Gather', input: ['word_embeddings', 'input_ids'], output: ['words'] }),
    onnx.NodeProto.create({ opType: 'Gather', input: ['type_embeddings', 'token_type_ids'], output: ['types'] }),
    onnx.NodeProto.create({ opType: 'Add', input: ['words', 'types'], output: ['summed'] }),
    onnx.NodeProto.create({ opType: 'Cast', input: ['attention_mask'], output: ['mask_float'], attribute: [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: F }] }),
    onnx.NodeProto.create({ opType: 'Unsqueeze', input: ['mask_float', 'unsqueeze_axes'], output: ['mask'] }),
    onnx.NodeProto.create({ opType: 'Mul', input: ['summed', 'mask'], output: ['last_hidden_state'] }),
  );
  const graph = onnx.GraphProto.create({
    name: 'tiny-bert',
    node: nodes,
    initializer: initializers,
    input: ['input_ids', 'attention_mask', 'token_type_ids'].map((n) => valueInfo(n, I64, ['batch', 'sequence'])),
    output: [valueInfo('last_hidden_state', F, ['batch', 'sequence', dim])],
  });
  return onnx.ModelProto.encode(
    onnx.ModelProto.create({ irVersion: 8, opsetImport: [{ domain: '', version: 13 }], producerName: 'wenda-tests', graph }),
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

/** Writes the tiny model as `<modelsDir>/<id>/…` and returns its id. */
export function writeTinyModel(modelsDir: string, id = 'wenda-test/tiny-bert', dim = 32, seed = 7): string {
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
  writeFileSync(path.join(dir, 'onnx', 'model.onnx'), model(vocab.length, dim, false, seed));
  writeFileSync(path.join(dir, 'onnx', 'model_quantized.onnx'), model(vocab.length, dim, true, seed));
  return id;
}
