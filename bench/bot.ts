import { startBot } from '../src/bot/bot.js';
import { createLogger } from '../src/log.js';
import { percentile } from '../src/retrieval/evaluate.js';
import { FakeDiscord } from '../test/helpers/fake-discord.js';

export interface BotRow {
  concurrentUsers: number;
  interactions: number;
  perSecond: number;
  p50Ms: number;
  p95Ms: number;
}

/**
 * The bot against the fake Discord on loopback: `total` /ask interactions, `concurrency` at a time, each from its own
 * user; time from INTERACTION_CREATE sent to the edited answer received.
 */
export async function benchBot(indexDir: string, questions: string[], concurrency: number, total = 100): Promise<BotRow> {
  const fake = await FakeDiscord.start();
  const bot = await startBot(
    {
      WENDA_ARTICLES: indexDir,
      WENDA_INDEX: indexDir,
      WENDA_MODEL: 'none',
      WENDA_MODELS_DIR: 'models',
      WENDA_OFFLINE: true,
      DISCORD_TOKEN: `bench.${'x'.repeat(64)}`,
      DISCORD_API_URL: fake.apiUrl,
      LOG_LEVEL: 'silent',
    },
    createLogger('silent'),
  );
  try {
    await fake.ready();
    const times: number[] = [];
    let next = 0;
    const started = performance.now();
    const worker = async () => {
      while (next < total) {
        const i = next++;
        const sent = fake.sendCommand('ask', { question: questions[i % questions.length]! }, { userId: String(720000000000000000n + BigInt(i)) });
        const edit = await fake.editFor(sent.id, () => true);
        times.push(edit.at - sent.sentAt);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const seconds = (performance.now() - started) / 1000;
    times.sort((a, b) => a - b);
    return { concurrentUsers: concurrency, interactions: total, perSecond: Math.round(total / seconds), p50Ms: percentile(times, 50), p95Ms: percentile(times, 95) };
  } finally {
    await bot.stop();
    await fake.close();
  }
}
