import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.join(import.meta.dirname, '..', 'src');

// Top-level modules every layer may use: errors, paths and the like, which import no folder.
const SHARED = new Set(['errors', 'paths', 'plural', 'json-lines', 'log']);

/**
 * What each folder may import (besides itself), so that the arrows run one way: text, store and embedding below index
 * and retrieval, which never import each other, and the bot above retrieval. The top-level modules that wire the
 * program (cli, console, config, format, progress) may import any folder.
 */
const ALLOWED: Record<string, string[]> = {
  shared: [],
  text: ['shared'],
  store: ['shared'],
  embedding: ['shared'],
  index: ['shared', 'text', 'store', 'embedding'],
  retrieval: ['shared', 'text', 'store', 'embedding'],
  bot: ['shared', 'text', 'store', 'embedding', 'retrieval', 'config', 'progress'],
};

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(full);
    else if (entry.name.endsWith('.ts')) yield full;
  }
}

/** The layer of a file under src: its folder, or for a top-level module 'shared' or its own name. */
function layerOf(file: string): string {
  const [first, ...rest] = path.relative(SRC, file).split(path.sep);
  if (rest.length > 0) return first!;
  const name = first!.replace(/\.[jt]s$/u, '');
  return SHARED.has(name) ? 'shared' : name;
}

/** The relative modules a file imports, statically, dynamically or for types only, as files under src. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/gu)].map((m) => m[1]!);
  return specifiers.map((s) => path.resolve(path.dirname(file), s));
}

describe('the layout of src', () => {
  it('has every import run one way between its folders', () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const file of sourceFiles(SRC)) {
      const from = layerOf(file);
      const allowed = ALLOWED[from];
      if (!allowed) continue;
      for (const target of importsOf(file)) {
        const to = layerOf(target);
        checked++;
        if (to !== from && !allowed.includes(to)) wrong.push(`${path.relative(SRC, file)} imports ${path.relative(SRC, target)} (${from} → ${to})`);
      }
    }
    // the walk found the imports it judges: a pattern that matched nothing would pass any layout
    expect(checked).toBeGreaterThan(300);
    expect(wrong).toEqual([]);
  });
});
