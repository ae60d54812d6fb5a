import { describe, expect, it } from 'vitest';
import { inTurn } from '../../src/bot/take-turns.js';

describe('searches taking turns', () => {
  it('runs one at a time, in order: the next starts when the last has ended', async () => {
    const order: string[] = [];
    const first = inTurn(async () => {
      order.push('first starts');
      // an interaction that arrives while the first runs (I/O handled in the event loop's next round)
      setImmediate(() => order.push('arrived'));
      await new Promise((resolve) => setTimeout(resolve, 5));
      order.push('first ends');
      return 1;
    });
    const second = inTurn(() => {
      order.push('second');
      return 2;
    });
    expect(await Promise.all([first, second])).toEqual([1, 2]);
    expect(order).toEqual(['first starts', 'arrived', 'first ends', 'second']);
  });

  it('goes on with the next after one that fails', async () => {
    const failed = inTurn(() => {
      throw new Error('damaged index');
    });
    const next = inTurn(() => 'answered');
    await expect(failed).rejects.toThrow('damaged index');
    expect(await next).toBe('answered');
  });

  it('lets what arrived during a search be handled before the next search starts', async () => {
    const order: string[] = [];
    const searches = [1, 2, 3].map((i) =>
      inTurn(() => {
        order.push(`search ${i}`);
        // an acknowledgement's I/O, ready while this search held the thread
        setImmediate(() => order.push(`handled after ${i}`));
      }),
    );
    await Promise.all(searches);
    expect(order).toEqual(['search 1', 'handled after 1', 'search 2', 'handled after 2', 'search 3']);
  });
});
