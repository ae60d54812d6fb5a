import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../paths.js';

/** The thesaurus shipped in data/lexicon/ (HanLP's CoreSynonym.txt, Apache-2.0). */
export const THESAURUS = path.join(packageRoot, 'data', 'lexicon', 'CoreSynonym.txt');

/**
 * Which groups are used. Only `=` groups (true synonyms; `#` groups are words of one kind, 部长 司长 局长, which match
 * the wrong fact), only words of two or more characters (single characters like 店 铺 号 局 have too many senses),
 * and no group larger than maxGroup (large groups are loose).
 */
export interface SynonymSettings {
  marks: string;
  minChars: number;
  maxGroup: number;
}

export const DEFAULT_SYNONYMS: SynonymSettings = { marks: '=', minChars: 2, maxGroup: 40 };

/** Word → the other words of its groups. */
export type Synonyms = ReadonlyMap<string, readonly string[]>;

/** Reads a thesaurus in the CoreSynonym format into a word → synonyms map. */
export function readSynonyms(file = THESAURUS, settings: SynonymSettings = DEFAULT_SYNONYMS): Synonyms {
  const map = new Map<string, Set<string>>();
  for (const line of readFileSync(file, 'utf8').replace(/^\uFEFF/u, '').split('\n')) {
    const [code, ...words] = line.trim().split(/\s+/u);
    if (!code || code.length < 8 || !settings.marks.includes(code[7]!)) continue;
    const group = words.filter((w) => [...w].length >= settings.minChars);
    if (group.length < 2 || group.length > settings.maxGroup) continue;
    for (const w of group) {
      let set = map.get(w);
      if (!set) map.set(w, (set = new Set()));
      for (const other of group) if (other !== w) set.add(other);
    }
  }
  return new Map([...map].map(([w, set]) => [w, [...set]]));
}

let cached: Synonyms | null = null;

/** The shipped thesaurus with the default settings, read once. */
export function synonyms(): Synonyms {
  cached ??= readSynonyms();
  return cached;
}
