import { accessSync, constants, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { z } from 'zod';
import { articlesFolder, loadConfig, modelFor, modelId, modelSource, readLimits, snowflake, type Config } from './config.js';
import { WendaError, errorReason } from './errors.js';
import { formatResult, formatWho } from './format.js';
import { checkIndex } from './store/check-index.js';
import { currentGeneration, hasIndex, recordedBuild } from './store/generations.js';
import { rebuildCommand } from './store/rebuild-hint.js';
import { evaluate, readQuestions, unknownSources, type Detail } from './retrieval/evaluate.js';
import { IndexReader } from './retrieval/index-reader.js';
import { ask, MAX_ANSWERS, questionProblem } from './retrieval/search.js';
import { Embedder, ModelUnavailable } from './embedding/embedder.js';
import { runConsole } from './console.js';
import { plural } from './plural.js';
import { printable } from './text/text.js';
import { packageRoot, pathWithin, realPathOf } from './paths.js';

function count(max: number) {
  return (value: string): number => {
    // in decimal digits, as the settings are read: Number would also take 1e1 and 0x5
    const n = /^\s*\d+\s*$/u.test(value) ? Number(value) : NaN;
    if (!Number.isInteger(n) || n < 1 || n > max) throw new InvalidArgumentError(`must be a whole number from 1 to ${max}`);
    return n;
  };
}

/** A flag's parser that checks it as the setting of the same meaning is checked (`schema`). */
const checkedAs =
  (schema: z.ZodType<string, string>) =>
  (value: string): string => {
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new InvalidArgumentError(parsed.error.issues.map((i) => i.message).join('; '));
    return parsed.data;
  };
/** A flag that names a Discord server, checked as DISCORD_GUILD_ID is. */
const discordId = checkedAs(snowflake);

/** A folder flag: an empty one (--index "") would mean the working folder, never what was meant. */
function folderArgument(value: string): string {
  if (!value.trim()) throw new InvalidArgumentError('An empty value names no folder.');
  return value;
}
const indexOption = () => new Option('--index <dir>', 'index folder (default: WENDA_INDEX or data/index)').argParser(folderArgument);
const kOption = (fallback: number) => new Option('-k, --k <n>', 'how many passages').argParser(count(MAX_ANSWERS)).default(fallback);
/** A flag or argument that names a model, checked as WENDA_MODEL is. */
const hubId = checkedAs(modelId);

const modelOption = () =>
  new Option('--model <id>', "embedding model (a hub id), or none for lexical only (default: WENDA_MODEL, else the model a hybrid index was built with, else Xenova/multilingual-e5-small)").argParser(hubId);

/** The settings of a command that does not talk to Discord (its settings unchecked), the command's flags over them. */
function configWith(opts: { index?: string; articles?: string; model?: string }): Config {
  const config = settings({ discord: false });
  return {
    ...config,
    WENDA_INDEX: opts.index ?? config.WENDA_INDEX,
    WENDA_ARTICLES: opts.articles ?? config.WENDA_ARTICLES,
    WENDA_MODEL: opts.model ?? config.WENDA_MODEL,
  };
}

const detailsError = (file: string, e: unknown) =>
  new WendaError(`cannot write the details to ${file} (${errorReason(e)})`);

/**
 * Whether the details file can be written, asked before the evaluation (which can take minutes) rather than after
 * it; the file itself is not touched yet, so that a run that fails keeps the last one's details. Nor may it replace
 * the question set or a file of the index.
 */
function checkDetailsFile(file: string, { questions, indexDir }: { questions: string; indexDir: string }): void {
  if (realPathOf(file) === realPathOf(questions)) throw new WendaError(`the details file ${file} is the question set: name another file`);
  if (pathWithin(indexDir, file) !== null) throw new WendaError(`the details file ${file} is inside the index folder ${indexDir}: name a file elsewhere`);
  try {
    accessSync(path.dirname(path.resolve(file)), constants.W_OK);
    const existing = statSync(file, { throwIfNoEntry: false });
    if (existing?.isDirectory()) throw Object.assign(new Error('a folder'), { code: 'EISDIR' });
    if (existing) accessSync(file, constants.W_OK);
  } catch (e) {
    throw detailsError(file, e);
  }
}

/** The details of an evaluation, one JSON line per question; a file that cannot be written is a one-line error. */
function writeDetails(file: string, details: Detail[]): void {
  try {
    writeFileSync(file, details.map((d) => JSON.stringify(d) + '\n').join(''));
  } catch (e) {
    throw detailsError(file, e);
  }
}

const warn = (message: string) => process.stderr.write(`wenda: ${message}\n`);
/** The settings from the environment and .env, saying what .env sets that wenda does not read. */
const settings = ({ discord = true } = {}) => loadConfig(process.env, '.env', { discord, warn });

// The builder (HTML parsing), the bot (discord.js, pino) and the progress bars are imported when used: a one-shot
// `ask` or `who` starts faster without them (bench/HISTORY.md: what a one-shot costs).
/** Builds the index, then prints its summary line (to stderr where stdout holds answers: `ask --json` on a first run). */
async function build(config: Config, print: (line: string) => void = console.log): Promise<void> {
  const [{ buildIndex }, { buildProgress, LISTED_ABOVE }] = await Promise.all([import('./index/build.js'), import('./progress.js')]);
  const recorded = recordedBuild(config.WENDA_INDEX);
  const before = recorded.articlesDir;
  const articles = articlesFolder(config, recorded);
  // an index whose manifest is lost would otherwise be replaced by data/articles (a checkout's sample) without a word
  if (articles.from === 'default' && currentGeneration(config.WENDA_INDEX) !== null) {
    throw new WendaError(`the index at ${config.WENDA_INDEX} does not say which folder it was built from (its manifest is damaged or gone): name it with --articles`);
  }
  if (articles.from === 'index') warn(`rebuilding from ${articles.dir}, the folder the index was built from (name another with --articles)`);
  const report = await buildIndex({
    articlesDir: articles.dir,
    indexDir: config.WENDA_INDEX,
    progress: buildProgress(),
    model: modelFor(config, recorded),
    modelSource: modelSource(config),
    limits: readLimits(config),
    workers: config.WENDA_BUILD_WORKERS,
  });
  // files counted once each: read (and indexed) + unchanged + skipped = files
  const skipped = report.skippedFiles ? `, ${report.skippedFiles} skipped${LISTED_ABOVE}` : '';
  const embedded = report.mode === 'hybrid' ? `, ${report.embeddedPassages} embedded` : '';
  const removed = report.removedFiles ? `, ${report.removedFiles} removed` : '';
  // the time since the command started (performance's origin is the process's start): loading the modules is part of it
  const seconds = (performance.now() / 1000).toFixed(1);
  const what = `${plural(report.articles, 'article')} as ${plural(report.passages, 'passage')} from ${plural(report.files, 'file')}`;
  if (report.unchanged) {
    return print(
      `the index is up to date: no file it indexes changed since it was built (${what}${skipped}; ${report.mode}), checked in ${seconds} s: ${report.indexDir}`,
    );
  }
  if (before !== null && realPathOf(before) !== realPathOf(articles.dir)) warn(`the index was built from ${before}; it now holds the articles of ${path.resolve(articles.dir)} instead`);
  print(
    `indexed ${what} in ${seconds} s` +
      ` (${report.parsedFiles} read, ${report.reusedFiles} unchanged${skipped}${removed}${embedded}; ${report.mode}) into ${report.indexDir}`,
  );
}

/** How a command opens the index: `oneQuestion` when it answers one and the process ends (ReaderOptions); `modelFlag`, the command's --model. */
interface Opening {
  oneQuestion?: boolean;
  modelFlag?: string;
}

/**
 * The index, with its model loaded when it is hybrid (a model that cannot be had is said once: answers are lexical).
 * A model named with --model that a lexical index cannot use is said too, rather than answered without it in silence.
 */
async function openReader(config: Config, { oneQuestion = false, modelFlag }: Opening = {}): Promise<IndexReader> {
  const reader = IndexReader.open(config.WENDA_INDEX, { oneQuestion });
  if (modelFlag && modelFlag !== 'none' && !reader.manifest.settings.dense) {
    warn(`the index is lexical (built without a model), so --model ${modelFlag} is not used: rebuild it with "${rebuildCommand(reader.generation, ` --model ${modelFlag}`)}" to answer with it`);
  }
  await reader.useModel(config.WENDA_MODEL, modelSource(config), warn);
  return reader;
}

/** Builds the index from the articles folder when there is none (a first run). */
async function buildIfMissing(config: Config): Promise<void> {
  if (hasIndex(config.WENDA_INDEX)) return;
  process.stderr.write(`no index yet: building one from ${articlesFolder(config).dir}\n`);
  await build(config, (line) => process.stderr.write(`${line}\n`));
}

/** The bot until SIGINT or SIGTERM, then a clean disconnect. */
async function runBot(config: Config): Promise<void> {
  const [{ startBot }, { createLogger }] = await Promise.all([import('./bot/bot.js'), import('./log.js')]);
  const log = createLogger(config.LOG_LEVEL);
  // a stray rejection in a library must not take the bot down with every server's conversations
  process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection'));
  const bot = await startBot(config, log);
  const failure = await new Promise<WendaError | null>((resolve) => {
    const stop = (signal: string) => {
      log.info({ signal }, 'shutting down');
      void bot.stop().then(() => resolve(null));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    // Discord ended the session for good: stop, and let main say why on one line and exit non-zero
    void bot.failed.then((error) => bot.stop().then(() => resolve(error)));
  });
  if (failure) throw failure;
}

export function program(): Command {
  const { version } = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string };
  const cli = new Command('wenda')
    .description('Answers questions about a folder of Chinese news articles with quoted passages and their sources')
    .version(version)
    // commander's own errors (an unknown command or option, a bad value) said as wenda's are: one line, "wenda: …"
    .configureOutput({ outputError: (text, write) => write(`${text.trim().replace(/^error: /u, 'wenda: ').split('\n').join(' ')}\n`) })
    .enablePositionalOptions()
    .passThroughOptions();
  /**
   * A command made of subcommands. Commander looks for --help before it looks the command up, so `wenda console --help`
   * showed this help and exited 0; passing options through from the first word that is not a subcommand leaves no
   * --help to find, and the word is an unknown command (exit 1) with or without --help after it.
   */
  const group = (name: string, description: string) => cli.command(name).description(description).passThroughOptions();

  const index = group('index', 'build and manage the index');
  index
    .command('build')
    .description('read the articles folder and (re)build the index; unchanged files are carried over')
    .addOption(new Option('--articles <dir>', 'articles folder (default: WENDA_ARTICLES, else the folder the index was built from, else data/articles)').argParser(folderArgument))
    .addOption(indexOption())
    .addOption(modelOption())
    .action((opts: { articles?: string; index?: string; model?: string }) => build(configWith(opts)));
  index
    .command('verify')
    .description('check every file of the index against the checksums its build recorded, and the database with SQLite')
    .addOption(indexOption())
    .action((opts: { index?: string }) => {
      const started = performance.now();
      const indexDir = configWith(opts).WENDA_INDEX;
      const { generation, files, bytes } = checkIndex(indexDir);
      const seconds = (performance.now() - started) / 1000;
      // the folder the admin named, and the generation in use in it
      console.log(`the index at ${indexDir} is sound (${path.basename(generation)} in use): ${files} files, ${(bytes / 1e6).toFixed(1)} MB checked in ${seconds.toFixed(2)} s`);
    });

  cli
    .command('ask')
    .description('answer a question with the closest passages; with no question, answer each line of input')
    .argument('[question...]', 'the question (words are joined with spaces)')
    .addOption(indexOption())
    .addOption(kOption(5))
    .addOption(modelOption())
    .option('--json', 'print one JSON object (one a line when the questions come from standard input)')
    .action(async (words: string[], opts: { index?: string; k: number; json?: boolean; model?: string }) => {
      const config = configWith(opts);
      if (words.length === 0) {
        // the first run builds the configured index; a folder named with --index that holds none is more likely a typo
        if (!opts.index) await buildIfMissing(config);
        return runConsole(config.WENDA_INDEX, () => openReader(config, { modelFlag: opts.model }), opts.k, opts.json ? 'json' : 'text', { questionsOnly: true });
      }
      const question = words.join(' ');
      // said before the index is opened
      const problem = questionProblem(question);
      if (problem) {
        // a program reading --json gets its line, as for a line of input that cannot be answered; the exit says it failed
        if (opts.json) process.stdout.write(JSON.stringify({ question, error: problem }) + '\n');
        throw new WendaError(problem);
      }
      const result = await ask(await openReader(config, { oneQuestion: true, modelFlag: opts.model }), question, opts.k);
      process.stdout.write(opts.json ? JSON.stringify(result) + '\n' : formatResult(result));
    });

  cli
    .command('who')
    .description('who holds a title, or which titles a person holds, with the articles that say so')
    .argument('<query...>', 'a name (庄荣文, or pinyin: Zhuang Rongwen) or a title (中央网信办主任)')
    .addOption(indexOption())
    .option('--json', 'print one JSON object')
    .action((words: string[], opts: { index?: string; json?: boolean }) => {
      // one question, which cuts no text: the one-question reader never loads jieba's dictionary
      const reader = IndexReader.open(configWith(opts).WENDA_INDEX, { oneQuestion: true });
      const query = words.join(' ');
      try {
        const result = reader.people.who(query);
        process.stdout.write(opts.json ? JSON.stringify(result) + '\n' : formatWho(result));
      } catch (e) {
        // a query that cannot be looked up (no name in it, too long) gives --json its line, as `ask --json` does
        if (opts.json && e instanceof WendaError) process.stdout.write(JSON.stringify({ query, error: e.message }) + '\n');
        throw e;
      } finally {
        reader.close();
      }
    });

  cli
    .command('eval')
    .description('measure retrieval on a question set (JSONL lines {"id","question","answer"?,"source"?})')
    .requiredOption('--questions <file>', 'the question set')
    .addOption(indexOption())
    .addOption(kOption(10))
    .addOption(modelOption())
    .option('--json', 'print one JSON object')
    .option('--details <file>', 'write one JSON line per question: ranks, noAnswer, the top 3 passages')
    .action(async (opts: { questions: string; index?: string; k: number; json?: boolean; details?: string; model?: string }) => {
      const questions = readQuestions(opts.questions);
      const config = configWith(opts);
      if (opts.details) checkDetailsFile(opts.details, { questions: opts.questions, indexDir: config.WENDA_INDEX });
      const reader = await openReader(config, { modelFlag: opts.model });
      const unknown = unknownSources(reader, questions);
      if (unknown.length > 0) {
        const listed = unknown.slice(0, 3).map((q) => `${q.id} (${q.source})`).join(', ');
        const naming = unknown.length === 1 ? '1 question names' : `${unknown.length} questions name`;
        warn(`${naming} a source the index holds no article of, so ${unknown.length === 1 ? 'it' : 'they'} cannot be found: ${listed}${unknown.length > 3 ? ', …' : ''}`);
      }
      const { report, details } = await evaluate(reader, questions, opts.k);
      if (opts.details) writeDetails(opts.details, details);
      if (opts.json) return void process.stdout.write(JSON.stringify(report) + '\n');
      // recall and MRR are over the questions the articles answer: with none, there is nothing they could say
      const unmeasured = report.unanswerable === report.n ? 'not measured (no question has an answer)' : `not measured (--k ${report.k})`;
      const shown = (x: number | null, format: (x: number) => string) => (x === null ? unmeasured : format(x));
      const pct = (x: number | null) => shown(x, (v) => `${(v * 100).toFixed(1)} %`);
      process.stdout.write(
        [
          `questions   ${report.n} (${report.unanswerable} without an answer in the articles)`,
          `recall@1    ${pct(report.recall1)}`,
          `recall@5    ${pct(report.recall5)}`,
          `recall@10   ${pct(report.recall10)}`,
          `MRR@10      ${shown(report.mrr10, (v) => v.toFixed(3))}`,
          `noAnswer    ${report.noAnswer} (${report.noAnswerOnUnanswerable} of ${report.unanswerable} unanswerable, ${report.noAnswerOnAnswerable} answerable)`,
          `latency     p50 ${report.p50Ms} ms, p95 ${report.p95Ms} ms`,
        ].join('\n') + '\n',
      );
    });
  cli
    .command('bot')
    .description('run the Discord bot (needs DISCORD_TOKEN); registers the commands in DISCORD_GUILD_ID when set')
    .action(() => runBot(settings()));

  cli
    .command('start')
    .description('the main job: the bot when DISCORD_TOKEN is set, else a console that answers /ask and /who lines')
    .action(async () => {
      const config = settings();
      if (!config.DISCORD_TOKEN) {
        // a service started without its token would otherwise read an empty standard input and end without a word
        warn('DISCORD_TOKEN is not set: answering /ask and /who lines from standard input instead of running the bot');
        await buildIfMissing(config);
        return runConsole(config.WENDA_INDEX, () => openReader(config), 3);
      }
      await buildIfMissing(config);
      return runBot(config);
    });

  const model = group('model', 'manage the embedding model');
  model
    .command('fetch')
    .description('download a model from the Hugging Face hub into WENDA_MODELS_DIR, for servers without internet')
    .argument('[id]', "hub id (default: WENDA_MODEL, else the model a hybrid index was built with, else Xenova/multilingual-e5-small)", hubId)
    .action(async (id: string | undefined) => {
      const config = configWith({});
      const modelId = id ?? modelFor(config);
      if (modelId === 'none') throw new WendaError(id ? 'no model to fetch: none names no model' : 'no model to fetch: WENDA_MODEL is none');
      if (config.WENDA_OFFLINE) throw new WendaError('WENDA_OFFLINE is set: unset it to download a model');
      const { downloadProgress } = await import('./progress.js');
      const embedder = await Embedder.load(modelId, { modelsDir: config.WENDA_MODELS_DIR, allowRemote: true, onProgress: downloadProgress() }).catch(
        (e: unknown) => {
          throw e instanceof ModelUnavailable ? new WendaError(`cannot get ${modelId} from the Hugging Face hub: ${(e.cause as Error).message}`) : e;
        },
      );
      console.log(`${embedder.id} is ready in ${config.WENDA_MODELS_DIR} (${embedder.quantized ? 'int8' : 'float32'} weights)`);
    });

  const commandsCmd = group('commands', 'manage the slash commands registered with Discord');
  commandsCmd
    .command('deploy')
    .description('register /ask, /who and /reindex globally, or in one guild with --guild')
    .addOption(new Option('--guild <id>', 'register in this guild only (instant)').argParser(discordId))
    .action(async (opts: { guild?: string }) => {
      const { deployCommands } = await import('./bot/deploy.js');
      const config = settings();
      const home = config.DISCORD_GUILD_ID;
      // the bot registers them in its own server at start: there they would show twice
      if (!opts.guild && home) warn(`DISCORD_GUILD_ID is set, so the bot also registers the commands in server ${home} when it starts, where they will show twice; "wenda commands deploy --guild ${home}" registers them there alone`);
      const names = await deployCommands(config, opts.guild);
      console.log(`registered ${names.map((n) => `/${n}`).join(', ')} ${opts.guild ? `in guild ${opts.guild}` : 'globally'}`);
    });
  return cli;
}

/** Runs the CLI: a WendaError (or any failure) ends the process with one line on stderr and exit code 1. */
export async function main(argv: string[] = process.argv): Promise<void> {
  // output piped into `head` and cut off: stop quietly, as command-line tools do; output that cannot be written (a full
  // disk) is one line, as any failure is
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    process.stderr.write(`wenda: cannot write the output: ${printable(e.message)}\n`);
    process.exit(1);
  });
  try {
    await program().parseAsync(argv);
  } catch (e) {
    const message = e instanceof WendaError ? e.message : `unexpected error: ${(e as Error).message ?? String(e)}`;
    // control characters escaped, but the lines of a message that has several (bad settings, one a line) kept
    process.stderr.write(`wenda: ${message.split('\n').map(printable).join('\n')}\n`);
    process.exitCode = 1;
  }
}
