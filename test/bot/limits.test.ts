import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeMarkdown } from '../../src/bot/replies.js';
import { FakeDiscord } from '../helpers/fake-discord.js';
import { childEnv, CLI } from '../helpers/fixtures.js';
import { memoryLog, startTestBot, TOKEN, type TestBot } from '../helpers/test-bot.js';

const QUESTION = '中央网信办主题教育动员大会是哪天召开的';
const EPHEMERAL = 64;

let t: TestBot;
let fake: FakeDiscord;
let users = 0;
const newUser = () => String(720000000000000000n + BigInt(++users));
const { log, entries } = memoryLog();

beforeAll(async () => {
  t = await startTestBot({ log });
  fake = t.fake;
});
afterAll(() => t?.close());

/** The immediate answer to an interaction that must be refused privately, with the reason. */
async function refusal(sent: { id: string }): Promise<string> {
  const callback = await fake.callbackFor(sent.id);
  expect(callback.body).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
  expect(fake.requests.filter((r) => r.method === 'PATCH' && r.path.includes(`/${sent.id}`))).toEqual([]);
  return callback.body.data.content;
}

describe('the bot checks its options itself', () => {
  it('refuses a count outside 1–5 privately, before searching', async () => {
    for (const count of [100_000, 0, 6]) {
      const reason = await refusal(fake.sendCommand('ask', { question: QUESTION, count }, { userId: newUser() }));
      expect(reason).toBe('Sorry, that did not work: count must be a whole number from 1 to 5.');
    }
  });

  it('refuses a question over 500 characters privately', async () => {
    const reason = await refusal(fake.sendCommand('ask', { question: '问'.repeat(100_000) }, { userId: newUser() }));
    expect(reason).toBe('Sorry, that did not work: the question is 100000 characters long; ask in at most 500.');
  });

  it('refuses a blank question privately, before acknowledging it', async () => {
    const reason = await refusal(fake.sendCommand('ask', { question: ' \u3000 \n ' }, { userId: newUser() }));
    expect(reason).toBe('Sorry, that did not work: the question is empty.');
    const marks = await refusal(fake.sendCommand('ask', { question: '？？' }, { userId: newUser() }));
    expect(marks).toBe('Sorry, that did not work: the question has no words.');
    // mentions and custom emoji are Discord's markup, not words to search for
    const tags = await refusal(fake.sendCommand('ask', { question: '<@123456789012345678> @everyone <:wave:123456789012345678> </ask:123456789012345678> </问答 提问:123456789012345678> <t:1700000000:R>' }, { userId: newUser() }));
    expect(tags).toBe('Sorry, that did not work: the question holds only links and mentions: ask about something the articles report.');
  });

  it('refuses a /who name over 100 characters privately', async () => {
    const reason = await refusal(fake.sendCommand('who', { name: '庄'.repeat(5_000) }, { userId: newUser() }));
    expect(reason).toBe('Sorry, that did not work: a name or title is at most 100 characters.');
  });

  it('refuses a /who name with nothing but what asks or honours in it privately, before looking', async () => {
    for (const name of [' \u3000 ', '？？', '谁是', '是谁？', '同志', 'who is']) {
      const reason = await refusal(fake.sendCommand('who', { name }, { userId: newUser() }));
      expect(reason).toBe('Sorry, that did not work: there is no name or title in it; give a name (庄荣文) or a title (中央网信办主任).');
    }
  });

  it('answers an unknown button privately with a reason', async () => {
    for (const id of ['nothing:here', 'ask:bogus:1', 'ask:more:123:100000', 'ask:more:123:3:bogus']) {
      const reason = await refusal(fake.sendButton(id, { userId: newUser() }));
      expect(reason).toMatch(/^Sorry, that .*button is not one of mine/);
    }
  });

  it('says a button of an answer it no longer remembers is too old, for the next passages and the closest ones', async () => {
    for (const id of ['ask:more:123:3', 'ask:near:123']) {
      const press = fake.sendButton(id, { userId: newUser() });
      expect((await fake.editFor(press.id)).body.content).toBe('That answer is too old to continue: ask again with /ask.');
    }
  });

  it('logs a refusal as an event with its reason, not as a failure with a stack', async () => {
    await refusal(fake.sendCommand('ask', { question: QUESTION, count: 9 }, { userId: newUser() }));
    const refusals = entries.filter((e) => e.msg === 'command declined');
    expect(refusals.length).toBeGreaterThan(0);
    expect(refusals.at(-1)).toMatchObject({ level: 30, reason: 'count must be a whole number from 1 to 5.' });
    expect(entries.filter((e) => e.level >= 40)).toEqual([]);
    expect(JSON.stringify(entries)).not.toContain('"stack"');
  });

  it('still answers a question at the limit', async () => {
    const sent = fake.sendCommand('ask', { question: `${QUESTION}${'。'.repeat(500 - QUESTION.length)}`, count: 5 }, { userId: newUser() });
    const edit = await fake.editFor(sent.id);
    expect(edit.body.embeds[0].description).toContain('6月11日');
  });
});

describe('escapeMarkdown', () => {
  it('escapes inline markers, masked links and line-start layout, and nothing else', () => {
    expect(escapeMarkdown('*a* _b_ ~~c~~ `d` ||e|| \\ [f](https://x.example)')).toBe('\\*a\\* \\_b\\_ \\~\\~c\\~\\~ \\`d\\` \\|\\|e\\|\\| \\\\ \\[f](https://x.example)');
    expect(escapeMarkdown('# 标题\n> 引用\n- 条目\n1. 第一\n-# 小字\n2019-06-11 5.5')).toBe('\\# 标题\n\\> 引用\n\\- 条目\n1\\. 第一\n\\-# 小字\n2019-06-11 5.5');
  });

  it('escapes 100,000 backticks one by one', () => {
    expect(escapeMarkdown('`'.repeat(100_000))).toBe('\\`'.repeat(100_000));
  });
});

describe('a gateway session Discord ends for good', () => {
  /** `wenda bot` against a fake Discord; returns its exit code and stderr once it exits (within 30 s). */
  async function runBot(other: FakeDiscord, afterReady?: () => void) {
    const child = spawn(process.execPath, [CLI, 'bot'], {
      cwd: t.dir,
      env: childEnv({ WENDA_MODEL: 'none', DISCORD_TOKEN: TOKEN, DISCORD_API_URL: other.apiUrl, WENDA_INDEX: t.config.WENDA_INDEX, LOG_LEVEL: 'warn' }),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    if (afterReady) {
      await other.ready(20_000);
      afterReady();
    }
    const [code, signal] = await once(child, 'exit');
    clearTimeout(timer);
    return { code, signal, lines: stderr.trim().split('\n') };
  }

  it('at the start (4004: the token was reset) is one line that says what to do, and a non-zero exit', async () => {
    const other = await FakeDiscord.start();
    try {
      other.refuseIdentify(4004);
      const { code, signal, lines } = await runBot(other);
      expect(signal).toBeNull();
      expect(code).toBe(1);
      expect(lines).toEqual([expect.stringMatching(/^wenda: Discord refused the bot token \(gateway close 4004\): .* in DISCORD_TOKEN/u)]);
    } finally {
      await other.close();
    }
  });

  it('while running (4014) is one line and a non-zero exit too', async () => {
    const other = await FakeDiscord.start();
    try {
      const { code, lines } = await runBot(other, () => {
        other.refuseIdentify(4014);
        other.closeGateway(4014);
      });
      expect(code).toBe(1);
      expect(lines).toEqual([expect.stringMatching(/^wenda: Discord refused the gateway intents \(close 4014: disallowed intents\)/u)]);
    } finally {
      await other.close();
    }
  });
});
