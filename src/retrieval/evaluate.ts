import { closeSync, openSync, readSync } from 'node:fs';
import { z } from 'zod';
import { WendaError, errorReason } from '../errors.js';
import type { IndexReader } from './index-reader.js';
import { ask, questionProblem, type Answer, type SearchResult } from './search.js';
import type { RankingWeights } from './weights.js';
import { decode, UNKNOWN_ENCODING } from '../text/decode.js';
import { compact, fold } from '../text/text.js';
import { jsonLines } from '../json-lines.js';

export const Question = z.object({
  id: z.union([z.string(), z.number()], { error: 'an id (a string or a number) is needed' }).transform(String),
  question: z
    .string({ error: 'a question (a string) is needed' })
    .trim()
    .superRefine((question, ctx) => {
      const problem = questionProblem(question);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  // an answer written as a number (5320) is the text the passage holds, as "5320" would be
  answer: z
    .union([z.string(), z.number().transform(String)], { error: 'the answer must be text (or null, for an unanswerable question)' })
    .pipe(z.string().min(1, 'the answer is empty (leave it out, or null, for an unanswerable question)'))
    .nullish(),
  source: z.string({ error: 'the source must be text: a path relative to the articles folder' }).min(1, 'the source is empty (leave it out, or null, for an unanswerable question)').nullish(),
});
export type Question = z.infer<typeof Question>;

/** Far more than any question set or label file; what is larger (or endless, as /dev/zero) is not one. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** A file's text, read in pieces up to a cap, so that a device or a huge file is refused instead of exhausting memory. */
function readCapped(file: string, what: string): string {
  const fd = openSync(file, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(1 << 20);
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      if (total > MAX_FILE_BYTES) throw new WendaError(`${file} is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB: not a ${what}`);
      chunks.push(chunk.subarray(0, n));
    }
    // in the encodings articles are read in (a set saved in GBK by a Windows editor), without a byte-order mark
    const decoded = decode(Buffer.concat(chunks));
    if (!decoded) throw new WendaError(`${file}: ${UNKNOWN_ENCODING}`);
    return decoded.text;
  } finally {
    closeSync(fd);
  }
}

/**
 * The rows of a JSONL file, each checked against `schema`; a bad line is an error naming the line, since a silently
 * shorter set misleads. `what` names the file in errors (question set, label file).
 */
export function readJsonLines<Row>(file: string, schema: z.ZodType<Row, unknown>, what: string): Row[] {
  let text: string;
  try {
    text = readCapped(file, what);
  } catch (e) {
    if (e instanceof WendaError) throw e;
    throw new WendaError(`cannot read the ${what} ${file} (${errorReason(e)})`);
  }
  const out: Row[] = [];
  for (const read of jsonLines(text, schema)) {
    if ('problem' in read) throw new WendaError(`${file}:${read.line}: ${read.problem}`);
    out.push(read.row);
  }
  return out;
}

/** Reads a question set (JSONL); ids must be unique, since --details lines are told apart by them. */
export function readQuestions(file: string): Question[] {
  const out = readJsonLines(file, Question, 'question set');
  if (out.length === 0) throw new WendaError(`the question set ${file} has no questions`);
  const seen = new Set<string>();
  const repeated = [...new Set(out.filter((q) => seen.size === seen.add(q.id).size).map((q) => q.id))];
  if (repeated.length > 0) throw new WendaError(`${file}: ids must be unique; repeated: ${repeated.slice(0, 5).join(', ')}${repeated.length > 5 ? ', …' : ''}`);
  return out;
}

/** The questions whose source the index holds no article of: most likely a mistyped path, which would score 0. */
export function unknownSources(reader: IndexReader, questions: Question[]): Question[] {
  return questions.filter((q) => q.source && reader.articleId(q.source) === null);
}

/** A question has an answer to find when it names an answer text or a source; otherwise the right outcome is noAnswer. */
export function answerable(q: Question): boolean {
  return Boolean(q.answer || q.source);
}

/** Text as answers are compared: folded, white space removed. */
export const comparable = (s: string) => compact(fold(s));

/** 1-based rank of the first answer that comes from the expected source and contains the expected text; null if none. */
export function hitRank(q: Question, answers: Answer[]): number | null {
  const want = q.answer ? comparable(q.answer) : null;
  const i = answers.findIndex(
    (a) => (!q.source || a.sources.includes(q.source)) && (!want || comparable(a.text).includes(want)),
  );
  return i < 0 ? null : i + 1;
}

export interface EvalReport {
  n: number;
  /**
   * How many passages each question was answered with: recall@5/@10 and MRR@10 are null when k was too small to
   * measure them, and every recall and MRR when no question is answerable.
   */
  k: number;
  /** Over answerable questions. */
  recall1: number | null;
  recall5: number | null;
  recall10: number | null;
  mrr10: number | null;
  /** How many questions got no answer, and how that splits between unanswerable (right) and answerable (wrong) ones. */
  noAnswer: number;
  unanswerable: number;
  noAnswerOnUnanswerable: number;
  noAnswerOnAnswerable: number;
  p50Ms: number;
  p95Ms: number;
}

export interface Outcome {
  question: Question;
  rank: number | null;
  noAnswer: boolean;
  ms: number;
}

/** What a person tuning the ranking reads about one question (`wenda eval --details`). */
export interface Detail {
  id: string;
  question: string;
  answerable: boolean;
  /**
   * Rank of the first passage that answers, and of the first passage of the right article (null: not in the top k), and
   * the first three passages: of the answers given, or with noAnswer of those the refusal withheld (so that a person
   * tuning sees which refusals cost a found answer; recall counts a refused question as a miss either way).
   */
  rank: number | null;
  articleRank: number | null;
  noAnswer: boolean;
  top: { source: string; paragraph: number; score: number }[];
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** x to `digits` decimals, for reports. */
export const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * The figures of a set of outcomes: recall and MRR over the answerable questions, noAnswer counts, latency. Outcomes
 * ranked k deep say nothing about recall@5/@10 or MRR@10 beyond k, and a set with no answerable question nothing
 * about any of them: those are null rather than a figure that was not measured.
 */
export function summarise(outcomes: Outcome[], k = 10): EvalReport {
  const answerableOutcomes = outcomes.filter((o) => answerable(o.question));
  const a = answerableOutcomes.length;
  const within = (depth: number) =>
    k < depth || a === 0 ? null : round(answerableOutcomes.filter((o) => o.rank !== null && o.rank <= depth).length / a);
  const mrr = answerableOutcomes.reduce((s, o) => s + (o.rank !== null && o.rank <= 10 ? 1 / o.rank : 0), 0) / a;
  const ms = outcomes.map((o) => o.ms).sort((x, y) => x - y);
  const unanswerable = outcomes.filter((o) => !answerable(o.question));
  return {
    n: outcomes.length,
    k,
    recall1: within(1),
    recall5: within(5),
    recall10: within(10),
    mrr10: k < 10 || a === 0 ? null : round(mrr),
    noAnswer: outcomes.filter((o) => o.noAnswer).length,
    unanswerable: unanswerable.length,
    noAnswerOnUnanswerable: unanswerable.filter((o) => o.noAnswer).length,
    noAnswerOnAnswerable: answerableOutcomes.filter((o) => o.noAnswer).length,
    p50Ms: round(percentile(ms, 50), 2),
    p95Ms: round(percentile(ms, 95), 2),
  };
}

/** The details line of one question: where the answer and its article stood, and the passages that came first. */
function detail(question: Question, result: SearchResult): Detail {
  const ranked = result.noAnswer ? result.withheld : result.answers;
  const articleRank = question.source ? ranked.findIndex((a) => a.sources.includes(question.source!)) : -1;
  return {
    id: question.id,
    question: question.question,
    answerable: answerable(question),
    rank: answerable(question) ? hitRank(question, ranked) : null,
    articleRank: articleRank < 0 ? null : articleRank + 1,
    noAnswer: result.noAnswer,
    top: ranked.slice(0, 3).map((a) => ({ source: a.source, paragraph: a.paragraph, score: a.score })),
  };
}

/**
 * Asks every question (embedding it first on a hybrid index) and scores the answers a user would get (top k, noAnswer
 * included), with the shipped weights or those given. The ranking is read k deep; details are those of the same run.
 */
export async function evaluate(
  reader: IndexReader,
  questions: Question[],
  k = 10,
  weights?: RankingWeights,
): Promise<{ report: EvalReport; outcomes: Outcome[]; details: Detail[] }> {
  const outcomes: Outcome[] = [];
  const details: Detail[] = [];
  for (const question of questions) {
    const started = performance.now();
    const result = await ask(reader, question.question, k, weights);
    const ms = performance.now() - started;
    const d = detail(question, result);
    // a refused question's detail ranks what was withheld; recall counts it as a miss
    outcomes.push({ question, rank: result.noAnswer ? null : d.rank, noAnswer: result.noAnswer, ms });
    details.push(d);
  }
  return { report: summarise(outcomes, k), outcomes, details };
}
