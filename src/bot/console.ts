import { createInterface } from 'node:readline';
import { formatResult, formatWho } from '../format.js';
import { IndexReader } from '../retrieval/index-reader.js';
import { ask } from '../retrieval/search.js';

const HELP = 'Type a question, or /ask QUESTION, or /who NAME-OR-TITLE. Ctrl-D quits.\n';

export type ConsoleOutput = 'text' | 'json';

/** One line of the console: /ask …, /who …, or a bare question; as text, or as one JSON object (`wenda ask --json`). */
export async function consoleAnswer(reader: IndexReader, line: string, k: number, output: ConsoleOutput = 'text'): Promise<string> {
  const [, command, rest] = /^\/(\w+)\s*(.*)$/su.exec(line) ?? [null, 'ask', line];
  const text = (rest ?? '').trim();
  const json = output === 'json';
  if (command === 'help' || !text) return json ? JSON.stringify({ error: HELP.trim() }) : HELP;
  if (command === 'who') {
    const result = reader.people.who(text);
    return json ? JSON.stringify(result) : formatWho(result);
  }
  if (command === 'ask') {
    const result = await ask(reader, text, k);
    return json ? JSON.stringify(result) : formatResult(result);
  }
  return json ? JSON.stringify({ error: `unknown command /${command}` }) : `Unknown command /${command}. ${HELP}`;
}

/**
 * The bot's answers without Discord: reads standard input line by line (a terminal or a pipe) until it ends, and
 * prints what /ask and /who would answer.
 */
export async function runConsole(reader: IndexReader, k: number, output: ConsoleOutput = 'text'): Promise<void> {
  const interactive = process.stdin.isTTY && output === 'text';
  if (interactive) process.stdout.write(`wenda console: ${reader.manifest.counts.articles} articles. ${HELP}> `);
  for await (const line of createInterface({ input: process.stdin, terminal: false })) {
    if (line.trim()) {
      try {
        process.stdout.write((await consoleAnswer(reader, line.trim(), k, output)) + '\n');
      } catch (e) {
        const message = (e as Error).message;
        process.stdout.write(`${output === 'json' ? JSON.stringify({ question: line.trim(), error: message }) : message}\n`);
      }
    }
    if (interactive) process.stdout.write('> ');
  }
}
