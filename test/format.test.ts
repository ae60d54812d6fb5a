import { describe, expect, it } from 'vitest';
import { formatResult } from '../src/format.js';
import type { Answer, SearchResult } from '../src/retrieval/search.js';

const answer = (text: string, highlight: string): Answer => ({
  source: 'a.txt',
  sources: ['a.txt'],
  title: '标题',
  date: '2019-06-11',
  url: null,
  paragraph: 2,
  passage: 2,
  text,
  highlight,
  score: 5,
});
const result = (answers: Answer[]): SearchResult => ({ question: '问题', mode: 'lexical', noAnswer: false, answers, closest: [], withheld: [] });

describe('formatResult', () => {
  it('quotes the answering sentence, then the passage around it', () => {
    expect(formatResult(result([answer('大会6月11日举行。庄荣文作动员讲话。', '大会6月11日举行。')]))).toBe(
      '1. 标题 (2019-06-11)\n   a.txt · paragraph 2 · score 5\n   » 大会6月11日举行。\n   │ 大会6月11日举行。庄荣文作动员讲话。\n',
    );
  });

  it('quotes a passage of one sentence once', () => {
    expect(formatResult(result([answer('大会6月11日举行。', '大会6月11日举行。')]))).toBe('1. 标题 (2019-06-11)\n   a.txt · paragraph 2 · score 5\n   » 大会6月11日举行。\n');
  });
});
