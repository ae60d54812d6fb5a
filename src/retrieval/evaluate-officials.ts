import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { WendaError } from '../errors.js';
import { round } from './evaluate.js';
import type { PeopleDirectory } from './who.js';

const Label = z.union([
  z.object({ name: z.string().min(1), absent: z.literal(true) }),
  z.object({ name: z.string().min(1), titles: z.array(z.string().min(1)), articles: z.array(z.string()).optional() }),
]);
export type OfficialLabel = z.infer<typeof Label>;

export function readOfficialLabels(file: string): OfficialLabel[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((line, i) => {
      const parsed = Label.safeParse(JSON.parse(line));
      if (!parsed.success) throw new WendaError(`${file}:${i + 1}: ${parsed.error.issues[0]?.message}`);
      return parsed.data;
    });
}

export interface OfficialsReport {
  people: number;
  titleRecall: number;
  titlePrecision: number;
  /** Share of the labelled articles that /who lists, over all labelled people, and how many people get ≥ 90 % of theirs. */
  articleRecall: number;
  peopleWithNinetyPercentOfArticles: number;
  peopleWithArticles: number;
  absent: number;
  absentRefused: number;
}

const same = (t: string) => t.replace(/\s+/gu, '');

/** Scores /who against hand labels: titles (micro recall and precision), articles listed, absent names refused. */
export function evaluateOfficials(people: PeopleDirectory, labels: OfficialLabel[]): OfficialsReport {
  let labelled = 0;
  let predicted = 0;
  let matched = 0;
  let articlesWanted = 0;
  let articlesListed = 0;
  let ninety = 0;
  let withArticles = 0;
  let absent = 0;
  let refused = 0;
  for (const label of labels) {
    const result = people.who(label.name);
    if ('absent' in label) {
      absent++;
      if (!result.found) refused++;
      continue;
    }
    const titles = new Set(result.people.flatMap((p) => p.titles.map((t) => same(t.title))));
    const wanted = new Set(label.titles.map(same));
    labelled += wanted.size;
    predicted += titles.size;
    matched += [...wanted].filter((t) => titles.has(t)).length;
    if (label.articles) {
      const listed = new Set(result.people.flatMap((p) => p.articles.map((a) => a.source)));
      const hits = label.articles.filter((a) => listed.has(a)).length;
      articlesWanted += label.articles.length;
      articlesListed += hits;
      withArticles++;
      if (hits >= 0.9 * label.articles.length) ninety++;
    }
  }
  return {
    people: labels.length - absent,
    titleRecall: round(matched / Math.max(1, labelled), 3),
    titlePrecision: round(matched / Math.max(1, predicted), 3),
    articleRecall: round(articlesListed / Math.max(1, articlesWanted), 3),
    peopleWithNinetyPercentOfArticles: ninety,
    peopleWithArticles: withArticles,
    absent,
    absentRefused: refused,
  };
}
