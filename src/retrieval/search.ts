import { WendaError } from '../errors.js';
import { fieldQueries, scoreField, singletons, type Bm25Params, type Query, type WeightedTerm } from './bm25.js';
import { isForeign, translate } from './english.js';
import { bestSentence } from './highlight.js';
import type { IndexReader } from './index-reader.js';
import { fold, hanBigrams } from '../text/text.js';
import { TopK } from './top-k.js';

/** The most passages one question is answered with (CLI `--k`, the bot's "More answers"). */
export const MAX_ANSWERS = 50;

export interface Answer {
  source: string;
  sources: string[];
  title: string;
  date: string | null;
  url: string | null;
  paragraph: number;
  text: string;
  highlight: string;
  score: number;
}

export interface SearchResult {
  question: string;
  mode: 'lexical' | 'hybrid';
  noAnswer: boolean;
  answers: Answer[];
}

/** Every weight of the ranking in one place, so that the bench can measure a change to any of them. */
export interface RankingSettings {
  passage: Bm25Params;
  article: Bm25Params;
  /** Weight of the Han-bigram field beside the word field. */
  bigramWeight: number;
  /** Share of the (normalised) article score added to each of its passages. */
  articleWeight: number;
  /** Share of the neighbouring passages' scores added to a passage. */
  neighbourWeight: number;
  /** Weight of the best single sentence's match, computed for the leading candidates. */
  sentenceWeight: number;
  /** Bonus for passages holding numbers or dates when the question asks when or how many. */
  numberBonus: number;
  /** How many leading candidates get the sentence-level score. */
  rerankDepth: number;
  /** Below this share of the question's weight matched by the best passage and its article, there is no answer. */
  minCoverage: number;
  /** Share of the dense similarity in the hybrid score, beside the lexical score scaled to the best one (uncalibrated). */
  denseWeight: number;
  /** A dense neighbour this similar answers even when the lexical coverage is low (uncalibrated: no real model here). */
  minSimilarity: number;
}

export const DEFAULT_RANKING: RankingSettings = {
  passage: { k1: 1.2, b: 0.75 },
  article: { k1: 1.2, b: 0.75 },
  bigramWeight: 0.5,
  articleWeight: 0.3,
  neighbourWeight: 0.1,
  sentenceWeight: 0.4,
  numberBonus: 0.05,
  rerankDepth: 30,
  minCoverage: 0.3,
  denseWeight: 0.3,
  minSimilarity: 0.9,
};

const ASKS_NUMBER = /多少|几|何时|什么时候|哪一?年|哪一?天|哪个月|几月|几号|日期|时间|数量|比例|how (?:many|much|long)|\bwhen\b|what (?:year|date|day)|which (?:year|day)/iu;
const HAS_NUMBER = /[0-9０-９]|[一二三四五六七八九十百千万亿]+(?:个|项|名|人|次|年|月|日|家|条|批|户|万|亿|%)/u;
// Words that carry no topic: interrogatives (哪次, 几届, 多少), deictics (那次, 这话) and the chat words people ask
// with (一共, 大概, 搞). A question is not unanswerable because news articles never say 哪天 or 咱们.
const NO_TOPIC =
  /^(?:[哪几那这啥多]\p{Script=Han}?|多少|什么\p{Script=Han}*|怎么\p{Script=Han}*|怎样|如何|为什么|为何|谁|一共|总共|大概|大约|是否|是不是|请问|咱们|我们|他们|大家|搞\p{Script=Han}?|正好|当年|现在|还是)$/u;

function normaliseMax(scores: Float64Array): number {
  let max = 0;
  for (let i = 0; i < scores.length; i++) if (scores[i]! > max) max = scores[i]!;
  return max || 1;
}

// Characters that join words rather than name things; they end a run of single characters (赵/鹏/的 → 赵鹏).
const FUNCTION_CHARS = new Set('的了是在有和与及也都就把被从对向给吗呢吧啊呀么又还'.split(''));

/**
 * The topic terms of a Chinese question with their weights: its words less those that carry no topic, and each run
 * of single characters (what jieba leaves of a name it does not know: 张/世/昌) joined back into one term.
 */
function chineseTopic(words: string[], weights: WeightedTerm[], maxIdf: number): WeightedTerm[] {
  const idfs = new Map(weights.map((t) => [t.alternatives[0]!, t.idf]));
  const terms: WeightedTerm[] = [];
  const weight = (w: string) => {
    const idf = idfs.get(w) ?? 0;
    return idf > 0 ? idf : maxIdf; // a word no passage has weighs as the rarest
  };
  let run: string[] = [];
  const endRun = () => {
    if (run.length > 1) terms.push({ alternatives: [run.join('')], idf: run.reduce((sum, c) => sum + weight(c), 0) });
    run = [];
  };
  for (const w of words) {
    if (/^\p{Script=Han}$/u.test(w) && !FUNCTION_CHARS.has(w)) {
      run.push(w);
      continue;
    }
    endRun();
    if (!NO_TOPIC.test(w) && !terms.some((t) => t.alternatives[0] === w)) terms.push({ alternatives: [w], idf: weight(w) });
  }
  endRun();
  return terms;
}

/**
 * The share of the question's topic weight that the best passage, its neighbours and its title hold. A term they lack
 * still earns the share of its Han bigrams they hold: 海淀法院 is half there in a text about 区法院.
 */
function coverage(terms: WeightedTerm[], texts: string[]): number {
  let total = 0;
  let found = 0;
  const holds = (term: string) => texts.some((t) => t.includes(term));
  for (const { alternatives, idf: weight } of terms) {
    total += weight;
    if (alternatives.some(holds)) found += weight;
    else {
      const bigrams = hanBigrams(alternatives[0]!);
      if (bigrams.length) found += (weight * bigrams.filter(holds).length) / bigrams.length;
    }
  }
  return total === 0 ? 0 : found / total;
}

/** The terms of a question: jieba words and Han bigrams, or for an English question the glossary's Chinese groups. */
function queryOf(reader: IndexReader, question: string): Query & { foreign: boolean; ordered: string[] } {
  if (isForeign(question)) {
    const groups = translate(question, (key) => reader.glossary(key));
    const bigrams = groups
      .map((g) => [...new Set(g.flatMap((w) => hanBigrams(w)))])
      .filter((b) => b.length > 0)
      .map((alternatives) => ({ alternatives, count: 1 }));
    return { foreign: true, words: groups.map((alternatives) => ({ alternatives, count: 1 })), bigrams, ordered: [] };
  }
  const terms = reader.tokenizer.terms(question);
  return { foreign: false, words: singletons(terms.words), bigrams: singletons(terms.bigrams), ordered: terms.words };
}

/**
 * Ranks passages for a question: BM25 over words and Han bigrams, plus the article's own score (title counted
 * thrice), a share of the neighbouring passages, and the best sentence among the leading candidates.
 */
export function search(
  reader: IndexReader,
  question: string,
  k: number,
  settings: RankingSettings = DEFAULT_RANKING,
  vector?: Float32Array,
): SearchResult {
  const q = question.trim();
  if (!q) throw new WendaError('the question is empty');
  const query = queryOf(reader, q);
  const dense = vector && reader.dense ? reader.dense : null;
  const result: SearchResult = { question: q, mode: dense ? 'hybrid' : 'lexical', noAnswer: true, answers: [] };

  const P = new Float64Array(reader.passageCount);
  const [pw, pb] = fieldQueries(query, reader.passageLengths, '', settings.bigramWeight);
  const wordIdf = scoreField(reader, pw, reader.passageCount, settings.passage, P);
  const bigramIdf = scoreField(reader, pb, reader.passageCount, settings.passage, P);
  const A = new Float64Array(reader.articleCount);
  for (const f of fieldQueries(query, reader.articleLengths, 'a', settings.bigramWeight)) {
    scoreField(reader, f, reader.articleCount, settings.article, A);
  }
  const maxP = normaliseMax(P);
  const maxA = normaliseMax(A);
  const wantsNumber = ASKS_NUMBER.test(q);

  const candidates = new TopK(Math.max(settings.rerankDepth, k));
  for (let id = 0; id < P.length; id++) {
    if (P[id] === 0) continue;
    const prev = reader.prev[id]!;
    const next = reader.next[id]!;
    const around = (prev >= 0 ? P[prev]! : 0) + (next >= 0 ? P[next]! : 0);
    candidates.offer(id, P[id]! / maxP + (settings.articleWeight * A[reader.passageArticle[id]!]!) / maxA + (settings.neighbourWeight * around) / maxP);
  }

  const rerank = (c: { id: number; score: number }) => {
    const text = reader.passageText(c.id);
    const best = bestSentence(text, wordIdf, bigramIdf);
    const bonus = wantsNumber && HAS_NUMBER.test(text) ? settings.numberBonus : 0;
    return { ...c, text, highlight: best.sentence, score: c.score + settings.sentenceWeight * best.share + bonus };
  };
  let top = candidates.sorted().map(rerank);
  top.sort((a, b) => b.score - a.score);

  // hybrid: a convex combination of the lexical score (scaled to the best) and the cosine similarity, over the
  // candidates of both sides. Reciprocal rank fusion was flat: it let a dense rank 1 outweigh an exact name's lexical
  // rank 1. A lexical candidate beyond the dense list is at most as similar as its last entry.
  let denseConfident = false;
  if (dense) {
    const near = dense.nearest(vector!, Math.max(settings.rerankDepth, k));
    denseConfident = (near[0]?.similarity ?? 0) >= settings.minSimilarity;
    const similarity = new Map(near.map((n) => [n.id, n.similarity]));
    const floor = near.at(-1)?.similarity ?? 0;
    const best = top[0]?.score || 1;
    const byId = new Map(top.map((c) => [c.id, c]));
    for (const n of near) if (!byId.has(n.id)) byId.set(n.id, rerank({ id: n.id, score: 0 }));
    const w = settings.denseWeight;
    top = [...byId.values()]
      .map((c) => ({ ...c, score: (1 - w) * (c.score / best) + w * Math.max(0, similarity.get(c.id) ?? floor) }))
      .sort((a, b) => b.score - a.score);
  }
  const first = top[0];
  if (!first) return result;

  const article = reader.article(reader.passageArticle[first.id]!);
  const maxIdf = Math.log(1 + reader.passageCount);
  const around = [first.id, reader.prev[first.id]!, reader.next[first.id]!].filter((id) => id >= 0);
  const texts = [fold(article.title), ...around.map((id) => fold(id === first.id ? first.text : reader.passageText(id)))];
  const topic = query.foreign
    ? wordIdf.map((t) => ({ ...t, idf: t.idf > 0 ? t.idf : maxIdf }))
    : chineseTopic(query.ordered, wordIdf, maxIdf);
  if (!denseConfident && coverage(topic, texts) < settings.minCoverage) return result;

  result.noAnswer = false;
  result.answers = top.slice(0, k).map((c) => {
    const articles = reader.passageSources(c.id).map((s) => ({ ...reader.article(s.article), ordinal: s.ordinal }));
    const main = articles[0]!;
    return {
      source: main.source,
      sources: articles.map((a) => a.source),
      title: main.title,
      date: main.date,
      url: main.url,
      paragraph: main.ordinal,
      text: c.text,
      highlight: c.highlight,
      score: Math.round(c.score * 10000) / 10000,
    };
  });
  return result;
}

/** search() with the question embedded first when the index is hybrid and its model is loaded. */
export async function ask(reader: IndexReader, question: string, k: number, settings: RankingSettings = DEFAULT_RANKING): Promise<SearchResult> {
  const vector = reader.dense && question.trim() ? await reader.dense.embed(question.trim()) : undefined;
  return search(reader, question, k, settings, vector);
}
