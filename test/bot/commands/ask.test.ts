import { describe, expect, it, vi } from 'vitest';
import type { ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../../../src/bot/command.js';

const order: string[] = [];
// each search notes when it ran, and leaves I/O that came during it (an acknowledgement's) to the event loop
vi.mock('../../../src/retrieval/search.js', async (original) => ({
  ...(await original<typeof import('../../../src/retrieval/search.js')>()),
  ask: (_reader: unknown, question: string) => {
    order.push(`search ${question}`);
    setImmediate(() => order.push(`handled after ${question}`));
    return Promise.resolve({ question, mode: 'lexical', noAnswer: true, answers: [], closest: [], withheld: [] });
  },
}));
const { execute } = await import('../../../src/bot/commands/ask.js');

/** An /ask interaction as execute reads it, acknowledged and answered at once. */
function interaction(question: string): ChatInputCommandInteraction {
  return {
    id: question,
    options: { getString: () => question, getInteger: () => null, getBoolean: () => null },
    deferReply: () => Promise.resolve(),
    editReply: () => Promise.resolve(),
  } as unknown as ChatInputCommandInteraction;
}

describe('/ask', () => {
  it('searches in turn: what came during one search is handled before the next search starts', async () => {
    const reader = { generation: '/index/generations/g1', articleId: () => null };
    const ctx = { index: { current: () => reader }, asked: new Map() } as unknown as BotContext;
    await Promise.all(['一', '二', '三'].map((q) => execute(interaction(`${q}号文件讲了什么`), ctx)));
    expect(order.slice(0, 5)).toEqual(['search 一号文件讲了什么', 'handled after 一号文件讲了什么', 'search 二号文件讲了什么', 'handled after 二号文件讲了什么', 'search 三号文件讲了什么']);
  });
});
