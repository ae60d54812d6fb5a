/**
 * A map that keeps what was used last within a budget of bytes: the least recently used entries go first. A map
 * iterates in insertion order, so moving an entry to the end on each use keeps the oldest first.
 */
export class LruCache<K, V> {
  private readonly entries = new Map<K, { value: V; bytes: number }>();
  private held = 0;

  constructor(private readonly budget: number) {}

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: K, value: V, bytes: number): void {
    const old = this.entries.get(key);
    if (old) this.held -= old.bytes;
    this.entries.delete(key);
    this.entries.set(key, { value, bytes });
    this.held += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.held <= this.budget || oldest === key) break;
      this.entries.delete(oldest);
      this.held -= entry.bytes;
    }
  }

  /** The bytes the entries held take, by their own count. */
  get bytes(): number {
    return this.held;
  }
}
