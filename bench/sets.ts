/**
 * The question sets ranking is measured and trained on, over one index of about 9,600 passages: the shared corpus
 * with the CMRC 2018 dev and DRCD test articles beside it as distractors (the hidden set's index is about 22,000).
 * CMRC and DRCD are split by article into a training half and a held-out half, so that what the weights learn from is
 * never what they are measured on.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { tmpdir } from 'node:os';
import { buildIndex } from '../src/index/build.js';
import { packageRoot } from '../src/paths.js';
import { shared } from './shared.js';
import { z } from 'zod';
import { Question, readJsonLines, readQuestions } from '../src/retrieval/evaluate.js';
import { IndexReader } from '../src/retrieval/index-reader.js';
import { latinKey } from '../src/text/pinyin.js';
import { isForeign } from '../src/retrieval/english.js';
import * as OpenCC from 'opencc-js/cn2t';

const WIKI = ['cmrc2018-dev', 'drcd-test'] as const;
/** The folders of ../shared/corpus that hold government-policy documents rather than news. */
const POLICY_FOLDERS = ['学习刚要', '习近平谈治国理政卷一'];

/**
 * A question written from an article (bench/short, bench/paired): a near miss, and an answer more than one article
 * states, names that article in `about`.
 */
const ArticleQuestion = Question.extend({ about: z.string().nullish() });
type ArticleQuestion = z.infer<typeof ArticleQuestion>;

export interface QuestionSet {
  name: string;
  /**
   * tuned: the weights were learned on it; rules: tuned on by hand (the English translation's mechanisms were chosen
   * on it), never learned from by the weights; held-out: a split of a training source never learned from or tuned on;
   * dev: written by someone else, never tuned on.
   */
  use: 'tuned' | 'rules' | 'held-out' | 'dev';
  questions: Question[];
}

/** Lays out the distractor articles in dir: the corpus at the root (its questions' sources unchanged), each wiki set in a folder of its name. */
export function distractorArticles(dir: string): string {
  if (existsSync(dir)) return dir;
  mkdirSync(dir, { recursive: true });
  for (const entry of readdirSync(path.join(shared, 'corpus'))) cpSync(path.join(shared, 'corpus', entry), path.join(dir, entry), { recursive: true });
  for (const set of WIKI) cpSync(path.join(shared, 'bench', set, 'articles'), path.join(dir, set), { recursive: true });
  return dir;
}

/** Whether a set is a training half of the wiki sets (many extractive questions, weighed apart in training). */
export const isWiki = (set: QuestionSet) => WIKI.some((w) => set.name === `${w} train`);

/** A stable half of the articles: the same split on every machine and every run. */
export function inTrainingHalf(source: string): boolean {
  return createHash('sha1').update(source).digest()[0]! < 128;
}

function wikiQuestions(set: (typeof WIKI)[number]): Question[] {
  return readQuestions(path.join(shared, 'bench', set, 'questions.jsonl')).map((q) => ({ ...q, source: q.source && `${set}/${q.source}` }));
}

/**
 * A folder of bench/ holding answerable.jsonl and near-miss.jsonl, split in halves by the article each question was
 * written from (an off-topic one, about none, by its id): `<folder> train` of the given use, `<folder> held-out`.
 */
function halves(folder: string, use: QuestionSet['use']): QuestionSet[] {
  const all = ['answerable', 'near-miss'].flatMap((f) => readJsonLines(path.join(packageRoot, 'bench', folder, `${f}.jsonl`), ArticleQuestion, 'question set'));
  const half = (q: ArticleQuestion) => inTrainingHalf(q.source ?? q.about ?? q.id);
  const strip = ({ about: _, ...q }: ArticleQuestion): Question => q;
  return [
    { name: `${folder} train`, use, questions: all.filter(half).map(strip) },
    { name: `${folder} held-out`, use: 'held-out', questions: all.filter((q) => !half(q)).map(strip) },
  ];
}

/**
 * Every set: the project's own (tuned on), the written English halves, the training halves of CMRC and DRCD, their
 * held-out halves, the second writer's sets, the short and the paired questions in halves, and dev/ (not tuned on; its
 * paraphrases also in traditional script, and those of policy documents apart).
 */
export function questionSets(): QuestionSet[] {
  const own = path.join(packageRoot, 'bench', 'questions');
  const sets: QuestionSet[] = readdirSync(own)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .map((f) => ({ name: path.basename(f, '.jsonl'), use: 'tuned', questions: readQuestions(path.join(own, f)) }));
  // English questions written for the translation (bench/english/README.md): one half to tune on, one held out
  const english = path.join(packageRoot, 'bench', 'english');
  sets.push({ name: 'english-written train', use: 'rules', questions: readQuestions(path.join(english, 'train.jsonl')) });
  sets.push({ name: 'english-written held-out', use: 'held-out', questions: readQuestions(path.join(english, 'held-out.jsonl')) });
  for (const set of WIKI) {
    const all = wikiQuestions(set);
    sets.push({ name: `${set} train`, use: 'tuned', questions: all.filter((q) => inTrainingHalf(q.source!)) });
    sets.push({ name: `${set} held-out`, use: 'held-out', questions: all.filter((q) => !inTrainingHalf(q.source!)) });
  }
  // paraphrases and near misses written by a second writer to dev's description, and off-topic questions (bench/written/README.md), held out
  const written = path.join(packageRoot, 'bench', 'written');
  for (const kind of ['paraphrased', 'policy-paraphrased', 'near-miss', 'off-topic']) {
    sets.push({ name: `written/${kind}`, use: 'held-out', questions: readQuestions(path.join(written, `${kind}.jsonl`)) });
  }
  // short questions as people type them in a chat (bench/short/README.md): one half by article to tune rules on
  sets.push(...halves('short', 'rules'));
  // an answerable question and a near miss written on each article (bench/paired/README.md), in the same halves
  sets.push(...halves('paired', 'rules'));
  const dev = path.join(shared, 'bench', 'dev');
  for (const f of readdirSync(dev).filter((f) => f.endsWith('.jsonl')).sort()) {
    sets.push({ name: `dev/${path.basename(f, '.jsonl')}`, use: 'dev', questions: readQuestions(path.join(dev, f)) });
  }
  // the hidden set asks in traditional script too: dev's paraphrases as a reader in Taiwan would write them (OpenCC's
  // characters and phrases: 软件 → 軟體), over the same simplified articles
  const toTraditional = OpenCC.Converter({ from: 'cn', to: 'twp' });
  const paraphrase = sets.find((s) => s.name === 'dev/paraphrase');
  if (paraphrase) {
    sets.push({ name: 'dev/paraphrase-traditional', use: 'dev', questions: paraphrase.questions.map((q) => ({ ...q, question: toTraditional(q.question) })) });
    // and it asks of government-policy documents: dev's paraphrases of the corpus's policy folders (the outline of Xi
    // Jinping Thought and the speeches of The Governance of China), a part of dev/paraphrase
    const policy = paraphrase.questions.filter((q) => POLICY_FOLDERS.some((f) => q.source?.startsWith(`${f}/`)));
    sets.push({ name: 'dev/paraphrase-policy', use: 'dev', questions: policy });
  }
  return sets;
}

/** The set `withChineseNames` adds. */
export const CHINESE_NAMES_SET = 'dev/english-chinese-names';

/**
 * People on a Chinese server write a name in English questions as they read it (When did 刘长利 visit …?): dev's
 * English questions (answerable and not) with each name or place in pinyin (up to three capitalised words) that the
 * index knows as one Chinese word written in Chinese instead, as a set of its own (the questions that have one).
 */
export function withChineseNames(sets: QuestionSet[], reader: IndexReader): QuestionSet[] {
  const english = ['dev/english', 'dev/unanswerable'].flatMap((name) => sets.find((s) => s.name === name)?.questions.filter((q) => isForeign(q.question)) ?? []);
  if (english.length === 0) return sets;
  const chinese = (name: string) => {
    const found = reader.glossary(`py:${latinKey(name)}`);
    return found?.length === 1 && /\p{Script=Han}/u.test(found[0]!) ? found[0]! : name;
  };
  const questions = english
    .map((q) => ({ ...q, question: q.question.replace(/\b\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+){0,2}\b/gu, chinese) }))
    .filter((q) => /\p{Script=Han}/u.test(q.question));
  return [...sets, { name: CHINESE_NAMES_SET, use: 'dev', questions }];
}

/** The distractor index (in the system's temporary folder unless given), built when missing or written by another version. */
export async function distractorIndex(indexDir = path.join(tmpdir(), 'wenda-distractor-index')): Promise<IndexReader> {
  try {
    return IndexReader.open(indexDir);
  } catch {
    const articlesDir = distractorArticles(`${indexDir}-articles`);
    const report = await buildIndex({ articlesDir, indexDir });
    console.log(`built ${report.passages} passages of ${report.articles} articles in ${report.seconds.toFixed(1)} s`);
    return IndexReader.open(indexDir);
  }
}
