import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PassageIds } from '../../src/index/passage-ids.js';

describe('PassageIds', () => {
  it('finds each key it holds, tells apart keys that share their first 64 bits, and misses the others', () => {
    const keys: string[] = [];
    const ids = new PassageIds((id) => keys[id]!);
    const add = (key: string) => {
      ids.set(key, keys.length);
      keys.push(key);
    };
    for (let i = 0; i < 5000; i++) add(createHash('sha1').update(String(i)).digest('hex'));
    const prefix = 'ffffffffffffffff';
    add(`${prefix}${'0'.repeat(24)}`);
    add(`${prefix}${'1'.repeat(24)}`);
    keys.forEach((key, id) => expect(ids.get(key)).toBe(id));
    expect(ids.get(`${prefix}${'2'.repeat(24)}`)).toBeUndefined();
    expect(ids.get('f'.repeat(40))).toBeUndefined();
  });
});
