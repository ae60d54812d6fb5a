import type Database from 'better-sqlite3';
import { findMentions, type Mention } from './officials.js';
import { followers, knownNames, mayBeShort, NameFinder, namesFound } from './people.js';
import { simplify } from '../text/text.js';
import { simplifiedSql } from '../store/stored-text.js';
import { segmentSchema } from '../store/segments.js';
import { decodePostings } from '../store/postings-codec.js';
import type { AnalysisPool } from './analysis-pool.js';
import { encodeEdits } from '../store/text-edits.js';
import type { FileOrder } from './file-order.js';

/** Units are passages (kind 0) and headlines (kind 1), by stored id. */
export const PASSAGE = 0;
export const HEADLINE = 1;
export type Unit = { kind: number; id: number };
// namesMentioned's SQL makes the same key (kind || ':' || id)
const unitKey = (kind: number, id: number) => `${kind}:${id}`;

/** Longer than any headline: a "title" this long is a first line that holds a whole text, not read for names. */
const MAX_HEADLINE_CHARS = 300;

/** What a generation keeps so that the next build finds people reading only what changed. */
export interface PeopleState {
  /** Per short name found: how often each character follows it over all live units. */
  followers: Map<string, Map<string, number>>;
  known: Set<string>;
}

export const EMPTY_STATE: PeopleState = { followers: new Map(), known: new Set() };

/** Reads the state a generation's global database holds. */
export function readState(db: Database.Database): PeopleState {
  const followers = new Map<string, Map<string, number>>();
  for (const [name, follower, count] of db.prepare('SELECT name, follower, count FROM main.name_followers').raw().iterate() as Iterable<[string, string, number]>) {
    let after = followers.get(name);
    if (!after) followers.set(name, (after = new Map()));
    after.set(follower, count);
  }
  return { followers, known: new Set(db.prepare('SELECT name FROM main.known_names').pluck().all() as string[]) };
}

/**
 * Writes the units of a segment's rows in the id ranges given: each passage and headline simplified (titles and names
 * are matched so) with the names its structure gives; their mentions are read once the known names are (readMentions).
 */
export async function writeUnits(segment: Database.Database, passages: [number, number], articles: [number, number], pool: AnalysisPool): Promise<void> {
  const insert = segment.prepare("INSERT INTO units (kind, id, simplified_edits, found, mentions) VALUES (?, ?, ?, ?, '[]')");
  const rows = (kind: number, sql: string, [from, to]: [number, number]) => ({ kind, rows: segment.prepare(sql).raw(), from, to });
  const tables = [rows(PASSAGE, 'SELECT id, text FROM passages WHERE id >= ? AND id < ?', passages), rows(HEADLINE, 'SELECT id, title FROM articles WHERE id >= ? AND id < ?', articles)];
  // read in batches by id, so that only the batches in flight are in memory
  function* batches(): Generator<{ kind: number; ids: number[]; items: { text: string; headline: boolean }[] }> {
    for (const { kind, rows, from, to } of tables) {
      for (let at = from; at < to; at += UNIT_BATCH) {
        const read = rows.all(at, Math.min(to, at + UNIT_BATCH)) as [number, string][];
        yield { kind, ids: read.map(([id]) => id), items: read.map(([, text]) => ({ text, headline: kind === HEADLINE })) };
      }
    }
  }
  const expected = tables.reduce((n, t) => n + Math.ceil((t.to - t.from) / UNIT_BATCH), 0);
  for await (const [{ kind, ids }, read] of pool.map('units', batches(), expected)) {
    segment.transaction(() => ids.forEach((id, i) => insert.run(kind, id, read[i]!.edits, read[i]!.found)))();
  }
}

/** Units simplified and read for names at a time (analysis.ts). */
const UNIT_BATCH = 2000;

/** A unit as stored: its simplified text as edits of its text, and the names its structure gives (as JSON). */
export function readUnit({ text, headline }: { text: string; headline: boolean }): { edits: Uint8Array | null; found: string } {
  // reading a whole text for names would cost time that grows with the square of its length
  const simplified = headline && text.length > MAX_HEADLINE_CHARS ? '' : simplify(text);
  return { edits: encodeEdits(text, simplified), found: JSON.stringify(namesFound(simplified)) };
}

/** Reads the people of a segment's units in the id ranges given, with the known names (the pool's context). */
export async function readMentions(segment: Database.Database, passages: [number, number], articles: [number, number], pool: AnalysisPool): Promise<void> {
  const update = segment.prepare('UPDATE units SET mentions = ? WHERE kind = ? AND id = ?');
  const rows = segment.prepare(`SELECT kind, id, ${simplifiedSql()} FROM units u WHERE kind = ? AND id >= ? AND id < ?`).raw();
  const ranges: [number, [number, number]][] = [[PASSAGE, passages], [HEADLINE, articles]];
  function* batches(): Generator<{ kind: number; ids: number[]; items: string[] }> {
    for (const [kind, [from, to]] of ranges) {
      for (let at = from; at < to; at += UNIT_BATCH) {
        const read = rows.all(kind, at, Math.min(to, at + UNIT_BATCH)) as [number, number, string][];
        yield { kind, ids: read.map(([, id]) => id), items: read.map(([, , simplified]) => simplified) };
      }
    }
  }
  const expected = ranges.reduce((n, [, [from, to]]) => n + Math.ceil((to - from) / UNIT_BATCH), 0);
  for await (const [{ kind, ids }, mentions] of pool.map('mentions', batches(), expected)) {
    segment.transaction(() => ids.forEach((id, i) => update.run(mentions[i]!, kind, id)))();
  }
}

/** A unit's people as stored (JSON), with the known names. */
export const mentionsJson = (simplified: string, known: ReadonlySet<string>): string => JSON.stringify(findMentions(simplified, known));

const add = (into: Map<string, Map<string, number>>, from: Map<string, Map<string, number>>, sign: number) => {
  for (const [name, after] of from) {
    let to = into.get(name);
    if (!to) into.set(name, (to = new Map()));
    for (const [c, n] of after) to.set(c, (to.get(c) ?? 0) + sign * n);
  }
};

/** New names past this many are counted in one pass over every unit rather than looked up one by one. */
const ONE_BY_ONE = 50;

/**
 * The known names of the new generation and the state behind them. `view` is the new generation (its `units` view
 * holds every live unit, new ones included); `added` and `removed` are the simplified texts of the units this build
 * adds and deletes. Names found before keep their follower counts, moved by what was added and removed; names found
 * for the first time are counted over every live unit that holds them.
 */
export function updateKnown(
  view: Database.Database,
  before: PeopleState,
  added: Iterable<string>,
  removed: Iterable<string>,
): { followers: Map<string, Map<string, number>>; known: Set<string>; changed: string[] } {
  // each name once, by SQLite: most units name nobody, and those that do name the same few (a string a unit was a
  // twentieth of a small rebuild at 250,000 passages)
  const found = new Set(view.prepare("SELECT DISTINCT n.value FROM units u, json_each(u.found) n WHERE u.found != '[]'").pluck().all() as string[]);
  const short = [...found].filter(mayBeShort);
  const kept = new Set(short.filter((n) => [...(before.followers.get(n)?.values() ?? [])].some((c) => c > 0)));
  const next = new Map<string, Map<string, number>>();
  add(next, new Map([...before.followers].filter(([n]) => kept.has(n))), 1);
  add(next, followers(added, kept), 1);
  add(next, followers(removed, kept), -1);
  const fresh = new Set(short.filter((n) => !kept.has(n)));
  if (fresh.size > ONE_BY_ONE) {
    add(next, followers(view.prepare('SELECT simplified FROM units').pluck().iterate() as Iterable<string>, fresh), 1);
  } else {
    const holding = view.prepare('SELECT simplified FROM units WHERE instr(simplified, ?) > 0').pluck();
    for (const name of fresh) add(next, followers(holding.iterate(name) as Iterable<string>, new Set([name])), 1);
  }
  for (const after of next.values()) for (const [c, n] of after) if (n <= 0) after.delete(c);
  const known = knownNames(found, next);
  const changed = [...known].filter((n) => !before.known.has(n)).concat([...before.known].filter((n) => !known.has(n)));
  return { followers: next, known, changed };
}

/**
 * The units of old segments whose people read otherwise now: those whose text holds a name that became known or
 * stopped being known (findMentions consults known names only where the text holds them), read again. Their files
 * move into the new segment, where they are read so; until then these readings stand in for the stored ones.
 */
export function readAgain(
  view: Database.Database,
  changed: string[],
  known: ReadonlySet<string>,
  isNew: (unit: Unit) => boolean,
): { units: Unit[]; mentions: Map<string, string> } {
  const units: Unit[] = [];
  const mentions = new Map<string, string>();
  const reread = ({ kind, id, simplified }: Unit & { simplified: string }) => {
    if (isNew({ kind, id }) || mentions.has(unitKey(kind, id))) return;
    units.push({ kind, id });
    mentions.set(unitKey(kind, id), mentionsJson(simplified, known));
  };
  if (changed.length > ONE_BY_ONE) {
    // many names (a first build: every name is new): one pass, each text looked at where a name could start
    const finder = new NameFinder(changed);
    for (const unit of view.prepare('SELECT kind, id, simplified FROM units').iterate() as Iterable<Unit & { simplified: string }>) {
      if (!isNew(unit) && finder.holds(unit.simplified)) reread(unit);
    }
  } else {
    const holding = view.prepare('SELECT kind, id, simplified FROM units WHERE instr(simplified, ?) > 0');
    for (const name of changed) (holding.all(name) as (Unit & { simplified: string })[]).forEach(reread);
  }
  return { units, mentions };
}

/** The mentions of every unit (a FileOrder's, in its order), as this generation reads them. */
export function mentionsOf(view: Database.Database, order: FileOrder): Mention[][] {
  const none: Mention[] = [];
  const mentions = Array.from({ length: order.units }, () => none);
  // most units mention nobody: only the others are read
  for (const [kind, id, m] of view.prepare("SELECT kind, id, mentions FROM units WHERE mentions != '[]'").raw().iterate() as Iterable<[number, number, string]>) {
    const unit = order.unitOf(kind, id);
    if (unit >= 0) mentions[unit] = JSON.parse(m) as Mention[];
  }
  return mentions;
}

/** The names the live units mention, as this generation reads them (each once, by SQLite, as `found` in updateKnown). */
export function namesMentioned(view: Database.Database, overrides: ReadonlyMap<string, string>): Set<string> {
  const names = new Set(
    view
      .prepare(
        `SELECT DISTINCT json_extract(m.value, '$.name') FROM units u, json_each(u.mentions) m
         WHERE u.mentions != '[]' AND u.kind || ':' || u.id NOT IN (SELECT value FROM json_each(?))`,
      )
      .pluck()
      .all(JSON.stringify([...overrides.keys()])) as string[],
  );
  for (const m of overrides.values()) for (const { name } of JSON.parse(m) as Mention[]) names.add(name);
  return names;
}

/**
 * The words that may name a person (people.ts, groupPeople), each with the units (`order`'s) of the live passages
 * holding it: the names themselves and the longer words that start with one, found in the keys of the segments'
 * postings rather than in every passage's tokens. A word in several segments comes once per segment. Yielded word by
 * word, so that no map of every passage's words is held: at a million passages it was 60 MB.
 */
export function* unitsNaming(view: Database.Database, segments: number, names: ReadonlySet<string>, order: Pick<FileOrder, 'rank'>): Generator<[string, number[]]> {
  for (let i = 0; i < segments; i++) {
    const starting = view.prepare(`SELECT key, list FROM ${segmentSchema(i)}.postings WHERE key >= ? AND key < ?`).raw();
    const seen = new Set<string>();
    for (const name of names) {
      for (const [key, list] of starting.iterate(`w:${name}`, `w:${name}\u{10FFFF}`) as Iterable<[string, Buffer]>) {
        const word = key.slice(2);
        if (seen.has(key) || !(names.has(word) || word.length > 4)) continue;
        seen.add(key);
        // a deleted passage has no unit
        const units: number[] = [];
        for (const id of decodePostings(list).ids) if (order.rank[id]! >= 0) units.push(order.rank[id]!);
        yield [word, units];
      }
    }
  }
}

/** Writes the state into the new generation's global database. */
export function writeState(db: Database.Database, state: PeopleState): void {
  const follower = db.prepare('INSERT INTO name_followers (name, follower, count) VALUES (?, ?, ?)');
  const known = db.prepare('INSERT INTO known_names (name) VALUES (?)');
  db.transaction(() => {
    for (const [name, after] of state.followers) for (const [c, n] of after) follower.run(name, c, n);
    for (const name of state.known) known.run(name);
  })();
}
