import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { packageRoot } from '../paths.js';

/** A dictionary shipped with wenda, in data/dictionary/. */
export function dictionaryFile(name: string): string {
  return path.join(packageRoot, 'data', 'dictionary', name);
}

/** The entries of a dictionary file: one a line, fields split at white space, '#' starting a comment. */
export function readDictionary(name: string): string[][] {
  return readFileSync(dictionaryFile(name), 'utf8')
    .split('\n')
    .map((line) => line.replace(/#.*/u, '').trim())
    .filter(Boolean)
    .map((line) => line.split(/\s+/u));
}

export interface Lexicon {
  /** Compound surnames first, so that 欧阳 is tried before 欧. */
  surnames: string[];
  /** Every post, and those that name their own organisation (区长: a chain never lends it one). */
  posts: Set<string>;
  ownPosts: Set<string>;
  longestPost: number;
}

let cached: Lexicon | null = null;

/** The curated surnames and posts of data/dictionary/, read once. */
export function lexicon(): Lexicon {
  if (cached) return cached;
  const surnames = readDictionary('surnames.txt').flat().sort((a, b) => b.length - a.length);
  const postLines = readDictionary('posts.txt');
  const posts = new Set(postLines.map((l) => l[0]!));
  const ownPosts = new Set(postLines.filter((l) => l[1] === 'own').map((l) => l[0]!));
  cached = { surnames, posts, ownPosts, longestPost: Math.max(...[...posts].map((p) => p.length)) };
  return cached;
}

let tags: Map<string, string> | null = null;

/**
 * The part-of-speech tag jieba's own dictionary gives a word (关于 p, 吉林 ns, 汪洋 nr), read once: a string that the
 * dictionary knows as something other than a person's name (nr…) is not taken for a name.
 */
export function wordTag(word: string): string | undefined {
  if (!tags) {
    const file = path.join(path.dirname(createRequire(import.meta.url).resolve('@node-rs/jieba/package.json')), 'dict.txt');
    tags = new Map();
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const [w, , tag] = line.split(' ');
      if (w && tag && w.length <= 4) tags.set(w, tag);
    }
  }
  return tags.get(word);
}

/** The organisation of a title (中央网信办主任 → 中央网信办); '' for a bare post (副主任). */
export function organisationOf(title: string): string {
  const { posts, longestPost } = lexicon();
  for (let len = Math.min(longestPost, title.length); len >= 2; len--) {
    if (posts.has(title.slice(-len))) return title.slice(0, -len);
  }
  return title;
}
