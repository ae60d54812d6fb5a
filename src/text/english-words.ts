/**
 * English words as both sides of the glossary see them: the builder files CC-CEDICT's multiword glosses under their
 * content words too, and the searcher looks an English question's phrases up the same way.
 */

/** Function words, and the words that only frame a question (its answer type says what they asked). */
export const STOPWORDS = new Set(
  `a an the of to in on at for from by with about as into over after before during under between and or but not no
  is are was were be been being do does did doing have has had having will would shall should can could may might must
  what which who whom whose when where why how that this these those there here it its they them their he him his she
  her we us our you your i me my any some all each every more most much many such than then so also very just only
  said say says tell told according article articles news report reported date called named`.split(/\s+/u),
);

/**
 * A multiword phrase as a bag of its content words (sorted), so that "Commission for Discipline Inspection" finds the
 * gloss "discipline inspection commission"; null for fewer than two content words.
 */
export function bagKey(words: string[]): string | null {
  const content = words.filter((w) => !STOPWORDS.has(w));
  return content.length < 2 ? null : `bag:${[...new Set(content)].sort().join(' ')}`;
}
