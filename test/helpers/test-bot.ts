import path from 'node:path';
import { startBot, type RunningBot } from '../../src/bot/bot.js';
import type { Config } from '../../src/config.js';
import { buildIndex } from '../../src/index/build.js';
import { createLogger, type Logger } from '../../src/log.js';
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

/** A log kept in memory, each entry as pino writes it (level 30 info, 50 error), for tests that check what is logged. */
export function memoryLog(level = 'debug'): { log: Logger; entries: Record<string, any>[] } {
  const entries: Record<string, any>[] = [];
  return { log: createLogger(level, { write: (line: string) => void entries.push(JSON.parse(line)) }), entries };
}

/**
 * A bot of its own (articles, index, fake Discord) for one describe block, so no block sees another's changes;
 * `index: false` starts it before any index is built.
 */
export async function startTestBot({ log = createLogger('silent'), index = true }: { log?: Logger; index?: boolean } = {}): Promise<TestBot> {
  const { dir, cleanup } = tempDir();
  const articles = articlesWith(dir);
  if (index) await buildIndex({ articlesDir: articles, indexDir: path.join(dir, 'index') });
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
  const bot = await startBot(config, log);
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

