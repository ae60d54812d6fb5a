import type Database from 'better-sqlite3';
import { hanBigrams } from '../text/text.js';
import { glossaryEdition, updateGlossary, type Candidate, type CedictEntry } from './glossary.js';
import { insertAll } from './write-index.js';

/**
 * CC-CEDICT as the glossary counts it: each entry's posting keys, its word as a token (`w:`) and its Han bigrams
 * (`b:`), which the postings of every segment are checked against.
 */
export class Dictionary {
  private readonly tokens: string[];
  private readonly bigrams: string[][];
  readonly keys = new Set<string>();

  constructor(readonly entries: CedictEntry[]) {
    this.tokens = entries.map((e) => `w:${e[1]}`);
    this.bigrams = entries.map((e) => hanBigrams(e[1]).map((b) => `b:${b}`));
    for (const key of this.tokens) this.keys.add(key);
    for (const keys of this.bigrams) for (const key of keys) this.keys.add(key);
  }

  /** The entries whose passage counts may have moved with these keys': those whose token or a bigram is one of them. */
  touchedBy(keys: ReadonlySet<string>): number[] {
    return this.entries.flatMap((_, i) => (keys.has(this.tokens[i]!) || this.bigrams[i]!.some((b) => keys.has(b)) ? [i] : []));
  }

  /**
   * How many live passages hold each entry's word, given the passages of each key: as a token, or for a word jieba
   * cuts apart, as many as hold its rarest Han bigram (0: the corpus lacks it).
   */
  passages(count: (key: string) => number): (entry: number) => number {
    return (i) => {
      const token = count(this.tokens[i]!);
      if (token) return token;
      const of = this.bigrams[i]!;
      return of.length === 0 ? 0 : Math.min(...of.map(count));
    };
  }
}

/** Adds the counts of `from` into `into`, times sign. */
export function addCounts(into: Map<string, number>, from: Iterable<[string, number]>, sign = 1): Map<string, number> {
  for (const [key, n] of from) into.set(key, (into.get(key) ?? 0) + sign * n);
  return into;
}

/**
 * Writes the glossary of a new generation from the previous one's: the live passages of every dictionary key moved by
 * `change` (the new segment's keys less those of the passages that left), and only the keys whose candidates' counts
 * or names changed ranked again (glossary.ts, updateGlossary). `previous` is the previous generation's global
 * database, made by the same glossary edition, when the new one keeps any of its segments (null: made from nothing).
 */
export function writeGlossary(
  global: Database.Database,
  dictionary: Dictionary,
  previous: string | null,
  change: Map<string, number>,
  names: string[],
): void {
  let namesBefore: string[] = [];
  if (previous) {
    global.prepare('ATTACH DATABASE ? AS previous').run(previous);
    try {
      namesBefore = [...new Set(global.prepare('SELECT name FROM previous.people WHERE reporter = 0 ORDER BY id').pluck().all() as string[])];
      global.exec(`INSERT INTO dictionary_counts SELECT * FROM previous.dictionary_counts;
        INSERT INTO glossary SELECT * FROM previous.glossary;
        INSERT INTO glossary_candidates SELECT * FROM previous.glossary_candidates`);
    } finally {
      global.exec('DETACH DATABASE previous');
    }
  }
  const counts = new Map(global.prepare('SELECT key, passages FROM dictionary_counts').raw().all() as [string, number][]);
  const moved = [...change].filter(([key, n]) => n !== 0 && dictionary.keys.has(key));
  const after = addCounts(new Map(counts), moved);
  const candidatesOf = global.prepare('SELECT word, rank, entry FROM glossary_candidates WHERE key = ? ORDER BY entry');
  const { candidates, lists } = updateGlossary(
    dictionary.entries,
    previous ? dictionary.touchedBy(new Set(moved.map(([key]) => key))) : null,
    // a glossary made from nothing has no candidates to read (a query a key cost a third of the glossary's time)
    { passages: dictionary.passages((k) => counts.get(k) ?? 0), names: namesBefore, candidates: previous ? (key) => candidatesOf.all(key) as Candidate[] : () => [] },
    { passages: dictionary.passages((k) => after.get(k) ?? 0), names: [...new Set(names)] },
  );
  const remove = (table: string, keys: Iterable<string>) => previous && insertAll(global, `DELETE FROM ${table} WHERE key = ?`, [...keys].map((k) => [k]));
  remove('dictionary_counts', moved.map(([key]) => key));
  insertAll(global, 'INSERT INTO dictionary_counts (key, passages) VALUES (?, ?)', moved.flatMap(([key]) => (after.get(key)! > 0 ? [[key, after.get(key)!]] : [])));
  remove('glossary', lists.keys());
  remove('glossary_candidates', candidates.keys());
  insertAll(global, 'INSERT INTO glossary (key, words) VALUES (?, ?)', [...lists].filter(([, words]) => words.length > 0).map(([key, words]) => [key, words.join(' ')]));
  insertAll(
    global,
    'INSERT INTO glossary_candidates (key, word, rank, entry) VALUES (?, ?, ?, ?)',
    [...candidates].flatMap(([key, list]) => list.map((c) => [key, c.word, c.rank, c.entry])),
  );
  global.prepare('INSERT INTO glossary_edition (edition) VALUES (?)').run(glossaryEdition());
}
