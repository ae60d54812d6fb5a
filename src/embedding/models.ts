/** How a sentence-embedding model wants to be used: what it needs that its files do not say. */
export interface ModelSpec {
  id: string;
  /** Prepended to questions and to passages (e5: "query: " / "passage: "; bge: an instruction for queries only). */
  queryPrefix: string;
  passagePrefix: string;
  pooling: 'mean' | 'cls';
  normalize: boolean;
  /** Output size when known in advance; an unknown model's is read from its first embedding. */
  dimension: number | null;
}

export const DEFAULT_MODEL = 'Xenova/multilingual-e5-small';

const BGE_ZH_QUERY = '为这个句子生成表示以用于检索相关文章：';

/** Models known to work, with their prefixes and pooling. Any other hub id works with the defaults below. */
const KNOWN_MODELS: readonly ModelSpec[] = [
  { id: 'Xenova/multilingual-e5-small', queryPrefix: 'query: ', passagePrefix: 'passage: ', pooling: 'mean', normalize: true, dimension: 384 },
  { id: 'Xenova/multilingual-e5-base', queryPrefix: 'query: ', passagePrefix: 'passage: ', pooling: 'mean', normalize: true, dimension: 768 },
  { id: 'Xenova/bge-m3', queryPrefix: '', passagePrefix: '', pooling: 'cls', normalize: true, dimension: 1024 },
  { id: 'Xenova/bge-small-zh-v1.5', queryPrefix: BGE_ZH_QUERY, passagePrefix: '', pooling: 'cls', normalize: true, dimension: 512 },
  { id: 'Xenova/paraphrase-multilingual-MiniLM-L12-v2', queryPrefix: '', passagePrefix: '', pooling: 'mean', normalize: true, dimension: 384 },
];

/** The spec of a model id: the table's, matched with or without the `Xenova/` prefix, else mean pooling, normalised, no prefixes. */
export function modelSpec(id: string): ModelSpec {
  const bare = (s: string) => s.replace(/^Xenova\//u, '').toLowerCase();
  const known = KNOWN_MODELS.find((m) => bare(m.id) === bare(id));
  return known ? { ...known, id } : { id, queryPrefix: '', passagePrefix: '', pooling: 'mean', normalize: true, dimension: null };
}
