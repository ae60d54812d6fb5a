import { Client, Events, GatewayIntentBits, Routes, type RESTGetAPIGatewayBotResult } from 'discord.js';
import { modelSource, type Config } from '../config.js';
import type { IndexReader } from '../retrieval/index-reader.js';
import { Declined, WendaError } from '../errors.js';
import type { Logger } from '../log.js';
import type { BotContext } from './command.js';
import { commands } from './commands/index.js';
import { Cooldown } from './cooldown.js';
import { explainDiscordFailure, inviteLink, notDiscord, TOKEN_ADVICE } from './discord-errors.js';
import { handleInteraction } from './handle.js';
import { IndexHolder, RETRY_OPEN_MS } from './index-holder.js';

export interface RunningBot {
  client: Client;
  stop(): Promise<void>;
  /** Settles when Discord has ended the session for good (a reset token): the bot cannot go on, and says why. */
  failed: Promise<WendaError>;
}

/** Gateway close codes after which Discord will not take the bot back until someone changes something, and what. */
const FATAL_CLOSES: Record<number, string> = {
  4004: `Discord refused the bot token (gateway close 4004): ${TOKEN_ADVICE} and start the bot again`,
  4013: 'Discord refused the gateway intents (close 4013: invalid intents); this version of wenda asks for Guilds only: reinstall it',
  4014: 'Discord refused the gateway intents (close 4014: disallowed intents); wenda needs no privileged intent: reinstall it, or enable the intent in the Developer Portal (Bot → Privileged Gateway Intents)',
  4010: 'Discord refused the shard settings (gateway close 4010); start the bot again without changing its sharding',
  4011: 'Discord requires sharding for this bot (gateway close 4011); wenda runs on one shard: it serves up to 2,500 servers',
  4012: 'Discord refused the gateway version (close 4012): update wenda and discord.js',
};

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
 * Asks for the gateway as login does, first: discord.js reads its answer unchecked, so a server at DISCORD_API_URL that
 * answers anything else (an empty object, a page) ended the start with a TypeError instead of saying what answered.
 */
async function gatewayChecked(client: Client, token: string): Promise<void> {
  const gateway = (await client.rest.setToken(token).get(Routes.gatewayBot())) as Partial<RESTGetAPIGatewayBotResult> | null;
  if (typeof gateway?.url !== 'string' || typeof gateway.session_start_limit?.reset_after !== 'number') throw notDiscord('the gateway', gateway);
}

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
  const noIndex = (detail: string) => log.warn({ detail }, 'no index yet: /ask and /who answer once /reindex or `wenda index build` has built one');
  const unopened = (generation: string, err: unknown, standIn: boolean) =>
    log.error(
      { err, generation },
      `the ${standIn ? 'newly built ' : ''}index could not be opened; ${standIn ? 'answering from the one in use' : '/ask and /who are declined'}, trying again every ${RETRY_OPEN_MS / 1000} s`,
    );
  const index = new IndexHolder(config.WENDA_INDEX, { prepare, reportMissing: noIndex, reportUnopened: unopened });
  const ctx: BotContext = { index, config, log, asked: new Map(), reindexing: false, stopping: new Set() };
  const cooldown = new Cooldown();
  let fail!: (error: WendaError) => void;
  const failed = new Promise<WendaError>((resolve) => (fail = resolve));
  client.on(Events.ShardDisconnect, (event) => {
    const why = FATAL_CLOSES[event.code];
    if (why) fail(new WendaError(why));
  });
  client.on(Events.InteractionCreate, (interaction) => void handleInteraction(interaction, ctx, cooldown));
  client.on(Events.Error, (err) => log.error({ err }, 'discord client error'));
  const ready = new Promise<void>((resolve) =>
    client.once(Events.ClientReady, async (c) => {
      const invite = inviteLink(c.application.id);
      log.info({ user: c.user.tag, invite }, 'connected; invite the bot with this link');
      if (config.DISCORD_GUILD_ID) {
        await c.application.commands.set(commandBodies(), config.DISCORD_GUILD_ID).then(
          () => log.info({ guild: config.DISCORD_GUILD_ID }, 'commands registered in the guild'),
          (err: unknown) => {
            const why = explainDiscordFailure(err, { guild: config.DISCORD_GUILD_ID, applicationId: c.application.id });
            log.error({ err }, `could not register the commands in the guild${why instanceof WendaError ? `: ${why.message}` : ''}`);
          },
        );
      }
      try {
        ctx.index.current();
        await ctx.index.ready;
      } catch (err) {
        // no index yet has been logged by the holder
        if (!(err instanceof Declined)) log.error({ err }, 'the index cannot be opened: /ask and /who fail until /reindex or `wenda index build` builds it again');
      }
      resolve();
    }),
  );
  const stop = async () => {
    for (const s of ctx.stopping) s();
    await client.destroy();
    ctx.index.close();
  };
  // a session refused at once (a reset token) ends the start, which would otherwise wait for a ready that never comes;
  // a token or a network refused at login ends it too, said as what to do about it
  const started = await Promise.race([gatewayChecked(client, config.DISCORD_TOKEN).then(() => client.login(config.DISCORD_TOKEN)).then(() => ready).then(() => null), failed]).catch(
    (err: unknown) => explainDiscordFailure(err),
  );
  if (started) {
    await stop();
    throw started;
  }
  return { client, stop, failed };
}
