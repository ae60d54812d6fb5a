import { createInterface } from 'node:readline';
import { formatResult, formatWho } from '../format.js';
import { IndexReader } from '../retrieval/index-reader.js';
import { ask } from '../retrieval/search.js';

const HELP = 'Type a question, or /ask QUESTION, or /who NAME-OR-TITLE. Ctrl-D quits.\n';

/** One line of the console: /ask …, /who …, or a bare question. */
export async function consoleAnswer(reader: IndexReader, line: string, k: number): Promise<string> {
  const [, command, rest] = /^\/(\w+)\s*(.*)$/su.exec(line) ?? [null, 'ask', line];
  const text = (rest ?? '').trim();
  if (command === 'help' || !text) return HELP;
  if (command === 'who') return formatWho(reader.people.who(text));
  if (command === 'ask') return formatResult(await ask(reader, text, k));
  return `Unknown command /${command}. ${HELP}`;
}

/**
 * The bot's answers without Discord: reads standard input line by line (a terminal or a pipe) until it ends, and
 * prints what /ask and /who would answer.
 */
export async function runConsole(reader: IndexReader, k: number): Promise<void> {
  const interactive = process.stdin.isTTY;
  if (interactive) process.stdout.write(`wenda console: ${reader.manifest.counts.articles} articles. ${HELP}> `);
  for await (const line of createInterface({ input: process.stdin, terminal: false })) {
    if (line.trim()) {
      try {
        process.stdout.write((await consoleAnswer(reader, line.trim(), k)) + '\n');
      } catch (e) {
        process.stdout.write(`${(e as Error).message}\n`);
      }
    }
    if (interactive) process.stdout.write('> ');
  }
}
