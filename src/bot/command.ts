import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  SharedSlashCommand,
} from 'discord.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { IndexHolder } from './index-holder.js';

/** What every command can reach: the index in use, the settings, the log and what recent answers need to go on. */
export interface BotContext {
  index: IndexHolder;
  config: Config;
  log: Logger;
  /** Questions by the interaction that asked them, for the "More answers" button (the newest few hundred). */
  asked: Map<string, { question: string; count: number }>;
  reindexing: boolean;
  /** What to stop when the bot shuts down (a rebuild running in a child process). */
  stopping: Set<() => void>;
}

/** One slash command: its definition for Discord and its handlers (buttons are those whose id starts with `name:`). */
export interface Command {
  data: SharedSlashCommand;
  execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void>;
  button?(interaction: ButtonInteraction, ctx: BotContext): Promise<void>;
}
