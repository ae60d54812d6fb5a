/** Bumped whenever the database layout or the meaning of a stored value changes: older indexes are rebuilt, never misread. */
export const FORMAT_VERSION = 6;

export const DATABASE_FILE = 'wenda.db';
export const MANIFEST_FILE = 'manifest.json';

/**
 * passages keep their text as written (to quote) and analysed (folded, numerals as digits: what questions are matched
 * in, stored so that searching never folds a passage). articles and passages are numbered densely from 0 so that per-row numbers can live in typed arrays when searching.
 * postings is the full-text index: one row per field and term (`w:` passage words, `b:` passage bigrams, `aw:`/`ab:`
 * the same over whole articles), ids and term counts as little-endian Uint32/Uint16 arrays. people holds the officials
 * (and reporters) the articles name, with the titles each passage gives them and every passage that mentions them.
 * embeddings caches each passage's vector by content key and model, so a rebuild embeds only new text.
 * glossary maps English phrases (and `py:` pinyin keys) to the Chinese words of the corpus, for English questions.
 */
export const SCHEMA = `
CREATE TABLE articles (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL UNIQUE,
  file TEXT NOT NULL,
  file_hash TEXT NOT NULL,
  title TEXT NOT NULL,
  date TEXT,
  url TEXT,
  n_words INTEGER NOT NULL,
  n_bigrams INTEGER NOT NULL
);
CREATE INDEX articles_by_file ON articles(file);
CREATE TABLE passages (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  text TEXT NOT NULL,
  analysed TEXT NOT NULL,
  words TEXT NOT NULL,
  n_words INTEGER NOT NULL,
  n_bigrams INTEGER NOT NULL,
  prev INTEGER,
  next INTEGER
);
CREATE TABLE passage_sources (
  article_id INTEGER NOT NULL REFERENCES articles(id),
  ordinal INTEGER NOT NULL,
  passage_id INTEGER NOT NULL REFERENCES passages(id),
  PRIMARY KEY (article_id, ordinal)
) WITHOUT ROWID;
CREATE INDEX passage_sources_by_passage ON passage_sources(passage_id, article_id);
CREATE TABLE postings (
  key TEXT PRIMARY KEY,
  ids BLOB NOT NULL,
  tfs BLOB NOT NULL
) WITHOUT ROWID;
CREATE TABLE vocabulary (word TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE glossary (key TEXT PRIMARY KEY, words TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE embeddings (key TEXT NOT NULL, model TEXT NOT NULL, vector BLOB NOT NULL, PRIMARY KEY (key, model)) WITHOUT ROWID;
CREATE TABLE skipped (source TEXT NOT NULL, reason TEXT NOT NULL);
CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL, reporter INTEGER NOT NULL);
CREATE INDEX people_by_name ON people(name);
CREATE TABLE person_titles (
  person_id INTEGER NOT NULL REFERENCES people(id),
  title TEXT NOT NULL,
  passage_id INTEGER NOT NULL REFERENCES passages(id)
);
CREATE INDEX person_titles_by_person ON person_titles(person_id);
CREATE INDEX person_titles_by_title ON person_titles(title);
CREATE TABLE person_mentions (
  person_id INTEGER NOT NULL REFERENCES people(id),
  passage_id INTEGER NOT NULL REFERENCES passages(id),
  PRIMARY KEY (person_id, passage_id)
) WITHOUT ROWID;
`;
