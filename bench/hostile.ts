/**
 * `npm run build && node dist/bench/hostile.js [FILES]`: generates a collection of FILES (default 1,000) article files,
 * about one in ten hostile (see test/helpers/hostile-files.ts), builds an index of it with the default limits and
 * prints the worst time any single file took to read (done or skipped), that the build finished, the files it skipped
 * (counted as `wenda index build` counts them) and the lines of what it left out, by reason.
 * Needs nothing outside the repository.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildIndex } from '../src/index/build.js';
import type { BuildProgress } from '../src/index/build-progress.js';
import { listArticleFiles } from '../src/index/read-articles.js';
import { writeHostileCollection } from '../test/helpers/hostile-files.js';
import { buildSummary } from './hostile-summary.js';

const total = Number(process.argv[2] ?? 1000);
const work = mkdtempSync(path.join(tmpdir(), 'wenda-hostile-'));
try {
  const articles = path.join(work, 'articles');
  const collection = writeHostileCollection(articles, total);
  let reading = false;
  let last = 0;
  // the build reads the files in the order listArticleFiles gives, one tick each: the n-th tick is the n-th file
  const order = (await listArticleFiles(articles)).map((f) => f.source);
  let worst = { ms: 0, file: '' };
  const times: number[] = [];
  const progress: BuildProgress = {
    phase(name) {
      reading = name === 'reading articles';
      last = performance.now();
    },
    tick() {
      if (!reading) return;
      const now = performance.now();
      times.push(now - last);
      if (now - last > worst.ms) worst = { ms: now - last, file: order[times.length - 1] ?? '?' };
      last = now;
    },
    skipped() {},
    notice() {},
    end() {},
  };
  const started = performance.now();
  const report = await buildIndex({ articlesDir: articles, indexDir: path.join(work, 'index'), progress });
  const seconds = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  console.log(`hostile collection: ${collection.files} files; hostile ones by kind:`);
  for (const [kind, n] of Object.entries(collection.kinds)) if (kind !== 'ordinary') console.log(`  ${n} × ${kind}`);
  for (const line of buildSummary(report, seconds)) console.log(line);
  console.log(`per file: median ${times[Math.floor(times.length / 2)]!.toFixed(1)} ms, worst ${worst.ms.toFixed(0)} ms (${JSON.stringify(worst.file)})`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
