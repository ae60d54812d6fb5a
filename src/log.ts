import pino from 'pino';

/** The bot's log: JSON lines on stderr (pipe through pino-pretty to read), level from LOG_LEVEL; tokens never appear. */
export function createLogger(level = 'info'): pino.Logger {
  return pino(
    { level, redact: { paths: ['token', '*.token', 'DISCORD_TOKEN', '*.DISCORD_TOKEN', 'headers.authorization'], censor: '[secret]' } },
    pino.destination(2),
  );
}
export type Logger = pino.Logger;
