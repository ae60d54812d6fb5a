import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import iconv from 'iconv-lite';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WendaError } from '../../src/errors.js';
import { buildIndex } from '../../src/index/build.js';
import { IndexReader } from '../../src/retrieval/index-reader.js';
import {
  Question,
  evaluate,
  hitRank,
  percentile,
  readQuestions,
  summarise,
  type Outcome,
} from '../../src/retrieval/evaluate.js';
import type { Answer } from '../../src/retrieval/search.js';
import { shippedWeights } from '../../src/retrieval/weights.js';
import { articlesWith, GIVEN_ARTICLE, TAX_ARTICLE, tempDir } from '../helpers/fixtures.js';

function answer(sources: string[], text: string): Answer {
  return {
    source: sources[0]!,
    sources,
    title: '标题',
    date: null,
    url: null,
    paragraph: 0,
    passage: 0,
    text,
    highlight: text,
    score: 1,
  };
}

const question = (fields: Record<string, unknown>) => Question.parse({ id: 1, question: '问题？', ...fields });

describe('hitRank', () => {
  const answers = [
    answer(['领导活动/2019-10-31/a.txt'], '会议强调，要坚持稳中求进工作总基调。'),
    answer(['b.txt'], '中央网信办召开主题教育动员大会。'),
    answer(['c.txt', 'd.txt'], '國務院常務會議部署軟體產業發展。'),
  ];

  it('gives the 1-based rank of the first answer from the expected source that contains the expected text', () => {
    expect(hitRank(question({ source: 'b.txt', answer: '主题教育动员大会' }), answers)).toBe(2);
  });

  it('accepts a source that is any one of the sources an answer is quoted from', () => {
    expect(hitRank(question({ source: 'd.txt' }), answers)).toBe(3);
  });

  it('needs the text to come from the expected source', () => {
    expect(hitRank(question({ source: 'c.txt', answer: '主题教育动员大会' }), answers)).toBeNull();
  });

  it('matches the text alone when the question names no source', () => {
    expect(hitRank(question({ answer: '稳中求进' }), answers)).toBe(1);
  });

  it('ignores white space in both texts', () => {
    expect(hitRank(question({ answer: '中央 网信办\u3000召开\u00a0主题\n教育' }), answers)).toBe(2);
    const spaced = [answer(['e.txt'], '中央网信办\n召开 主题教育')];
    expect(hitRank(question({ answer: '中央网信办召开主题教育' }), spaced)).toBe(1);
  });

  it('compares traditional and simplified text as the same', () => {
    expect(hitRank(question({ answer: '国务院常务会议部署软件产业' }), answers)).toBe(3);
    expect(hitRank(question({ answer: '中央網信辦召開' }), answers)).toBe(2);
  });

  it('gives null when no answer matches, or there are no answers', () => {
    expect(hitRank(question({ answer: '全国人大' }), answers)).toBeNull();
    expect(hitRank(question({ source: 'b.txt' }), [])).toBeNull();
  });
});

describe('summarise', () => {
  let id = 0;
  const outcome = (fields: Record<string, unknown>, rank: number | null, noAnswer: boolean, ms: number): Outcome => ({
    question: Question.parse({ id: ++id, question: '问题？', ...fields }),
    rank,
    noAnswer,
    ms,
  });

  const outcomes = [
    outcome({ source: 'a.txt' }, 1, false, 5),
    outcome({ answer: '稳中求进' }, 3, false, 1),
    outcome({ source: 'c.txt', answer: '动员大会' }, 7, false, 3),
    outcome({ source: 'd.txt' }, null, true, 9),
    outcome({ source: 'e.txt' }, 12, false, 2),
    // unanswerable lines: answer null (and no source); rank is whatever the search gave and must not count
    outcome({ answer: null }, 1, true, 8),
    outcome({ answer: null, source: null }, null, false, 100),
  ];

  it('computes recall@1/5/10 and MRR@10 over the answerable questions only', () => {
    const report = summarise(outcomes);
    expect(report.n).toBe(7);
    expect(report.recall1).toBe(0.2); // 1 of 5
    expect(report.recall5).toBe(0.4); // ranks 1, 3
    expect(report.recall10).toBe(0.6); // ranks 1, 3, 7; rank 12 is beyond 10
    expect(report.mrr10).toBe(0.2952); // (1 + 1/3 + 1/7) / 5 = 0.295238…
  });

  it('splits the noAnswer count between unanswerable and answerable questions', () => {
    const report = summarise(outcomes);
    expect(report.noAnswer).toBe(2);
    expect(report.unanswerable).toBe(2);
    expect(report.noAnswerOnUnanswerable).toBe(1);
    expect(report.noAnswerOnAnswerable).toBe(1);
  });

  it('reports nearest-rank p50 and p95 latency over all questions', () => {
    // sorted: 1 2 3 5 8 9 100
    const report = summarise(outcomes);
    expect(report.p50Ms).toBe(5);
    expect(report.p95Ms).toBe(100);
  });

  it('rounds latency to two decimals', () => {
    const report = summarise([outcome({ source: 'a.txt' }, 1, false, 12.34567)]);
    expect(report.p50Ms).toBe(12.35);
    expect(report.p95Ms).toBe(12.35);
  });

  it('reports recall@5/@10 and MRR@10 as not measured when the ranking was read less deep', () => {
    const report = summarise(outcomes, 1);
    expect(report).toMatchObject({ k: 1, recall1: 0.2, recall5: null, recall10: null, mrr10: null });
    expect(summarise(outcomes, 5)).toMatchObject({ k: 5, recall5: 0.4, recall10: null, mrr10: null });
  });

  it('measures no recall or MRR without an answerable question', () => {
    expect(summarise([outcome({}, null, true, 1)])).toMatchObject({ recall1: null, mrr10: null, unanswerable: 1, noAnswerOnUnanswerable: 1 });
    expect(summarise([])).toEqual({
      n: 0,
      k: 10,
      recall1: null,
      recall5: null,
      recall10: null,
      mrr10: null,
      noAnswer: 0,
      unanswerable: 0,
      noAnswerOnUnanswerable: 0,
      noAnswerOnAnswerable: 0,
      p50Ms: 0,
      p95Ms: 0,
    });
  });
});

describe('evaluate', () => {
  let reader: IndexReader;
  let cleanup: () => void;
  beforeAll(async () => {
    const temp = tempDir();
    cleanup = temp.cleanup;
    const articles = articlesWith(temp.dir, { 'tax.txt': TAX_ARTICLE });
    await buildIndex({ articlesDir: articles, indexDir: path.join(temp.dir, 'index') });
    reader = IndexReader.open(path.join(temp.dir, 'index'));
  });
  afterAll(() => {
    reader.close();
    cleanup();
  });

  const questions = [
    question({ id: 'meeting', question: '中央网信办主题教育动员大会是哪天召开的', answer: '6月11日', source: GIVEN_ARTICLE }),
    question({ id: 'tax', question: '市税务局座谈会听取了多少家企业的意见', answer: '二十家企业', source: 'tax.txt' }),
    question({ id: 'absent', question: '上海迪士尼乐园的门票多少钱一张？', answer: null, source: null }),
  ];

  it('with --k 1 reads one passage a question and leaves what it did not measure unreported', async () => {
    const { report, details } = await evaluate(reader, questions, 1);
    expect(report).toMatchObject({ n: 3, k: 1, recall1: 1, recall5: null, recall10: null, mrr10: null, unanswerable: 1 });
    expect(details.every((d) => d.top.length <= 1)).toBe(true);
  });

  it('gives one detail per question: the ranks of the answer and of its article, noAnswer, the top passages', async () => {
    const { details } = await evaluate(reader, questions, 10);
    expect(details.map((d) => d.id)).toEqual(['meeting', 'tax', 'absent']);
    const [meeting, tax, absent] = details;
    expect(meeting).toMatchObject({ answerable: true, rank: 1, articleRank: 1, noAnswer: false });
    expect(meeting!.top[0]).toMatchObject({ source: GIVEN_ARTICLE, paragraph: 1 });
    expect(meeting!.top.length).toBeLessThanOrEqual(3);
    expect(tax).toMatchObject({ rank: 1, articleRank: 1 });
    expect(tax!.top[0]!.source).toBe('tax.txt');
    expect(absent).toMatchObject({ answerable: false, rank: null, articleRank: null, noAnswer: true });
  });

  it('gives a refused question the ranks and top passages of the ranking its refusal withheld, still counting a miss', async () => {
    const shipped = shippedWeights();
    const refuseAll = { ...shipped, answerability: { ...shipped.answerability, thresholds: { chinese: { whole: 1.01, fact: 0 }, english: { whole: 1.01, fact: 0 } } } };
    const { report, details } = await evaluate(reader, questions.slice(0, 1), 10, refuseAll);
    expect(report).toMatchObject({ recall1: 0, noAnswerOnAnswerable: 1 });
    expect(details[0]).toMatchObject({ rank: 1, articleRank: 1, noAnswer: true });
    expect(details[0]!.top[0]).toMatchObject({ source: GIVEN_ARTICLE, paragraph: 1 });
  });
});

describe('percentile', () => {
  it('takes the nearest rank of a sorted list', () => {
    const values = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(10);
    expect(percentile(values, 95)).toBe(19);
    expect(percentile(values, 100)).toBe(20);
    expect(percentile([4], 95)).toBe(4);
    expect(percentile([], 50)).toBe(0);
  });
});

describe('readQuestions', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'wenda-questions-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function write(name: string, lines: string[]): Promise<string> {
    const file = path.join(dir, name);
    await writeFile(file, lines.join('\n'));
    return file;
  }

  it('reads each line as a question, skipping blank lines, with ids as strings', async () => {
    const file = await write('good.jsonl', [
      '{"id":1,"question":"  中央网信办何时召开动员大会？ ","answer":"6月11日上午","source":"a.txt"}',
      '',
      '{"id":"q2","question":"火星上有几个网信办？","answer":null}',
      '',
    ]);
    expect(readQuestions(file)).toEqual([
      { id: '1', question: '中央网信办何时召开动员大会？', answer: '6月11日上午', source: 'a.txt' },
      { id: 'q2', question: '火星上有几个网信办？', answer: null },
    ]);
  });

  it('names the line number of a line that is not JSON', async () => {
    const file = await write('not-json.jsonl', ['{"id":1,"question":"问题一？"}', '', '{"id":2,"question":']);
    expect(() => readQuestions(file)).toThrow(WendaError);
    expect(() => readQuestions(file)).toThrow(`${file}:3: not JSON`);
  });

  it('names the line number and the field of a line that is not a question', async () => {
    const file = await write('no-question.jsonl', ['{"id":1,"question":"问题一？"}', '{"id":2,"answer":"答案"}']);
    expect(() => readQuestions(file)).toThrow(WendaError);
    expect(() => readQuestions(file)).toThrow(`${file}:2: question: a question (a string) is needed`);
    const noId = await write('no-id.jsonl', ['{"question":"问题一？"}']);
    expect(() => readQuestions(noId)).toThrow(`${noId}:1: id: an id (a string or a number) is needed`);
    const listAnswer = await write('list-answer.jsonl', ['{"id":1,"question":"问题一？","answer":["答案"]}']);
    expect(() => readQuestions(listAnswer)).toThrow(`${listAnswer}:1: answer: the answer must be text (or null, for an unanswerable question)`);
  });

  it('reads an answer written as a number as its text', async () => {
    const file = await write('number-answer.jsonl', ['{"id":1,"question":"办税平均用时压缩到多少分钟？","answer":15}']);
    expect(readQuestions(file)).toEqual([{ id: '1', question: '办税平均用时压缩到多少分钟？', answer: '15' }]);
  });

  it('refuses, at its line, a question that could not be asked: empty, without words, too long', async () => {
    const file = await write('blank-question.jsonl', ['{"id":1,"question":"   "}']);
    expect(() => readQuestions(file)).toThrow(`${file}:1: question: the question is empty`);
    const marks = await write('marks-question.jsonl', ['{"id":1,"question":"问题一？"}', '{"id":2,"question":"？！"}']);
    expect(() => readQuestions(marks)).toThrow(`${marks}:2: question: the question has no words`);
    // refused when read, not halfway through a run
    const long = await write('long-question.jsonl', [JSON.stringify({ id: 1, question: '动员大会'.repeat(126) })]);
    expect(() => readQuestions(long)).toThrow(`${long}:1: question: the question is 504 characters long; ask in at most 500`);
  });

  it('reads a file that opens with a byte-order mark', async () => {
    const file = await write('bom.jsonl', ['\uFEFF{"id":1,"question":"问题一？"}']);
    expect(readQuestions(file)).toEqual([{ id: '1', question: '问题一？' }]);
  });

  it('reads a set saved in GBK or UTF-16 as the same questions, and names a file in no encoding it knows', async () => {
    const line = '{"id":1,"question":"中央网信办何时召开动员大会？","answer":"6月11日上午"}';
    const expected = [{ id: '1', question: '中央网信办何时召开动员大会？', answer: '6月11日上午' }];
    const gbk = path.join(dir, 'gbk.jsonl');
    await writeFile(gbk, iconv.encode(line, 'gbk'));
    expect(readQuestions(gbk)).toEqual(expected);
    const utf16 = path.join(dir, 'utf16.jsonl');
    await writeFile(utf16, iconv.encode(line, 'utf16le', { addBOM: true }));
    expect(readQuestions(utf16)).toEqual(expected);
    const junk = path.join(dir, 'junk.jsonl');
    await writeFile(junk, new Uint8Array([0xff, 0xff, 0xff, 0x80, 0x80]));
    expect(() => readQuestions(junk)).toThrow(`${junk}: unknown text encoding`);
  });

  it('refuses repeated ids, naming them', async () => {
    const file = await write('repeated.jsonl', ['{"id":1,"question":"一？"}', '{"id":"2","question":"二？"}', '{"id":"1","question":"三？"}', '{"id":2,"question":"四？"}']);
    expect(() => readQuestions(file)).toThrow(`${file}: ids must be unique; repeated: 1, 2`);
  });

  it('refuses a set with no questions and a file that cannot be read', async () => {
    const empty = await write('empty.jsonl', ['', '']);
    expect(() => readQuestions(empty)).toThrow(`the question set ${empty} has no questions`);
    const missing = path.join(dir, 'missing.jsonl');
    expect(() => readQuestions(missing)).toThrow(`cannot read the question set ${missing} (ENOENT)`);
  });
});
