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

/** Word → the other words of its groups, in the order the thesaurus lists them (the common ones first). */
export interface Synonyms {
  get(word: string): readonly string[] | undefined;
}

/**
 * A thesaurus's groups, each word's synonyms gathered when first asked for: a question asks for a few words, and
 * gathering every word's at once took a third of a second, most of what a one-shot `wenda ask` spends on a question.
 */
class Thesaurus implements Synonyms {
  private readonly groupsOf = new Map<string, number[]>();
  private readonly gathered = new Map<string, readonly string[]>();

  constructor(private readonly groups: string[][]) {
    groups.forEach((group, g) => {
      for (const w of group) {
        const of = this.groupsOf.get(w);
        if (!of) this.groupsOf.set(w, [g]);
        else if (of.at(-1) !== g) of.push(g);
      }
    });
  }

  get(word: string): readonly string[] | undefined {
    const groups = this.groupsOf.get(word);
    if (!groups) return undefined;
    let list = this.gathered.get(word);
    if (!list) {
      const others = new Set<string>();
      for (const g of groups) for (const other of this.groups[g]!) if (other !== word) others.add(other);
      this.gathered.set(word, (list = [...others]));
    }
    return list;
  }
}

/** Reads a thesaurus in the CoreSynonym format. */
export function readSynonyms(file = THESAURUS, settings: SynonymSettings = DEFAULT_SYNONYMS): Synonyms {
  const groups: string[][] = [];
  for (const line of readFileSync(file, 'utf8').replace(/^\uFEFF/u, '').split('\n')) {
    const [code, ...words] = line.trim().split(/\s+/u);
    if (!code || code.length < 8 || !settings.marks.includes(code[7]!)) continue;
    const group = words.filter((w) => [...w].length >= settings.minChars);
    if (group.length < 2 || group.length > settings.maxGroup) continue;
    groups.push(group);
  }
  return new Thesaurus(groups);
}

let cached: Synonyms | null = null;

/** The shipped thesaurus with the default settings, read once. */
export function synonyms(): Synonyms {
  cached ??= readSynonyms();
  return cached;
}
