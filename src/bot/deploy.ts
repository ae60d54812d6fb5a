import { REST, Routes, type APIApplication } from 'discord.js';
import type { Config } from '../config.js';
import { WendaError } from '../errors.js';
import { commandBodies } from './bot.js';
import { explainDiscordFailure } from './discord-errors.js';

/**
 * Registers the slash commands: in one guild (there at once, for testing or a single server) or globally (every
 * server the bot is in; Discord may take a while to show them). Returns the names registered; a refusal Discord
 * gives for a reason someone can fix (token, server, network) is a WendaError that says what to do.
 */
export async function deployCommands(config: Config, guildId?: string): Promise<string[]> {
  if (!config.DISCORD_TOKEN) throw new WendaError('DISCORD_TOKEN is not set: put the bot token in .env (see README)');
  const rest = new REST(config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {}).setToken(config.DISCORD_TOKEN);
  let applicationId: string | undefined;
  try {
    applicationId = ((await rest.get(Routes.currentApplication())) as APIApplication).id;
    const route = guildId ? Routes.applicationGuildCommands(applicationId, guildId) : Routes.applicationCommands(applicationId);
    const registered = (await rest.put(route, { body: commandBodies() })) as { name: string }[];
    return registered.map((c) => c.name);
  } catch (error) {
    throw explainDiscordFailure(error, { guild: guildId, applicationId });
  }
}
