import { mkdirSync, realpathSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pathWithin, realPathOf } from '../src/paths.js';
import { tempDir } from './helpers/fixtures.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => {
  ({ dir, cleanup } = tempDir());
  dir = realpathSync(dir);
  mkdirSync(path.join(dir, 'index'));
});
afterAll(() => cleanup());

describe('paths', () => {
  it('resolves a link to a file not made yet to where a write through it goes, and stops in a loop of links', () => {
    symlinkSync(path.join(dir, 'index', 'later.jsonl'), path.join(dir, 'dangling'));
    expect(realPathOf(path.join(dir, 'dangling'))).toBe(path.join(dir, 'index', 'later.jsonl'));
    symlinkSync(path.join(dir, 'b'), path.join(dir, 'a'));
    symlinkSync(path.join(dir, 'a'), path.join(dir, 'b'));
    expect([path.join(dir, 'a'), path.join(dir, 'b')]).toContain(realPathOf(path.join(dir, 'a')));
  });

  it('tells what lies within a folder: itself, below it, a name starting with two dots; not beside or above it', () => {
    const index = path.join(dir, 'index');
    expect(pathWithin(index, index)).toBe('');
    expect(pathWithin(index, path.join(index, 'current', 'x.jsonl'))).toBe(path.join('current', 'x.jsonl'));
    expect(pathWithin(index, path.join(index, '..d.jsonl'))).toBe('..d.jsonl');
    expect(pathWithin(index, path.join(dir, 'index2'))).toBeNull();
    expect(pathWithin(index, dir)).toBeNull();
    expect(pathWithin(index, path.join(dir, 'dangling'))).toBe('later.jsonl');
  });
});
