import { describe, expect, it } from 'vitest';
import { evaluateOfficials, type OfficialLabel } from '../../src/retrieval/evaluate-officials.js';
import type { PeopleDirectory, WhoResult } from '../../src/retrieval/who.js';

/** A directory that knows what the test says it knows. */
function directory(known: Record<string, { titles: string[]; articles: string[] }>): PeopleDirectory {
  return {
    who: (name: string) =>
      ({
        query: name,
        found: name in known,
        people: name in known ? [{ name, reporter: false, titles: known[name]!.titles.map((title) => ({ title, sources: [] })), articles: known[name]!.articles.map((source) => ({ source, title: '', date: null })), mentions: [] }] : [],
        suggestions: [],
      }) as unknown as WhoResult,
  } as unknown as PeopleDirectory;
}

describe('evaluateOfficials', () => {
  const labels: OfficialLabel[] = [
    { name: '王建国', titles: ['市税务局局长', '市税务局党委书记'], articles: ['a.txt', 'b.txt'] },
    { name: '李明', titles: ['区长'], articles: ['c.txt'] },
    { name: '赵无名', absent: true },
    { name: '钱无名', absent: true },
  ];

  it('counts titles found and titles given, articles listed, and absent names refused', () => {
    const report = evaluateOfficials(
      directory({
        王建国: { titles: ['市税务局局长', '市 税务局 党委书记', '座谈会'], articles: ['a.txt'] },
        李明: { titles: ['区长'], articles: ['c.txt', 'd.txt'] },
        钱无名: { titles: [], articles: [] },
      }),
      labels,
    );
    expect(report).toEqual({
      people: 2,
      titleRecall: 1, // 3 of 3 labelled titles, white space aside
      titlePrecision: 0.75, // 3 of the 4 titles given
      articleRecall: 0.667, // 2 of the 3 labelled articles
      peopleWithNinetyPercentOfArticles: 1,
      peopleWithArticles: 2,
      absent: 2,
      absentRefused: 1,
    });
  });
});
