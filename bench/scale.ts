/**
 * `npm run bench -- scale [PASSAGES…]` (default 60000 250000 1000000): collections of about that many distinct
 * passages made from ../shared/corpus in the system's temporary folder (never in the repository), and per size: the
 * full build's time (and its phases' wall seconds) and peak memory (`/usr/bin/time -f %M` around `wenda index build`), the index's size on disk, the
 * rebuild after 1 (the median of three, the article changed again before each) and after 100 changed articles and with nothing changed (wall and user CPU seconds), ask p50/p95 and CPU p50 (warm, in a process that keeps the index open as the bot
 * does; each question once, then each again with its words' lists in the cache) with that process's resident memory,
 * and a one-shot `wenda ask`. `node dist/bench/scale.js --ask INDEX` measures asking alone on an index, `--one-shot INDEX
 * [RUNS]` the one-shot alone (the median of RUNS, default 5, wall and CPU seconds). Collections are kept between runs
 * (WENDA_SCALE_DIR, default <tmp>/wenda-scale) since making the largest writes a gigabyte.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../src/paths.js';
import { changeArticles, collection, corpus, folderSize, scaleDir as work } from './collection.js';
import { shared } from './shared.js';
import { phaseSeconds, timedBuild, type TimedBuild } from './timed-build.js';
import { percentile, readQuestions } from '../src/retrieval/evaluate.js';
import { IndexReader } from '../src/retrieval/index-reader.js';
import { warmingQuestions } from './warm.js';
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
  for (const q of warmingQuestions(reader)) search(reader, q, 5);
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

/** CPU seconds (user and system) of the child processes waited for so far, from /proc (Linux); null elsewhere. */
function childrenCpuSeconds(): number | null {
  try {
    // the fields after "pid (name) ": cutime and cstime are the 14th and 15th, in clock ticks (100 a second)
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return null;
  }
}

/** A one-shot `wenda ask` of one question: its wall seconds, and its CPU seconds where /proc tells them. */
function oneShotAsk(index: string): { seconds: number; cpuSeconds: number | null } {
  const started = performance.now();
  const cpuBefore = childrenCpuSeconds();
  const run = spawnSync(process.execPath, [cli, 'ask', '--index', index, '--model', 'none', '中央网信办主题教育动员大会是哪天召开的'], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', WENDA_OFFLINE: '1' },
  });
  if (run.status !== 0) throw new Error(`wenda ask failed: ${run.stderr}`);
  const cpuAfter = childrenCpuSeconds();
  const round = (x: number) => Math.round(x * 100) / 100;
  return { seconds: round((performance.now() - started) / 1000), cpuSeconds: cpuBefore === null || cpuAfter === null ? null : round(cpuAfter - cpuBefore) };
}

/** The middle value (of an even count, the lower middle one). */
const median = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);

/** One-article rebuilds timed (the article changed again before each): a single one varies by a fifth between runs on 2 cores. */
const ONE_ARTICLE_REBUILDS = 3;

/** `--one-shot INDEX [RUNS]`: the one-shot ask alone, RUNS times (default 5), with the medians. */
function oneShotMode(index: string, runs: number): void {
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--one-shot INDEX [RUNS]: RUNS must be a whole number of at least 1, not ${runs}`);
  const asks = Array.from({ length: runs }, () => oneShotAsk(index));
  const cpu = asks.map((a) => a.cpuSeconds).filter((c): c is number => c !== null);
  console.log(
    JSON.stringify({
      runs,
      medianSeconds: median(asks.map((a) => a.seconds)),
      medianCpuSeconds: cpu.length ? median(cpu) : null,
      seconds: asks.map((a) => a.seconds),
      cpuSeconds: cpu,
    }),
  );
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
    const ones: TimedBuild[] = [];
    for (let round = 1; round <= ONE_ARTICLE_REBUILDS; round++) {
      changeArticles(articles, 1, round);
      ones.push(await timedBuild(articles, index));
    }
    const one = ones.find((b) => b.seconds === median(ones.map((o) => o.seconds)))!;
    changeArticles(articles, 100, ONE_ARTICLE_REBUILDS + 1);
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
      'rebuild 1 runs s': ones.map((o) => o.seconds).join(' '),
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
      'one-shot ask s': oneShotAsk(index).seconds,
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
else if (args[0] === '--one-shot') oneShotMode(args[1]!, Number(args[2] ?? 5));
else await main((args.length > 0 ? args : ['60000', '250000', '1000000']).map(Number));
