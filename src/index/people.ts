import { organisationOf, wordTag } from '../text/lexicon.js';
import { sameOrganisation } from '../text/organisations.js';
import { findMentions, readsAsPhrase, type Mention } from './officials.js';
import { arabic } from '../text/numerals.js';
import { hanBigrams } from '../text/text.js';

/** A person as stored: one name, the titles the articles give them with the passages that say so, and every mention. */
export interface Person {
  name: string;
  reporter: boolean;
  titles: { title: string; passage: number }[];
  /** Passages that name the person (by the tokens of the passage, so 汪洋大海 is not 汪洋). */
  mentions: number[];
}

/**
 * People are found in two passes over every unit (passage or headline): the first finds names from structure alone
 * (namesFound); the names found anywhere, some lengthened (knownNames), become the known names with which the second
 * pass reads each unit again (findMentions(text, known), which uses known names only where the text holds them).
 * Both passes are per unit, and the collection-wide steps work on counts, so that a rebuild reads again only the
 * units it adds, deletes, or whose text holds a name that became known or stopped being known.
 */
export function namesFound(text: string): string[] {
  return findMentions(text)
    .filter((m) => !m.reporter)
    .map((m) => m.name);
}

/** How often a name must occur, always followed by the same character, before that character is taken for its own. */
const CUT_SHORT_MIN = 3;

/** Names of two or three characters: those that may have been found one character short. */
export const mayBeShort = (name: string) => name.length <= 3;

/** Names looked for in texts by their first two characters (every name has two or more). */
export class NameFinder {
  private readonly byStart = new Map<string, string[]>();
  private readonly first: Set<number>;

  constructor(names: Iterable<string>) {
    for (const name of names) append(this.byStart, name.slice(0, 2), name);
    this.first = new Set([...this.byStart.keys()].map((s) => s.charCodeAt(0)));
  }

  /** Each place of `text` where one of the names stands, with the name: a place where none starts makes no string. */
  *in(text: string): Generator<[at: number, name: string]> {
    for (let i = 0; i + 1 < text.length; i++) {
      if (!this.first.has(text.charCodeAt(i))) continue;
      for (const name of this.byStart.get(text.slice(i, i + 2)) ?? []) if (text.startsWith(name, i)) yield [i, name];
    }
  }

  /** Whether `text` holds one of the names. */
  holds(text: string): boolean {
    return !this.in(text).next().done;
  }
}

/** Per name (of those given), how often each character follows it in the texts ('' at a text's end). */
export function followers(texts: Iterable<string>, names: ReadonlySet<string>): Map<string, Map<string, number>> {
  const next = new Map<string, Map<string, number>>();
  if (names.size === 0) {
    // nothing to look for: the texts are not read, but their iterator is ended (a statement's holds its connection)
    texts[Symbol.iterator]().return?.();
    return next;
  }
  const finder = new NameFinder(names);
  for (const text of texts) {
    for (const [i, name] of finder.in(text)) {
      const after = next.get(name) ?? new Map<string, number>();
      const c = text[i + name.length] ?? '';
      after.set(c, (after.get(c) ?? 0) + 1);
      next.set(name, after);
    }
  }
  return next;
}

/**
 * Names found one character short (赵乐 of 赵乐际: 际 looks like no name's character): a name of two or three
 * characters that the collection writes at least CUT_SHORT_MIN times, every time followed by the same Han character,
 * is the longer name, since a name's own end is followed by whatever the sentence goes on with. `next` holds the
 * followers of every short name found, over the whole collection.
 */
export function knownNames(found: Iterable<string>, next: ReadonlyMap<string, ReadonlyMap<string, number>>): Set<string> {
  const longer = (name: string) => {
    const after = [...(next.get(name) ?? [])].filter(([, n]) => n > 0);
    if (after.length !== 1) return name;
    const [c, n] = after[0]!;
    return n >= CUT_SHORT_MIN && /^\p{Script=Han}$/u.test(c) ? name + c : name;
  };
  const names = new Set([...found].map((name) => (mayBeShort(name) ? longer(name) : name)));
  return new Set([...names].filter((name) => !nameAndFunctionWord(name, names)));
}

/**
 * Whether a name is another known name and then a preposition or conjunction (龚正在 of 省长龚正在开班式上, 周波和 of
 * 周波和省委常委): the shorter name, found elsewhere, and the word that opens what follows it.
 */
function nameAndFunctionWord(name: string, names: ReadonlySet<string>): boolean {
  return names.has(name.slice(0, -1)) && /^[cp]$/u.test(wordTag(name.slice(-1)) ?? '');
}

class UnionFind {
  private readonly parent = new Map<string, string>();
  find(x: string): string {
    let p = this.parent.get(x) ?? x;
    if (p !== x) {
      p = this.find(p);
      this.parent.set(x, p);
    }
    return p;
  }
  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(ra, rb);
  }
}

// Bigrams every organisation of the campaign shares: they say nothing about which organisation a title names.
const GENERIC = new Set(['中央', '主题', '题教', '教育', '领导', '导小', '小组', '不忘', '忘初', '初心', '牢记', '记使', '使命', '党组', '党委']);

/** What tells one organisation from another: the Han bigrams of its name (numerals as digits), generic ones left out. */
function organisationBigrams(title: string): string[] {
  const org = arabic(organisationOf(title));
  return hanBigrams(org).filter((b) => !GENERIC.has(b));
}

type Observation = { passage: number; mention: Mention };
/** A unit's articles, by id (a view of the file order's arrays, not a copy). */
type Articles = Int32Array | readonly number[];

/**
 * One name's officials. Titles stated in one article, whose organisations share a distinctive bigram (中央第8指导组
 * and 主题教育第8指导组), or whose organisations are one written in full and abbreviated, are one person's; titles that share nothing make two (two 李斌 in different organisations).
 * Titles without an organisation (副主任, 局领导) and plain mentions go to the person with titles in the same article,
 * else to the most attested one.
 */
function officialsNamed(name: string, observations: Observation[], passages: number[], articlesOf: (p: number) => Articles): Person[] {
  const uf = new UnionFind();
  const firstInArticle = new Map<number, string>();
  const byBigram = new Map<string, string>();
  const titlesSeen = new Set<string>();
  // a name's titles repeat over its observations: each one's bigrams made once
  const bigrams = new Map<string, string[]>();
  const bigramsOf = (title: string) => bigrams.get(title) ?? bigrams.set(title, organisationBigrams(title)).get(title)!;
  const informative = (title: string) => bigramsOf(title).length > 0;
  for (const { passage, mention } of observations) {
    for (const title of mention.titles.filter(informative)) {
      uf.find(title);
      for (const a of articlesOf(passage)) {
        const first = firstInArticle.get(a);
        if (first) uf.union(title, first);
        else firstInArticle.set(a, title);
      }
      // one organisation in full and abbreviated (工信部 / 工业和信息化部): one person
      if (!titlesSeen.has(title)) {
        for (const other of titlesSeen) if (sameOrganisation(organisationOf(title), organisationOf(other))) uf.union(title, other);
        titlesSeen.add(title);
      }
      for (const b of bigramsOf(title)) {
        const other = byBigram.get(b);
        if (other) uf.union(title, other);
        else byBigram.set(b, title);
      }
    }
  }
  const clusters = new Map<string, Person & { articles: Set<number> }>();
  const clusterOf = (key: string) => {
    let c = clusters.get(key);
    if (!c) clusters.set(key, (c = { name, reporter: false, titles: [], mentions: [], articles: new Set() }));
    return c;
  };
  for (const { passage, mention } of observations) {
    for (const title of mention.titles.filter(informative)) {
      const c = clusterOf(uf.find(title));
      c.titles.push({ title, passage });
      for (const a of articlesOf(passage)) c.articles.add(a);
    }
  }
  // the first person who shares an article with the passage, else the first of the most titles
  const place = (passage: number) => {
    const articles = articlesOf(passage);
    let most: (Person & { articles: Set<number> }) | undefined;
    for (const c of clusters.values()) {
      if (articles.some((a) => c.articles.has(a))) return c;
      if (!most || c.titles.length > most.titles.length) most = c;
    }
    return most ?? clusterOf(''); // no title names an organisation: one person
  };
  for (const { passage, mention } of observations) {
    for (const title of mention.titles.filter((t) => !informative(t))) place(passage).titles.push({ title, passage });
  }
  for (const passage of passages) place(passage).mentions.push(passage);
  return [...clusters.values()].map(({ articles: _, ...person }) => person);
}

/** Appends in place: copying the list each time is quadratic for a name in tens of thousands of passages. */
function append<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * The person a term is named after (习近平新时代中国特色社会主义思想 names 习近平): a term that starts with a name and
 * that jieba's own dictionary does not know; its words that start with a name (汪洋大海) are not about the person.
 */
function eponymOf(word: string, names: ReadonlyMap<string, unknown>): string | undefined {
  if (word.length <= 4 || wordTag(word) !== undefined) return undefined;
  return [4, 3, 2].map((n) => word.slice(0, n)).find((prefix) => names.has(prefix));
}

/**
 * Groups the mentions of each name into people: officials by their titles (officialsNamed), and reporters named in
 * bylines as reporters of their own, never merged with an official who has the same name. `naming`: the words that
 * may name someone (a name, or a longer word that starts with one), each with the passages that hold it.
 */
export function groupPeople(
  mentionsByPassage: readonly (readonly Mention[])[],
  articlesOf: (passage: number) => Articles,
  naming: Iterable<readonly [word: string, passages: readonly number[]]>,
): Person[] {
  const byName = new Map<string, Observation[]>();
  mentionsByPassage.forEach((mentions, passage) => {
    for (const mention of mentions) append(byName, mention.name, { passage, mention });
  });
  const namedIn = new Map<string, number[]>();
  for (const [word, passages] of naming) {
    const name = byName.has(word) ? word : eponymOf(word, byName);
    if (!name) continue;
    const list = namedIn.get(name);
    if (list) for (const p of passages) list.push(p);
    else namedIn.set(name, [...passages]);
  }
  // each name's passages ascending and once (two words can name one person in a passage)
  for (const [name, passages] of namedIn) namedIn.set(name, [...new Set(passages.sort((a, b) => a - b))]);

  const people: Person[] = [];
  for (const [name, observations] of byName) {
    const bylines = observations.filter((o) => o.mention.reporter);
    const officials = observations.filter((o) => !o.mention.reporter);
    const bylinePassages = new Set(bylines.map((o) => o.passage));
    if (officials.length > 0) {
      const passages = (namedIn.get(name) ?? []).filter((p) => !bylinePassages.has(p));
      // a name that reads as a phrase (全|覆盖) is a person only where some article gives it a title
      people.push(...officialsNamed(name, officials, passages, articlesOf).filter((p) => p.titles.length > 0 || !readsAsPhrase(name)));
    }
    if (bylines.length > 0) {
      const passages = [...bylinePassages];
      // the role each byline gives (记者, 摄影, 责任编辑)
      people.push({ name, reporter: true, titles: bylines.flatMap((o) => o.mention.titles.map((title) => ({ title, passage: o.passage }))), mentions: passages });
    }
  }
  return people;
}

/**
 * People with their titles and mentions moved from the units they were found in (passages, then headlines) to the
 * passages that store them (a headline's: the first passage of its article), in place; what has no passage is
 * dropped.
 */
export function storedAt(people: Person[], passageOf: (unit: number) => number | undefined): Person[] {
  const has = (p: number | undefined): p is number => p !== undefined;
  // in place: at a million passages the people hold half a million titles, which a copy doubled at the build's peak
  for (const person of people) {
    let kept = 0;
    for (const t of person.titles) {
      const passage = passageOf(t.passage);
      if (!has(passage)) continue;
      t.passage = passage;
      person.titles[kept++] = t;
    }
    person.titles.length = kept;
    person.mentions = person.mentions.map(passageOf).filter(has);
  }
  return people;
}
