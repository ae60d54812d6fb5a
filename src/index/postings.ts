/** Counts of each term, added to `into` (`times` each: a title counts thrice in its article). */
export function countTerms(terms: string[], into = new Map<string, number>(), times = 1): Map<string, number> {
  for (const t of terms) into.set(t, (into.get(t) ?? 0) + times);
  return into;
}

/** The full-text index being built: per field key, the ids that hold the term and how often. */
export class Postings {
  private readonly map = new Map<string, { ids: number[]; tfs: number[] }>();

  has(key: string): boolean {
    return this.map.has(key);
  }

  add(prefix: string, id: number, counts: Map<string, number>): void {
    for (const [term, tf] of counts) {
      const key = prefix + term;
      let list = this.map.get(key);
      if (!list) this.map.set(key, (list = { ids: [], tfs: [] }));
      list.ids.push(id);
      list.tfs.push(Math.min(tf, 0xffff));
    }
  }

  *rows(): Generator<[string, Buffer, Buffer]> {
    for (const [key, { ids, tfs }] of this.map) {
      yield [key, Buffer.from(new Uint32Array(ids).buffer), Buffer.from(new Uint16Array(tfs).buffer)];
    }
  }
}

