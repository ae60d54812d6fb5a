import { readdirSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { PASSAGE_WORDS, PostingRuns } from '../../src/index/postings.js';
import { decodePostings } from '../../src/store/postings-codec.js';
import { tempDir } from '../helpers/fixtures.js';

describe('PostingRuns', () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);

  it('merges runs larger than what is read of them at a time into the lists that were added', () => {
    // two runs of about 1.5 MB each (the merge reads a run 1 MB at a time): records straddle every read's end
    const terms = 80;
    const perRun = 10_000;
    const runs = new PostingRuns(dir, terms * perRun);
    for (let id = 0; id < 2 * perRun; id++) {
      // term t in every passage, as often as t + the id's last digit (some counts past one byte's varint)
      const numbers = Uint32Array.from({ length: terms }, (_, t) => runs.term(`t${t}`));
      const tfs = Uint32Array.from({ length: terms }, (_, t) => t + (id % 10) * 20 + 1);
      runs.add(PASSAGE_WORDS, id, { terms: numbers, tfs, total: 0 });
      runs.release();
    }
    const merged = [...runs.merge()];
    expect(merged.map(([key]) => key)).toEqual(Array.from({ length: terms }, (_, t) => `w:t${t}`).sort());
    for (const [key, list, count] of merged) {
      const t = Number(key.slice(3));
      const { ids, tfs } = decodePostings(list);
      expect(count).toBe(2 * perRun);
      expect([...ids]).toEqual(Array.from({ length: 2 * perRun }, (_, id) => id));
      expect([...tfs]).toEqual(Array.from({ length: 2 * perRun }, (_, id) => t + (id % 10) * 20 + 1));
    }
    // the run files are gone once merged
    expect(readdirSync(dir)).toEqual([]);
  });
});
