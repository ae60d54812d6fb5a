/**
 * `npm run bench` (`npm run bench -- scale` for bench/scale.ts): builds indexes over the shared corpus and CMRC 2018, and prints (and writes as JSON) build speed,
 * ask latency, index size, peak memory and the retrieval figures of every question set. Not part of `npm test`:
 * the shared material is not in the repository, and speed targets belong here rather than in timed unit tests.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { benchBot, type BotRow } from './bot.js';
import { filesBelow, folderSize, markCopy } from './collection.js';
import { hnswRecall, type HnswRow } from './hnsw.js';
import { modelShapeSpeed, type ShapeRow } from './model-shape.js';
import { scoreOfficials, type OfficialsRow } from './officials.js';
import { buildIndex } from '../src/index/build.js';
import { packageRoot } from '../src/paths.js';
import { shared } from './shared.js';
import { evaluate, readQuestions, type EvalReport } from '../src/retrieval/evaluate.js';
import { IndexReader } from '../src/retrieval/index-reader.js';
import { writeTinyModel } from '../test/helpers/tiny-model.js';

const corpus = path.join(shared, 'corpus');
const cmrc = path.join(shared, 'bench', 'cmrc2018-dev');
const questionsDir = path.join(packageRoot, 'bench', 'questions');
const out = path.join(packageRoot, 'bench', 'results', 'latest.json');

interface BuildRow {
  name: string;
  mode: 'lexical' | 'hybrid';
  articles: number;
  passages: number;
  buildSeconds: number;
  passagesPerSecond: number;
  rebuildSeconds: number;
  /** Passages embedded per second on a first build (hybrid only). */
  embeddedPerSecond: number | null;
  indexMB: number;
}
interface EvalRow extends EvalReport {
  set: string;
  index: string;
}

const work = mkdtempSync(path.join(tmpdir(), 'wenda-bench-'));
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

const models = path.join(work, 'models');
const source = { modelsDir: models, allowRemote: false };

async function build(name: string, articlesDir: string, model = 'none'): Promise<{ row: BuildRow; indexDir: string }> {
  const indexDir = path.join(work, name);
  let embedding = 0;
  let embedStarted = 0;
  const progress = {
    phase: (phase: string) => {
      if (phase.startsWith('embedding')) embedStarted = performance.now();
      else if (embedStarted && !embedding) embedding = (performance.now() - embedStarted) / 1000;
    },
    tick() {},
    skipped() {},
    notice: (message: string) => console.log(message),
    end() {},
  };
  const report = await buildIndex({ articlesDir, indexDir, model, modelSource: source, progress });
  // an unchanged folder: what a rebuild costs when nothing changed
  const again = await buildIndex({ articlesDir, indexDir, model, modelSource: source });
  const row = {
    name,
    mode: report.mode,
    articles: report.articles,
    passages: report.passages,
    buildSeconds: Math.round(report.seconds * 100) / 100,
    passagesPerSecond: Math.round(report.passages / report.seconds),
    rebuildSeconds: Math.round(again.seconds * 100) / 100,
    embeddedPerSecond: embedding ? Math.round(report.embeddedPassages / embedding) : null,
    indexMB: mb(folderSize(path.join(indexDir, 'generations'))),
  };
  return { row, indexDir };
}

async function evalSet(index: string, indexDir: string, set: string, file: string, model = 'none'): Promise<EvalRow> {
  const reader = IndexReader.open(indexDir);
  await reader.useModel(model, source, (m) => console.log(m));
  try {
    // one pass to warm the caches a running bot would have, then the measured pass
    const questions = readQuestions(file);
    await evaluate(reader, questions.slice(0, 20));
    return { set, index, ...(await evaluate(reader, questions)).report };
  } finally {
    reader.close();
  }
}

/**
 * The corpus three times over, the copies marked so that none of their passages is a duplicate: latency and ranking
 * at about 20,000 passages. The first copy keeps its paths, so the question sets still name the right sources.
 */
function scaledCorpus(copies: number): string {
  const dir = path.join(work, 'scaled-articles');
  cpSync(corpus, dir, { recursive: true });
  for (let i = 1; i < copies; i++) {
    const copy = path.join(dir, `副本${i}`);
    cpSync(corpus, copy, { recursive: true });
    for (const file of filesBelow(copy)) writeFileSync(file, markCopy(readFileSync(file, 'utf8'), i));
  }
  return dir;
}

async function main(): Promise<void> {
  if (!existsSync(corpus)) {
    console.log(`no shared material at ${shared} (set WENDA_BENCH_SHARED): nothing to measure`);
    return;
  }
  const builds: BuildRow[] = [];
  const evals: EvalRow[] = [];

  const news = await build('corpus', corpus);
  builds.push(news.row);
  const sets = readdirSync(questionsDir).filter((f) => f.endsWith('.jsonl')).sort();
  for (const file of sets) evals.push(await evalSet('corpus', news.indexDir, path.basename(file, '.jsonl'), path.join(questionsDir, file)));
  // the generated test model: real loading, batching and indexing, random weights (its figures are not quality)
  const tiny = writeTinyModel(models);
  const hybrid = await build('corpus (test model)', corpus, tiny);
  builds.push(hybrid.row);
  for (const file of sets) evals.push(await evalSet('corpus (test model)', hybrid.indexDir, path.basename(file, '.jsonl'), path.join(questionsDir, file), tiny));
  const hnsw: HnswRow[] = await hnswRecall(hybrid.indexDir);
  const shape: ShapeRow = await modelShapeSpeed(news.indexDir, source);
  const botQuestions = readQuestions(path.join(questionsDir, 'news-paraphrased.jsonl')).map((q) => q.question);
  const bot: BotRow[] = [];
  for (const users of [1, 50]) bot.push(await benchBot(news.indexDir, botQuestions, users));
  const officials: OfficialsRow[] = scoreOfficials(news.indexDir);
  if (existsSync(cmrc)) {
    const wiki = await build('cmrc2018-dev', path.join(cmrc, 'articles'));
    builds.push(wiki.row);
    evals.push(await evalSet('cmrc2018-dev', wiki.indexDir, 'cmrc2018-dev', path.join(cmrc, 'questions.jsonl')));
  }
  const scaled = await build('corpus×3', scaledCorpus(3));
  builds.push(scaled.row);
  for (const set of ['news-paraphrased', 'policy-paraphrased']) {
    evals.push(await evalSet('corpus×3', scaled.indexDir, set, path.join(questionsDir, `${set}.jsonl`)));
  }
  const peakMemoryMB = mb(process.resourceUsage().maxRSS * 1024);

  console.log('\nBuilds');
  console.table(builds);
  console.log('Retrieval (recall and MRR over answerable questions; noAnswer: right on unanswerable / wrong on answerable)');
  console.table(
    evals.map((e) => ({
      index: e.index,
      set: e.set,
      n: e.n,
      'recall@1': e.recall1,
      'recall@5': e.recall5,
      'recall@10': e.recall10,
      'MRR@10': e.mrr10,
      noAnswer: `${e.noAnswerOnUnanswerable}/${e.unanswerable} · ${e.noAnswerOnAnswerable}`,
      'p50 ms': e.p50Ms,
      'p95 ms': e.p95Ms,
    })),
  );
  console.log('HNSW graph against exact search (test-model vectors of the corpus, 200 passages as queries)');
  console.table(hnsw);
  console.log('Embedding speed of the default model\'s shape (for the expected build time of a real model)');
  console.table([shape]);
  console.log('Bot on the fake Discord (INTERACTION_CREATE sent → edited answer received)');
  console.table(bot);
  console.log('Officials (/who against bench/officials.jsonl, tuned on, and who-dev, not tuned on)');
  console.table(officials);
  console.log(`peak memory (RSS) ${peakMemoryMB} MB`);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ at: new Date().toISOString(), builds, evals, hnsw, shape, officials, bot, peakMemoryMB }, null, 2) + '\n');
  console.log(`written to ${path.relative(process.cwd(), out)}`);
}

try {
  if (process.argv[2] === 'scale') await import('./scale.js');
  else await main();
} finally {
  rmSync(work, { recursive: true, force: true });
}
