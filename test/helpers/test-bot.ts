import path from 'node:path';
import { startBot, type RunningBot } from '../../src/bot/bot.js';
import type { Config } from '../../src/config.js';
import { buildIndex } from '../../src/index/build.js';
import { createLogger } from '../../src/log.js';
import { FakeDiscord } from './fake-discord.js';
import { articlesWith, tempDir } from './fixtures.js';

export const TOKEN = `fake.${'x'.repeat(64)}`;

export interface TestBot {
  dir: string;
  articles: string;
  fake: FakeDiscord;
  bot: RunningBot;
  config: Config;
  close(): Promise<void>;
}

/** A bot of its own (articles, index, fake Discord) for one describe block, so no block sees another's changes. */
export async function startTestBot(): Promise<TestBot> {
  const { dir, cleanup } = tempDir();
  const articles = articlesWith(dir);
  await buildIndex({ articlesDir: articles, indexDir: path.join(dir, 'index') });
  const fake = await FakeDiscord.start();
  const config: Config = {
    WENDA_ARTICLES: articles,
    WENDA_INDEX: path.join(dir, 'index'),
    WENDA_MODEL: 'none',
    WENDA_MODELS_DIR: path.join(dir, 'models'),
    WENDA_OFFLINE: true,
    DISCORD_TOKEN: TOKEN,
    DISCORD_GUILD_ID: fake.guildId,
    DISCORD_API_URL: fake.apiUrl,
    LOG_LEVEL: 'silent',
  };
  const bot = await startBot(config, createLogger('silent'));
  await fake.ready();
  return {
    dir,
    articles,
    fake,
    bot,
    config,
    async close() {
      await bot.stop();
      await fake.close();
      cleanup();
    },
  };
}

