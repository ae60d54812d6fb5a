import { formatResult, formatWho } from './format.js';
import { streamDecoder } from './text/decode.js';
import { printable } from './text/text.js';
import type { IndexReader } from './retrieval/index-reader.js';
import { ask, MAX_QUESTION_CHARS } from './retrieval/search.js';
import { currentGeneration } from './store/generations.js';

const USAGE = 'Type a question, or /ask QUESTION, or /who NAME-OR-TITLE.';
// the console's own help says how to leave it where a line can (a JSON line answers a program, and piped questions
// are read to their end: there exit is a question)
const HELP = `${USAGE} exit or Ctrl-D quits.\n`;
// what a person types to leave a prompt, which is no question
const LEAVE = /^\/?(?:exit|quit|q)$/iu;

export type ConsoleOutput = 'text' | 'json';

/** One line of the console: /ask …, /who …, or a bare question; as text, or as one JSON object (`wenda ask --json`). */
async function consoleAnswer(reader: IndexReader, line: string, k: number, output: ConsoleOutput, help: string): Promise<string> {
  // help asked for without its slash (help, 帮助, ?) is no question either
  const [, typed, rest] = /^\/(\w+)\s*(.*)$/su.exec(line) ?? (/^(?:help|帮助|[?？])$/iu.test(line) ? [null, 'help', ''] : [null, 'ask', line]);
  const command = typed!.toLowerCase();
  const text = (rest ?? '').trim();
  const json = output === 'json';
  if (!['help', 'who', 'ask'].includes(command)) {
    // the bot's rebuild, which a terminal runs as a command of its own
    const unknown = command === 'reindex' ? '/reindex is the bot\'s: here, run "wenda index build"' : `unknown command /${command}`;
    return json ? JSON.stringify({ error: unknown }) : `${unknown[0]!.toUpperCase()}${unknown.slice(1)}. ${help}`;
  }
  if (command === 'help' || !text) return json ? JSON.stringify({ error: USAGE }) : help;
  if (command === 'who') {
    const result = reader.people.who(text);
    return json ? JSON.stringify(result) : formatWho(result);
  }
  const result = await ask(reader, text, k);
  return json ? JSON.stringify(result) : formatResult(result);
}

const isAscii = (bytes: Buffer) => bytes.every((b) => b < 0x80);

/** A line of input longer than this is no question, and is not kept whole (/dev/zero is one endless line). */
const MAX_LINE_CHARS = 100 * MAX_QUESTION_CHARS;

/**
 * The lines of a stream without their line ends (\n, \r\n or \r, as readline reads them), a line longer than maxChars
 * as null: its text is dropped as it comes.
 */
export async function* boundedLines(input: AsyncIterable<Buffer | string>, maxChars = MAX_LINE_CHARS): AsyncGenerator<string | null> {
  let decoder: ReturnType<typeof streamDecoder> | null = null;
  let line = '';
  let over = false;
  // a chunk that ended with \r: a \n opening the next one ends no other line
  let afterReturn = false;
  const take = (text: string) => {
    if (over) return;
    line += text;
    if (line.length > maxChars) [line, over] = ['', true];
  };
  const end = () => {
    const done = over ? null : line;
    [line, over] = ['', false];
    return done;
  };
  for await (const chunk of input) {
    // the encoding is chosen by the first bytes past ASCII, which every encoding here reads alike (or a byte-order mark)
    let text = typeof chunk === 'string' ? chunk : !decoder && isAscii(chunk) ? chunk.toString('latin1') : (decoder ??= streamDecoder(chunk)).write(chunk);
    if (afterReturn && text.startsWith('\n')) text = text.slice(1);
    if (text) afterReturn = text.endsWith('\r');
    let from = 0;
    for (const { index, 0: lineEnd } of text.matchAll(/\r\n?|\n/gu)) {
      take(text.slice(from, index));
      yield end();
      from = index + lineEnd.length;
    }
    take(text.slice(from));
  }
  take(decoder?.end() ?? '');
  if (line || over) yield end();
}

/**
 * The bot's answers without Discord: reads standard input line by line (a terminal or a pipe) until it ends, and
 * prints what /ask and /who would answer. `exit` leaves the `start` console however it is fed, and `wenda ask` only
 * at a terminal: piped to `ask`, a file of questions is read to its end, whatever its lines say.
 */
/**
 * The index in `indexDir` a console answers from: the one open, until a build publishes another, which is then opened as
 * the first was (`open`, its model loaded) and the old one closed, as the bot does. A new one that cannot be opened is
 * said once, and the one open goes on answering.
 */
function indexInUse(indexDir: string, open: () => Promise<IndexReader>, first: IndexReader): () => Promise<IndexReader> {
  let reader = first;
  let unopened: string | null = null;
  return async () => {
    let published: string | null;
    try {
      published = currentGeneration(indexDir);
    } catch {
      return reader; // `current` replaced by hand: what is open stays
    }
    if (published === null || published === reader.generation || published === unopened) return reader;
    try {
      const fresh = await open();
      reader.close();
      reader = fresh;
    } catch (e) {
      unopened = published;
      process.stderr.write(`wenda: the index built since cannot be opened (${(e as Error).message}); answering from the one opened before\n`);
    }
    return reader;
  };
}

/** Answers lines of standard input from the index in `indexDir` (opened by `open`) until it ends or the user leaves. */
export async function runConsole(indexDir: string, open: () => Promise<IndexReader>, k: number, output: ConsoleOutput = 'text', { questionsOnly = false } = {}): Promise<void> {
  const first = await open();
  const current = indexInUse(indexDir, open, first);
  const interactive = process.stdin.isTTY && output === 'text';
  const leavable = process.stdin.isTTY || !questionsOnly;
  const leaves = (line: string) => leavable && LEAVE.test(line);
  const help = leavable ? HELP : `${USAGE}\n`;
  if (interactive) process.stdout.write(`wenda console: ${first.manifest.counts.articles} articles. ${HELP}> `);
  for await (const line of boundedLines(process.stdin)) {
    if (line === null) {
      const message = `a line of more than ${MAX_LINE_CHARS} characters is no question; it was skipped`;
      process.stdout.write(`${output === 'json' ? JSON.stringify({ error: message }) : message}\n`);
    } else if (leaves(line.trim())) {
      break;
    } else if (line.trim()) {
      // piped questions get their answers under them, so that a file of questions can be read back (JSON says its own)
      if (!interactive && output === 'text') process.stdout.write(`Q: ${printable(line.trim())}\n`);
      try {
        process.stdout.write((await consoleAnswer(await current(), line.trim(), k, output, help)) + '\n');
      } catch (e) {
        const message = (e as Error).message;
        process.stdout.write(`${output === 'json' ? JSON.stringify({ question: line.trim(), error: message }) : message}\n`);
      }
    }
    if (interactive) process.stdout.write('> ');
  }
}
