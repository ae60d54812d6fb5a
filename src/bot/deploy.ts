import { REST, Routes, type APIApplication } from 'discord.js';
import type { Config } from '../config.js';
import { WendaError } from '../errors.js';
import { commandBodies } from './bot.js';

/**
 * Registers the slash commands: in one guild (there at once, for testing or a single server) or globally (every
 * server the bot is in; Discord may take a while to show them). Returns the names registered.
 */
export async function deployCommands(config: Config, guildId?: string): Promise<string[]> {
  if (!config.DISCORD_TOKEN) throw new WendaError('DISCORD_TOKEN is not set: put the bot token in .env (see README)');
  const rest = new REST(config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {}).setToken(config.DISCORD_TOKEN);
  const application = (await rest.get(Routes.currentApplication())) as APIApplication;
  const route = guildId ? Routes.applicationGuildCommands(application.id, guildId) : Routes.applicationCommands(application.id);
  const registered = (await rest.put(route, { body: commandBodies() })) as { name: string }[];
  return registered.map((c) => c.name);
}
