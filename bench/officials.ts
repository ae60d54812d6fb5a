/**
 * `npm run bench:officials -- [--index DIR]`: /who scored against bench/officials.jsonl (tuned on) and
 * ../shared/bench/who-dev (not tuned on): title recall and precision, article recall and precision, title → holder,
 * absent names refused. Without --index it builds a lexical index of ../shared/corpus first.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildIndex } from '../src/index/build.js';
import { packageRoot } from '../src/paths.js';
import { shared } from './shared.js';
import { evaluateOfficials, readLabelSet, type OfficialsReport } from '../src/retrieval/evaluate-officials.js';
import { IndexReader } from '../src/retrieval/index-reader.js';

export interface OfficialsRow extends OfficialsReport {
  set: string;
  tunedOn: boolean;
}


/** Both label sets scored on one index of the shared corpus (who-dev only where ../shared has it). */
export function scoreOfficials(indexDir: string): OfficialsRow[] {
  const sets = [
    { set: 'bench/officials.jsonl', where: path.join(packageRoot, 'bench', 'officials.jsonl'), tunedOn: true },
    { set: 'who-dev', where: path.join(shared, 'bench', 'who-dev'), tunedOn: false },
  ].filter((s) => existsSync(s.where));
  const reader = IndexReader.open(indexDir);
  try {
    return sets.map(({ set, where, tunedOn }) => {
      const { people, holders } = readLabelSet(where);
      return { set, tunedOn, ...evaluateOfficials(reader.people, people, holders) };
    });
  } finally {
    reader.close();
  }
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--index');
  let indexDir = at >= 0 ? process.argv[at + 1] : undefined;
  const work = indexDir ? null : mkdtempSync(path.join(tmpdir(), 'wenda-officials-'));
  try {
    if (!indexDir) {
      indexDir = path.join(work!, 'index');
      await buildIndex({ articlesDir: path.join(shared, 'corpus'), indexDir, model: 'none' });
    }
    console.table(scoreOfficials(indexDir));
  } finally {
    if (work) rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
