import { REST, Routes, type APIApplication } from 'discord.js';
import type { Config } from '../config.js';
import { WendaError } from '../errors.js';
import { commandBodies } from './bot.js';
import { explainDiscordFailure, notDiscord } from './discord-errors.js';

/**
 * Registers the slash commands: in one guild (there at once, for testing or a single server) or globally (every
 * server the bot is in; Discord may take a while to show them). Returns the names registered; a refusal Discord
 * gives for a reason someone can fix (token, server, network) is a WendaError that says what to do.
 */
export async function deployCommands(config: Config, guildId?: string): Promise<string[]> {
  if (!config.DISCORD_TOKEN) throw new WendaError('DISCORD_TOKEN is not set: put the bot token in .env (see README)');
  const rest = new REST(config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {}).setToken(config.DISCORD_TOKEN);
  let applicationId: string | undefined;
  let registered: unknown;
  try {
    const application = (await rest.get(Routes.currentApplication())) as Partial<APIApplication> | null;
    // a server at DISCORD_API_URL that answers anything (an empty object, a page) must not get a PUT to applications/undefined
    if (typeof application?.id !== 'string' || !/^\d+$/u.test(application.id)) throw notDiscord('the application', application);
    applicationId = application.id;
    const route = guildId ? Routes.applicationGuildCommands(applicationId, guildId) : Routes.applicationCommands(applicationId);
    registered = await rest.put(route, { body: commandBodies() });
  } catch (error) {
    throw explainDiscordFailure(error, { guild: guildId, applicationId });
  }
  // Discord answers with every command registered; an empty list or anything else registered nothing
  const sent = commandBodies().length;
  if (!Array.isArray(registered) || registered.length !== sent || !registered.every((c: { name?: unknown }) => typeof c?.name === 'string')) {
    throw notDiscord(`the ${sent} commands registered`, registered);
  }
  return (registered as { name: string }[]).map((c) => c.name);
}
