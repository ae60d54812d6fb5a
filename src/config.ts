import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';
import { WendaError } from './errors.js';

const Env = z.object({
  WENDA_ARTICLES: z.string().trim().min(1, 'must name a folder').default('data/articles'),
  WENDA_INDEX: z.string().trim().min(1, 'must name a folder').default('data/index'),
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
