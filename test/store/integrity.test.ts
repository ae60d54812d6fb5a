import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, readlinkSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build.js';
import { CHECKED_FILE } from '../../src/store/integrity.js';
import { DATABASE_FILE, MANIFEST_FILE } from '../../src/store/schema.js';
import { HNSW_FILE } from '../../src/store/vectors.js';
import { openGeneration } from '../../src/store/segments.js';
import { articlesWith, childEnv, CLI, plainArticle, TAX_ARTICLE, tempDir } from '../helpers/fixtures.js';
import { writeTinyModel } from '../helpers/tiny-model.js';

let dir: string;
let cleanup: () => void;
let articles: string;
let models: string;
let model: string;
let clean: string;

const generation = (index: string) => path.resolve(index, readlinkSync(path.join(index, 'current')));

function wenda(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: childEnv({ WENDA_MODELS_DIR: models, WENDA_MODEL: model, ...env }),
    timeout: 60_000,
  });
  return { code: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

/** A copy of the clean hybrid index, for one test to damage. */
function copyOfClean(name: string): string {
  const copy = path.join(dir, name);
  cpSync(clean, copy, { recursive: true, verbatimSymlinks: true });
  return copy;
}

/** Flips `bits` bits at the given fractions of a file's length (deterministic: bit i of the byte at each offset). */
function flipBits(file: string, at: number[], bits = 1): void {
  const bytes = readFileSync(file);
  at.forEach((fraction, k) => {
    const offset = Math.min(bytes.length - 1, Math.floor(bytes.length * fraction));
    for (let b = 0; b < bits; b++) bytes[(offset + b * 97) % bytes.length]! ^= 1 << ((k + b) % 8);
  });
  writeFileSync(file, bytes);
}

/** Stands for the index's segment file in a table of damages (its name is the generation's). */
const SEGMENT = 'segment-*.db';
const segmentOf = (index: string) => readdirSync(generation(index)).find((f) => f.startsWith('segment-'))!;

/** Every passage of an index with where it stands, in a comparable form. */
function passagesOf(index: string): string[] {
  const { db } = openGeneration(generation(index));
  try {
    const rows = db
      .prepare('SELECT a.source, s.ordinal, p.text FROM passage_sources s JOIN articles a ON a.id = s.article_id JOIN passages p ON p.id = s.passage_id')
      .all() as { source: string; ordinal: number; text: string }[];
    return rows.map((r) => `${r.source}#${r.ordinal} ${r.text}`).sort();
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  ({ dir, cleanup } = tempDir());
  models = path.join(dir, 'models');
  model = writeTinyModel(models);
  articles = articlesWith(dir, {
    'tax.txt': TAX_ARTICLE,
    'flood.txt': plainArticle('南平市防汛工作会议', ['南平市召开防汛工作会议，部署今年汛期各项工作，要求各县区派出工作组深入一线，排查隐患点三百余处。']),
  });
  clean = path.join(dir, 'clean');
  await buildIndex({ articlesDir: articles, indexDir: clean, model, modelSource: { modelsDir: models, allowRemote: false } });
});
afterAll(() => cleanup());

describe('the manifest', () => {
  it('records the size and checksum of every file of the generation', () => {
    const gen = generation(clean);
    const manifest = JSON.parse(readFileSync(path.join(gen, MANIFEST_FILE), 'utf8'));
    const segment = segmentOf(clean);
    expect(Object.keys(manifest.files).sort()).toEqual([HNSW_FILE, DATABASE_FILE, segment].sort());
    for (const name of [DATABASE_FILE, HNSW_FILE, segment]) {
      expect(manifest.files[name].size).toBe(statSync(path.join(gen, name)).size);
      expect(manifest.files[name].sha256).toMatch(/^[0-9a-f]{64}$/u);
    }
  });
});

describe('a damaged index', () => {
  const question = '中央网信办主题教育动员大会是哪天召开的';

  it('is answered from when sound, and `wenda index verify` says so', () => {
    const result = wenda(['ask', '--index', clean, '--json', question]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).mode).toBe('hybrid');
    const verified = wenda(['index', 'verify', '--index', clean]);
    expect(verified.code).toBe(0);
    // the folder named, not the generation inside it
    expect(verified.stdout.startsWith(`the index at ${clean} is sound (`)).toBe(true);
    expect(verified.stdout).toMatch(/ in use\): 3 files, [\d.]+ MB checked/);
  });

  const damages: [string, string, (file: string) => void][] = [
    ['graph', HNSW_FILE, (f) => flipBits(f, [0.05, 0.3, 0.6, 0.95], 100)],
    ['graph', HNSW_FILE, (f) => flipBits(f, [0.001])],
    ['graph', HNSW_FILE, (f) => {
      const bytes = readFileSync(f);
      bytes.fill(0xa5, Math.floor(bytes.length * 0.3), Math.min(bytes.length, Math.floor(bytes.length * 0.3) + 20_000));
      writeFileSync(f, bytes);
    }],
    ['graph', HNSW_FILE, (f) => writeFileSync(f, readFileSync(f).subarray(0, 1000))],
    ['database', DATABASE_FILE, (f) => flipBits(f, [0.1, 0.5, 0.9], 100)],
    ['database', DATABASE_FILE, (f) => flipBits(f, [0.5])],
    ['segment', SEGMENT, (f) => flipBits(f, [0.3, 0.6], 50)],
  ];
  it.each(damages.map((d, i) => [i, ...d] as const))('case %i: a damaged %s (%s) gives one line naming it, never a signal', (i, _, named, damage) => {
    const index = copyOfClean(`damaged-${i}`);
    const name = named === SEGMENT ? segmentOf(index) : named;
    damage(path.join(generation(index), name));
    for (const args of [['ask', '--index', index, question], ['index', 'verify', '--index', index]]) {
      const result = wenda(args);
      expect(result.signal).toBeNull();
      expect(result.code).toBe(1);
      const lines = result.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`the index file ${path.join(generation(index), name)} is damaged`);
      // the damaged index itself, not the default one
      expect(lines[0]).toContain(`rebuild the index from the articles with "wenda index build --index ${index}"`);
    }
  });

  it('is rebuilt from scratch, saying why, into the same passages as a clean build', async () => {
    const index = copyOfClean('rebuilt');
    flipBits(path.join(generation(index), DATABASE_FILE), [0.4, 0.7], 50);
    const notices: string[] = [];
    const progress = { phase() {}, tick() {}, skipped() {}, notice: (m: string) => notices.push(m), end() {} };
    const report = await buildIndex({ articlesDir: articles, indexDir: index, model, modelSource: { modelsDir: models, allowRemote: false }, progress });
    expect(report).toMatchObject({ reusedFiles: 0, parsedFiles: 3, embeddedPassages: report.passages });
    expect(notices).toEqual([expect.stringMatching(/^the previous index cannot be reused, building from scratch: .*wenda\.db is damaged \(its checksum differs/u)]);
    expect(passagesOf(index)).toEqual(passagesOf(clean));
  });

  it('whose database passes the checksum but not quick_check is not reused either', async () => {
    const index = copyOfClean('quick-check');
    const gen = generation(index);
    const file = path.join(gen, DATABASE_FILE);
    // damage the last page, then record the damaged bytes as if the build had written them
    flipBits(file, [0.5], 200);
    const manifest = JSON.parse(readFileSync(path.join(gen, MANIFEST_FILE), 'utf8'));
    const { recordFiles } = await import('../../src/store/integrity.js');
    manifest.files = recordFiles(gen, [MANIFEST_FILE]);
    writeFileSync(path.join(gen, MANIFEST_FILE), JSON.stringify(manifest));
    const notices: string[] = [];
    const progress = { phase() {}, tick() {}, skipped() {}, notice: (m: string) => notices.push(m), end() {} };
    const report = await buildIndex({ articlesDir: articles, indexDir: index, progress });
    expect(report.reusedFiles).toBe(0);
    expect(notices).toEqual([expect.stringMatching(/building from scratch: .*wenda\.db is damaged \(SQLite/u)]);
  });
});

describe('the database checked once per file', () => {
  const question = '中央网信办主题教育动员大会是哪天召开的';
  const checked = (index: string) => JSON.parse(readFileSync(path.join(generation(index), CHECKED_FILE), 'utf8'));

  it('is recorded after its first full check, and a write to it since is still refused', () => {
    const index = copyOfClean('checked-then-damaged');
    expect(wenda(['ask', '--index', index, '--model', 'none', question]).code).toBe(0);
    // the databases (global and segment); the graph is hashed whenever it is loaded
    expect(Object.keys(checked(index)).sort()).toEqual([DATABASE_FILE, segmentOf(index)].sort());
    flipBits(path.join(generation(index), segmentOf(index)), [0.5]);
    const result = wenda(['ask', '--index', index, '--model', 'none', question]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('is damaged (its checksum differs');
  });

  it('is not hashed again while it is the file that matched (a record naming it vouches for it)', () => {
    const index = copyOfClean('checked-record');
    const file = path.join(generation(index), DATABASE_FILE);
    flipBits(file, [0.5]);
    // the damaged file's own identity recorded as checked: only such a record skips the checksum
    const manifest = JSON.parse(readFileSync(path.join(generation(index), MANIFEST_FILE), 'utf8'));
    const stat = statSync(file, { bigint: true });
    const record = { ino: String(stat.ino), ctime: String(stat.ctimeNs), size: String(stat.size), sha256: manifest.files[DATABASE_FILE].sha256 };
    writeFileSync(path.join(generation(index), CHECKED_FILE), JSON.stringify({ [DATABASE_FILE]: record }));
    expect(wenda(['ask', '--index', index, '--model', 'none', question]).code).toBe(0);
    // `wenda index verify` checks in full whatever the record says
    expect(wenda(['index', 'verify', '--index', index]).stderr).toContain('is damaged (its checksum differs');
  });
});

describe('a rebuild', () => {
  it('vouches for the segments it kept in the new generation, and a write to one since is still refused', async () => {
    const index = copyOfClean('rebuilt');
    const folder = path.join(dir, 'rebuilt-articles');
    cpSync(articles, folder, { recursive: true });
    writeFileSync(path.join(folder, 'new.txt'), plainArticle('市教育局召开秋季开学工作会议', ['8月28日，市教育局召开秋季开学工作会议，要求各校做好校园安全排查和教学准备工作，确保新学期各项工作平稳有序开展。']));
    const kept = segmentOf(index);
    await buildIndex({ articlesDir: folder, indexDir: index, model, modelSource: { modelsDir: models, allowRemote: false } });
    expect(readdirSync(generation(index)).filter((f) => f.startsWith('segment-'))).toContain(kept);
    // its link in the new generation has another change time, yet it is recorded as checked there
    const record = JSON.parse(readFileSync(path.join(generation(index), CHECKED_FILE), 'utf8'))[kept];
    expect(record?.ctime).toBe(String(statSync(path.join(generation(index), kept), { bigint: true }).ctimeNs));
    flipBits(path.join(generation(index), kept), [0.5]);
    const result = wenda(['ask', '--index', index, '--model', 'none', '中央网信办主题教育动员大会是哪天召开的']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('is damaged (its checksum differs');
  });
});

describe('the current link', () => {
  it('replaced by a folder is reported and left alone, and no temporary link is left behind', () => {
    const index = path.join(dir, 'folder-current');
    mkdirSync(path.join(index, 'current'), { recursive: true });
    writeFileSync(path.join(index, 'current', 'keep.txt'), 'mine');
    for (const args of [['index', 'build', '--articles', articles, '--index', index, '--model', 'none'], ['ask', '--index', index, '问题']]) {
      const result = wenda(args);
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split('\n')).toEqual([`wenda: ${path.join(index, 'current')} is a folder, not the link to the index in use that wenda writes: move it out of the index folder`]);
    }
    expect(readFileSync(path.join(index, 'current', 'keep.txt'), 'utf8')).toBe('mine');
    expect(readdirSync(index).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    rmSync(index, { recursive: true });
  });
});
