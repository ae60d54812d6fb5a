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

/** The words of a line's group under the settings, or null when the line is not a group they use. */
function groupOf(line: string, settings: SynonymSettings): string[] | null {
  const [code, ...words] = line.trim().split(/\s+/u);
  if (!code || code.length < 8 || !settings.marks.includes(code[7]!)) return null;
  const group = words.filter((w) => [...w].length >= settings.minChars);
  return group.length < 2 || group.length > settings.maxGroup ? null : group;
}

const thesaurusText = (file: string) => readFileSync(file, 'utf8').replace(/^\uFEFF/u, '');

/** Reads a thesaurus in the CoreSynonym format. */
export function readSynonyms(file = THESAURUS, settings: SynonymSettings = DEFAULT_SYNONYMS): Synonyms {
  const groups: string[][] = [];
  for (const line of thesaurusText(file).split('\n')) {
    const group = groupOf(line, settings);
    if (group) groups.push(group);
  }
  return new Thesaurus(groups);
}

/**
 * A thesaurus searched in its text for each word asked for (the lines that hold it), the rest never read: the same
 * answers as the groups read whole, for a process that asks a few words (a one-shot question: about 0.1 s of reading
 * every group against a fraction of a millisecond a word).
 */
class SearchedThesaurus implements Synonyms {
  private readonly gathered = new Map<string, readonly string[] | undefined>();

  constructor(
    private readonly text: string,
    private readonly settings: SynonymSettings,
  ) {}

  get(word: string): readonly string[] | undefined {
    if (this.gathered.has(word)) return this.gathered.get(word);
    let others: Set<string> | undefined;
    const text = this.text;
    for (let at = word ? text.indexOf(word) : -1; at >= 0; ) {
      const start = text.lastIndexOf('\n', at) + 1;
      const newline = text.indexOf('\n', at);
      const end = newline < 0 ? text.length : newline;
      const group = groupOf(text.slice(start, end), this.settings);
      if (group?.includes(word)) {
        others ??= new Set();
        for (const other of group) if (other !== word) others.add(other);
      }
      at = text.indexOf(word, Math.max(end, at + 1));
    }
    const list = others && [...others];
    this.gathered.set(word, list);
    return list;
  }
}

/** A thesaurus in the CoreSynonym format, searched word by word (SearchedThesaurus). */
export function searchSynonyms(file = THESAURUS, settings: SynonymSettings = DEFAULT_SYNONYMS): Synonyms {
  return new SearchedThesaurus(thesaurusText(file), settings);
}

let cached: Synonyms | null = null;

/** The shipped thesaurus with the default settings, read once. */
export function synonyms(): Synonyms {
  cached ??= readSynonyms();
  return cached;
}
