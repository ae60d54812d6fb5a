import type { Command } from '../command.js';
import * as ask from './ask.js';
import * as reindex from './reindex.js';
import * as who from './who.js';

/** Every command of the bot, by name. */
export const commands: ReadonlyMap<string, Command> = new Map([ask, who, reindex].map((c: Command) => [c.data.name, c]));
