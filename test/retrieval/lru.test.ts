import { describe, expect, it } from 'vitest';
import { LruCache } from '../../src/retrieval/lru.js';

const held = (cache: LruCache<string, number>, keys: string[]) => keys.filter((k) => cache.get(k) !== undefined);

describe('LruCache', () => {
  it('evicts first the entries not used since they were set, then the others in the order they were used or set', () => {
    const cache = new LruCache<string, number>(3);
    for (const [i, key] of ['a', 'b', 'c'].entries()) cache.set(key, i, 1);
    cache.get('a');
    cache.set('d', 3, 1); // b is the least recently used: a was used after it was set
    expect(cache.bytes).toBe(3);
    cache.set('e', 4, 1); // then c
    expect(cache.bytes).toBe(3);
    expect(held(cache, ['a', 'b', 'c', 'd', 'e'])).toEqual(['a', 'd', 'e']);
    // held() used d, a and e: all three get their second chance, and the first in the map's order (d) then goes
    cache.set('f', 5, 1);
    expect(held(cache, ['a', 'd', 'e', 'f'])).toEqual(['a', 'e', 'f']);
  });

  it('keeps the entry just set, even over the budget, and counts a replaced entry once', () => {
    const cache = new LruCache<string, number>(3);
    cache.set('a', 0, 1);
    cache.set('a', 1, 2);
    expect(cache.bytes).toBe(2);
    cache.set('big', 2, 5);
    expect(cache.bytes).toBe(5);
    expect(held(cache, ['a', 'big'])).toEqual(['big']);
  });
});
