import { closeSync, openSync, readSync } from 'node:fs';
import { z } from 'zod';
import { WendaError } from '../errors.js';
import type { IndexReader } from './index-reader.js';
import { ask, DEFAULT_RANKING, type Answer, type RankingSettings } from './search.js';
import { compact, fold } from '../text/text.js';

export const Question = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  question: z.string().trim().min(1),
  answer: z.string().min(1).nullish(),
  source: z.string().min(1).nullish(),
});
export type Question = z.infer<typeof Question>;

/** Far more than any question set; what is larger (or endless, as /dev/zero) is not one. */
const MAX_QUESTION_SET_BYTES = 64 * 1024 * 1024;

/** A file's text, read in pieces up to a cap, so that a device or a huge file is refused instead of exhausting memory. */
function readCapped(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(1 << 20);
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      if (total > MAX_QUESTION_SET_BYTES) throw new WendaError(`${file} is larger than ${MAX_QUESTION_SET_BYTES / 1024 / 1024} MB: not a question set`);
      chunks.push(chunk.subarray(0, n));
    }
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** Reads a question set (JSONL); a bad line is an error naming the line, since a silently shorter set misleads. */
export function readQuestions(file: string): Question[] {
  let text: string;
  try {
    text = readCapped(file);
  } catch (e) {
    if (e instanceof WendaError) throw e;
    throw new WendaError(`cannot read the question set ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const out: Question[] = [];
  text.split(/\r?\n/u).forEach((line, i) => {
    if (!line.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new WendaError(`${file}:${i + 1}: not JSON`);
    }
    const parsed = Question.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new WendaError(`${file}:${i + 1}: ${issue?.path.join('.') || 'line'}: ${issue?.message}`);
    }
    out.push(parsed.data);
  });
  if (out.length === 0) throw new WendaError(`the question set ${file} has no questions`);
  return out;
}

/** A question has an answer to find when it names an answer text or a source; otherwise the right outcome is noAnswer. */
export function answerable(q: Question): boolean {
  return Boolean(q.answer || q.source);
}

const comparable = (s: string) => compact(fold(s));

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
  /** Over answerable questions. */
  recall1: number;
  recall5: number;
  recall10: number;
  mrr10: number;
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

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;

/** The figures of a set of outcomes: recall and MRR over the answerable questions, noAnswer counts, latency. */
export function summarise(outcomes: Outcome[]): EvalReport {
  const answerableOutcomes = outcomes.filter((o) => answerable(o.question));
  const a = Math.max(1, answerableOutcomes.length);
  const within = (k: number) => answerableOutcomes.filter((o) => o.rank !== null && o.rank <= k).length / a;
  const mrr = answerableOutcomes.reduce((s, o) => s + (o.rank !== null && o.rank <= 10 ? 1 / o.rank : 0), 0) / a;
  const ms = outcomes.map((o) => o.ms).sort((x, y) => x - y);
  const unanswerable = outcomes.filter((o) => !answerable(o.question));
  return {
    n: outcomes.length,
    recall1: round(within(1)),
    recall5: round(within(5)),
    recall10: round(within(10)),
    mrr10: round(mrr),
    noAnswer: outcomes.filter((o) => o.noAnswer).length,
    unanswerable: unanswerable.length,
    noAnswerOnUnanswerable: unanswerable.filter((o) => o.noAnswer).length,
    noAnswerOnAnswerable: answerableOutcomes.filter((o) => o.noAnswer).length,
    p50Ms: round(percentile(ms, 50), 2),
    p95Ms: round(percentile(ms, 95), 2),
  };
}

/** Asks every question (embedding it first on a hybrid index) and scores the answers a user would get (top k, noAnswer included). */
export async function evaluate(
  reader: IndexReader,
  questions: Question[],
  k = 10,
  settings: RankingSettings = DEFAULT_RANKING,
): Promise<{ report: EvalReport; outcomes: Outcome[] }> {
  const outcomes: Outcome[] = [];
  for (const question of questions) {
    const started = performance.now();
    const result = await ask(reader, question.question, Math.max(k, 10), settings);
    const ms = performance.now() - started;
    outcomes.push({ question, rank: hitRank(question, result.answers.slice(0, k)), noAnswer: result.noAnswer, ms });
  }
  return { report: summarise(outcomes), outcomes };
}
