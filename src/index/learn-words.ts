import { fold } from '../text/text.js';

/** How often a quoted term must occur in the corpus before it becomes a word: once is an accident, twice a pattern. */
const MIN_OCCURRENCES = 2;

// Campaigns and formulations are quoted: “两学一做”, “不忘初心、牢记使命” (a 、 list gives its parts).
const QUOTED = /[“"「]([^”"」]{2,24})[”"」]/gu;
const HAN_TERM = /^\p{Script=Han}{2,8}$/u;

/** Terms the corpus quotes (campaigns, formulations), for the tokenizer to keep whole. */
export function learnQuotedTerms(texts: Iterable<string>): string[] {
  const counts = new Map<string, number>();
  for (const raw of texts) {
    for (const [, quoted] of fold(raw).matchAll(QUOTED)) {
      for (const part of quoted!.split(/[、，,\s]+/u)) if (HAN_TERM.test(part)) counts.set(part, (counts.get(part) ?? 0) + 1);
    }
  }
  return [...counts].filter(([, n]) => n >= MIN_OCCURRENCES).map(([w]) => w);
}
