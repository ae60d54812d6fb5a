/** Bumped whenever the database layout or the meaning of a stored value changes: older indexes are rebuilt, never misread. */
export const FORMAT_VERSION = 30;

export const DATABASE_FILE = 'wenda.db';
/** Segment files of a generation: `segment-<id>.db`, written once and hard-linked into later generations. */
export const SEGMENT_FILE = /^segment-[0-9a-z-]+\.db$/u;
export const MANIFEST_FILE = 'manifest.json';

/**
 * A generation is `wenda.db` (the global part, rewritten by every build) and segments (SEGMENT_SCHEMA, immutable).
 * Segment rows carry global ids: a segment owns the id ranges [first, end) its row in `segments` gives, so ids never
 * clash and a reader can join any segment's rows. `deleted_passages`/`deleted_articles` list the rows of older
 * segments that a later build replaced or removed; everything else in a segment is live.
 * people holds the officials (and reporters) the articles name, with every passage that mentions them (`mentions` of
 * them, distinct), and person_titles each title they hold with the passages that give it (`count` of them, a passage
 * once per time it gives the title); passages are kept as blobs (store/placed-passages.ts), each with its `rank`: its
 * place in the order of a fresh build (file order), so that listings do not depend on which segment a passage lives in.
 * name_followers (how often each character follows each short name found) and known_names let a rebuild find people
 * reading only what changed (index/people-state.ts);
 * quoted_terms (how often titles and passages quote each term) lets it learn words from what changed.
 * file_stamps: each article file's stamp (index/file-stamp.ts) when the bytes its rows hold were hashed, so that a
 * rebuild reads only the files whose stamp moved.
 * glossary maps English phrases (and `py:` pinyin keys)
 * to the Chinese words of the corpus, for English questions; what the next build needs to update it rather than make
 * it again: dictionary_counts (the live passages of each CC-CEDICT word and bigram key the index holds),
 * glossary_candidates (every candidate of each key, with its sense rank and CC-CEDICT entry) and glossary_edition.
 */
export const SCHEMA = `
CREATE TABLE segments (
  name TEXT PRIMARY KEY,
  first_passage INTEGER NOT NULL,
  end_passage INTEGER NOT NULL,
  first_article INTEGER NOT NULL,
  end_article INTEGER NOT NULL
);
CREATE TABLE deleted_passages (id INTEGER PRIMARY KEY);
CREATE TABLE deleted_articles (id INTEGER PRIMARY KEY);
CREATE TABLE vocabulary (word TEXT PRIMARY KEY, name INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE glossary (key TEXT PRIMARY KEY, words TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE skipped (source TEXT NOT NULL, reason TEXT NOT NULL);
CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL, reporter INTEGER NOT NULL, mentions INTEGER NOT NULL, passages BLOB NOT NULL);
CREATE TABLE person_titles (person_id INTEGER NOT NULL, title TEXT NOT NULL, count INTEGER NOT NULL, passages BLOB NOT NULL, PRIMARY KEY (person_id, title)) WITHOUT ROWID;
CREATE TABLE name_followers (name TEXT NOT NULL, follower TEXT NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (name, follower)) WITHOUT ROWID;
CREATE TABLE known_names (name TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE quoted_terms (term TEXT PRIMARY KEY, count INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE dictionary_counts (key TEXT PRIMARY KEY, passages INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE glossary_candidates (key TEXT NOT NULL, word TEXT NOT NULL, rank INTEGER NOT NULL, entry INTEGER NOT NULL, PRIMARY KEY (key, word)) WITHOUT ROWID;
CREATE TABLE glossary_edition (edition TEXT NOT NULL);
CREATE TABLE file_stamps (file TEXT PRIMARY KEY, stamp TEXT NOT NULL) WITHOUT ROWID;
`;

/**
 * One segment: passages keep their text as written (to quote) and analysed (folded, numerals as digits: what questions
 * are matched in, stored so that searching never folds a passage) as the edits that make it from the text
 * (`analysed_edits`, NULL when they are equal: store/text-edits.ts), and their words (tokens) as where they stand in
 * the analysed text (`word_cuts`: store/word-cuts.ts). passage_sources: every article and ordinal where a passage
 * occurs (the same text in several articles is one passage; all its articles are in its segment), and the article
 * paragraph it begins in there (a long paragraph is several passages, fragments join the paragraph they introduce).
 * postings is the segment's full-text index: one row per field and term (`w:` passage words, `b:` passage bigrams,
 * `aw:`/`ab:` the same over whole articles), global ids and term counts delta-coded as varints
 * (store/postings-codec.ts). title_words: the title's words as its tokenizing cut them (joined by spaces), so that
 * grouping people reads a title's words without loading jieba and cutting every title again.
 * embeddings caches each passage's vector by content key and model, so a rebuild embeds only new text. A rowid table
 * with an index, not WITHOUT ROWID: a 1.5 KB vector is too long for a WITHOUT ROWID leaf (at most about 1 KB in a 4 KB
 * page), so each spilled onto an overflow page of its own and took 4.7 KB on disk; here two share a page (2.1 KB).
 * dictionary_terms: the posting keys of CC-CEDICT words (`w:`) and their bigrams (`b:`) the segment holds, with how many
 * of its passages hold each.
 * columns: per passage and per article, the numbers a reader holds in memory (lengths in words and bigrams, a passage's
 * neighbours and first article), and passage_sources as two columns (what a build's file order is made from), one
 * blob each (store/segment-columns.ts).
 * units: each passage (kind 0) and headline (kind 1) as people are looked for in it: simplified (as edits of the
 * passage's text or the article's title, NULL when equal), the names its structure gives (found, JSON) and its people
 * read with the known names of the build that wrote it (mentions, JSON).
 * The views of store/segments.ts give the stored forms back as text (`analysed`, `words`, `simplified`).
 */
export const SEGMENT_SCHEMA = `
CREATE TABLE articles (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL UNIQUE,
  file TEXT NOT NULL,
  file_hash TEXT NOT NULL,
  title TEXT NOT NULL,
  title_words TEXT NOT NULL DEFAULT '',
  date TEXT,
  url TEXT
);
CREATE INDEX articles_by_file ON articles(file);
CREATE TABLE passages (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  text TEXT NOT NULL,
  analysed_edits BLOB,
  word_cuts BLOB NOT NULL
);
CREATE TABLE passage_sources (
  article_id INTEGER NOT NULL REFERENCES articles(id),
  ordinal INTEGER NOT NULL,
  passage_id INTEGER NOT NULL REFERENCES passages(id),
  paragraph INTEGER NOT NULL,
  PRIMARY KEY (article_id, ordinal)
) WITHOUT ROWID;
CREATE INDEX passage_sources_by_passage ON passage_sources(passage_id, article_id);
CREATE TABLE postings (key TEXT PRIMARY KEY, list BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE embeddings (key TEXT NOT NULL, model TEXT NOT NULL, vector BLOB NOT NULL, UNIQUE (key, model));
CREATE TABLE dictionary_terms (key TEXT PRIMARY KEY, passages INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE columns (name TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE units (
  kind INTEGER NOT NULL,
  id INTEGER NOT NULL,
  simplified_edits BLOB,
  found TEXT NOT NULL,
  mentions TEXT NOT NULL,
  PRIMARY KEY (kind, id)
) WITHOUT ROWID;
`;
