import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { Skipped } from './article.js';
import { preparePassages, type PreparedPassages } from './article-writer.js';
import type { ReadLimits } from './limits.js';
import { mentionsJson, readUnit } from './people-state.js';
import type { StoredArticle } from './previous.js';
import { readArticleFile, tooLarge } from './read-articles.js';
import { encodeWords } from '../store/word-cuts.js';
import { settledStamp } from './file-stamp.js';
import { Tokenizer } from '../text/tokenizer.js';
import type { Vocabulary } from '../store/vocabulary.js';
import { errorReason } from '../errors.js';

/**
 * The pure, CPU-heavy steps of a build, as functions of plain data (what can be posted to a worker thread and back):
 * reading and cutting files, simplifying units, and cutting passages into words. analysis-pool.ts runs them on worker
 * threads or in this one; the results are the same either way.
 */

/** An article read now, with what the writer needs of each passage made beforehand (article-writer.ts). */
export interface ReadArticle extends StoredArticle {
  prepared: PreparedPassages;
}

export interface FileToRead {
  source: string;
  path: Uint8Array;
  /** The hash of the file the previous index holds under this source: a file with these bytes is not parsed. */
  oldHash: string | undefined;
}

/** A file read: its hash, and its stamp as stat'ed before its bytes were read (null: changed too recently to vouch for). */
export type FileRead =
  | { source: string; hash: null; stamp: null; kept: false; articles: []; skipped: Skipped[] }
  | { source: string; hash: string; stamp: string | null; kept: true; articles: []; skipped: [] }
  | { source: string; hash: string; stamp: string | null; kept: false; articles: ReadArticle[]; skipped: Skipped[] };

/** One file of the articles folder: unreadable or too large (a skip), unchanged since the previous index, or read. */
function readFile({ source, path: bytePath, oldHash }: FileToRead, limits: ReadLimits): FileRead {
  const where = Buffer.from(bytePath.buffer, bytePath.byteOffset, bytePath.byteLength);
  const unread = (reason: string): FileRead => ({ source, hash: null, stamp: null, kept: false, articles: [], skipped: [{ source, reason }] });
  let bytes: Buffer;
  let stamp: string | null;
  try {
    const stat = statSync(where, { bigint: true });
    if (stat.size > limits.maxFileBytes) return unread(tooLarge(Number(stat.size), limits));
    stamp = settledStamp(stat);
    bytes = readFileSync(where);
  } catch (e) {
    return unread(`cannot read: ${errorReason(e)}`);
  }
  const hash = createHash('sha1').update(bytes).digest('hex');
  if (oldHash === hash) return { source, hash, stamp, kept: true, articles: [], skipped: [] };
  const result = readArticleFile(source, bytes, limits);
  return { source, hash, stamp, kept: false, articles: result.articles.map((a) => ({ ...a, prepared: preparePassages(a.passages) })), skipped: result.skipped };
}

/** Text to cut: an article's title (its words and Han bigrams), or a passage's analysed text (its words and their cuts as stored). */
export interface CutItem {
  text: string;
  title: boolean;
}

/** Words and bigrams joined by spaces (neither holds one). */
export interface Cut {
  words: string;
  cuts?: Uint8Array;
  bigrams?: string;
}

/** What the tasks share within a build: the limits on a file, the learned words the tokenizer keeps whole, the known names. */
export interface AnalysisContext {
  limits: ReadLimits;
  learned: Vocabulary;
  known: string[];
}

/**
 * Fewer texts than this (a small rebuild's) are cut by a jieba made for each text (Tokenizer's perText: the same cuts):
 * each costs a few milliseconds that way, and loading jieba's whole dictionary, which the next texts then share,
 * about a hundred times as much.
 */
const PER_TEXT_BELOW = 32;

/** The tokenizer of a vocabulary (the thread's last) for a batch of `texts`, made when first needed. */
let last: { learned: Vocabulary; perText: boolean; tokenizer: Tokenizer } | null = null;
function tokenizerOf(learned: Vocabulary, texts: number): Tokenizer {
  const perText = texts < PER_TEXT_BELOW;
  // a whole dictionary once loaded serves every batch; one text at a time serves only small ones
  if (last?.learned !== learned || (last.perText && !perText)) last = { learned, perText, tokenizer: new Tokenizer(learned.words, { names: learned.names, perText }) };
  return last.tokenizer;
}

/** The known names as a set (the thread's last list). */
let lastKnown: { names: string[]; set: Set<string> } | null = null;
function knownSet(names: string[]): Set<string> {
  if (lastKnown?.names !== names) lastKnown = { names, set: new Set(names) };
  return lastKnown.set;
}

export const TASKS = {
  read: (files: FileToRead[], context: AnalysisContext): FileRead[] => files.map((f) => readFile(f, context.limits)),
  units: (units: { text: string; headline: boolean }[]): ReturnType<typeof readUnit>[] => units.map(readUnit),
  mentions: (simplified: string[], context: AnalysisContext): string[] => simplified.map((text) => mentionsJson(text, knownSet(context.known))),
  cut: (items: CutItem[], context: AnalysisContext): Cut[] => {
    const tokenizer = tokenizerOf(context.learned, items.length);
    return items.map(({ text, title }) => {
      if (title) {
        const { words, bigrams } = tokenizer.terms(text);
        return { words: words.join(' '), bigrams: bigrams.join(' ') };
      }
      const words = tokenizer.wordsOfFolded(text);
      return { words: words.join(' '), cuts: encodeWords(text, words) };
    });
  },
} satisfies Record<string, (input: never[], context: AnalysisContext) => unknown[]>;

export type TaskName = keyof typeof TASKS;
export type TaskInput<T extends TaskName> = Parameters<(typeof TASKS)[T]>[0][number];
export type TaskOutput<T extends TaskName> = ReturnType<(typeof TASKS)[T]>[number];

/** Words joined by spaces, back as a list ('' is none). */
export const splitWords = (joined: string): string[] => (joined ? joined.split(' ') : []);
