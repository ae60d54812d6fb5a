import { WendaError } from '../errors.js';
import { answerability, answerabilityFeatures, ANSWERABILITY_DEPTH, articleStatesAsked, askedTerms, ordinalsAgree, passes, questionTags, spansOf, type Reading, type Scored } from './answerability.js';
import { spanProbabilities, type AskedTerms, type SpanModel } from './answer-span.js';
import { FEATURES, pool, type Matching, type PoolPassage } from './features.js';
import { POOL_DEPTH, type FirstStageOptions } from './first-stage.js';
import { fuse } from './fusion.js';
import { holdsType, namesNothing } from './answer-type.js';
import { shownSentence, split, type Split } from './highlight.js';
import type { IndexReader } from './index-reader.js';
import { questionTerms, type QuestionTerms } from './query.js';
import { shippedWeights, type RankingWeights } from './weights.js';
import { withoutSmallTalk } from '../text/small-talk.js';
import { charLength, sentencesAt, withoutLinks } from '../text/text.js';

/** The most passages one question is answered with (CLI `--k`, the bot's "More answers"). */
export const MAX_ANSWERS = 50;

export interface Answer {
  source: string;
  sources: string[];
  title: string;
  date: string | null;
  url: string | null;
  /** The paragraph of the article the passage begins in (the parts of a long paragraph share it). */
  paragraph: number;
  /** The passage's place among the article's passages (the Context button's). */
  passage: number;
  text: string;
  highlight: string;
  score: number;
}

/**
 * What an answer that found nothing says, the question and the closest titles as the caller shows them (escaped,
 * cut): the terminal and the bot say the same.
 */
export function noAnswerLine(question: string, closest: string[]): string {
  const topics = closest.length
    ? `\nClosest topics: ${closest.map((t) => `“${t}”`).join(', ')}`
    : '\nNothing in the articles comes near it: name who or what it is about (谁是中央网信办主任, 动员大会是哪天开的).';
  return `No answer in the articles for: ${question}${topics}`;
}

export interface SearchResult {
  question: string;
  mode: 'lexical' | 'hybrid';
  noAnswer: boolean;
  answers: Answer[];
  /** The titles of the articles that came nearest, from the same ranking: what to show beside "no answer". */
  closest: string[];
  /** With noAnswer, the answers the ranking had and the refusal held back (what a person tuning asks); else empty. */
  withheld: Answer[];
}

/** A dense neighbour this similar answers whatever the answerability score (uncalibrated: no real model here). */
const DENSE_CONFIDENT = 0.9;
const MAX_CLOSEST = 3;

const readings = new WeakMap<RankingWeights, Reading>();
function readingOf(weights: RankingWeights): Reading {
  let reading = readings.get(weights);
  if (!reading) readings.set(weights, (reading = { questionWords: new Set(weights.answerability.questionWords), span: weights.answerability.span }));
  return reading;
}

/** The weighted sum of a passage's features. */
function scoreOf(features: number[], weights: RankingWeights): number {
  let s = 0;
  FEATURES.forEach((f, i) => (s += weights.ranking[f] * features[i]!));
  return s;
}

/** The pool of a question ranked by the learned weights, best first; `depth`: only its first places are needed. */
export function rank(
  reader: IndexReader,
  q: QuestionTerms,
  weights: RankingWeights,
  options: FirstStageOptions = {},
  depth = Infinity,
): { ranked: Scored[]; matching: Matching } {
  const { passages, matching } = pool(reader, q, options);
  // Passages are completed (their best sentence found) by decreasing most they can score, until `depth` of them score
  // more than the next could: it and all after it would come later. The least and most a feature can be, weighed by
  // a weight of either sign, bound the score from below and above in floating point too (rounding is monotone).
  const bound = (p: PoolPassage) => scoreOf(FEATURES.map((f, i) => (weights.ranking[f] >= 0 ? p.most[i]! : p.least[i]!)), weights);
  const order = passages.map((p, at) => ({ p, at, most: bound(p) })).sort((a, b) => b.most - a.most || a.at - b.at);
  const done: (Scored & { at: number })[] = [];
  for (const { p, at, most } of order) {
    if (done.length >= depth && most < done[depth - 1]!.score) break;
    const c = p.complete();
    const scored = { ...c, score: scoreOf(c.features, weights), at };
    // the pool's order among equal scores, as a stable sort of the pool gave
    let i = done.length;
    while (i > 0 && (done[i - 1]!.score < scored.score || (done[i - 1]!.score === scored.score && done[i - 1]!.at > at))) i--;
    done.splice(i, 0, scored);
  }
  return { ranked: done.slice(0, depth).map(({ at: _, ...c }) => c), matching };
}

const ANSWER_TYPE = FEATURES.indexOf('answerType');
const SENTENCE = FEATURES.indexOf('sentence');

/** How likely the span model's answer must be for its sentence to be bolded instead of one that matches better. */
const LIKELY_ANSWER = 0.5;

/**
 * The sentence of the passage's likeliest answer (the span model's, as the answerability score reads it) when it is
 * likelier than not the answer and at least twice as likely as anything of the asked kind in the sentence shown;
 * else the sentence shown. A news report's first sentence restates the event a question names (6月26日，…召开…学习会,
 * or 区委书记于军强调… for 由谁主持) and the answer follows in a sentence that shares little else with it (…主持会议).
 */
function answerSentence(reader: IndexReader, q: QuestionTerms, id: number, parts: Split, shown: string, asked: AskedTerms, span: SpanModel): string {
  if (!parts.folded) return shown;
  const analysed = reader.passage(id).analysed;
  const spans = spansOf(reader, q, analysed);
  const probabilities = spanProbabilities(analysed, spans, asked, span);
  const sentences = sentencesAt(analysed);
  const sentenceOf = (at: number) => sentences.findIndex((s) => at < s.at + s.text.length);
  const shownAt = parts.original.findIndex((s) => s.trim() === shown);
  let likeliest = { sentence: -1, probability: 0 };
  let inShown = 0;
  probabilities.forEach((p, i) => {
    const sentence = sentenceOf(spans[i]!.at);
    if (sentence === shownAt) inShown = Math.max(inShown, p);
    if (p > likeliest.probability) likeliest = { sentence, probability: p };
  });
  const clearer = likeliest.sentence >= 0 && likeliest.probability >= LIKELY_ANSWER && inShown < likeliest.probability / 2;
  return clearer ? parts.original[likeliest.sentence]!.trim() : shown;
}

/**
 * The sentence to bold in a passage, for a question that asks for a kind of answer: the ranking's best match (its
 * highlight, and its match as the sentence feature) when it holds one (the answerType feature), else a sentence that
 * holds one and matches half as well (shownSentence); then the likeliest answer's sentence if it is clearly likelier
 * (answerSentence).
 */
function highlightOf(reader: IndexReader, q: QuestionTerms, matching: Matching, c: Scored, reading: Reading, asked: () => AskedTerms): string {
  const type = q.type;
  if (type === null) return c.highlight;
  const parts = split(c.text, reader.passage(c.id).analysed);
  const holdsAsked = (sentence: string) => holdsType(type, sentence, q.analysed, () => reader.tokenizer.tag(sentence));
  const best = { sentence: c.highlight, share: c.features[SENTENCE]! };
  const shown = c.features[ANSWER_TYPE]! === 1 ? c.highlight : shownSentence(parts, matching.present, matching.bigrams, best, holdsAsked);
  return answerSentence(reader, q, c.id, parts, shown, asked(), reading.span);
}

function toAnswer(reader: IndexReader, q: QuestionTerms, matching: Matching, c: Scored, reading: Reading, asked: () => AskedTerms): Answer {
  const articles = reader.passageSources(c.id).map((s) => ({ ...reader.article(s.article), ordinal: s.ordinal, paragraph: s.paragraph }));
  const main = articles[0]!;
  return {
    source: main.source,
    sources: articles.map((a) => a.source),
    title: main.title,
    date: main.date,
    url: main.url,
    paragraph: main.paragraph,
    passage: main.ordinal,
    text: c.text,
    highlight: highlightOf(reader, q, matching, c, reading, asked),
    score: Math.round(c.score * 10000) / 10000,
  };
}

/**
 * Ranks passages for a question with the learned weights (lexical features; on a hybrid index the question's nearest
 * passages join the pool and each passage's score is combined with its similarity), then decides whether the first
 * passage answers at all: its article must state something of the asked kind, and both parts of the learned
 * answerability score must reach their thresholds. Its reads share one transaction.
 */
export function search(reader: IndexReader, question: string, k: number, weights: RankingWeights = shippedWeights(), vector?: Float32Array): SearchResult {
  return reader.reading(() => answer(reader, question, k, weights, vector));
}

/**
 * The longest question answered (the bot's /ask option takes no more either): ranking costs grow with a question's
 * words, and a pasted page (63,000 characters took 46 s) is no question.
 */
export const MAX_QUESTION_CHARS = 500;

/**
 * Why a question cannot be answered as asked (empty, only links and Discord's mentions, only punctuation or symbols,
 * too long, small talk such as 你好 or thanks), or null: the terminal, eval and the bot say the same.
 */
export function questionProblem(question: string): string | null {
  const text = question.trim();
  if (!text) return 'the question is empty';
  // read as the search reads it: without links and mentions (whose digits are no words), ㊙ and 🈶 as 秘 and 有
  const searched = withoutLinks(text).trim();
  if (!searched) return 'the question holds only links and mentions: ask about something the articles report';
  if (!/[\p{L}\p{N}]/u.test(searched.normalize('NFKC'))) return 'the question has no words';
  const length = charLength(text);
  if (length > MAX_QUESTION_CHARS) return `the question is ${length} characters long; ask in at most ${MAX_QUESTION_CHARS}`;
  return askedOf(text) ? null : 'that is no question about the articles: ask who, what, when, where or how many of something they report';
}

/** What a message asks: without the greetings and thanks around it, and without links and mentions, which no passage answers. */
const askedOf = (message: string) => withoutSmallTalk(withoutLinks(message));

/** The question trimmed; an empty or overlong one is a WendaError saying so. */
function checked(question: string): string {
  const text = question.trim();
  const problem = questionProblem(text);
  if (problem) throw new WendaError(problem);
  return text;
}

function answer(reader: IndexReader, question: string, k: number, weights: RankingWeights, vector?: Float32Array): SearchResult {
  const text = checked(question);
  const dense = vector && reader.dense ? reader.dense : null;
  const result: SearchResult = { question: text, mode: dense ? 'hybrid' : 'lexical', noAnswer: true, answers: [], closest: [], withheld: [] };
  // searched without a greeting or thanks around it, whose words no passage answers
  const q = questionTerms(reader, askedOf(text));
  const reading = readingOf(weights);
  if (namesNothing(questionTags(reader, q), (word) => reading.questionWords.has(word))) return result;
  const near = dense ? dense.nearest(vector!, Math.max(POOL_DEPTH, k)) : [];
  // hybrid fusion scales scores over the whole pool: only a lexical ranking may stop at the places it shows and reads
  const depth = dense ? Infinity : Math.max(k, ANSWERABILITY_DEPTH, MAX_CLOSEST);
  let { ranked, matching } = rank(reader, q, weights, { include: near.map((n) => n.id) }, depth);
  if (ranked.length === 0) return result;
  if (dense) {
    const byId = new Map(ranked.map((c) => [c.id, c]));
    ranked = fuse(ranked, near).map(({ id, score }) => ({ ...byId.get(id)!, score }));
  }
  // a passage whose article counts the question's things only with other ordinals (第三批 for 第四批) reports another of
  // them: it comes after those that do not, whatever its score
  const byArticle = new Map<number, boolean>();
  const agrees = ({ id }: Scored) => {
    const article = reader.passageArticle[id]!;
    return byArticle.get(article) ?? byArticle.set(article, ordinalsAgree(reader, q, article)).get(article)!;
  };
  ranked = [...ranked.filter(agrees), ...ranked.filter((c) => !agrees(c))];
  result.closest = [...new Set(ranked.slice(0, MAX_CLOSEST).map((c) => reader.article(reader.passageArticle[c.id]!).title))];
  const denseConfident = (near[0]?.similarity ?? 0) >= DENSE_CONFIDENT;
  const model = weights.answerability;
  // hybrid scores are not the lexical scores the answerability model learned on: it reads the lexical ranking
  const lexical = dense ? [...ranked].sort((a, b) => scoreOf(b.features, weights) - scoreOf(a.features, weights)).map((c) => ({ ...c, score: scoreOf(c.features, weights) })) : ranked;
  // what the question asks is read once (tagging it) for the test below and all the answers' highlights
  let asked: AskedTerms | undefined;
  const askedOnce = () => (asked ??= askedTerms(reader, q, matching, reading.questionWords));
  const answerable = () =>
    agrees(ranked[0]!) &&
    articleStatesAsked(reader, q, lexical[0]!.id, askedOnce().head?.alternatives[0] ?? null) &&
    passes(answerability(answerabilityFeatures(reader, q, matching, lexical, reading), model), model.thresholds[q.foreign ? 'english' : 'chinese']);
  const answers = ranked.slice(0, k).map((c) => toAnswer(reader, q, matching, c, reading, askedOnce));
  if (!denseConfident && !answerable()) return { ...result, withheld: answers };
  return { ...result, noAnswer: false, answers };
}

/** search() with the question embedded first when the index is hybrid and its model is loaded. */
export async function ask(reader: IndexReader, question: string, k: number, weights?: RankingWeights): Promise<SearchResult> {
  const vector = reader.dense ? await reader.dense.embed(askedOf(checked(question))) : undefined;
  return search(reader, question, k, weights, vector);
}
