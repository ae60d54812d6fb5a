import type Database from 'better-sqlite3';
import { forEachHanBigram, hanBigrams } from '../text/text.js';
import { CedictList, glossaryEdition, updateGlossary, type Candidate, type CedictEntries, type CedictEntry } from './glossary.js';
import { insertAll } from './write-index.js';

/** A pair of code points as one number: the Han bigrams of 124,000 words kept without making each a string. */
export const pairCode = (first: number, second: number) => first * 0x110000 + second;

/** The code of a `b:` key's pair, or null when what follows `b:` is not two code points. */
function keyPair(key: string): number | null {
  const first = key.codePointAt(2);
  if (first === undefined) return null;
  const at = 2 + (first > 0xffff ? 2 : 1);
  const second = key.codePointAt(at);
  if (second === undefined || at + (second > 0xffff ? 2 : 1) !== key.length) return null;
  return pairCode(first, second);
}

/** The words of a batch's `w:` keys and the pairs of its `b:` keys, each with its key. */
export function wordsAndPairs(keys: Iterable<string>): { words: Map<string, string>; pairs: Map<number, string> } {
  const words = new Map<string, string>();
  const pairs = new Map<number, string>();
  for (const key of keys) {
    if (key.startsWith('w:')) words.set(key.slice(2), key);
    else if (key.startsWith('b:')) {
      const pair = keyPair(key);
      if (pair !== null) pairs.set(pair, key);
    }
  }
  return { words, pairs };
}

/** The keys of a batch whose word or pair is held. */
export function heldKeys(batch: ReturnType<typeof wordsAndPairs>, word: (word: string) => boolean, pair: (pair: number) => boolean): Set<string> {
  const held = new Set<string>();
  for (const [w, key] of batch.words) if (word(w)) held.add(key);
  for (const [p, key] of batch.pairs) if (pair(p)) held.add(key);
  return held;
}

/**
 * CC-CEDICT as the glossary counts it: each entry's posting keys, its word as a token (`w:`) and its Han bigrams
 * (`b:`), which the postings of every segment are checked against.
 */
export interface Dictionary extends CedictEntries {
  /** The posting keys among these that are an entry's token or one of its bigrams (asked in batches: a file answers a batch in one query). */
  held(keys: readonly string[]): Set<string>;
  /** The entries whose passage counts may have moved with these keys': those whose token or a bigram is one of them, ascending. */
  touchedBy(keys: ReadonlySet<string>): number[];
  close(): void;
}

/**
 * The whole dictionary in memory. Its keys are asked of as words and numbered pairs rather than gathered as 370,000
 * strings: a one-article rebuild spent 0.4 s making them.
 */
export class LoadedDictionary extends CedictList implements Dictionary {
  private readonly words: Set<string>;
  private readonly pairs = new Set<number>();

  constructor(entries: CedictEntry[]) {
    super(entries);
    this.words = new Set(entries.map((e) => e[1]));
    for (const e of entries) forEachHanBigram(e[1], (first, second) => this.pairs.add(pairCode(first, second)));
  }

  held(keys: readonly string[]): Set<string> {
    return heldKeys(wordsAndPairs(keys), (word) => this.words.has(word), (pair) => this.pairs.has(pair));
  }

  touchedBy(keys: ReadonlySet<string>): number[] {
    const { words, pairs } = wordsAndPairs(keys);
    const touched: number[] = [];
    this.entries.forEach((e, i) => {
      let hit = words.has(e[1]);
      if (!hit) forEachHanBigram(e[1], (first, second) => (hit ||= pairs.has(pairCode(first, second))));
      if (hit) touched.push(i);
    });
    return touched;
  }

  close(): void {}
}

/**
 * How many live passages hold each entry's word, given the passages of each key: as a token, or for a word jieba
 * cuts apart, as many as hold its rarest Han bigram (0: the corpus lacks it).
 */
export function entryPassages(dictionary: CedictEntries, count: (key: string) => number): (entry: number) => number {
  // each entry's bigram keys, made when its count is first asked (a glossary asks each several times)
  const bigramKeys: (string[] | undefined)[] = [];
  return (i) => {
    const word = dictionary.entry(i)[1];
    const token = count(`w:${word}`);
    if (token) return token;
    const of = (bigramKeys[i] ??= hanBigrams(word).map((b) => `b:${b}`));
    return of.length === 0 ? 0 : Math.min(...of.map(count));
  };
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
  const held = dictionary.held([...change.keys()]);
  const moved = [...change].filter(([key, n]) => n !== 0 && held.has(key));
  const after = addCounts(new Map(counts), moved);
  const candidatesOf = global.prepare('SELECT word, rank, entry FROM glossary_candidates WHERE key = ? ORDER BY entry');
  const { candidates, lists } = updateGlossary(
    dictionary,
    previous ? dictionary.touchedBy(new Set(moved.map(([key]) => key))) : null,
    // a glossary made from nothing has no candidates to read (a query a key cost a third of the glossary's time) and
    // no counts: asking every entry for its bigrams' made their keys for nothing (16 MB of a corpus build's peak)
    {
      passages: previous ? entryPassages(dictionary, (k) => counts.get(k) ?? 0) : () => 0,
      names: namesBefore,
      candidates: previous ? (key) => candidatesOf.all(key) as Candidate[] : () => [],
    },
    { passages: entryPassages(dictionary, (k) => after.get(k) ?? 0), names: [...new Set(names)] },
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
