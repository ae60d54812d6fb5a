import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { WendaError } from '../errors.js';
import { saysShort } from '../text/lexicon.js';
import { arabic } from '../text/numerals.js';
import { readJsonLines, round } from './evaluate.js';
import { MAX_PEOPLE, type PeopleDirectory, type PersonAnswer } from './who.js';

// Two label formats: bench/officials.jsonl ({name, titles, articles} or {name, absent}) and who-dev's
// ({name, titles, title_variants, sources}; a row with neither titles nor sources is an absent name).
const Row = z.union([
  z.object({ name: z.string().min(1), absent: z.literal(true) }),
  z.object({
    name: z.string().min(1),
    titles: z.array(z.string().min(1)),
    title_variants: z.array(z.string().min(1)).optional(),
    articles: z.array(z.string()).optional(),
    sources: z.array(z.string()).optional(),
  }),
]);
const Meta = z.object({ name: z.string(), context_completed_titles: z.record(z.string(), z.object({ role: z.string() })).optional() });
const HolderRow = z.object({ title: z.string().min(1), names: z.array(z.string().min(1)) });

/** A labelled person: titles as written, shorter forms also accepted, forms completed from context, their articles. */
export interface OfficialLabel {
  name: string;
  absent: boolean;
  titles: string[];
  variants: string[];
  /** A title completed with the organisation the article implies (陕西省委书记) → the title as written (省委书记). */
  completed: Record<string, string>;
  articles: string[] | null;
}
export interface HolderLabel {
  title: string;
  names: string[];
}

/** The people of a label file in either format; `metaFile` adds who-dev's context-completed titles. */
function readOfficialLabels(file: string, metaFile?: string): OfficialLabel[] {
  const completed = new Map<string, Record<string, string>>();
  if (metaFile) {
    for (const m of readJsonLines(metaFile, Meta, 'label file')) {
      completed.set(m.name, Object.fromEntries(Object.entries(m.context_completed_titles ?? {}).map(([full, { role }]) => [full, role])));
    }
  }
  return readJsonLines(file, Row, 'label file').map((row) => {
    if ('absent' in row) return { name: row.name, absent: true, titles: [], variants: [], completed: {}, articles: [] };
    const articles = row.articles ?? row.sources ?? null;
    return {
      name: row.name,
      absent: row.titles.length === 0 && articles !== null && articles.length === 0,
      titles: row.titles,
      variants: row.title_variants ?? [],
      completed: completed.get(row.name) ?? {},
      articles,
    };
  });
}

function readHolderLabels(file: string): HolderLabel[] {
  return readJsonLines(file, HolderRow, 'label file');
}

/** A labelled set: who-dev's folder (who-dev.jsonl, absent.jsonl, title-dev.jsonl, meta), or one people file. */
export function readLabelSet(where: string): { people: OfficialLabel[]; holders: HolderLabel[] } {
  if (!existsSync(where)) throw new WendaError(`the label set ${where} does not exist`);
  if (!where.endsWith('.jsonl')) {
    const file = (name: string) => path.join(where, name);
    const meta = existsSync(file('who-dev.meta.jsonl')) ? file('who-dev.meta.jsonl') : undefined;
    return {
      people: [...readOfficialLabels(file('who-dev.jsonl'), meta), ...(existsSync(file('absent.jsonl')) ? readOfficialLabels(file('absent.jsonl')) : [])],
      holders: existsSync(file('title-dev.jsonl')) ? readHolderLabels(file('title-dev.jsonl')) : [],
    };
  }
  return { people: readOfficialLabels(where), holders: [] };
}

export interface OfficialsReport {
  people: number;
  titleRecall: number;
  titlePrecision: number;
  /** Share of the labelled articles that /who lists, over all labelled people, and how many people get ≥ 90 % of theirs. */
  articleRecall: number;
  /** Share of the articles /who lists that are labelled (the others name someone else, or no one: 传于军中). */
  articlePrecision: number;
  peopleWithNinetyPercentOfArticles: number;
  peopleWithArticles: number;
  /** Title queries, and the mean share of right holders (see holderScore); null without title queries. */
  titleQueries: number;
  titleHolderAccuracy: number | null;
  absent: number;
  absentRefused: number;
}

const same = (t: string) => arabic(t.replace(/\s+/gu, ''));

/**
 * The labelled titles /who found, one answered title for each at most: the title as written, a form completed from
 * context, or a listed variant the title ends with (部长 for 教育部部长, 中央政治局委员 for 中共中央政治局委员).
 */
function titlesFound(label: OfficialLabel, answered: Set<string>): number {
  const unused = new Set(answered);
  const take = (t: string) => unused.has(t) && unused.delete(t);
  const open = label.titles.map(same).filter((t) => {
    const completions = Object.entries(label.completed).filter(([, role]) => same(role) === t).map(([full]) => same(full));
    return !take(t) && !completions.some(take);
  });
  const variants = label.variants.map(same);
  const missing = open.filter((t) => !variants.some((v) => t.endsWith(v) && take(v)));
  // a labelled title said short (省委书记) is found with the one labelled title it says short (河南省委书记), which /who
  // shows for both (with two, /who shows neither for it)
  const titles = label.titles.map(same);
  const foundFull = (t: string) => {
    const full = titles.filter((other) => saysShort(t, other));
    return full.length === 1 && !missing.includes(full[0]!);
  };
  return titles.length - missing.filter((t) => !foundFull(t)).length;
}

/** The people of a name the label is about: those sharing an article with it (a homonym elsewhere is someone else). */
function labelledPeople(label: OfficialLabel, people: PersonAnswer[]): PersonAnswer[] {
  if (!label.articles?.length) return people;
  const wanted = new Set(label.articles);
  const sharing = people.filter((p) => p.articles.some((a) => a.sources.some((s) => wanted.has(s))));
  return sharing.length ? sharing : people;
}

/**
 * A title query's score: right holders over the holders there should be, as many as an answer lists at most, or over
 * the holders answered when there are more of them (so both a missed holder and a wrong one cost).
 */
function holderScore(answered: string[], wanted: string[]): number {
  const right = answered.filter((n) => wanted.includes(n)).length;
  return right / Math.max(1, answered.length, Math.min(wanted.length, MAX_PEOPLE));
}

/**
 * Scores /who against hand labels: titles (micro recall and precision; an answered title is right as written, completed
 * from context or as a listed variant), articles listed, title queries answered with their holders, absent names refused.
 */
export function evaluateOfficials(people: PeopleDirectory, labels: OfficialLabel[], holders: HolderLabel[] = []): OfficialsReport {
  let labelled = 0;
  let predicted = 0;
  let matched = 0;
  let correct = 0;
  let articlesWanted = 0;
  let articlesListed = 0;
  let articlesShown = 0;
  let ninety = 0;
  let withArticles = 0;
  let absent = 0;
  let refused = 0;
  for (const label of labels) {
    const result = people.who(label.name);
    if (label.absent) {
      absent++;
      if (!result.found) refused++;
      continue;
    }
    const chosen = labelledPeople(label, result.people);
    const titles = new Set(chosen.flatMap((p) => p.titles.map((t) => same(t.title))));
    const right = new Set([...label.titles, ...label.variants, ...Object.keys(label.completed)].map(same));
    labelled += label.titles.length;
    predicted += titles.size;
    matched += titlesFound(label, titles);
    correct += [...titles].filter((t) => right.has(t)).length;
    if (label.articles) {
      // every file of an article filed under several folders is listed with it
      const listed = new Set(chosen.flatMap((p) => p.articles.flatMap((a) => a.sources)));
      const hits = label.articles.filter((a) => listed.has(a)).length;
      articlesWanted += label.articles.length;
      articlesListed += hits;
      articlesShown += listed.size;
      withArticles++;
      if (hits >= 0.9 * label.articles.length) ninety++;
    }
  }
  const scores = holders.map((h) => {
    const result = people.who(h.title);
    return holderScore([...new Set(result.people.map((p) => p.name))], h.names);
  });
  return {
    people: labels.length - absent,
    titleRecall: round(matched / Math.max(1, labelled), 3),
    titlePrecision: round(correct / Math.max(1, predicted), 3),
    articleRecall: round(articlesListed / Math.max(1, articlesWanted), 3),
    articlePrecision: round(articlesListed / Math.max(1, articlesShown), 3),
    peopleWithNinetyPercentOfArticles: ninety,
    peopleWithArticles: withArticles,
    titleQueries: holders.length,
    titleHolderAccuracy: holders.length ? round(scores.reduce((a, b) => a + b, 0) / holders.length, 3) : null,
    absent,
    absentRefused: refused,
  };
}
