/** Commands a user may use in any window of WINDOW_MS: enough for a conversation, too few to flood the bot. */
const LIMIT = 5;
const WINDOW_MS = 10_000;

/** At most LIMIT commands per user in any WINDOW_MS. */
export class Cooldown {
  private readonly recent = new Map<string, number[]>();
  private lastSweep = 0;

  /** 0 when the user may go ahead (the use is counted), else how many milliseconds until they may. */
  take(userId: string, now = Date.now()): number {
    this.sweep(now);
    const times = (this.recent.get(userId) ?? []).filter((t) => now - t < WINDOW_MS);
    if (times.length >= LIMIT) {
      this.recent.set(userId, times);
      return WINDOW_MS - (now - times[0]!);
    }
    times.push(now);
    this.recent.set(userId, times);
    return 0;
  }

  /** Users kept: those who used a command within the last window or two. */
  get size(): number {
    return this.recent.size;
  }

  /** Forgets, once a window, the users whose last use is a window old: a bot that runs for months meets many users. */
  private sweep(now: number): void {
    if (now - this.lastSweep < WINDOW_MS) return;
    this.lastSweep = now;
    for (const [user, times] of this.recent) if (now - times.at(-1)! >= WINDOW_MS) this.recent.delete(user);
  }
}
