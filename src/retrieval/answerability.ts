import type { Candidate, Matching } from './features.js';
import { FEATURES } from './features.js';
import { share, shareHeld } from './highlight.js';
import { askedHead, askedWords, asks, cueNeighbours, holdsType, typeSpans, type Span } from './answer-type.js';
import { bestSpan, type AskedTerms, type SpanModel } from './answer-span.js';
import { probability, type Logistic } from './logistic.js';
import type { IndexReader } from './index-reader.js';
import { keptPassages, neighbourOf, type LeftOut } from './left-out.js';
import type { QuestionTerms } from './query.js';
import { askedPost, statesPost } from '../text/lexicon.js';
import { measuredQuestion } from './asked-measure.js';
import { sentences } from '../text/text.js';
import type { Tagged } from '../text/tokenizer.js';

/**
 * What tells an answerable question from one the articles only come near (DESIGN.md, No answer): the share of the
 * question's topic that the first passage (and with its neighbours and title) holds, the rarest topic word they lack,
 * the first passage's sentence match and proximity, whether the question asks for a type of answer that its best
 * sentence lacks, whether the question was English (translated words match less), whether it asks for a type at all,
 * how much of its topic stands around the best thing of that type in the passage (a near miss on the very article
 * has the topic but not the asked thing beside it), and the same share and topic around for the second passage (an
 * answer ranked second still counts). The asked head (the X of 多少X, X是谁) is looked for on its own: whether the
 * first passage holds it, and beside a thing of the asked type (a near miss often states a number or a name about
 * another head), and so are the words of the clause that asks (哪一年成立: a date beside 成立, not any date). Then
 * what the first passage's whole article lacks of the topic (IDF-weighted), how far the first passage leads the
 * second, and how many of the first passages share its article (a scattered top is a guess). Last, the most of the
 * topic that one sentence of the first passage holds (an answer is stated in a sentence; a near miss gathers the topic
 * from several), and the share of the numbers the question writes (a year, a count, the 18 of 第18届) that the first
 * passage's article never says (a question naming 2019 answered by an article on 2020), and the share of what it
 * quotes that the article never says (a film's title in 《》 met by an article on another film), unless it quotes the
 * work the answer is said in; and the share of the topic (IDF-weighted) that no passage of the index holds, nor a
 * synonym of it (a question on what the articles never mention). Last, how likely the likeliest thing of the asked type
 * in the first passage is the answer, by a model of where answers stand among a question's words (answer-span.ts).
 */
export const ANSWERABILITY_FEATURES = [
  'coverage',
  'context',
  'missing',
  'sentence',
  'proximity',
  'typeMissing',
  'foreign',
  'typed',
  'typeNear',
  'nextCoverage',
  'nextTypeNear',
  'headHeld',
  'headNear',
  'askedHeld',
  'askedNear',
  'articleLacks',
  'margin',
  'agreement',
  'sentenceTopic',
  'numbersLacking',
  'quotedLacking',
  'unknown',
  'answerSpan',
] as const;
export type AnswerabilityFeature = (typeof ANSWERABILITY_FEATURES)[number];

export interface Scored extends Candidate {
  score: number;
}

/**
 * The features of the fact part: whether the asked fact is there, whatever the topic. The whole regression learns
 * from near misses most of which (another article ranked first, another collection) lack some of the topic, so it
 * learns to refuse a missing topic, where a person's near miss has its topic all there. The fact part learns from
 * answers and the near misses on the topic alone (the stating passages left out, another head asked, the tuned sets'
 * unanswerable questions, the answering passage with its answer cut out), over these features alone (bench/train.ts).
 */
export const FACT_FEATURES = [
  'typeMissing',
  'foreign',
  'typed',
  'typeNear',
  'nextTypeNear',
  'headHeld',
  'headNear',
  'askedHeld',
  'askedNear',
  'numbersLacking',
  'quotedLacking',
  'answerSpan',
] as const satisfies readonly AnswerabilityFeature[];
export type FactFeature = (typeof FACT_FEATURES)[number];

/** The fitted regressions: the weights file's answerability, less its thresholds, question words and span model. */
export interface AnswerabilityModel extends Logistic<AnswerabilityFeature> {
  fact: Logistic<FactFeature>;
}

const SHARE_FLOOR = 0.02;
/** Characters either side of a thing of the asked type that count as its context. */
const NEAR = 20;
/** The first passages whose articles are compared with the first's: the score reads none further down the ranking. */
export const ANSWERABILITY_DEPTH = 5;
const feature = (c: Candidate, name: (typeof FEATURES)[number]) => c.features[FEATURES.indexOf(name)]!;

/** The things of the asked type in an analysed passage (none when the question asks for no type). */
export function spansOf(reader: IndexReader, q: QuestionTerms, analysed: string): Span[] {
  return q.type === null ? [] : typeSpans(q.type, analysed, q.analysed, () => reader.tokenizer.tag(analysed), true);
}

/** The largest share of the terms within NEAR characters of one of the spans (0 when there is none). */
function nearSpans(analysed: string, spans: Span[], terms: Matching['words']): number {
  let best = 0;
  for (const s of spans) best = Math.max(best, share(analysed.slice(Math.max(0, s.at - NEAR), s.at + s.length + NEAR), terms));
  return best;
}

/**
 * The numbers a question writes in digits (years, counts, ordinals): as written, not as folded, where a numeral
 * inside an asking word (哪 + 一 + a measure) would become a number it names.
 */
function numbersOf(question: string): string[] {
  return [...new Set(question.normalize('NFKC').match(/\d+(?:\.\d+)?/gu) ?? [])];
}

// After a quote, the words that cite it as where the answer is said (《学习纲要》讲, 《纲要》里): a chapter or a speech
// answers without naming the work it is part of, so such a quote is not looked for.
const CITED = /^\s*(?:里|中|上|讲|说|谈|提到|指出|强调|写道|认为|要求|提出)/u;

/** What a question quotes (a title in 《》, a phrase in “” or 「」): words a reader repeats as written, not paraphrased. */
function quotedOf(analysed: string): string[] {
  const inners = [...analysed.matchAll(/《([^《》]{2,})》|“([^“”]{2,})”|「([^「」]{2,})」|『([^『』]{2,})』|"([^"]{2,})"/gu)]
    .filter((m) => !CITED.test(analysed.slice(m.index + m[0].length)))
    .map((m) => m.slice(1).find((inner) => inner !== undefined)!);
  return [...new Set(inners)];
}

/** Whether a text holds a number as a whole (19 is not in 2019, nor 1.5 in 11.5). */
function holdsNumber(text: string, n: string): boolean {
  for (let at = text.indexOf(n); at >= 0; at = text.indexOf(n, at + 1)) {
    if (!/[\d.]/u.test(text[at - 1] ?? '') && !/\d|\.\d/u.test(text.slice(at + n.length, at + n.length + 2))) return true;
  }
  return false;
}

/** A word of the question as a term: with its synonyms and IDF when it is one of the question's words. */
function termOf(matching: Matching, word: string): Matching['words'][number] {
  return matching.words.find((t) => t.alternatives[0] === word) ?? { alternatives: [word], idf: matching.maxIdf };
}

/** What the answerability model reads besides the ranking: the learned question words and the span model. */
export interface Reading {
  questionWords: ReadonlySet<string>;
  span: SpanModel;
}

const tags = new WeakMap<QuestionTerms, Tagged[]>();
/** A question's words with jieba's tags (none for an English question), tagged once however often they are read. */
export function questionTags(reader: IndexReader, q: QuestionTerms): Tagged[] {
  let tagged = tags.get(q);
  if (!tagged) tags.set(q, (tagged = q.foreign ? [] : reader.tokenizer.tag(q.analysed)));
  return tagged;
}

/** A question's topic, asked head, asked words and the words around its asking word, as terms of its matching. */
export function askedTerms(reader: IndexReader, q: QuestionTerms, matching: Matching, questionWords: ReadonlySet<string>): AskedTerms {
  // what a question is about, less the words that only make it a question (learned: see bench/train.ts), and less the
  // words jieba joined to one that asks (几栋, 啥时候, 多少度), which no passage holds as written
  const asking = (t: Matching['words'][number]) => asks(t.alternatives[0]!) && t.alternatives.every((a) => reader.posting(`w:${a}`) === null);
  const topic = matching.words.filter((t) => !questionWords.has(t.alternatives[0]!) && !asking(t));
  const tagged = questionTags(reader, q);
  const isQuestionWord = (w: string) => questionWords.has(w);
  const termOrNull = (w: string | null) => (w === null ? null : termOf(matching, w));
  const { before, after } = cueNeighbours(tagged, isQuestionWord);
  return {
    topic,
    head: termOrNull(askedHead(tagged, isQuestionWord)),
    asked: askedWords(tagged, isQuestionWord).map((w) => termOf(matching, w)),
    before: termOrNull(before),
    after: termOrNull(after),
    bigrams: matching.bigrams,
  };
}

/** The question-level values, in ANSWERABILITY_FEATURES order, for a ranking (best first, at least one passage). */
export function answerabilityFeatures(
  reader: IndexReader,
  q: QuestionTerms,
  matching: Matching,
  ranked: Scored[],
  reading: Reading,
  // training: the first passage's analysed text with its answer taken out, the passages ranked without
  { analysed = reader.passage(ranked[0]!.id).analysed, leftOut }: { analysed?: string; leftOut?: LeftOut } = {},
): number[] {
  const first = ranked[0]!;
  const terms = askedTerms(reader, q, matching, reading.questionWords);
  const { topic, head, asked } = terms;
  const around = (['prev', 'next'] as const).map((side) => neighbourOf(reader, first.id, side, leftOut)).filter((id) => id >= 0).map((id) => reader.passage(id).analysed);
  const context = [reader.analysedTitle(reader.passageArticle[first.id]!), analysed, ...around].join('\n');
  let missing = 0;
  for (const t of topic) if (!t.alternatives.some((a) => context.includes(a))) missing = Math.max(missing, t.idf);
  const second = ranked[1] ? reader.passage(ranked[1].id).analysed : '';
  // logarithms: the evidence against an answer grows without bound as the share of the topic found goes to nothing
  const logShare = (found: number) => Math.log(SHARE_FLOOR + found);
  const coverage = (text: string) => logShare(share(text, topic));
  const spans = spansOf(reader, q, analysed);
  // nothing asked for in particular: nothing of it can be missing
  const askedHeld = asked.length === 0 ? 1 : share(analysed, asked);
  // no head: nothing of it can be missing
  const headHeld = head === null || share(analysed, [head]) > 0 ? 1 : 0;
  const article = reader.passageArticle[first.id]!;
  const articleText = keptPassages(reader, article, leftOut).map((id) => (id === first.id ? analysed : reader.passage(id).analysed)).join('\n');
  const top = ranked.slice(0, ANSWERABILITY_DEPTH);
  const numbers = numbersOf(q.question);
  // an English question's quotes in English are translated, not looked for as written; its Chinese ones are
  const quoted = quotedOf(q.analysed).filter((text) => !q.foreign || /\p{Script=Han}/u.test(text));
  const articleAndTitle = articleText + '\n' + reader.analysedTitle(article);
  // the question's words that no passage holds, nor a synonym of them in the index (熊猫 asked of articles on a park),
  // counted over the passages kept, so that the articles training leaves out teach the model what they mean
  const unknown = new Set(matching.words.filter((t, i) => !matching.present.includes(t) && q.synonyms[i]!.length === 0));
  const values: Record<AnswerabilityFeature, number> = {
    coverage: coverage(analysed),
    context: coverage(context),
    missing: missing / matching.maxIdf,
    sentence: feature(first, 'sentence'),
    proximity: feature(first, 'proximity'),
    typeMissing: q.type !== null && feature(first, 'answerType') === 0 ? 1 : 0,
    foreign: q.foreign ? 1 : 0,
    typed: q.type === null ? 0 : 1,
    typeNear: nearSpans(analysed, spans, topic),
    nextCoverage: coverage(second),
    nextTypeNear: nearSpans(second, spansOf(reader, q, second), topic),
    // a question that asks for a type wants its head beside a thing of that type; one that asks for none, the head held
    headNear: head === null || q.type === null ? headHeld : nearSpans(analysed, spans, [head]),
    headHeld,
    askedHeld,
    askedNear: asked.length === 0 || q.type === null ? askedHeld : nearSpans(analysed, spans, asked),
    articleLacks: 1 - share(articleAndTitle, topic),
    margin: first.score - (ranked[1]?.score ?? 0),
    agreement: top.filter((c) => reader.passageArticle[c.id] === article).length / top.length,
    sentenceTopic: logShare(Math.max(0, ...sentences(analysed).map((s) => share(s, topic)))),
    numbersLacking: numbers.length === 0 ? 0 : numbers.filter((n) => !holdsNumber(articleAndTitle, n)).length / numbers.length,
    quotedLacking: quoted.length === 0 ? 0 : quoted.filter((text) => !articleAndTitle.includes(text)).length / quoted.length,
    unknown: shareHeld(topic, topic.map((t) => unknown.has(t))),
    answerSpan: bestSpan(analysed, spans, terms, reading.span),
  };
  return ANSWERABILITY_FEATURES.map((f) => values[f]);
}

/**
 * Whether the article of the first passage states anything of the kind a number or date question asks for (a number
 * in the asked measure, a date) that the question does not already say, or, for a question that asks who holds a post
 * (青岛市纪委书记是谁), the post at its own rank (not only 副校长 for 校长). An article that states none cannot answer,
 * however well it matches the topic: the near miss on the very article. Other questions: true (names are everywhere).
 */
export function articleStatesAsked(
  reader: IndexReader,
  q: QuestionTerms,
  first: number,
  head: string | null,
  { analysedOf, leftOut }: { analysedOf?: (id: number) => string; leftOut?: LeftOut } = {},
): boolean {
  const type = q.type;
  const article = reader.passageArticle[first]!;
  const passages = () => keptPassages(reader, article, leftOut).map(analysedOf ?? ((id) => reader.passage(id).analysed));
  if (type === 'person') {
    const post = head === null ? null : askedPost(q.analysed, head);
    return post === null || statesPost([reader.analysedTitle(article), ...passages()].join('\n'), post);
  }
  if (type !== 'number' && type !== 'date') return true;
  const measured = measuredQuestion(reader, q, head, { leftOut, analysedOf });
  return passages().some((analysed) => holdsType(type, analysed, measured, () => [], true));
}

/**
 * Whether an article agrees with the ordinals the question states (第四批, 第6届): an article that counts the same
 * things only with other ordinals (第三批, never 第四批) reports another of them. One that counts none agrees.
 */
export function ordinalsAgree(reader: IndexReader, q: QuestionTerms, article: number): boolean {
  const asked = [...new Set(q.analysed.match(/第\d+\p{Script=Han}/gu) ?? [])];
  if (asked.length === 0) return true;
  const text = [reader.analysedTitle(article), ...keptPassages(reader, article, undefined).map((id) => reader.passage(id).analysed)].join('\n');
  return asked.every((ordinal) => {
    const counted = ordinal.at(-1)!;
    const others: string[] = text.match(new RegExp(`第\\d+${counted}`, 'gu')) ?? [];
    return others.length === 0 || others.includes(ordinal);
  });
}

/** A value for each part of the model: the whole regression's and the fact part's. */
export interface Parts {
  whole: number;
  fact: number;
}

/** Each part's probability that the first passage answers. */
export function answerability(values: number[], model: AnswerabilityModel): Parts {
  const valueOf = (f: AnswerabilityFeature) => values[ANSWERABILITY_FEATURES.indexOf(f)]!;
  return { whole: probability(model, ANSWERABILITY_FEATURES, valueOf), fact: probability(model.fact, FACT_FEATURES, valueOf) };
}

/** Whether both parts reach their thresholds: either part alone refuses. */
export const passes = (p: Parts, thresholds: Parts) => p.whole >= thresholds.whole && p.fact >= thresholds.fact;
