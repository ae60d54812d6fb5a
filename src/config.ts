import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';
import { WendaError } from './errors.js';
import type { ModelSource } from './embedding/embedder.js';
import { DEFAULT_MODEL } from './embedding/models.js';

const snowflake = z.string().trim().regex(/^\d{17,20}$/u, 'must be a Discord id (17 to 20 digits)');
const blankIsUnset = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const Env = z.object({
  WENDA_ARTICLES: z.string().trim().min(1, 'must name a folder').default('data/articles'),
  WENDA_INDEX: z.string().trim().min(1, 'must name a folder').default('data/index'),
  DISCORD_TOKEN: z.preprocess(blankIsUnset, z.string().trim().min(50, 'looks too short for a bot token').optional()),
  DISCORD_GUILD_ID: z.preprocess(blankIsUnset, snowflake.optional()),
  DISCORD_API_URL: z.preprocess(blankIsUnset, z.url({ protocol: /^https?$/u, error: 'must be an http(s) URL' }).optional()),
  WENDA_MODEL: z.string().trim().min(1, 'must be a model id (Xenova/multilingual-e5-small) or none').default(DEFAULT_MODEL),
  WENDA_MODELS_DIR: z.string().trim().min(1, 'must name a folder').default('models'),
  WENDA_OFFLINE: z.preprocess(blankIsUnset, z.enum(['1', 'true', '0', 'false'], { error: 'must be 1, true, 0 or false' }).default('false')).transform((v) => v === '1' || v === 'true'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type Config = z.infer<typeof Env>;

/**
 * Settings from the environment, which overrides .env in the working folder (flags override both, in the CLI).
 * Every bad value is reported at once, each on its own line.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, dotenvPath = '.env'): Config {
  const fromFile: Record<string, string> = {};
  loadDotenv({ path: dotenvPath, processEnv: fromFile, quiet: true });
  const parsed = Env.safeParse({ ...fromFile, ...env });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new WendaError(`bad configuration:\n  ${lines.join('\n  ')}`);
  }
  return parsed.data;
}

/** Where models come from under this configuration (the models folder, which is also where downloads go). */
export function modelSource(config: Config): ModelSource {
  return { modelsDir: config.WENDA_MODELS_DIR, allowRemote: !config.WENDA_OFFLINE };
}
