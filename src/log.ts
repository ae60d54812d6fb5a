import pino from 'pino';

/**
 * An error as logged: what and where, but not the request a Discord API error carries, whose URL holds the
 * interaction's token (good for 15 minutes of replies in its name).
 */
function errorSerializer(err: unknown): object {
  if (!(err instanceof Error)) return { message: String(err) };
  const e = err as Error & { code?: unknown; status?: unknown };
  return { type: e.name, message: e.message, code: e.code, status: e.status, stack: e.stack };
}

/** The bot's log: JSON lines on stderr (pipe through pino-pretty to read), level from LOG_LEVEL; tokens never appear. */
export function createLogger(level = 'info', destination: pino.DestinationStream = pino.destination(2)): pino.Logger {
  return pino(
    {
      level,
      serializers: { err: errorSerializer },
      redact: { paths: ['token', '*.token', 'DISCORD_TOKEN', '*.DISCORD_TOKEN', 'headers.authorization'], censor: '[secret]' },
    },
    destination,
  );
}
export type Logger = pino.Logger;
