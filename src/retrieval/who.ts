import type Database from 'better-sqlite3';
import { WendaError } from '../errors.js';
import { lexicon, organisationOf, postEndingAt, RANK, saysShort, wordBoundaries, wordTag } from '../text/lexicon.js';
import { arabic } from '../text/numerals.js';
import { sameOrganisation } from '../text/organisations.js';
import { latinKey, pinyinKey, pinyinKeyAndInitials, pinyinMatches, pinyinSyllables, withoutToneMarks, withoutUmlaut } from '../text/pinyin.js';
import { charLength, foldAll, foldName, sentences, simplify, unitsWithin, withoutLinks } from '../text/text.js';
import { decodePlaced } from '../store/placed-passages.js';

export interface PersonAnswer {
  name: string;
  /** Named only in bylines (a reporter, a photographer, an editor), not an official. */
  reporter: boolean;
  /** Merged across articles, with every article that states each, most attested first. */
  titles: { title: string; sources: string[] }[];
  /** An article filed under several folders is listed once, with every file that holds it (`sources`, its own first). */
  articles: { source: string; sources: string[]; title: string; date: string | null }[];
  mentions: { source: string; paragraph: number; text: string }[];
}

export interface WhoResult {
  query: string;
  /** Whether the query reads as a title (it ends with a post: 主任, 总理), rather than a name. */
  asksTitle: boolean;
  found: boolean;
  people: PersonAnswer[];
  /** Close names when nothing matched (蔡琦 → 蔡奇): offered, never taken for the answer. */
  suggestions: string[];
  /** The people who match beyond those listed (MAX_PEOPLE at most are, the most attested first). */
  more: number;
}

export interface Choice {
  name: string;
  value: string;
}

/** Whether a query ends with a post (主任, 部长, 总理): it asks who holds a title. */
const namesPost = (query: string) => postEndingAt(query, query.length) !== null;

/**
 * What a /who that found nobody says, the query and suggestions as the caller shows them (escaped, cut): a title
 * nobody holds, or a name nobody has, with the close names found.
 */
export function notFoundLine({ asksTitle }: WhoResult, query: string, suggestions: string[]): string {
  const hint = suggestions.length ? ` Did you mean ${suggestions.join(', ')}?` : '';
  return `${asksTitle ? `No one in the articles holds the title ${query}.` : `Nobody called ${query} in the articles.`}${hint}`;
}

/**
 * What an answer leaves out, when `shown` of its people are shown: how many more match, and for a bare post, how to
 * narrow it. Null when every one is shown.
 */
export function moreLine(result: WhoResult, shown: number, query: string): string | null {
  const left = result.people.length - shown + result.more;
  if (left <= 0) return null;
  const one = left === 1;
  const who = `${left} more ${one ? 'person' : 'people'} ${result.asksTitle ? `${one ? 'holds' : 'hold'} ${query}` : `${one ? 'is' : 'are'} called ${query}`}`;
  const narrow = result.asksTitle && !organisationOf(result.query) ? '; write the organisation or place with the post (区人大常委会主任, 吉林省省长) to narrow it' : '';
  return `… and ${who}: those the articles name most are shown${narrow}.`;
}

/**
 * A person's name as a heading: someone named only in bylines (a reporter, an editor, a photographer, whose role is
 * among the titles) is marked so, as no official.
 */
export function personHeading(person: { name: string; reporter: boolean }): string {
  return person.reporter ? `${person.name} (byline)` : person.name;
}

interface PersonRow {
  id: number;
  name: string;
  reporter: boolean;
  pinyin: string;
  initials: string;
  titles: string[];
  /** The titles in the form a query is matched in (foldName: ＡＢＣ集团 and ABC集团 alike). */
  foldedTitles: string[];
}

// pinyin as typed: letters, ü or u: or v for ü, tone digits, apostrophes
const LATIN = /^[a-zü\s'’:0-9-]+$/u;
const MENTIONS = 3;
/** People a title query answers with at most (the most attested first): a common title can match hundreds. */
export const MAX_PEOPLE = 10;

/** Why a query without a name or title is refused (the bot declines it before looking, the CLI says it). */
export const NO_NAME = 'there is no name or title in it; give a name (庄荣文) or a title (中央网信办主任).';

/** The longest name or title looked up (the bot's /who option takes no more either): no name or title is longer. */
export const MAX_NAME_CHARS = 100;
// The longest name a query may give beside a title (欧阳光明, 巴音朝鲁).
const LONGEST_NAME = 4;
export const TOO_LONG = `a name or title is at most ${MAX_NAME_CHARS} characters.`;

/**
 * A query without what asks it or honours the person, which a user may type around a name or title: punctuation at
 * either end (庄荣文？), 谁是 and 是谁 (誰是, 是誰), 同志 after a name, who is (Who is Zhuang Rongwen?), and Discord's
 * mentions and links, which name nobody in the articles (/who @everyone, a user's <@123>).
 */
export function asked(typed: string): string {
  const raw = withoutLinks(typed);
  const ends = /^[\p{P}\p{S}\s]+|[\p{P}\p{S}\s]+$/gu;
  const query = raw
    .replace(ends, '')
    .replace(/^(?:who(?:'s|’s|\s+(?:is|was|are))(?:\s+|$))|^[谁誰]是/iu, '')
    .replace(/(?:是[谁誰]|同志)$/u, '')
    .replace(ends, '');
  // a title may open with a quoted campaign (“不忘初心、牢记使命”主题教育领导小组组长): a quote closed inside it is its own,
  // when its marks pair up with it (not “庄荣文”和“李斌, whose last quote was cut)
  const opening = /^[\s谁誰是]*([“「‘『"])/u.exec(raw)?.[1];
  if (!opening || query.startsWith(opening) || !query.includes(CLOSING[opening]!)) return query;
  const count = (text: string, mark: string) => text.split(mark).length - 1;
  return opening === CLOSING[opening] || count(query, opening) + 1 === count(query, CLOSING[opening]!) ? opening + query : query;
}

const CLOSING: Record<string, string> = { '“': '”', '「': '」', '‘': '’', '『': '』', '"': '"' };

/** A folded query as read: pinyin without its tone marks (Liú Yǒngfù is pinyin), anything else as it is. */
function asTyped(folded: string): { latin: boolean; text: string } {
  const unmarked = withoutToneMarks(folded);
  return LATIN.test(unmarked) ? { latin: true, text: unmarked } : { latin: false, text: folded };
}

function oneEditApart(a: string, b: string): boolean {
  const x = [...a];
  const y = [...b];
  if (x.length !== y.length) return false;
  return x.filter((c, i) => c !== y[i]).length === 1;
}

// The level a title of a place starts with (省政协主席, 镇党委书记): a place's name may stand in front of it.
const PLACE_LEVEL = /^[省市区县镇乡]/u;

/**
 * A title that is the query in a named place (河北省政协主席, 四季青镇党委书记 for 省政协主席, 镇党委书记): the query
 * starts with a level, and the characters before it make a place with it, not another word (自治区政协主席 is no
 * 区政协主席).
 */
function inPlace(title: string, query: string): boolean {
  if (!PLACE_LEVEL.test(query) || title.length <= query.length || !title.endsWith(query)) return false;
  const prefix = title.slice(0, -query.length);
  return [1, 2, 3].every((k) => {
    const tag = wordTag(prefix.slice(-k) + query[0]);
    return tag === undefined || tag.startsWith('ns');
  });
}

/**
 * A title as it is said and as it is written alike: a place's level is said once before a post that heads it (重庆市市长
 * and 重庆市长, 四季青镇镇长 and 四季青镇长, 重庆市副市长 and 重庆副市长 are each one title).
 */
function spokenForm(title: string): string {
  return title.replace(/([省市区县镇乡])((?:常务)?[副代]?\1长)$/u, '$2');
}

/**
 * A title with its body's last character written twice, as articles write it (水利部长 → 水利部部长, 工信副部长 →
 * 工信部副部长): said aloud, a post that heads its body shares the body's last character. Null when no body stands
 * before the post, or it already ends so (北京大学校长 is read as typed first, and nobody holds 北京大学校校长).
 */
function writtenInFull(title: string): string | null {
  const post = postOf(title);
  const head = /^(?:常务)?[副代]?(\p{Script=Han})长$/u.exec(post)?.[1];
  const body = title.slice(0, -post.length);
  return head === undefined || body === '' || body.endsWith(head) ? null : body + head + post;
}

/** An article holding a passage, and the passage. */
interface WhereRow {
  id: number;
  source: string;
  title: string;
  date: string | null;
  paragraph: number;
  text: string;
}

/** A name's family name in pinyin as it may be typed: its first syllable, or its first two (a compound: Ouyang). */
function familyPinyin(name: string): string[] {
  const syllables = pinyinSyllables(name);
  return [syllables[0] ?? '', syllables.slice(0, 2).join('')];
}

/**
 * The post a title ends with (主任 of 区人大常委会主任, 副区长 of 区政府副区长): what the organisation part leaves, with the
 * rank written before a post the dictionary lists no deputy of (副行长, 常务副总经理): a 副行长 is no 行长. A rank is a
 * word of its own in jieba's cut of the title, not the end of the organisation's name (宁德时代董事长, 北京现代总经理).
 */
function postOf(title: string): string {
  const organisation = organisationOf(title);
  const rank = /(?:常务)?[副代]$/u.exec(organisation)?.[0] ?? '';
  const ranked = rank !== '' && wordBoundaries(title).has(organisation.length - rank.length);
  return (ranked ? rank : '') + title.slice(organisation.length);
}

// Posts every member of a body holds: 国务委员 is no 委员 of anything
const MEMBER = /^(?:委员|成员)$/u;

/**
 * Whether a title holds a bare post: as its post (区人大常委会主任 for 主任), or as a post that names its own organisation
 * (国务院总理 for 总理) or that a rank opens (常务副主任 for 副主任); never as another post (副总理, 代区长, 党组书记,
 * 国务委员 for 委员).
 */
function holdsPost(title: string, post: string): boolean {
  const own = postOf(title);
  if (own === post) return true;
  if (own.length <= post.length || !own.endsWith(post)) return false;
  const before = own.slice(0, -post.length);
  return before === RANK || (lexicon().ownPosts.has(own) && !/[副代]$/u.test(before) && !MEMBER.test(post));
}

/** The people of an index, loaded once: answers /who by name, title or pinyin, and offers completions. */
export class PeopleDirectory {
  private readonly people: PersonRow[];
  private readonly titlesStmt: Database.Statement;
  private readonly passagesStmt: Database.Statement;
  private readonly articlePassagesStmt: Database.Statement;
  private readonly whereStmt: Database.Statement;

  constructor(db: Database.Database) {
    // the titles alone: joined with the sources views in SQL, every segment's articles would be read at each call
    this.titlesStmt = db.prepare('SELECT title, passages FROM person_titles WHERE person_id = ?').raw();
    this.passagesStmt = db.prepare('SELECT passages FROM people WHERE id = ?').pluck();
    this.articlePassagesStmt = db.prepare('SELECT passage_id FROM passage_sources WHERE article_id = ? ORDER BY ordinal').pluck();
    this.whereStmt = db.prepare(
      `SELECT a.id, a.source, a.title, a.date, s.paragraph, p.text FROM passage_sources s
       JOIN articles a ON a.id = s.article_id JOIN passages p ON p.id = s.passage_id WHERE s.passage_id = ? ORDER BY a.id`,
    );
    const titles = new Map<number, string[]>();
    for (const [person, title] of db.prepare('SELECT person_id, title FROM person_titles ORDER BY count DESC, person_id, title').raw().all() as [number, string][]) {
      // appended in place: a person's list copied at each title grew with the square of its titles
      const held = titles.get(person);
      if (held) held.push(title);
      else titles.set(person, [title]);
    }
    // every title folded in one call (foldAll), then dealt back to its person
    const folded = foldAll([...titles.values()].flat(), foldName).map(spokenForm);
    const foldedTitles = new Map<number, string[]>();
    let at = 0;
    for (const [person, held] of titles) foldedTitles.set(person, folded.slice(at, (at += held.length)));
    // the most mentioned first
    const rows = db.prepare('SELECT id, name, reporter FROM people ORDER BY mentions DESC, id').all() as { id: number; name: string; reporter: number }[];
    this.people = rows.map((r) => {
      const { key, initials } = pinyinKeyAndInitials(r.name);
      return { id: r.id, name: r.name, reporter: r.reporter === 1, pinyin: key, initials, titles: titles.get(r.id) ?? [], foldedTitles: foldedTitles.get(r.id) ?? [] };
    });
  }

  /**
   * People by name, or by name and title as one refers to someone, the title after the name or before it (刘长利主任,
   * 中央网信办主任庄荣文): those of the name who hold the title. Of a name none of whose people hold it (钟山区委书记 of
   * 钟山, a minister), the query is read as a title, and the name suggested.
   */
  private byName(query: string): PersonRow[] {
    const exact = this.people.filter((p) => p.name === query);
    return exact.length > 0 ? exact : this.namedWithTitle(query).flatMap((n) => n.holding);
  }

  /**
   * The ways a query reads as a name with a post before or after it: the people of that name, and those of them who
   * hold the post (or a longer title ending with it, of the same post: a 副主任 holds no 主任). Longest names first.
   */
  private namedWithTitle(query: string): { people: PersonRow[]; holding: PersonRow[] }[] {
    const readings: { people: PersonRow[]; holding: PersonRow[] }[] = [];
    for (let length = Math.min(LONGEST_NAME, query.length - 2); length >= 2; length--) {
      for (const [name, title] of [[query.slice(0, length), query.slice(length)], [query.slice(-length), query.slice(0, -length)]] as const) {
        if (!namesPost(title)) continue;
        const people = this.people.filter((p) => p.name === name);
        const spoken = spokenForm(title);
        const forms = [spoken, writtenInFull(spoken) ?? spoken];
        // the post held as typed, or typed more fully (中共安徽省委书记 for 安徽省委书记, 海淀区委书记 for 区委书记)
        const holds = (t: string) => postOf(t) === postOf(spoken) && forms.some((f) => t.endsWith(f) || f.endsWith(t));
        if (people.length > 0) readings.push({ people, holding: people.filter((p) => p.foldedTitles.some(holds)) });
      }
    }
    return readings;
  }

  /** People by the pinyin of their name, written family name first, or (Changli Liu) last as English writes it. */
  private byPinyin(latin: string): PersonRow[] {
    const found = this.spelledBy(latinKey(latin));
    const words = latin.trim().split(/\s+/u);
    return found.length || words.length < 2 ? found : this.spelledBy(latinKey([words.at(-1)!, ...words.slice(0, -1)].join(' ')));
  }

  private spelledBy(key: string): PersonRow[] {
    return this.people.filter((p) => pinyinMatches(key, p.pinyin));
  }

  /** The name of the person most mentioned whose name `latin` spells in pinyin, family name first (Zeng Jin), or null. */
  nameSpelled(latin: string): string | null {
    return this.spelledBy(latinKey(latin))[0]?.name ?? null;
  }

  /**
   * People holding a title: a bare post (主任, 部长) in any organisation; else exactly, or with the organisation
   * abbreviated or in full (工信部部长 / 工业和信息化部部长), then in a named place (inPlace); only when nobody does, in
   * any organisation (a title that ends with it: 区人大常委会主任 for 人大常委会主任) and, for three characters or more,
   * inside a longer title. The post is always the query's own: a 副区长 is no 区长, a 副秘书长 no 秘书长.
   */
  private byTitle(query: string): PersonRow[] {
    const organisation = organisationOf(query);
    const post = postOf(query);
    // the title as written first: 中央 may abbreviate 中央网信办, but whoever holds the query's own title comes before
    const exact = (title: string) => title === query;
    const same = (title: string) => !!organisation && postOf(title) === post && sameOrganisation(organisationOf(title), organisation);
    const holders = (...tiers: ((title: string) => boolean)[]) => {
      const found = new Set<PersonRow>();
      for (const holds of tiers) for (const p of this.people) if (!found.has(p) && p.foldedTitles.some(holds)) found.add(p);
      return [...found];
    };
    if (!organisation && namesPost(query)) return holders((t) => holdsPost(t, post));
    const held = holders(exact, same, (t) => postOf(t) === post && inPlace(t, query));
    if (held.length > 0 || !namesPost(query)) return held;
    // a query that names an organisation holds its post's first character beside it: 政府秘书长 is in no 市政府副秘书长
    return holders(
      (t) => postOf(t) === post && t.endsWith(query),
      (t) => query.length >= 3 && t.includes(query),
    );
  }

  /**
   * The titles someone holds that a title nobody holds ends with, with its post (海淀区委书记 → 区委书记, 上海市长 →
   * 市长): the article may not name the place or organisation beside the title. Longest first; the bare post only
   * when no title names more of the query; when there is none, the titles that end with the query.
   */
  private titlesWithin(query: string): string[] {
    const post = postOf(query);
    const all = [...new Set(this.people.flatMap((p) => p.foldedTitles))];
    const held = all.filter((t) => t !== query && query.endsWith(t) && postOf(t) === post);
    const named = held.filter((t) => t !== post);
    if (held.length > 0) return (named.length ? named : held).sort((a, b) => b.length - a.length).slice(0, 3);
    // a post nobody holds as such: the titles held that end with it, shortest first (代区长, 副区长 for 区长)
    return all.filter((t) => t.endsWith(query)).sort((a, b) => a.length - b.length || a.localeCompare(b)).slice(0, 3);
  }

  private suggestions(query: string): string[] {
    const names = new Set<string>();
    const latin = LATIN.test(query);
    const py = latin ? latinKey(query) : pinyinKey(query);
    for (const p of this.people) {
      if (p.name === query) continue;
      // a family name alone (刘, or Liu) suggests the people who bear it: in pinyin, their first syllable or two (Ouyang)
      const family = latin ? familyPinyin(p.name).some((f) => pinyinMatches(py, f)) : p.name.startsWith(query);
      if (oneEditApart(p.name, query) || (py && pinyinMatches(py, p.pinyin)) || family || (query.length >= 2 && p.name.includes(query))) names.add(p.name);
    }
    return [...names].slice(0, 5);
  }

  private answer(person: PersonRow): PersonAnswer {
    // a passage's articles, read once per answer (a passage may hold a title and a mention)
    const seen = new Map<number, WhereRow[]>();
    const where = (id: number) => seen.get(id) ?? seen.set(id, this.whereStmt.all(id) as WhereRow[]).get(id)!;
    const titles = (this.titlesStmt.all(person.id) as [string, Buffer][]).flatMap(([title, blob]) => decodePlaced(blob).map((placed) => ({ title, ...placed })));
    // in file order; a passage's titles as the grouping gave them
    const titleRows = titles
      .flatMap(({ title, rank, passage, order }) => where(passage).map((a) => ({ title, rank, order, id: a.id, source: a.source })))
      .sort((a, b) => a.rank - b.rank || a.id - b.id || a.order - b.order);

    // the passages that mention the person or give a title, each once, in file order
    const ranks = new Map<number, number>();
    for (const { rank, passage } of [...decodePlaced(this.passagesStmt.get(person.id) as Buffer), ...titles]) ranks.set(passage, rank);
    const passages = [...ranks].sort((a, b) => a[1] - b[1]).map(([passage]) => passage);
    // an article filed under several folders (the same title and date, the same passages) is one article, as /ask
    // counts a passage's files: its first file stands for it, in the titles' counts and in the list. An article's
    // passages are read only when another of its title and date names the person too.
    const read = new Map<string, { row: WhereRow; passages: number[] }>();
    for (const passage of passages) for (const r of where(passage)) (read.get(r.source) ?? read.set(r.source, { row: r, passages: [] }).get(r.source)!).passages.push(passage);
    const titled = new Map<string, string[]>();
    for (const [source, { row }] of read) {
      const key = `${row.title}\n${row.date}`;
      (titled.get(key) ?? titled.set(key, []).get(key)!).push(source);
    }
    const articles = new Map<string, { source: string; sources: string[]; title: string; date: string | null; count: number }>();
    for (const sources of titled.values()) {
      const firstFile = new Map<string, string>();
      for (const source of sources) {
        const { row, passages: named } = read.get(source)!;
        const key = sources.length === 1 ? '' : (this.articlePassagesStmt.all(row.id) as number[]).join(',');
        const first = firstFile.get(key);
        if (first !== undefined) articles.get(first)!.sources.push(source);
        else {
          firstFile.set(key, source);
          articles.set(source, { source, sources: [source], title: row.title, date: row.date, count: named.length });
        }
      }
    }
    const standsFor = new Map([...articles.values()].flatMap((a) => a.sources.map((s): [string, string] => [s, a.source])));
    // one title written with its numbers in digits or in Chinese (中央第23指导组组长, 中央第二十三指导组组长) is one title,
    // shown as most of its mentions write it (the first written so, on a tie)
    const forms = new Map<string, Map<string, number>>();
    for (const { title } of titleRows) {
      const counts = forms.get(arabic(title)) ?? forms.set(arabic(title), new Map()).get(arabic(title))!;
      counts.set(title, (counts.get(title) ?? 0) + 1);
    }
    const shown = new Map([...forms].map(([key, counts]) => [key, [...counts].sort((a, b) => b[1] - a[1])[0]![0]]));
    const sources = new Map<string, Set<string>>();
    for (const r of titleRows) {
      const title = shown.get(arabic(r.title))!;
      sources.set(title, (sources.get(title) ?? new Set()).add(standsFor.get(r.source)!));
    }
    const allTitles = [...sources.keys()];
    // a title said short (市长, 市委副书记) for the one title of the person it can be (重庆市市长, 重庆市委副书记): the
    // articles that say it state that title. A bare post that could be several says nothing more (副主任 beside
    // 区人大常委会副主任 and 区政协副主任); a short title with an organisation that could be several stays as written.
    const short = allTitles.filter((title) => {
      const longer = allTitles.filter((other) => saysShort(title, other));
      if (longer.length === 1) for (const source of sources.get(title)!) sources.get(longer[0]!)!.add(source);
      return longer.length === 1 || (longer.length > 1 && !organisationOf(title));
    });
    const held = allTitles
      .filter((t) => !short.includes(t))
      .map((title) => ({ title, sources: [...sources.get(title)!] }))
      .sort((a, b) => b.sources.length - a.sources.length);
    const listed = [...articles.values()].sort((a, b) => b.count - a.count || (b.date ?? '').localeCompare(a.date ?? '') || a.source.localeCompare(b.source));
    // quoted from the articles as they are listed (those that name the person most first), each in file order: a
    // stray mention in an article about something else is not the first thing shown
    const place = new Map(listed.map((a, i) => [a.source, i]));
    const placeOf = (passage: number) => place.get(standsFor.get(where(passage)[0]!.source)!)!;
    const quoted = passages.filter((p) => where(p).length > 0).sort((p, q) => placeOf(p) - placeOf(q));
    const mentions = quoted.slice(0, MENTIONS).map((passage) => {
      const first = where(passage)[0]!;
      // a person named only in the headline is stored at the article's first passage: quote the headline
      // names are stored simplified: an article in traditional script is searched as simplified, quoted as written
      const names = (text: string) => simplify(text).includes(person.name);
      const sentence = sentences(first.text).find(names) ?? (names(first.title) ? first.title : first.text);
      return { source: first.source, paragraph: first.paragraph, text: sentence.trim() };
    });
    return {
      name: person.name,
      reporter: person.reporter,
      titles: held,
      articles: listed.map(({ count: _, ...a }) => a),
      mentions,
    };
  }

  /**
   * A person by name (or pinyin), or the people holding a title; an unknown name is found: false, with suggestions
   * (close names; for a title nobody holds, the held titles it ends with).
   */
  who(rawQuery: string): WhoResult {
    if (charLength(rawQuery) > MAX_NAME_CHARS) throw new WendaError(TOO_LONG);
    const query = asked(rawQuery);
    if (!query) throw new WendaError(NO_NAME);
    const { latin, text } = asTyped(foldName(query));
    const q = latin ? text : text.replace(/\s+/gu, '');
    const byName = latin ? this.byPinyin(q) : this.byName(q);
    const title = spokenForm(q);
    const full = writtenInFull(title);
    const held = byName.length || latin ? [] : this.byTitle(title);
    const matches = byName.length || latin ? byName : held.length > 0 || full === null ? held : this.byTitle(full);
    const asksTitle = !latin && byName.length === 0 && namesPost(q);
    if (matches.length === 0) {
      const named = latin ? [] : [...new Set(this.namedWithTitle(q).flatMap((n) => n.people.map((p) => p.name)))];
      const suggestions = [...new Set([...named, ...(asksTitle ? this.titlesWithin(title) : this.suggestions(q))])].slice(0, 5);
      return { query, asksTitle, found: false, people: [], suggestions, more: 0 };
    }
    return { query, asksTitle, found: true, people: matches.slice(0, MAX_PEOPLE).map((p) => this.answer(p)), suggestions: [], more: Math.max(0, matches.length - MAX_PEOPLE) };
  }

  /** Completions for a partial name, title or pinyin, best first (Discord shows 25 at most). */
  complete(rawPrefix: string, limit = 25): Choice[] {
    const prefix = asTyped(foldName(rawPrefix).trim()).text;
    const out = new Map<string, Choice>();
    const add = (value: string, label: string) => {
      if (out.size < limit && !out.has(value)) out.set(value, { name: unitsWithin(label, 100), value: unitsWithin(value, 100) });
    };
    const label = (p: PersonRow) => (p.titles[0] ? `${p.name} · ${p.titles[0]}` : p.name);
    if (!prefix) {
      for (const p of this.people) add(p.name, label(p));
      return [...out.values()];
    }
    if (LATIN.test(prefix)) {
      const key = latinKey(prefix);
      const typed = (stored: string) => (key.includes('v') ? stored : withoutUmlaut(stored));
      for (const p of this.people) if (typed(p.pinyin).startsWith(key) || p.initials === key) add(p.name, label(p));
      return [...out.values()];
    }
    for (const p of this.people) if (p.name.startsWith(prefix)) add(p.name, label(p));
    for (const p of this.people) if (p.name.includes(prefix)) add(p.name, label(p));
    for (const p of this.people) p.titles.forEach((t, i) => p.foldedTitles[i]!.includes(prefix) && add(t, `${t} · ${p.name}`));
    return [...out.values()];
  }
}
