/**
 * `npm run bench -- scale [PASSAGES…]` (default 60000 250000 1000000): collections of about that many distinct
 * passages made from ../shared/corpus in the system's temporary folder (never in the repository), and per size: the
 * full build's time (and its phases' wall seconds) and peak memory (`/usr/bin/time -f %M` around `wenda index build`), the index's size on disk, the
 * rebuild after 1 and after 100 changed articles and with nothing changed (wall and user CPU seconds), ask p50/p95 and CPU p50 (warm, in a process that keeps the index open as the bot
 * does; each question once, then each again with its words' lists in the cache) with that process's resident memory,
 * and a one-shot `wenda ask`. `node dist/bench/scale.js --ask INDEX` measures asking alone on an index. Collections are kept between runs
 * (WENDA_SCALE_DIR, default <tmp>/wenda-scale) since making the largest writes a gigabyte.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../src/paths.js';
import { changeArticles, collection, corpus, folderSize, scaleDir as work } from './collection.js';
import { shared } from './shared.js';
import { phaseSeconds, timedBuild } from './timed-build.js';
import { percentile, readQuestions } from '../src/retrieval/evaluate.js';
import { IndexReader } from '../src/retrieval/index-reader.js';
import { search } from '../src/retrieval/search.js';

const cli = path.join(packageRoot, 'bin', 'wenda.js');
const questionsDir = path.join(packageRoot, 'bench', 'questions');

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/** In this process: ask latency over the bench's question sets, warm, and the resident memory it takes. */
function askMode(index: string): void {
  const questions = readdirSync(questionsDir)
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => readQuestions(path.join(questionsDir, f)).map((q) => q.question));
  const reader = IndexReader.open(index);
  for (const q of questions.slice(0, 20)) search(reader, q, 5);
  const round = (x: number) => Math.round(x * 10) / 10;
  // first each question as new (its rarer words read from the database), then again as a bot that has seen its words
  // and the CPU time of each: on a shared machine the steadier figure
  const [first, again] = [0, 1].map(() => {
    const cpu: number[] = [];
    const times = questions.map((q) => {
      const started = performance.now();
      const used = process.cpuUsage();
      search(reader, q, 5);
      const { user, system } = process.cpuUsage(used);
      cpu.push((user + system) / 1000);
      return performance.now() - started;
    });
    times.sort((a, b) => a - b);
    cpu.sort((a, b) => a - b);
    return { p50: round(percentile(times, 50)), p95: round(percentile(times, 95)), cpuP50: round(percentile(cpu, 50)) };
  });
  console.log(
    JSON.stringify({
      questions: questions.length,
      p50Ms: first!.p50,
      p95Ms: first!.p95,
      againP50Ms: again!.p50,
      againP95Ms: again!.p95,
      cpuP50Ms: first!.cpuP50,
      againCpuP50Ms: again!.cpuP50,
      residentMB: mb(process.memoryUsage().rss),
    }),
  );
  reader.close();
}

interface AskFigures {
  questions: number;
  p50Ms: number;
  p95Ms: number;
  againP50Ms: number;
  againP95Ms: number;
  cpuP50Ms: number;
  againCpuP50Ms: number;
  residentMB: number;
}

function measureAsk(index: string): AskFigures {
  const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--ask', index], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`asking failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim()) as AskFigures;
}

function oneShotAsk(index: string): number {
  const started = performance.now();
  const run = spawnSync(process.execPath, [cli, 'ask', '--index', index, '--model', 'none', '中央网信办主题教育动员大会是哪天召开的'], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', WENDA_OFFLINE: '1' },
  });
  if (run.status !== 0) throw new Error(`wenda ask failed: ${run.stderr}`);
  return Math.round((performance.now() - started) / 100) / 10;
}

async function main(sizes: number[]): Promise<void> {
  if (!existsSync(corpus)) {
    console.log(`no shared material at ${shared} (set WENDA_BENCH_SHARED): nothing to measure`);
    return;
  }
  mkdirSync(work, { recursive: true });
  const rows = [];
  for (const size of sizes) {
    const articles = collection(size);
    const index = path.join(work, `index-${path.basename(articles)}`);
    rmSync(index, { recursive: true, force: true });
    const full = await timedBuild(articles, index);
    console.log(JSON.stringify({ passages: size, 'full build phases (wall s)': phaseSeconds(full) }));
    const passages = IndexReader.open(index);
    const count = passages.passageCount;
    passages.close();
    const bytes = folderSize(path.join(index, 'generations'));
    changeArticles(articles, 1, 1);
    const one = await timedBuild(articles, index);
    changeArticles(articles, 100, 2);
    const hundred = await timedBuild(articles, index);
    const none = await timedBuild(articles, index);
    const ask = measureAsk(index);
    const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
    rows.push({
      passages: count,
      'build s': full.seconds,
      'build user s': full.userSeconds,
      'build peak MB': full.peakMB,
      'index MB': mb(bytes),
      'bytes/passage': Math.round(bytes / count),
      'rebuild 1 s': one.seconds,
      'rebuild 1 ratio': ratio(one.seconds, full.seconds),
      'rebuild 1 user ratio': ratio(one.userSeconds, full.userSeconds),
      'rebuild 1 peak MB': one.peakMB,
      'rebuild 100 s': hundred.seconds,
      'rebuild 100 ratio': ratio(hundred.seconds, full.seconds),
      'rebuild 100 user ratio': ratio(hundred.userSeconds, full.userSeconds),
      'unchanged rebuild s': none.seconds,
      'ask p50 ms': ask.p50Ms,
      'ask p95 ms': ask.p95Ms,
      'asked again p50 ms': ask.againP50Ms,
      'asked again p95 ms': ask.againP95Ms,
      'reader resident MB': ask.residentMB,
      'one-shot ask s': oneShotAsk(index),
    });
    console.log(JSON.stringify(rows.at(-1)));
    // the collection stays (it is slow to make); the index is the largest thing here
    rmSync(index, { recursive: true, force: true });
  }
  console.table(rows);
}

// run as `node dist/bench/scale.js [SIZES…]`, or through run.js as `npm run bench -- scale [SIZES…]`
const args = process.argv.slice(2).filter((a) => a !== 'scale');
if (args[0] === '--ask') askMode(args[1]!);
else await main((args.length > 0 ? args : ['60000', '250000', '1000000']).map(Number));
