import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { z } from 'zod';
import { WendaError } from './errors.js';
import type { ModelSource } from './embedding/embedder.js';
import { DEFAULT_MODEL } from './embedding/models.js';
import { DEFAULT_LIMITS, type ReadLimits } from './index/limits.js';
import { recordedBuild, type Recorded } from './store/generations.js';
import { decode, UNKNOWN_ENCODING } from './text/decode.js';

/** A Discord id (a server's, an application's), as every setting and flag that takes one checks it. */
export const snowflake = z.string().trim().regex(/^\d{17,20}$/u, 'must be a Discord id (17 to 20 digits)');
/** Build workers allowed: each holds about 200 MB of dictionaries, so more than this only risks memory. */
const MAX_BUILD_WORKERS = 16;
const MAX_DEPTH = 1000;
const blankIsUnset = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/** A number as a setting writes it: decimal digits, a sign and a point (not 0x10, 1e9 or Infinity, which Number reads). */
const decimal = z
  .string()
  .trim()
  .regex(/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/u, 'must be a number in decimal digits (such as 30 or 2.5)')
  .transform(Number);
/** A limit on what one article file may cost: a positive number (whole when `integer`); unset means the default. */
const limit = (integer = false, most = Infinity) =>
  z.preprocess(
    blankIsUnset,
    decimal
      .pipe(
        z
          .number()
          .positive('must be more than 0')
          .refine((n) => !integer || Number.isInteger(n), 'must be a whole number')
          .refine((n) => n <= most, `must be at most ${most.toLocaleString('en')}`),
      )
      .optional(),
  );

/**
 * A model as the hub names it (owner/name, or a name alone) or none: it is also a folder under WENDA_MODELS_DIR, so
 * nothing that leaves it (../, an absolute path) and nothing empty.
 */
export const modelId = z
  .string()
  .trim()
  // none in any case, as yes-or-no values are read
  .transform((v) => (v.toLowerCase() === 'none' ? 'none' : v))
  .pipe(z.string().regex(/^(?:[A-Za-z0-9][\w.-]*\/)?[A-Za-z0-9][\w.-]*$/u, 'must be a Hugging Face hub id (owner/name, or a name alone) or none'));

/** A folder as .env writes it: `~` is the home folder there too, as a shell would read it on a command line. */
const homeExpanded = (dir: string) => (dir === '~' || dir.startsWith('~/') ? path.join(os.homedir(), dir.slice(1)) : dir);
/** A folder setting that may be left blank (`WENDA_INDEX=` in .env): blank is unset, as for every setting. */
const folder = (fallback: string) => z.preprocess(blankIsUnset, z.string().trim().default(fallback).transform(homeExpanded));
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A bot token as the Developer Portal gives it: what is pasted around it (the header's prefix, quotes) is said. */
const botToken = z
  .string()
  .trim()
  // the first that fails is said, alone
  .refine((t) => !/^bot\s/iu.test(t), { error: 'starts with "Bot ": give the token alone (wenda adds the prefix)', abort: true })
  .refine((t) => !/^["']|["']$/u.test(t), { error: 'is in quotes that are part of the value (an env file of Docker passes them as written): remove them', abort: true })
  .refine((t) => /^[\x21-\x7e]+$/u.test(t), { error: 'holds a space, a line break or a character no bot token has', abort: true })
  .refine((t) => t.length >= 50, 'looks too short for a bot token');

/** The settings only the Discord bot reads: other commands neither need nor check them. */
const DISCORD_SETTINGS = ['DISCORD_TOKEN', 'DISCORD_GUILD_ID', 'DISCORD_API_URL'] as const;

const Env = z.object({
  // unset: the folder the index was built from (articlesFolder)
  WENDA_ARTICLES: z.preprocess(blankIsUnset, z.string().trim().transform(homeExpanded).optional()),
  WENDA_INDEX: folder('data/index'),
  DISCORD_TOKEN: z.preprocess(blankIsUnset, botToken.optional()),
  DISCORD_GUILD_ID: z.preprocess(blankIsUnset, snowflake.optional()),
  DISCORD_API_URL: z.preprocess(blankIsUnset, z.url({ protocol: /^https?$/u, error: 'must be an http(s) URL' }).optional()),
  // unset: the model the index was built with, else DEFAULT_MODEL (modelFor)
  WENDA_MODEL: z.preprocess(blankIsUnset, modelId.optional()),
  WENDA_MODELS_DIR: folder('models'),
  WENDA_OFFLINE: z
    .preprocess((v) => (typeof v === 'string' ? blankIsUnset(v.trim().toLowerCase()) : v), z.enum(['1', 'true', 'yes', 'on', '0', 'false', 'no', 'off'], { error: 'must be 1, true, yes or on, or 0, false, no or off' }).default('false'))
    .transform((v) => ['1', 'true', 'yes', 'on'].includes(v)),
  // in bytes, a limit below one would skip every file as over a limit of 0 MB
  WENDA_MAX_FILE_MB: limit().refine((mb) => mb === undefined || mb * 1e6 >= 1, 'must be at least 0.000001 (a byte)'),
  WENDA_MAX_PARAGRAPH_CHARS: limit(true),
  // parsing nests as deep as the text (cheerio, marked): thousands of levels take minutes and cannot be stopped
  WENDA_MAX_DEPTH: limit(true, MAX_DEPTH),
  WENDA_MAX_FILE_SECONDS: limit(),
  WENDA_BUILD_WORKERS: z.preprocess(blankIsUnset, decimal.pipe(z.number().int('must be a whole number').min(0, 'must be 0 or more').max(MAX_BUILD_WORKERS, `must be at most ${MAX_BUILD_WORKERS}`)).optional()),
  LOG_LEVEL: z.preprocess((v) => (typeof v === 'string' ? blankIsUnset(v.trim().toLowerCase()) : v), z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info')),
});
export type Config = z.infer<typeof Env>;

/**
 * The settings a .env file sets; none when there is no such file. Read as articles are, so that a .env saved as
 * UTF-16 (Windows editors) or GBK sets what it says instead of nothing; a .env that cannot be read (a folder, no
 * permission) is an error, not a file ignored.
 */
function readDotenv(file: string): { settings: Record<string, string> } & ReturnType<typeof readLines> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { settings: {}, unread: [], repeated: [] };
    if (code === 'EISDIR') throw new WendaError(`${file} is a folder, not a file of settings`);
    throw new WendaError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const decoded = decode(bytes);
  if (!decoded) throw new WendaError(`cannot read ${file}: ${UNKNOWN_ENCODING}`);
  return { settings: parseDotenv(decoded.text), ...readLines(decoded.text) };
}

// A line dotenv reads: NAME=value (or NAME: value), perhaps after export; and one that opens a quoted value it does not close.
const SETTING_LINE = /^\s*(?:export\s+)?([\w.-]+)(?:\s*=|:\s)/u;
const OPENS_QUOTE = /^[^=:]*(?:=|:\s)\s*(["'`])(?:(?!\1).)*$/u;

/**
 * What dotenv passes over without a word in a .env: the lines that are neither blank, a comment, a setting, nor a line
 * of a quoted value that runs over several (WENDA_INDEX:/srv/index, a colon with no space after it; DISCORD_TOKEN
 * alone), and the names set on more than one line, each with its lines (the last one holds).
 */
function readLines(text: string): { unread: string[]; repeated: [name: string, lines: number[]][] } {
  const unread: string[] = [];
  const setOn = new Map<string, number[]>();
  let quote: string | null = null;
  text.split(/\r\n|\r|\n/u).forEach((line, i) => {
    if (quote !== null) {
      if (line.includes(quote)) quote = null;
    } else if (SETTING_LINE.test(line)) {
      quote = OPENS_QUOTE.exec(line)?.[1] ?? null;
      const name = SETTING_LINE.exec(line)![1]!;
      setOn.set(name, [...(setOn.get(name) ?? []), i + 1]);
    } else if (line.trim() && !line.trim().startsWith('#')) {
      unread.push(`line ${i + 1} (${line.trim().slice(0, 40)})`);
    }
  });
  return { unread, repeated: [...setOn].filter(([, lines]) => lines.length > 1) };
}

/**
 * Settings from the environment, which overrides .env in the working folder (flags override both, in the CLI); a
 * variable set blank is unset, so that .env's value holds. Every bad value is reported at once, each on its own line.
 * `discord: false` (commands that do not talk to Discord) leaves the Discord settings out, unchecked: a bot's token
 * being wrong does not stop `wenda ask`. `warn` hears of the names in .env that are no setting (DISCORD_BOT_TOKEN for
 * DISCORD_TOKEN), which would otherwise be ignored without a word.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  dotenvPath = '.env',
  { discord = true, warn = (_message: string) => {} } = {},
): Config {
  const { settings: fromFile, unread, repeated } = readDotenv(dotenvPath);
  const unknown = Object.keys(fromFile).filter((key) => !(key in Env.shape));
  if (unknown.length > 0) warn(`${dotenvPath} sets ${unknown.join(', ')}, which ${unknown.length === 1 ? 'is no setting' : 'are no settings'} of wenda (see .env.example)`);
  for (const [name, lines] of repeated) warn(`${dotenvPath} sets ${name} on lines ${lines.join(', ')}: the last one holds`);
  if (unread.length > 0) warn(`${dotenvPath} has ${unread.join(', ')}, which set${unread.length === 1 ? 's' : ''} nothing: write NAME=value`);
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value?.trim()));
  const settings: Record<string, string | undefined> = { ...fromFile, ...given };
  if (!discord) for (const key of DISCORD_SETTINGS) delete settings[key];
  const parsed = Env.safeParse(settings);
  if (!parsed.success) {
    // a value the environment did not give came from the file: said, since the admin may be looking at the environment
    const where = (key: string) => (key in given || !(key in fromFile) ? '' : ` (set in ${dotenvPath})`);
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}${where(String(i.path[0]))}`);
    throw new WendaError(`bad configuration:\n  ${lines.join('\n  ')}`);
  }
  return parsed.data;
}

/** The articles folder of a first build when none is named. */
const DEFAULT_ARTICLES = 'data/articles';

/**
 * The articles folder a build reads: the one named (--articles, WENDA_ARTICLES); else the one the index was built
 * from, so that a rebuild naming none rebuilds that index rather than replacing its articles by another folder's;
 * else data/articles. `recorded` is that folder when the caller has read it already.
 */
export function articlesFolder(config: Config, recorded: Recorded = recordedBuild(config.WENDA_INDEX)): { dir: string; from: 'named' | 'index' | 'default' } {
  if (config.WENDA_ARTICLES !== undefined) return { dir: config.WENDA_ARTICLES, from: 'named' };
  return recorded.articlesDir === null ? { dir: DEFAULT_ARTICLES, from: 'default' } : { dir: recorded.articlesDir, from: 'index' };
}

/**
 * The embedding model a build uses: the one named (--model, WENDA_MODEL); else the one a hybrid index was built
 * with, so that a rebuild naming none keeps its vectors' model; else DEFAULT_MODEL (a lexical index tries it again,
 * once it has been fetched).
 */
export function modelFor(config: Config, recorded: Recorded = recordedBuild(config.WENDA_INDEX)): string {
  return config.WENDA_MODEL ?? recorded.model ?? DEFAULT_MODEL;
}

/** The limits on each article file under this configuration (DEFAULT_LIMITS for those not set). */
export function readLimits(config: Config): ReadLimits {
  const mb = config.WENDA_MAX_FILE_MB;
  return {
    maxFileBytes: mb === undefined ? DEFAULT_LIMITS.maxFileBytes : Math.round(mb * 1e6),
    maxParagraphChars: config.WENDA_MAX_PARAGRAPH_CHARS ?? DEFAULT_LIMITS.maxParagraphChars,
    maxDepth: config.WENDA_MAX_DEPTH ?? DEFAULT_LIMITS.maxDepth,
    maxFileSeconds: config.WENDA_MAX_FILE_SECONDS ?? DEFAULT_LIMITS.maxFileSeconds,
  };
}

/** Where models come from under this configuration (the models folder, which is also where downloads go). */
export function modelSource(config: Config): ModelSource {
  return { modelsDir: config.WENDA_MODELS_DIR, allowRemote: !config.WENDA_OFFLINE };
}
