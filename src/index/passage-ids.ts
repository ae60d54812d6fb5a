/**
 * The id of each passage a build wrote, by its key (a SHA-1 in hex), held as the key's first 64 bits in typed arrays
 * (open addressing, at most half full): 16 bytes a slot, 32 to 64 bytes a passage, where a Map of the hex strings took
 * over 100. Each match of the first 64 bits is confirmed on the whole key, which `keyOf` reads back (from the segment),
 * so a lookup is exact: two passages whose keys share those bits (one pair in 2^64) keep ids of their own.
 */
export class PassageIds {
  private high = new Uint32Array(1024);
  private low = new Uint32Array(1024);
  /** The passage's id plus one; 0 is an empty slot. */
  private ids = new Float64Array(1024);
  private size = 0;

  constructor(private readonly keyOf: (id: number) => string) {}

  /** The slot of a key: where it stands, or the empty slot where it would go. */
  private slot(key: string, high: number, low: number): number {
    const mask = this.ids.length - 1;
    for (let at = (low ^ high) & mask; ; at = (at + 1) & mask) {
      const id = this.ids[at]!;
      if (id === 0 || (this.high[at] === high && this.low[at] === low && this.keyOf(id - 1) === key)) return at;
    }
  }

  get(key: string): number | undefined {
    const at = this.slot(key, parseInt(key.slice(0, 8), 16), parseInt(key.slice(8, 16), 16));
    const id = this.ids[at]!;
    return id === 0 ? undefined : id - 1;
  }

  /** Adds a key not held yet. */
  set(key: string, id: number): void {
    if (2 * (this.size + 1) > this.ids.length) this.grow();
    const high = parseInt(key.slice(0, 8), 16);
    const low = parseInt(key.slice(8, 16), 16);
    const at = this.slot(key, high, low);
    this.high[at] = high;
    this.low[at] = low;
    this.ids[at] = id + 1;
    this.size++;
  }

  private grow(): void {
    const { high, low, ids } = this;
    this.high = new Uint32Array(ids.length * 2);
    this.low = new Uint32Array(ids.length * 2);
    this.ids = new Float64Array(ids.length * 2);
    const mask = this.ids.length - 1;
    for (let i = 0; i < ids.length; i++) {
      if (ids[i] === 0) continue;
      let at = (low[i]! ^ high[i]!) & mask;
      while (this.ids[at] !== 0) at = (at + 1) & mask;
      this.high[at] = high[i]!;
      this.low[at] = low[i]!;
      this.ids[at] = ids[i]!;
    }
  }
}
