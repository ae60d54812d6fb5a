import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build.js';
import { namesMentioned, updateKnown, EMPTY_STATE } from '../../src/index/people-state.js';
import { openGeneration } from '../../src/store/segments.js';
import { articlesWith, plainArticle, TAX_ARTICLE, tempDir } from '../helpers/fixtures.js';

describe('the names a generation holds', () => {
  let dir: string;
  let cleanup: () => void;
  beforeAll(() => ({ dir, cleanup } = tempDir()));
  afterAll(() => cleanup());

  it('are every live unit’s, with the units read again standing in for their stored readings', async () => {
    const visit = plainArticle('李明华到社区调研', ['区委书记李明华到社区调研，听取居民意见。']);
    const index = path.join(dir, 'index');
    await buildIndex({ articlesDir: articlesWith(dir, { 'tax.txt': TAX_ARTICLE, 'visit.txt': visit }), indexDir: index });
    const { db } = openGeneration(path.join(index, 'current'));
    try {
      const stored = namesMentioned(db, new Map());
      expect(stored).toContain('王建国');
      expect(stored).toContain('李明华');
      // the same names as every unit's mentions parsed
      const parsed = (db.prepare('SELECT mentions FROM units').pluck().all() as string[]).flatMap((m) => (JSON.parse(m) as { name: string }[]).map((x) => x.name));
      expect(stored).toEqual(new Set(parsed));
      expect(updateKnown(db, EMPTY_STATE, [], []).known).toContain('李明华');

      // every unit that mentions 李明华 read again without him, and one read again with someone new
      const units = db.prepare("SELECT kind || ':' || id FROM units WHERE mentions LIKE '%李明华%'").pluck().all() as string[];
      expect(units.length).toBeGreaterThan(0);
      const overrides = new Map(units.map((u) => [u, '[]']));
      overrides.set(units[0]!, JSON.stringify([{ name: '赵新民', titles: ['主任'], reporter: false }]));
      const now = namesMentioned(db, overrides);
      expect(now).not.toContain('李明华');
      expect(now).toContain('赵新民');
      expect(now).toContain('王建国');
    } finally {
      db.close();
    }
  });
});
