/**
 * `node dist/bench/first-stage.js INDEX`: the first stage alone over the bench questions, each asked once and then
 * again (its lists cached): its CPU p50 and p95 (CPU time, steadier than wall time on a shared machine).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../src/paths.js';
import { percentile, readQuestions } from '../src/retrieval/evaluate.js';
import { firstStage } from '../src/retrieval/first-stage.js';
import { IndexReader } from '../src/retrieval/index-reader.js';
import { questionTerms } from '../src/retrieval/query.js';
import { warmingQuestions } from './warm.js';

const index = process.argv[2];
if (!index) throw new Error('usage: node dist/bench/first-stage.js INDEX');
const dir = path.join(packageRoot, 'bench', 'questions');
const questions = readdirSync(dir)
  .filter((f) => f.endsWith('.jsonl'))
  .flatMap((f) => readQuestions(path.join(dir, f)).map((q) => q.question));
const reader = IndexReader.open(index);
const terms = questions.map((q) => questionTerms(reader, q));
for (const q of warmingQuestions(reader)) firstStage(reader, questionTerms(reader, q));
const round = (x: number) => Math.round(x * 100) / 100;
const [first, again] = [0, 1].map(() => {
  const cpu: number[] = [];
  for (const q of terms) {
    const used = process.cpuUsage();
    reader.reading(() => firstStage(reader, q));
    const { user, system } = process.cpuUsage(used);
    cpu.push((user + system) / 1000);
  }
  cpu.sort((a, b) => a - b);
  return { cpuP50Ms: round(percentile(cpu, 50)), cpuP95Ms: round(percentile(cpu, 95)) };
});
console.log(JSON.stringify({ passages: reader.passageCount, questions: terms.length, first, again }));
reader.close();
