import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../../src/index/collect-garbage.js';

describe('collectGarbage', () => {
  it('frees what nothing holds any more, at once', async () => {
    let held: number[] | null = Array.from({ length: 100_000 }, (_, i) => i);
    const ref = new WeakRef(held);
    held = null;
    // a WeakRef keeps its target until the task that made it ends
    await new Promise((resolve) => setTimeout(resolve, 0));
    collectGarbage();
    expect(ref.deref()).toBeUndefined();
  });
});
