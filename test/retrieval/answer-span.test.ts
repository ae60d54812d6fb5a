import { describe, expect, it } from 'vitest';
import { bestSpan, SPAN_FEATURES, spanFeatures, type AskedTerms } from '../../src/retrieval/answer-span.js';
import { typeSpans } from '../../src/retrieval/answer-type.js';
import { shippedWeights } from '../../src/retrieval/weights.js';
import { analyse } from '../../src/text/text.js';

const term = (word: string, idf = 3) => ({ alternatives: [word], idf });
// 区体育中心是哪一年建成的？ as answerability.ts reads it: its topic, no head, the words around 哪一年
const BUILT: AskedTerms = { topic: [term('体育中心'), term('建成')], head: null, asked: [term('建成')], before: term('体育中心'), after: term('建成'), bigrams: [term('体育'), term('中心'), term('建成')] };
const QUESTION = analyse('区体育中心是哪一年建成的？');
const TEXT = analyse('区体育中心于1998年建成。此后，2005年新馆扩建了游泳馆和篮球馆，2019年又翻修了看台。');
const spans = typeSpans('date', TEXT, QUESTION, () => []);
const valuesOf = (date: string) => {
  const [values] = spanFeatures(TEXT, spans.filter((s) => TEXT.slice(s.at, s.at + s.length) === date), BUILT);
  return Object.fromEntries(SPAN_FEATURES.map((f, i) => [f, values![i]!]));
};

describe('answer spans', () => {
  it('sees the question words around a thing of the asked type, and those of its sentence', () => {
    expect(spans.map((s) => TEXT.slice(s.at, s.at + s.length))).toEqual(['1998年', '2005年', '2019年']);
    expect(valuesOf('1998年')).toMatchObject({ topic6: 1, topicSentence: 1, beforeLeft: 1, afterRight: 1, beforeSentence: 1, afterSentence: 1, head4: 1 });
    // another year of the same passage, in another sentence, among other words
    expect(valuesOf('2019年')).toMatchObject({ topic6: 0, topicSentence: 0, beforeLeft: 0, afterRight: 0, beforeSentence: 0, afterSentence: 0 });
  });

  it('scores by the shipped model the thing beside the question words above the others', () => {
    const span = shippedWeights().answerability.span;
    const only = (date: string) => bestSpan(TEXT, spans.filter((s) => TEXT.slice(s.at, s.at + s.length) === date), BUILT, span);
    expect(only('1998年')).toBeGreaterThan(only('2005年') + 0.3);
    expect(only('1998年')).toBeGreaterThan(only('2019年') + 0.3);
    expect(bestSpan(TEXT, spans, BUILT, span)).toBe(only('1998年'));
    // no thing of the asked type: nothing to score
    expect(bestSpan(TEXT, [], BUILT, span)).toBe(0);
  });
});
