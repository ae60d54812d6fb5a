import { charLength, sentences } from '../text/text.js';

export interface ChunkSettings {
  /** Paragraphs shorter than this are merged into a neighbour. */
  minChars: number;
  /** Paragraphs longer than this are split at sentence ends. */
  maxChars: number;
}

export const DEFAULT_CHUNKING: ChunkSettings = { minChars: 60, maxChars: 400 };

/** Cuts text into pieces of at most max characters, as even as the breaks allow, breaking only after a piece of `units`. */
function pack(units: string[], max: number): string[] {
  // lengths counted once: a paragraph of millions of clauses must not be measured again at every step
  const lengths = units.map(charLength);
  const total = lengths.reduce((n, l) => n + l, 0);
  const target = Math.ceil(total / Math.ceil(total / max));
  const out: string[] = [];
  let current = '';
  let length = 0;
  units.forEach((unit, i) => {
    if (current && length + lengths[i]! > target && length >= target / 2) {
      out.push(current);
      current = '';
      length = 0;
    }
    current += unit;
    length += lengths[i]!;
  });
  // a short tail rejoins the piece before it when they fit together: it is the end of that piece's paragraph
  const last = out.length - 1;
  if (last >= 0 && length < target / 2 && charLength(out[last]!) + length <= max) out[last] += current;
  else if (current) out.push(current);
  return out;
}

function hardCut(text: string, max: number): string[] {
  const chars = [...text];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += max) out.push(chars.slice(i, i + max).join(''));
  return out;
}

/** A long paragraph into pieces: at sentence ends, then at commas for a sentence that is too long alone, then by length. */
function split(paragraph: string, max: number): string[] {
  if (charLength(paragraph) <= max) return [paragraph];
  return pack(sentences(paragraph), max).flatMap((piece) => {
    if (charLength(piece) <= max) return [piece];
    const clauses = piece.split(/(?<=[，,、：:])/u);
    return pack(clauses, max).flatMap((c) => (charLength(c) <= max ? [c] : hardCut(c, max)));
  });
}

/** A passage and the article paragraph it begins in (1 for the first): what a reader is pointed to. */
export interface Chunk {
  text: string;
  paragraph: number;
}

function appendToLast(out: Chunk[], fragment: Chunk, max: number): void {
  const last = out.at(-1);
  if (last && charLength(last.text) + charLength(fragment.text) <= max) last.text = `${last.text}\n${fragment.text}`;
  else out.push(fragment);
}

/**
 * Paragraphs into the passages users get quoted: long ones split at sentence ends, fragments (headings, bylines,
 * salutations) merged into the paragraph they introduce, or into the previous one at the end of an article. Each
 * passage keeps the number of the paragraph it begins in: the parts of a split paragraph share it.
 */
export function chunkParagraphs(paragraphs: string[], settings: ChunkSettings = DEFAULT_CHUNKING): Chunk[] {
  // an empty paragraph (one left out for its length) is passed over, and keeps its number
  const pieces = paragraphs.flatMap((p, i) => (p ? split(p, settings.maxChars).map((text) => ({ text, paragraph: i + 1 })) : []));
  const out: Chunk[] = [];
  let pending: Chunk | null = null;
  for (const piece of pieces) {
    const chunk: Chunk = pending ? { text: `${pending.text}\n${piece.text}`, paragraph: pending.paragraph } : { ...piece };
    if (charLength(chunk.text) < settings.minChars) {
      pending = chunk;
      continue;
    }
    if (pending && charLength(chunk.text) > settings.maxChars) {
      // the fragments would overflow the paragraph they introduce: they close the previous passage or stand alone
      appendToLast(out, pending, settings.maxChars);
      out.push({ ...piece });
    } else out.push(chunk);
    pending = null;
  }
  if (pending) appendToLast(out, pending, settings.maxChars);
  return out;
}
