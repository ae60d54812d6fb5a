import { describe, expect, it } from 'vitest';
import { Cooldown } from '../../src/bot/cooldown.js';

describe('cooldown', () => {
  it('lets a user use 5 commands in 10 s, then says how long to wait', () => {
    const cooldown = new Cooldown();
    for (let i = 0; i < 5; i++) expect(cooldown.take('a', 1_000 + i)).toBe(0);
    expect(cooldown.take('a', 2_000)).toBe(9_000);
    expect(cooldown.take('b', 2_000)).toBe(0);
    expect(cooldown.take('a', 11_000)).toBe(0);
  });

  it('forgets users whose last command is a window old', () => {
    const cooldown = new Cooldown();
    for (let i = 0; i < 1_000; i++) cooldown.take(`user${i}`, 20_000);
    expect(cooldown.size).toBe(1_000);
    cooldown.take('late', 29_999);
    expect(cooldown.size).toBe(1_001);
    cooldown.take('later', 30_000);
    expect(cooldown.size).toBe(2);
  });
});
