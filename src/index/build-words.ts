import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { splitWords } from './analysis.js';
import type { Build, Read } from './build-context.js';
import { moveFiles, type Rows } from './build-rows.js';
import { FileOrder } from './file-order.js';
import { idRanges, type GenerationSegments } from './generation-segments.js';
import { glossaryEdition } from './glossary.js';
import { countQuotedTerms, learnedTerms, vocabularyChanges, vocabularyOf } from './learn-words.js';
import { filesOfUnits, filesReadOtherwise } from './moving-files.js';
import { groupPeople, NameFinder, storedAt, type Person } from './people.js';
import { EMPTY_STATE, mentionsOf, namesMentioned, PASSAGE, readAgain, readMentions, unitsNaming, updateKnown, type PeopleState, type Unit } from './people-state.js';
import type { PreviousIndex, StoredArticle } from './previous.js';
import { FORMAT_VERSION } from '../store/schema.js';
import { simplifiedSql } from '../store/stored-text.js';
import type { Vocabulary } from '../store/vocabulary.js';
import { curatedWords } from '../text/tokenizer.js';

function sha1(data: string | Uint8Array): string {
  return createHash('sha1').update(data).digest('hex');
}

/** The words of the new generation: its people's names, and the learned words the tokenizer keeps whole. */
export interface Words {
  /** The known names and the state behind them (people-state.ts). */
  state: PeopleState;
  /** The names mentioned. */
  names: string[];
  /** The quoted terms' counts over the live index. */
  quoted: Map<string, number>;
  learned: Vocabulary;
  /** The vocabulary's hash (vocabularyHash). */
  vocabulary: string;
  /** The words the vocabulary gained, lost or weighs otherwise. */
  changedWords: string[];
}

/**
 * The 'finding people and terms' phase: the names and the learned words of the new generation; the old files that read
 * otherwise with them move into the new segment.
 */
export async function findPeopleAndTerms(build: Build, { previous, folder }: Read, rows: Rows): Promise<Words> {
  await build.phase('finding people and terms');
  const { state, names, rereadFiles } = await findNames(build, previous, rows);
  const terms = learnTerms(previous, rows, names);
  build.pool.setContext({ learned: terms.learned });
  if (previous && terms.changedWords.length + rereadFiles.length > 0) {
    const moving = filesReadOtherwise(previous, rows.moves.leaving, terms.changedWords, rereadFiles);
    await moveFiles(build, previous, rows, folder.states.filter((s) => moving.has(s.source)));
  }
  return { state, names, ...terms };
}

/**
 * The known names of the new generation and the state behind them (people-state.ts), moved by the units this build
 * adds and removes; the new segment's mentions, read with them; and the old units whose people read otherwise now,
 * read again. Returns the names mentioned (those readings standing in) and the files of the units read again.
 */
async function findNames({ pool, handles }: Build, previous: PreviousIndex | null, { segment, removed }: Rows): Promise<Pick<Words, 'state' | 'names'> & { rereadFiles: string[] }> {
  const view = handles.view!;
  const { followers, known, changed } = updateKnown(
    view,
    previous?.peopleState() ?? EMPTY_STATE,
    segment.db.prepare(`SELECT ${simplifiedSql()} FROM units u`).pluck().iterate() as Iterable<string>,
    previous?.unitTexts(removed.units) ?? [],
  );
  pool.setContext({ known: [...known] });
  const [newPassages, newArticles] = idRanges(segment);
  await readMentions(segment.db, newPassages, newArticles, pool);
  const isNew = ({ kind, id }: Unit) => {
    const [from, to] = kind === PASSAGE ? newPassages : newArticles;
    return id >= from && id < to;
  };
  const again = readAgain(view, changed, known, isNew);
  // only the names now: the mentions are read again for grouping, after the merge, rather than held through it
  const names = [...namesMentioned(view, again.mentions)];
  return { state: { followers, known }, names, rereadFiles: previous ? filesOfUnits(previous, again.units) : [] };
}

/**
 * The learned words (the terms quoted often enough, counted as before plus what the new segment holds minus what
 * leaves, and the names), their hash, and the words the vocabulary gained or lost: old passages and titles that hold
 * one are cut otherwise now, so their files move (a word that became a name or stopped being one, too: it weighs
 * otherwise).
 */
function learnTerms(previous: PreviousIndex | null, { segment, moves }: Rows, names: string[]): Pick<Words, 'quoted' | 'learned' | 'vocabulary' | 'changedWords'> {
  const quoted = countQuotedTerms(titlesAndPassages(segmentArticles(segment.db, ...idRanges(segment)[1])), previous?.quotedTerms() ?? new Map());
  // the files leaving so far: read before filesReadOtherwise adds the files the vocabulary moves, whose quotes stay
  // counted (they move into the new segment after this count, they do not leave)
  if (previous) countQuotedTerms(titlesAndPassages(articlesOfFiles(previous, moves.leaving)), quoted, -1);
  // the curated words are recorded with the learned ones: a word added to gov-terms.txt or taken out of it then moves
  // the files that hold it, to be cut again, as a word learned or forgotten does
  const learned = vocabularyOf([...learnedTerms(quoted), ...curatedWords()], names);
  const changedWords = vocabularyChanges(previous?.vocabulary() ?? { words: [], names: [] }, learned);
  return { quoted, learned, vocabulary: vocabularyHash(learned), changedWords };
}

/** The 'grouping people' phase: the generation opened anew on its finished segments, and its people in the order of a fresh build. */
export async function groupLivePeople({ phase, handles }: Build, names: string[], segments: GenerationSegments): Promise<{ people: Person[]; order: FileOrder }> {
  await phase('grouping people');
  const view = handles.openView();
  // no reading of readAgain's stands in any more: the units it read again either moved, and their new rows hold those
  // readings, or there were none
  const order = new FileOrder(view);
  return { people: livePeople(view, order, names, segments.all().length), order };
}

/**
 * The people of the live index, in the order of a fresh build (`order`'s units). What grouping holds (every unit's
 * mentions, the words naming someone, the titles' words) lives only as long as this call: at a million passages it
 * is hundreds of MB.
 */
function livePeople(view: Database.Database, order: FileOrder, names: string[], segments: number): Person[] {
  // a title's words can name someone only where they hold a name: only those titles are split
  const finder = new NameFinder(names);
  const passageUnits = order.passages.length;
  const headline = (unit: number) => unit - passageUnits;
  // the words tokenizing stored: cutting every title again, with jieba loaded for it, was a tenth of a small rebuild
  const headlineWords = new Map<number, string[]>();
  for (const [id, words] of view.prepare('SELECT id, title_words FROM articles').raw().iterate() as Iterable<[number, string]>) {
    if (finder.holds(words)) headlineWords.set(id, splitWords(words));
  }
  function* naming(): Generator<[string, number[]]> {
    yield* unitsNaming(view, segments, new Set(names), order);
    for (let a = 0; a < order.articles.length; a++) {
      for (const word of headlineWords.get(order.articles[a]!) ?? []) yield [word, [passageUnits + a]];
    }
  }
  // a headline's people are stored at the first passage of its article
  return storedAt(
    groupPeople(mentionsOf(view, order), (unit) => (headline(unit) < 0 ? order.articlesOf(order.passages[unit]!) : [order.articles[headline(unit)]!]), naming()),
    (unit) => (headline(unit) < 0 ? order.passages[unit] : order.passagesOf(order.articles[headline(unit)]!)[0]),
  );
}

/** What the global part is made from besides the articles (format, dictionaries, glossary edition): a rebuild that finds it and every file unchanged publishes nothing. */
export function vocabularyHash(learned: Vocabulary): string {
  return sha1(JSON.stringify([FORMAT_VERSION, curatedWords(), learned, glossaryEdition()]));
}

/** Every title, and every passage as often as articles hold it: where quoted terms are counted. */
function* titlesAndPassages(articles: Iterable<Pick<StoredArticle, 'article' | 'passages'>>): Generator<string> {
  for (const { article, passages } of articles) {
    yield article.title;
    yield* passages;
  }
}

/** The articles of old files, as they were stored. */
function* articlesOfFiles(previous: PreviousIndex, files: Iterable<string>): Generator<StoredArticle> {
  for (const file of files) yield* previous.articlesOf(file);
}

/** The articles a segment holds in its id range, as they were stored. */
function* segmentArticles(db: Database.Database, from: number, to: number): Generator<Pick<StoredArticle, 'article' | 'passages'>> {
  const passages = db.prepare('SELECT p.text FROM passage_sources s JOIN passages p ON p.id = s.passage_id WHERE s.article_id = ? ORDER BY s.ordinal').pluck();
  for (const { id, title } of db.prepare('SELECT id, title FROM articles WHERE id >= ? AND id < ?').all(from, to) as { id: number; title: string }[]) {
    const texts = passages.all(id) as string[];
    yield { article: { source: '', title, date: null, url: null, paragraphs: texts }, passages: texts };
  }
}
