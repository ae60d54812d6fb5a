/** An error whose message is meant for the user as it is: the CLI prints it on one line, without a stack trace. */
export class WendaError extends Error {
  override name = 'WendaError';
}

/**
 * A request the bot turns down with a reason for the user (their mistake, or nothing to answer from yet): answered
 * privately, and logged as an event rather than a failure.
 */
export class Declined extends WendaError {
  override name = 'Declined';
}

/** Why a file could not be read or written, briefly: the system's code (ENOENT, EACCES), else the message. */
export function errorReason(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  return (e as NodeJS.ErrnoException).code ?? e.message;
}
