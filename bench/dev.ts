/**
 * `npm run bench:dev [-- --index DIR] [--details DIR] [--sets a,b]`: builds (once, then reuses) the distractor index
 * of bench/sets.ts and prints recall@1/5, MRR@10, noAnswer and latency of every question set on it, the dev sets
 * labelled as not tuned on. Without --index the index lives in the system's temporary folder.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { evaluate } from '../src/retrieval/evaluate.js';
import { CHINESE_NAMES_SET, distractorIndex, questionSets, withChineseNames } from './sets.js';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { index: { type: 'string' }, details: { type: 'string' }, sets: { type: 'string' } } });
  const wanted = values.sets?.split(',');
  const names = [...questionSets().map((s) => s.name), CHINESE_NAMES_SET];
  if (wanted && !names.some((name) => wanted.includes(name))) throw new Error(`--sets matches no set; the sets are: ${names.join(', ')}`);
  const reader = await distractorIndex(values.index);
  const sets = withChineseNames(questionSets(), reader).filter((s) => !wanted || wanted.includes(s.name));
  const rows = [];
  await evaluate(reader, sets[0]!.questions.slice(0, 20)); // warm the caches a running bot would have
  for (const set of sets) {
    const { report, details } = await evaluate(reader, set.questions);
    if (values.details) {
      mkdirSync(values.details, { recursive: true });
      writeFileSync(path.join(values.details, `${set.name.replace(/[/ ]/gu, '-')}.jsonl`), details.map((d) => JSON.stringify(d) + '\n').join(''));
    }
    rows.push({
      set: set.name,
      tuned: set.use === 'tuned' || set.use === 'rules' ? 'tuned on' : 'NOT tuned on',
      n: report.n,
      'recall@1': report.recall1,
      'recall@5': report.recall5,
      'MRR@10': report.mrr10,
      'noAnswer unanswerable': `${report.noAnswerOnUnanswerable}/${report.unanswerable}`,
      'noAnswer answerable': `${report.noAnswerOnAnswerable}/${report.n - report.unanswerable}`,
      'p50 ms': report.p50Ms,
      'p95 ms': report.p95Ms,
    });
  }
  console.log(`index: ${reader.passageCount} passages, ${reader.articleCount} articles`);
  console.table(rows);
  reader.close();
}

await main();
