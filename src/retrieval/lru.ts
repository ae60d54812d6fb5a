/**
 * A map that keeps what was used last within a budget of bytes, evicting as the CLOCK (second chance) approximation
 * of least recently used does. A map iterates in insertion order; rather than moving an entry to the end at each use
 * (a delete and an insert: most of what a hit cost), a use is only noted, and eviction moves an entry used since it
 * was placed to the end instead of evicting it.
 */
export class LruCache<K, V> {
  private readonly entries = new Map<K, { value: V; bytes: number; used: number; placed: number }>();
  private held = 0;
  private clock = 0;

  constructor(private readonly budget: number) {}

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    entry.used = ++this.clock;
    return entry.value;
  }

  set(key: K, value: V, bytes: number): void {
    const old = this.entries.get(key);
    if (old) this.held -= old.bytes;
    this.entries.delete(key);
    const now = ++this.clock;
    this.entries.set(key, { value, bytes, used: now, placed: now });
    this.held += bytes;
    // an entry used since it was placed moves to the end, where this loop meets it again (placed anew, since nothing
    // is used during eviction) once the others have gone; the entry just set stays whatever its size
    for (const [oldest, entry] of this.entries) {
      if (this.held <= this.budget) break;
      if (oldest === key) continue;
      this.entries.delete(oldest);
      if (entry.used > entry.placed) {
        entry.placed = entry.used;
        this.entries.set(oldest, entry);
      } else this.held -= entry.bytes;
    }
  }

  /** The bytes the entries held take, by their own count. */
  get bytes(): number {
    return this.held;
  }
}
