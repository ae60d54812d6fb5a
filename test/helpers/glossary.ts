import { CedictList, updateGlossary, type CedictEntry } from '../../src/index/glossary.js';

/**
 * The glossary of a corpus from nothing, as a first build makes it: `passages(word)` says how many passages hold a word
 * (0: the corpus lacks it), `names` are the people found.
 */
export function buildGlossary(entries: CedictEntry[], passages: (word: string) => number, names: Iterable<string>): Map<string, string[]> {
  const none = { passages: () => 0, names: [], candidates: () => [] };
  const { lists } = updateGlossary(new CedictList(entries), null, none, { passages: (i) => passages(entries[i]![1]), names: [...new Set(names)] });
  return new Map([...lists].filter(([, words]) => words.length > 0));
}
