import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchBot } from '../../bench/bot.js';
import { buildIndex } from '../../src/index/build.js';
import { articlesWith, tempDir } from '../helpers/fixtures.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir()));
afterAll(() => cleanup());

describe("npm run bench's bot on the fake Discord", () => {
  it('times every interaction from the command sent to its answer', async () => {
    const index = path.join(dir, 'index');
    await buildIndex({ articlesDir: articlesWith(dir), indexDir: index });
    const row = await benchBot(index, ['网信办召开了什么大会？', '谁主持了会议？'], 2, 6);
    expect(row).toMatchObject({ concurrentUsers: 2, interactions: 6 });
    expect(row.p50Ms).toBeGreaterThan(0);
    expect(row.p95Ms).toBeGreaterThanOrEqual(row.p50Ms);
  }, 60_000);
});
