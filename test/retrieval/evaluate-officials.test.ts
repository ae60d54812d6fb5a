import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluateOfficials, readLabelSet } from '../../src/retrieval/evaluate-officials.js';
import type { PeopleDirectory, PersonAnswer, WhoResult } from '../../src/retrieval/who.js';
import { tempDir } from '../helpers/fixtures.js';

const { dir, cleanup } = tempDir();
afterAll(cleanup);

const person = (name: string, titles: string[], sources: string[]): PersonAnswer => ({
  name,
  reporter: false,
  titles: titles.map((title) => ({ title, sources })),
  articles: sources.map((source) => ({ source, sources: [source], title: source, date: null })),
  mentions: [],
});

/** /who answers of our own, by query. */
function directory(answers: Record<string, PersonAnswer[]>): PeopleDirectory {
  const who = (query: string): WhoResult => {
    const people = answers[query] ?? [];
    return { query, asksTitle: false, found: people.length > 0, people, suggestions: [], more: 0 };
  };
  return { who } as unknown as PeopleDirectory;
}

const jsonl = (file: string, rows: object[]) => writeFileSync(path.join(dir, file), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');

describe('evaluateOfficials on a who-dev folder', () => {
  jsonl('who-dev.jsonl', [
    { name: '周明远', titles: ['省财政厅厅长', '省财政厅党组书记'], title_variants: ['厅长'], sources: ['a.txt', 'b.txt'] },
    { name: '孙立伟', titles: ['区委书记'], title_variants: [], sources: ['c.txt'] },
  ]);
  jsonl('absent.jsonl', [{ name: '周明园', titles: [], sources: [] }]);
  jsonl('title-dev.jsonl', [{ title: '区委书记', names: ['孙立伟', '何志强'] }]);
  jsonl('who-dev.meta.jsonl', [{ name: '孙立伟', context_completed_titles: { 海淀区委书记: { org: '海淀', role: '区委书记' } } }]);
  const labels = readLabelSet(dir);

  it('counts a title as written, completed from context or as a listed variant, and a fragment or an unlabelled article as wrong', () => {
    const report = evaluateOfficials(
      directory({
        周明远: [person('周明远', ['厅长', '祝贺省财政厅党组书记'], ['a.txt', 'x.txt'])],
        孙立伟: [person('孙立伟', ['海淀区委书记'], ['c.txt']), person('孙立伟', ['县长'], ['z.txt'])],
        区委书记: [person('孙立伟', ['区委书记'], ['c.txt']), person('王五', ['区委书记'], ['d.txt'])],
      }),
      labels.people,
      labels.holders,
    );
    expect(report).toEqual({
      people: 2,
      titleRecall: 0.667, // 厅长 for 省财政厅厅长, 海淀区委书记 for 区委书记; not the fragment
      titlePrecision: 0.667, // the homonym sharing no article (县长) is someone else
      articleRecall: 0.667,
      articlePrecision: 0.667, // x.txt names no labelled 周明远
      peopleWithNinetyPercentOfArticles: 1,
      peopleWithArticles: 2,
      titleQueries: 1,
      titleHolderAccuracy: 0.5, // one of two holders right, one wrong
      absent: 1,
      absentRefused: 1,
    });
  });

  it('counts every file of an article listed once for its several folders', () => {
    const copies: PersonAnswer = { ...person('周明远', ['省财政厅厅长'], ['a.txt']), articles: [{ source: 'a.txt', sources: ['a.txt', 'b.txt'], title: 'a', date: null }] };
    const report = evaluateOfficials(directory({ 周明远: [copies] }), labels.people.slice(0, 1), []);
    expect(report).toMatchObject({ articleRecall: 1, articlePrecision: 1, peopleWithNinetyPercentOfArticles: 1 });
  });

  it('finds a labelled title said short (省委书记) with the labelled title it says short, which /who shows for both', () => {
    const file = path.join(dir, 'short.jsonl');
    writeFileSync(file, JSON.stringify({ name: '王国生', titles: ['省委书记', '河南省委书记', '组长'], articles: ['a.txt'] }) + '\n');
    const { people } = readLabelSet(file);
    const report = evaluateOfficials(directory({ 王国生: [person('王国生', ['河南省委书记', '副组长'], ['a.txt'])] }), people, []);
    // not 组长 by 副组长, another post
    expect(report).toMatchObject({ titleRecall: 0.667, titlePrecision: 0.5 });
    // 书记 could be either of two titles: /who shows neither for it, and it is not found
    writeFileSync(file, JSON.stringify({ name: '王国生', titles: ['书记', '省委书记', '市委书记'], articles: ['a.txt'] }) + '\n');
    const two = evaluateOfficials(directory({ 王国生: [person('王国生', ['省委书记', '市委书记'], ['a.txt'])] }), readLabelSet(file).people, []);
    expect(two).toMatchObject({ titleRecall: 0.667 });
  });
});
