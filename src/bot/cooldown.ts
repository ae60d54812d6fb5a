/** At most `limit` commands per user in any `windowMs`: enough for a conversation, too few to flood the bot. */
export class Cooldown {
  private readonly recent = new Map<string, number[]>();

  constructor(
    private readonly limit = 5,
    private readonly windowMs = 10_000,
  ) {}

  /** 0 when the user may go ahead (the use is counted), else how many milliseconds until they may. */
  take(userId: string, now = Date.now()): number {
    const times = (this.recent.get(userId) ?? []).filter((t) => now - t < this.windowMs);
    if (times.length >= this.limit) {
      this.recent.set(userId, times);
      return this.windowMs - (now - times[0]!);
    }
    times.push(now);
    this.recent.set(userId, times);
    return 0;
  }
}
