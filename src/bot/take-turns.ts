/**
 * Searches one at a time, each after the event loop has handled what arrived before it: a search holds the thread
 * (tens of milliseconds for a long question), and answers resumed one after another by their acknowledgements ran
 * back to back, so that new interactions waited behind all of them for their own acknowledgement, past Discord's 3 s
 * (200 long questions at once: 10 acknowledged after 3 s). Between two searches, interactions that came are
 * acknowledged and their requests sent.
 */
let last: Promise<unknown> = Promise.resolve();

export function inTurn<T>(work: () => T | Promise<T>): Promise<T> {
  const turn = last.then(() => new Promise<void>((resolve) => setImmediate(resolve))).then(work);
  // the next waits for this one to end, whether it failed or not
  last = turn.catch(() => undefined);
  return turn;
}
