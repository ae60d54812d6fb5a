import { withoutInvisibles } from '../text/text.js';

// Leftovers of the source system, not text: rules of dashes and image placeholders (---这里有图片---), alone or several
// on one line. Tested on what is left once the rule characters are gone: the regex over the whole line backtracked
// for every dash of a long rule.
const RULE = /[-=*_~\s]+/gu;
const DECORATION = /^(?:这里有图片|图片)*$/u;

/**
 * Trims a paragraph (U+3000 indentation, NBSP and all), folds inner runs of white space to one space, and drops the
 * characters that show nothing (zero-width spaces, soft hyphens); '' if nothing is left.
 */
export function cleanParagraph(raw: string): string {
  const text = withoutInvisibles(raw).replace(/\s+/gu, ' ').trim();
  return DECORATION.test(text.replace(RULE, '')) ? '' : text;
}

export function cleanParagraphs(raw: Iterable<string>): string[] {
  const out: string[] = [];
  for (const p of raw) {
    const text = cleanParagraph(p);
    if (text) out.push(text);
  }
  return out;
}
