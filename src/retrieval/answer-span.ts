import type { Span } from './answer-type.js';
import type { WeightedTerm } from './bm25.js';
import { share } from './highlight.js';
import { probability, type Logistic } from './logistic.js';
import { sentencesAt } from '../text/text.js';

/**
 * What a question asks, as terms: its topic, the asked head (X of 多少X), the words of the clause that asks, the
 * content words either side of the asking word (null where the question has none), and its Han bigrams.
 */
export interface AskedTerms {
  topic: WeightedTerm[];
  head: WeightedTerm | null;
  asked: WeightedTerm[];
  before: WeightedTerm | null;
  after: WeightedTerm | null;
  bigrams: WeightedTerm[];
}

/**
 * How a thing of the asked type in a passage stands to the question's words: the share of the topic within 6, 15 and
 * 40 characters of it and in its sentence, the asked head within 4 and 12, the asked clause's words within 8 and 20,
 * the word before the asking word within 8 characters before it and in its sentence, the word after within 8 after it
 * and in its sentence, and the share of the question's bigrams within 12 (a paraphrase keeps some of its characters).
 * A question's words say where its answer stands (X于哪一年成立 → X于1998年成立); a number or a name that states another
 * fact of the same topic stands among other words.
 */
export const SPAN_FEATURES = [
  'topic6',
  'topic15',
  'topic40',
  'topicSentence',
  'head4',
  'head12',
  'asked8',
  'asked20',
  'beforeLeft',
  'afterRight',
  'beforeSentence',
  'afterSentence',
  'bigrams12',
] as const;
export type SpanFeature = (typeof SPAN_FEATURES)[number];

/** The probability that a thing of the asked type is the answer, by its span features. */
export type SpanModel = Logistic<SpanFeature>;

/**
 * Each span's values, in SPAN_FEATURES order (the passage split in sentences once for all of them); a term the
 * question lacks counts as held (nothing of it can be missing).
 */
export function spanFeatures(analysed: string, spans: Span[], asked: AskedTerms): number[][] {
  const split = sentencesAt(analysed);
  const head = asked.head === null ? [] : [asked.head];
  return spans.map((span) => {
    const around = (distance: number, terms: WeightedTerm[]) => share(analysed.slice(Math.max(0, span.at - distance), span.at + span.length + distance), terms);
    const sentence = split.find((s) => span.at < s.at + s.text.length)?.text ?? '';
    const end = span.at + span.length;
    const held = (term: WeightedTerm | null, text: () => string) => (term === null ? 1 : share(text(), [term]));
    const values: Record<SpanFeature, number> = {
      topic6: around(6, asked.topic),
      topic15: around(15, asked.topic),
      topic40: around(40, asked.topic),
      topicSentence: share(sentence, asked.topic),
      head4: head.length === 0 ? 1 : around(4, head),
      head12: head.length === 0 ? 1 : around(12, head),
      asked8: asked.asked.length === 0 ? 1 : around(8, asked.asked),
      asked20: asked.asked.length === 0 ? 1 : around(20, asked.asked),
      beforeLeft: held(asked.before, () => analysed.slice(Math.max(0, span.at - 8), span.at)),
      afterRight: held(asked.after, () => analysed.slice(end, end + 8)),
      beforeSentence: held(asked.before, () => sentence),
      afterSentence: held(asked.after, () => sentence),
      bigrams12: around(12, asked.bigrams),
    };
    return SPAN_FEATURES.map((f) => values[f]);
  });
}

/** The probability that each thing of the asked type in a passage is the answer, in the order of `spans`. */
export function spanProbabilities(analysed: string, spans: Span[], asked: AskedTerms, model: SpanModel): number[] {
  return spanFeatures(analysed, spans, asked).map((values) => probability(model, SPAN_FEATURES, (_, i) => values[i]!));
}

/** The likeliest answer among a passage's things of the asked type: its probability, 0 when there is none. */
export function bestSpan(analysed: string, spans: Span[], asked: AskedTerms, model: SpanModel): number {
  let best = 0;
  for (const p of spanProbabilities(analysed, spans, asked, model)) best = Math.max(best, p);
  return best;
}
