/** An error whose message is meant for the user as it is: the CLI prints it on one line, without a stack trace. */
export class WendaError extends Error {
  override name = 'WendaError';
}
