import { Client, Events, GatewayIntentBits, OAuth2Scopes } from 'discord.js';
import { modelSource, type Config } from '../config.js';
import type { IndexReader } from '../retrieval/index-reader.js';
import { WendaError } from '../errors.js';
import type { Logger } from '../log.js';
import type { BotContext } from './command.js';
import { commands } from './commands/index.js';
import { Cooldown } from './cooldown.js';
import { handleInteraction } from './handle.js';
import { IndexHolder } from './index-holder.js';

export interface RunningBot {
  client: Client;
  stop(): Promise<void>;
}

/** The discord.js client as wenda uses it: guilds only, no mentions ever, REST at DISCORD_API_URL when set. */
function createClient(config: Config): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
    ...(config.DISCORD_API_URL ? { rest: { api: config.DISCORD_API_URL } } : {}),
  });
}

export const commandBodies = () => [...commands.values()].map((c) => c.data.toJSON());

/**
 * Logs in and answers interactions until stopped. With DISCORD_GUILD_ID, registers the commands in that guild once
 * connected, so they are there at once (global registration is `wenda commands deploy`).
 */
export async function startBot(config: Config, log: Logger): Promise<RunningBot> {
  if (!config.DISCORD_TOKEN) throw new WendaError('DISCORD_TOKEN is not set: put the bot token in .env (see README)');
  const client = createClient(config);
  const prepare = (reader: IndexReader) =>
    reader.useModel(config.WENDA_MODEL, modelSource(config), (message) => log.warn(message)).then(
      () => log.info({ mode: reader.dense ? 'hybrid' : 'lexical', generation: reader.generation }, 'index in use'),
      (err: unknown) => log.error({ err }, 'the index model could not be used; answering lexically'),
    );
  const ctx: BotContext = { index: new IndexHolder(config.WENDA_INDEX, prepare), config, log, asked: new Map(), reindexing: false, stopping: new Set() };
  const cooldown = new Cooldown();
  client.on(Events.InteractionCreate, (interaction) => void handleInteraction(interaction, ctx, cooldown));
  client.on(Events.Error, (err) => log.error({ err }, 'discord client error'));
  const ready = new Promise<void>((resolve) =>
    client.once(Events.ClientReady, async (c) => {
      const invite = c.generateInvite({ scopes: [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands] });
      log.info({ user: c.user.tag, invite }, 'connected; invite the bot with this link');
      if (config.DISCORD_GUILD_ID) {
        await c.application.commands.set(commandBodies(), config.DISCORD_GUILD_ID).then(
          () => log.info({ guild: config.DISCORD_GUILD_ID }, 'commands registered in the guild'),
          (err: unknown) => log.error({ err }, 'could not register the commands in the guild'),
        );
      }
      try {
        ctx.index.current();
        await ctx.index.ready;
      } catch (err) {
        log.warn({ err: (err as Error).message }, 'no index yet: /ask and /who answer once /reindex or `wenda index build` has built one');
      }
      resolve();
    }),
  );
  await client.login(config.DISCORD_TOKEN);
  await ready;
  return {
    client,
    async stop() {
      for (const stop of ctx.stopping) stop();
      await client.destroy();
      ctx.index.close();
    },
  };
}
